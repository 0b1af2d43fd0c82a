"""The ingredient list: split at top-level separators, compounds kept as children."""
from __future__ import annotations

from functools import cache

import regex

from ..annotate import find_terms
from ..models import Ingredient
from ..resources import lexicon

_SEP = set(",;、")
_OPEN = {"(": ")", "[": "]", "【": "】", "{": "}"}
_CLOSE = {v: k for k, v in _OPEN.items()}
_PERCENT = regex.compile(r"(\d+(?:\.\d+)?)\s*%")
# a quantity in brackets after an ingredient: 10%, ≥10%, 不低于10% (GB 7718-2025 A.5.1 allows ≥, 不低于, 不少于)
_QUANTITY_BRACKET = r"[(（]\s*(?:[≥≧>＞≤≦<＜]=?|不低于|不少于|约|含量)?\s*\d+(?:\.\d+)?\s*%\s*[)）]"
_TRAILING_QUANTITY = regex.compile(rf"{_QUANTITY_BRACKET}\s*$")
# the amount in brackets first, then the compound's parts in brackets: 马苏里拉奶酪（12%）（巴氏杀菌牛乳、凝乳酶）
# (or in square brackets: 植物肉意式香肠片（≥12%）［水，豌豆蛋白…］)
_QUANTITY_THEN_PARTS = regex.compile(rf"(?P<head>[^(（\[［]+)(?P<qty>{_QUANTITY_BRACKET})(?=\s*[(（\[［])")
_QUANTITY = regex.compile(r"(?:[≥≧>＞≤≦<＜]=?|不低于|不少于|不高于|不超过|至少|约|含量)?\s*\d+(?:\.\d+)?\s*%")
_NOISE = regex.compile(r"^[\s.。:*]+|[\s.。*]+$")

PROTEIN_SOURCES = ("soy_protein", "dairy_protein", "plant_protein", "animal_meat", "egg", "animal_protein_other")


@cache
def _protein_of() -> tuple["regex.Pattern[str]", dict[str, str]]:
    """'X(分离)蛋白(粉)' with X a word of lexicons/ingredients.toml [protein_of]; X → its category."""
    table = lexicon("ingredients")["protein_of"]
    of: dict[str, str] = {w: "plant_protein" for w in lexicon("sources")["plant_source"]["terms"]}
    for cat, words in table.items():
        if isinstance(words, list) and cat not in ("qualifiers", "heads"):
            of.update((w, cat) for w in words)

    def alt(words):
        return "|".join(map(regex.escape, sorted(words, key=len, reverse=True)))
    pat = regex.compile(f"(?P<x>{alt(of)})(?:{alt(table['qualifiers'])})?(?:{alt(table['heads'])})")
    return pat, of


@cache
def _flavour_suffixes() -> tuple[str, ...]:
    return tuple(sorted(lexicon("ingredients")["flavour_name"]["suffixes"], key=len, reverse=True))


@cache
def _animal_suffixes() -> tuple[str, ...]:
    return tuple(lexicon("ingredients")["animal_by_suffix"]["suffixes"])


# spaces between two Chinese characters of one item, and a line break there: a narrow column wraps inside a word
# (酪蛋⏎白, 组织化大⏎豆蛋白) as often as between words
_HAN_GAP = regex.compile(r"(?<=\p{Han})(?:[ \t\u3000]+|[ \t\u3000]*[\r\n][ \t\u3000]*)(?=\p{Han})")


def _sources(name: str) -> list[str]:
    name = _HAN_GAP.sub("", name)          # 大 豆 分 离 蛋 白: a list letter-spaced to fill its box, or an OCR's spaces
    found = [(m.start, m.end, sorted(c[4:] for c in m.cats if c.startswith("ing:"))) for m in find_terms(name, "ingredients")]
    # 乳清分离蛋白粉, 大米蛋白粉: the word before 蛋白 says whose protein it is, over what the lexicon finds in
    # it (乳清 dairy_other, 大米 a whole grain); 蛋白粉 is no term, so alone it says nothing
    pat, of = _protein_of()
    for m in pat.finditer(name):
        found = [f for f in found if f[1] <= m.start() or f[0] >= m.end()] + [(m.start(), m.end(), [of[m.group("x")]])]
    found.sort()
    suffixes = _flavour_suffixes()
    # a flavouring (鸡肉味香精, 猪肉香精) or a flavour descriptor (the 牛肉味 of 食用香精（牛肉味）) names a taste,
    # not what it is made of: no protein or fat source (GB 30616 flavourings)
    if name.endswith(suffixes) or (found and "flavouring" in found[-1][2]):
        return ["flavouring"]
    if not found and name.endswith(_animal_suffixes()):
        return ["animal_meat"]          # 鲢鱼, 基围虾, 青口贝: an animal no list names ([animal_by_suffix])
    cats: list[str] = []
    for start, end, cs in found:
        if name.startswith(suffixes, end):
            # 鸡肉风味调味料: a seasoning named by a taste may or may not hold the meat — kept apart, never an error
            cs = [f"flavour:{c}" for c in cs]
        cats.extend(c for c in cs if c not in cats)
    return cats


def _split(text: str, offset: int, separators: frozenset[str] | set[str] = _SEP) -> list[tuple[str, int, int]]:
    """The list's items at its top level (outside brackets), split at `separators`; a list without any of the usual
    separators is tried at its spaces (_split_at_spaces)."""
    parts = []
    depth = 0
    start = 0
    for i, ch in enumerate(text):
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE and depth:
            depth -= 1
        elif ch in separators and depth == 0:
            parts.append((text[start:i], offset + start, offset + i))
            start = i + 1
    parts.append((text[start:], offset + start, offset + len(text)))
    if len(parts) == 1 and separators is _SEP:
        return _split_at_spaces(text, offset) or parts
    return parts


_MIN_SPACED_ITEMS = 3
_SPACES = frozenset(" \t\n\u3000")
_LATIN_WORD = regex.compile(r"[A-Za-z][A-Za-z.\-']*")
_AMOUNT = regex.compile(r"[≥≤<>]?\d+(?:\.\d+)?\s*%")


def _split_at_spaces(text: str, offset: int) -> list[tuple[str, int, int]] | None:
    """A list printed with spaces for separators (配料：饮用水 大豆组织蛋白 椰子油 …, as OCR and some prints give it): the
    runs between spaces outside brackets — where there are several and most are words (a letter-spaced 饮 用 水 is not)."""
    parts = [p for p in _split(text, offset, _SPACES) if p[0]]       # (a run of spaces leaves empty items between)
    # a bracket or an amount set apart belongs to the word before it (大豆组织蛋白 (非转基因), 豌豆蛋白 25%)
    joined: list[tuple[str, int, int]] = []
    for part, s, e in parts:
        if joined and (part[0] in _OPEN or _AMOUNT.fullmatch(part)):
            _, s0, _ = joined[-1]
            joined[-1] = (text[s0 - offset:e - offset], s0, e)
        else:
            joined.append((part, s, e))
    parts = joined
    singles = sum(1 for p, _, _ in parts if len(p) == 1)
    if len(parts) < _MIN_SPACED_ITEMS or singles * 3 > len(parts) or any(_LATIN_WORD.fullmatch(p) for p, _, _ in parts):
        return None          # (Soy Protein Isolate: spaces inside an English name)
    return parts


def _parse_item(raw: str, start: int, end: int, depth: int) -> Ingredient | None:
    stripped = raw.strip()
    if not stripped:
        return None
    start += len(raw) - len(raw.lstrip())
    end = start + len(stripped)
    whole = stripped
    # a compound ingredient's own amount in brackets after its list: 调味酱（酱油，香辛料）（6.0%） is 6.0 % of
    # 调味酱, not of 香辛料
    tail = _TRAILING_QUANTITY.search(stripped)
    if tail and tail.start() > 0 and any(c in _OPEN for c in stripped[:tail.start()]):
        stripped = stripped[:tail.start()].rstrip()
    lead = _QUANTITY_THEN_PARTS.match(stripped)
    if lead:
        # 马苏里拉奶酪（12%）（巴氏杀菌牛乳、食用盐、凝乳酶）: the amount first, then the parts — read as the compound's
        # own amount (kept in `whole`) and its list
        stripped = lead.group("head") + stripped[lead.end("qty"):].lstrip()
    head = stripped
    outside = stripped
    children: list[Ingredient] = []
    bracket = next((i for i, c in enumerate(stripped) if c in _OPEN), -1)
    if bracket > 0:
        close = _OPEN[stripped[bracket]]
        inner_end = stripped.rfind(close)
        inner_end = inner_end if inner_end > bracket else len(stripped)
        inner = stripped[bracket + 1:inner_end]
        head = stripped[:bracket]
        outside = head + stripped[inner_end + 1:]
        if _QUANTITY.fullmatch(inner.strip()):
            outside = stripped
        elif depth < 3:
            for sub, s, e in _split(inner, start + bracket + 1):
                child = _parse_item(sub, s, e, depth + 1)
                if child:
                    children.append(child)
    if lead:
        pct = _PERCENT.search(lead.group("qty"))
    elif stripped is not whole:
        pct = _PERCENT.search(whole[tail.start():])
    else:
        pct = _PERCENT.search(outside)
    name = _NOISE.sub("", _PERCENT.sub("", head)).strip("() ")
    if "\n" in name:
        name = _HAN_GAP.sub("", name)      # 酪蛋⏎白: one word the printer wrapped
    sources = _sources(name or stripped)
    if children:
        # 牛肉风味调味料（食用盐、酵母抽提物、…）: a compound lists what it is made of (GB 7718-2011 4.1.3.1.3), so
        # its parts, not the taste in its name, say whether it holds the meat
        sources = [c for c in sources if not c.startswith("flavour:")]
    return Ingredient(
        name=name or stripped, start=start, end=end,
        percent=float(pct.group(1)) if pct else None,
        sources=sources, children=children,
    )


MAX_INGREDIENTS = 400     # real lists hold a few dozen; past this the rest is not read (docs/robustness.md)


def parse_ingredients(value: str, offset: int) -> list[Ingredient]:
    items = []
    value = value[:20_000]
    for seg, seg_start in _sublists(value):
        for raw, s, e in _split(seg, offset + seg_start):
            if len(items) >= MAX_INGREDIENTS:
                break
            item = _parse_item(raw, s, e, 0)
            if item:
                items.append(item)
    return items


_SUBLIST_TRAIL = " \t\n/,;、"


def _sublists(value: str) -> list[tuple[str, int]]:
    """The list's sub-lists (面饼：小麦粉，棕榈油 ⏎ 调味包：食用盐，牛肉粉 — a food packed in parts) with where each starts:
    the headings (fields.toml [sublists]) are no ingredient. A list without them is one sub-list."""
    from .fields import sublist_heading
    heads = [m for m in sublist_heading().finditer(value) if _depth_at(value, m.start()) == 0]
    if not heads:
        return [(value, 0)]
    out = []
    start = 0
    for m in heads:
        seg = value[start:m.start()].rstrip(_SUBLIST_TRAIL)
        if seg.strip():
            out.append((seg, start))
        start = m.end()
    out.append((value[start:], start))
    return out


def _depth_at(text: str, pos: int) -> int:
    depth = 0
    for ch in text[:pos]:
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE and depth:
            depth -= 1
    return depth


def holds_source(item: Ingredient, *sources: str) -> bool:
    """Is the ingredient, or one of a compound's own parts, of one of these sources (酱油（水、大豆、小麦） holds soy)?"""
    return any(src in part.sources for part in (item, *item.children) for src in sources)


def first_protein_source(items: list[Ingredient]) -> tuple[str, Ingredient] | None:
    """The first top-level ingredient that is a protein source. A compound's own parts (酱油（水、大豆、小麦）)
    are not looked at, and flours, starches, grains, vegetables and fungi (whole_food) are passed over:
    they carry protein but are no protein ingredient (小麦粉 first in a pork dumpling makes no plant meat)."""
    for item in items:
        if "whole_food" in item.sources or "not_protein" in item.sources:
            continue
        # 组织化植物蛋白（大豆分离蛋白，豌豆蛋白）, 拉丝蛋白（豌豆蛋白，小麦蛋白）: a protein compound whose parts are
        # listed is what its first protein part is, not what its generic name suggests
        if item.children and any(src in PROTEIN_SOURCES for src in item.sources):
            inner = first_protein_source(item.children)
            if inner:
                return inner
        for src in item.sources:
            if src in PROTEIN_SOURCES:
                return src, item
            if src == "not_protein":
                break
    return None
