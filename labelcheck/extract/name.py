"""The displayed product name: where it comes from, and a marketplace title's noise removed."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import regex

from ..annotate import Annotation, Match, annotate, candidates, find_terms, resolve
from ..models import LabelDocument, shared_line
from ..normalize import Shadow, normalize
from ..resources import lexicon, pattern
from .terms import is_short_brand, refine
from ..wordscan import first_char_guard, word_trie


@dataclass(slots=True)
class NameInfo:
    """A name and where its characters sit in the original input."""

    shadow: Shadow               # compact shadow of `original`
    ann: Annotation
    source: str                  # "name" | "text"
    base: int = 0                # offset of `original` inside the source string
    core: tuple[int, int] | None = None   # shadow range of the name once title noise is removed
    spans: list[int] | None = None        # label-document spans that make up the displayed name
    brands: list = field(default_factory=list)   # extract.terms.Brand spans (shadow offsets)

    @property
    def text(self) -> str:
        return self.shadow.text

    @property
    def original(self) -> str:
        return self.shadow.original

    def core_text(self) -> str:
        s, e = self.core or (0, len(self.text))
        return self.text[s:e]

    def matches(self, *cats: str) -> list[Match]:
        return self.ann.of(*cats)

    def trailing_notes_start(self) -> int | None:
        """Where the bracket notes at the end of the name begin (大豆植物肉包（速冻）, 香肠（大豆植物肉）), or None."""
        m = TRAILING_NOTES.search(self.text)
        return m.start() if m else None

    def in_bracket_note(self, start: int, end: int) -> bool:
        """Does text[start:end] sit inside one bracket note (牛排（大豆植物肉）黑椒味)?"""
        return any(m.start() < start and end < m.end() for m in _BRACKET_NOTE.finditer(self.text))


# any one bracket note in a name, and the bracket notes after it (大豆植物肉包（速冻）（300g）)
_NOTE = r"[（(\[【][^（()）\[\]【】]*[）)\]】]"
_BRACKET_NOTE = regex.compile(_NOTE)
TRAILING_NOTES = regex.compile(rf"(?:\s*{_NOTE})+\s*$")


# what joins a source word to the food made of it: 乳基蛋白制成的牛排 (ceac-123 A.1.1), 牛奶蛋白做的鸡胸肉
MADE_OF_JOINTS = ("做成的", "制成的", "做的", "制的", "的")

CORE_CATS = ("animal_meat", "plant_meat", "plant_qualifier", "soy_word", "dairy_qualifier", "traditional_soy", "milk_powder",
             "plant_milk_powder_name", "standard_milk_powder_name", "dairy_partial_name", "plant_meat_equivalent")
_CORE_SET = frozenset(CORE_CATS)


def _symbol_run() -> str:
    """A run of other or modifier symbols (Unicode So, Sk: ★, ™, emoji, ˇ) or surrogates, for the stdlib `re`,
    which has no \\p{…}. Those of the Basic Multilingual Plane make one class `re` looks up in a table; those
    above it (emoji, mahjong tiles…) are a list of ranges it would try one by one for every character, so they are
    only tried for a character above the plane. Scanning the Unicode tables is most of the title reader's start-up:
    the start-up cache keeps the result (its key holds the Unicode version and this file)."""
    from ..startcache import cached
    return cached("symbol-run", [Path(__file__)], _symbol_run_pattern)


def _symbol_run_pattern() -> str:
    ranges: list[list[int]] = []
    for cp in range(0x20000):            # no So or Sk is assigned above the Supplementary Multilingual Plane
        if unicodedata.category(chr(cp)) in ("So", "Sk"):
            if ranges and ranges[-1][1] == cp - 1:
                ranges[-1][1] = cp
            else:
                ranges.append([cp, cp])

    def body(rs: list[list[int]]) -> str:
        return "".join(re.escape(chr(a)) + ("-" + re.escape(chr(b)) if b > a else "") for a, b in rs)
    bmp = body([r for r in ranges if r[0] <= 0xFFFF]) + "\ud800-\udfff"
    smp = body([r for r in ranges if r[0] > 0xFFFF]) + "\U0001F000-\U0001FAFF"
    return f"(?:[{bmp}]|(?=[\U00010000-\U0010FFFF])[{smp}])+"


def _uncaptured(pattern: str) -> str:
    """The lexicon's pattern with its groups made non-capturing: the noise is split on as one group. An opening
    parenthesis is a group's unless it is escaped or inside a character class."""
    out, i, in_class = [], 0, False
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            out.append(pattern[i:i + 2])
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
            opening = "[^]" if pattern.startswith("^]", i + 1) else "[]" if pattern.startswith("]", i + 1) else "["
            out.append(opening)                       # a class that starts with ] (or ^]) holds it
            i += len(opening)
            continue
        elif ch == "(" and pattern[i + 1:i + 2] != "?":
            ch = "(?:"
        out.append(ch)
        i += 1
    result = "".join(out)
    if re.compile(result).groups:
        raise ValueError(f"lexicons/titles.toml: a pattern keeps a capturing group: {pattern!r}")
    return result


@cache
def _noise() -> "re.Pattern[str]":
    """Title noise, each stretch of it one capturing group: `split` gives the runs between noise and the noise
    itself, and builds no match object per cut (most of what a finditer over a title costs)."""
    t = lexicon("titles")
    words = set(t["promo"]) | set(t["brands"])
    latin = sorted((w for w in words if w.isascii()), key=len, reverse=True)
    # a short Chinese brand is noise only where a word starts (珍肉 is no brand in 山珍肉丸, 白玉 none in 香菇白玉菇)
    short = sorted(w for w in t["brands"] if is_short_brand(w) and w not in t["promo"])
    # Brackets first: a bracketed aside is noise as a whole, whatever it contains. Letter case is ignored where
    # there are letters (units, Latin brand names), not in the large symbol class, where it costs most.
    noise = ("(?i:" + _uncaptured(t["brackets"]) + "|" + _uncaptured(t["quantity"]) + ")|"
             + word_trie(sorted(w for w in words if not w.isascii() and w not in short))
             + (r"|(?<![\u3400-\u9fff])(?:" + word_trie(short) + ")" if short else "")
             + ("|(?i:" + "|".join(re.escape(w) for w in latin) + ")" if latin else "")
             + "|" + _symbol_run() + r"|[!！?？~@#$%^&*+=|\\/<>《》「」]+|[\s,.;:()\[\]\-_]+")
    # most of a title's characters can start none of these: a lookahead of those that can skips the rest at once
    guard = first_char_guard(noise)
    # a stretch of noise as one cut: what finditer finds one piece after another there, without the empty runs
    return re.compile("((?:" + (guard or "") + "(?:" + noise + "))+)")


def title_core(shadow: Shadow, matches: list[Match]) -> tuple[int, int]:
    """The stretch of a title that is the product name (shadow offsets).

    Noise (brackets, quantities, promotions, brands, emoji, separators) is removed; where the
    seller typed a space, the title breaks into runs (never inside a lexicon term, so 植 物 肉
    stays whole). The core runs from the first run holding a name term to the last one holding one.
    """
    text = shadow.text
    runs: list[tuple[int, int]] = []
    pos = 0
    parts = iter(_noise().split(text))       # run, noise, run, noise, …, run (only the first and last may be empty)
    for run in parts:
        n = len(run)
        if n:
            runs.append((pos, pos + n))
        pos += n + len(next(parts, ""))
    gaps = shadow.gaps
    if gaps:
        # where the seller typed whitespace that the compact shadow dropped (normalize kept the places), never
        # inside a lexicon term
        if matches:
            kept = []
            for j in gaps:
                for m in matches:
                    if m.start < j < m.end:
                        break
                else:
                    kept.append(j)
            gaps = kept
        if gaps:
            runs = _broken(runs, gaps)
    if not runs:
        return (0, len(text))
    first = last = None
    for m in matches:
        if m.cats.isdisjoint(_CORE_SET):
            continue
        for r in runs:
            if m.start < r[1] and m.end > r[0]:
                if first is None or r[0] < first[0]:
                    first = r
                if last is None or r[0] > last[0]:
                    last = r
    if first is None:
        best = runs[0]
        for r in runs:
            if r[1] - r[0] > best[1] - best[0]:
                best = r                     # the longest, the first of equals
        return _closed(text, *best)
    return _closed(text, first[0], last[1])


_CLOSING = {"）": "（", ")": "(", "】": "【", "]": "["}


def _closed(text: str, s: int, e: int) -> tuple[int, int]:
    """The core with the bracket it opened closed (香肠（大豆植物肉）, not 香肠（大豆植物肉): the closing bracket is noise
    to the split, but half of the name's own note."""
    opener = _CLOSING.get(text[e:e + 1])
    if opener is not None and text.count(opener, s, e) > text.count(text[e], s, e):
        return s, e + 1
    return s, e


def _broken(runs: list[tuple[int, int]], gaps: list[int]) -> list[tuple[int, int]]:
    """The runs broken where the seller typed a space (both sorted: one pass over each)."""
    out: list[tuple[int, int]] = []
    k, n = 0, len(gaps)
    for s, e in runs:
        while k < n and gaps[k] <= s:
            k += 1
        while k < n and gaps[k] < e:
            out.append((s, gaps[k]))
            s = gaps[k]
            k += 1
        out.append((s, e))
    return out


_TITLE_HINT = regex.compile(r"[【】\[\]]|\d+\s*(g|克|kg|斤|袋|盒|包|箱|ml|片|个|只|根|条|瓶|罐|支|粒|枚|份|串|人份)|包邮|\s\S+\s|[\p{So}]",
                            regex.IGNORECASE)


def is_title(compact: str) -> bool:
    """A marketplace title rather than a bare name: long, or with brackets, quantities, promotions, emoji.

    Judged on the compact shadow, so invisible characters and spaces inside words do not make a title."""
    return len(compact) > 14 or bool(_TITLE_HINT.search(compact))


def name_from_string(name: str, title: bool | None = False) -> NameInfo:
    """A name or, with title=True (or None and it looks like one), a marketplace title with its core found."""
    shadow = normalize(name)
    return name_from_shadow(shadow, candidates(shadow.text), title)


def name_from_shadow(shadow: Shadow, found: list[tuple], title: bool | None = False,
                     brands: list | None = None) -> NameInfo:
    """name_from_string from the name's compact shadow and its lexicon hits (annotate.candidates), and its brands
    when the caller has found them (extract.terms.find_brands)."""
    ann, brands = refine(shadow, Annotation(shadow, resolve(found)), brands=brands)
    info = NameInfo(shadow=shadow, ann=ann, source="name", brands=brands)
    if title is None:
        title = is_title(shadow.text)
    if title:
        info.core = title_core(shadow, info.ann.matches)
    return info


def name_span_indices(spans: list) -> list[int]:
    """The spans that print the name, in document order: those of role `name` and, beside them, those of role
    `qualifier` (CONTRACT v2: 乳基蛋白 set as its own span before 牛肉丸 is part of the name) on a panel a name span is on."""
    names = [i for i, s in enumerate(spans) if s.role == "name"]
    if not names:
        return names
    panels = {spans[i].panel for i in names}
    chosen = [i for i, s in enumerate(spans) if s.role == "name" or (s.role == "qualifier" and (s.panel in panels or s.panel is None))]
    return reading_order(spans, chosen)


def _with_name_runs_beside(spans: list, i: int) -> list[int]:
    """The largest run and the runs set on its line right beside it that hold a word of a name (乳基蛋白 set small
    before a large 牛肉饼, no roles given): the displayed name, whose parts the size and colour rules compare."""
    out = [i]
    for step in (-1, 1):             # the neighbours in the document's order, each set beside the last on either side
        k = i
        while 0 <= k + step < len(spans) and _names_something(spans[k + step].text) \
                and (_beside(spans[k], spans[k + step]) or _beside(spans[k + step], spans[k])):
            k += step
            out.append(k)
    return sorted(out, key=lambda k: spans[k].bbox[0]) if len(out) > 1 else out


def _beside(prev, span) -> bool:
    """Does `span` stand after `prev` on its line, within name_runs_gap_em character heights (lexicons/artwork.toml)?"""
    line = shared_line(prev, span)
    if line is None:
        return False
    gap, low, high = line
    lay = lexicon("artwork")["layout"]
    return -lay["runs_overlap_em"] * low <= gap <= lay["name_runs_gap_em"] * high


def _names_something(text: str) -> bool:
    return any(m.has(*_NAME_CATS, *_NAME_HEAD_CATS) for m in find_terms(normalize(text).text))


def reading_order(spans: list, chosen: list[int]) -> list[int]:
    """The chosen spans in document order, except that runs sharing one line are read left to right by their boxes (an
    exporter lists spans in the order their objects were made: 牛肉饼 before the 乳基蛋白 set to its left). The order of
    the lines is the document's: boxes may count y up or down, and a vertical name's columns run right to left."""
    boxes = [spans[i].bbox for i in chosen]
    lay = lexicon("artwork")["layout"]
    if len(chosen) < 2 or any(b is None for b in boxes) or \
            any(b[3] - b[1] > lay["vertical_box_ratio"] * (b[2] - b[0]) for b in boxes):
        return chosen                  # (a box taller than wide: a vertical column, read as the document lists it)
    overlap = lay["runs_line_overlap"]
    lines: list[list[int]] = []
    for i in chosen:
        y0, y1 = spans[i].bbox[1], spans[i].bbox[3]
        for line in lines:
            first = spans[line[0]]
            ly0, ly1 = first.bbox[1], first.bbox[3]
            if first.panel == spans[i].panel and min(y1, ly1) - max(y0, ly0) > overlap * min(y1 - y0, ly1 - ly0):
                line.append(i)
                break
        else:
            lines.append([i])
    return [i for line in lines for i in sorted(line, key=lambda k: spans[k].bbox[0])]


def name_from_document(doc: LabelDocument, fields: dict, layout: Shadow) -> NameInfo | None:
    """The contract's order: `name`, the role:name spans, a 产品名称/品名 field, the largest front text."""
    spans_used = None
    name = doc.name
    if not name:
        idx = name_span_indices(doc.spans)
        if idx:
            name = "".join(doc.spans[i].text for i in idx)
            spans_used = idx
    brand_values = [fv.value for fv in fields.get("brand", []) if fv.value]
    if not name and "name" in fields:
        fv = fields["name"][0]
        return _located(layout.orig_text(fv.start, fv.end), doc, fv and layout.orig_start(fv.start), brand_values)
    if not name and doc.spans:
        sized = [(s.height_mm or 0, i) for i, s in enumerate(doc.spans) if (s.panel in (None, "front")) and s.text.strip()]
        if sized and max(sized)[0] > 0:
            i = max(sized)[1]
            spans_used = _with_name_runs_beside(doc.spans, i)
            name = "".join(doc.spans[k].text for k in spans_used)
    if not name and doc.text:
        name = _name_line(doc.text)
    if not name:
        return None
    info = _located(name, doc, None, brand_values)
    if spans_used is None and doc.name:
        spans_used = name_span_indices(doc.spans) or None
    info.spans = spans_used
    return info


_NAME_CATS = ("animal_meat", "plant_meat", "plant_qualifier", "dairy_qualifier", "traditional_soy", "milk_powder",
              "plant_milk_powder_name", "standard_milk_powder_name", "dish", "soy_word")


def _name_line(text: str) -> str | None:
    """In label copy without a 产品名称 field: among the lines before the first labelled field, the one
    that reads most like a food name (lexicon terms; a ®/™ brand line or a line of Latin text loses)."""
    best, best_score = None, 0.0
    lines = []
    for raw in text.strip().split("\n")[:4]:
        if ":" in normalize(raw, False).text:
            break                      # the labelled fields have begun
        lines.append(raw)
    for i, raw in enumerate(lines):
        # an import's two columns side by side (PLANT-BASED MILK POWDER ⎵⎵⎵⎵ 植物基奶粉): each column its own line
        candidates = _COLUMN_GAP.split(raw.strip())
        if i + 1 < len(lines) and _wrapped(raw.strip(), lines[i + 1].strip()):
            candidates.append(raw.strip() + lines[i + 1].strip())     # 大豆植物 ⏎ 肉汉堡饼: one name, wrapped
        for line in candidates:
            if not line or len(line) > 40 or not pattern(r"\p{Han}").search(line):
                continue
            terms = [m for m in find_terms(normalize(line).text) if m.has(*_NAME_CATS)]
            score = len(terms) + (0.5 if i == 0 else 0) - (2 if ("®" in line or "™" in line) else 0)
            bare = _BRACKETED.sub("", line)
            if _LISTING.search(bare):
                score -= 2             # a tagline listing things or uses (豌豆蛋白+蚕豆蛋白 | 适合炒饭、意面、肉酱)
            if not bare.strip() or _STATEMENT.match(line):
                score -= 3             # a note in brackets (（豆制品 · 非动物肉）) or a sentence (本品为植物蛋白制品，非肉制品)
            if best is None or score > best_score:
                best, best_score = line, score
    if best is not None and (bare := _TRAILING_QUANTITY.sub("", best)):
        best = bare                    # 经典午餐肉罐头 340g: the pack's net content set after its name is no part of it
    return best


_TRAILING_QUANTITY = regex.compile(r"[ \t\u3000]+\d+(?:\.\d+)?\s*(?:g|克|kg|千克|公斤|ml|毫升|l|升)"
                                   r"(?:\s*[*×x]\s*\d+\s*\p{Han}?)?\s*$", regex.IGNORECASE)


_STATEMENT = regex.compile(r"\s*(?:本品|本产品|此产品|该产品|温馨提示|注[:：])|.*[，。；！]")
_NAME_HEAD_CATS = ("plant_qualifier", "soy_word", "dairy_qualifier", "dairy_partial")


def _wrapped(first: str, second: str) -> bool:
    """Is `second` the rest of a name the printer wrapped after `first`: a lexicon word runs across the break
    (大豆植物 ⏎ 肉汉堡饼, 乳基 ⏎ 蛋白黑椒牛排), or `first` is nothing but a qualifier (大豆 ⏎ 植物肉汉堡饼)?"""
    if not first or not second or len(first) > 12 or _STATEMENT.match(second) or _BRACKETED.fullmatch(second):
        return False
    head, joined = normalize(first).text, normalize(first + second).text
    if not head or not joined.startswith(head):
        return False
    cut = len(head)
    if any(m.start < cut < m.end for m in find_terms(joined)):
        return True
    words = find_terms(head)
    if not words or sum(m.end - m.start for m in words) != cut:
        return False
    rest = [m for m in find_terms(joined) if m.start >= cut]
    if all(m.has(*_NAME_HEAD_CATS) for m in words):
        return any(m.has(*_NAME_CATS) for m in rest)
    # 大豆植物肉 ⏎ 汉堡饼: an analogue word, then a short line that starts with the food it makes
    return all(m.has(*_NAME_HEAD_CATS, "plant_meat") for m in words) and len(second) <= 8 \
        and any(m.start == cut and m.has("animal_meat", "dish") for m in rest)


_COLUMN_GAP = regex.compile(r"[ \t\u3000]{3,}")
_BRACKETED = regex.compile(r"[(（\[【][^()（）\[\]【】]*[)）\]】]")
_LISTING = regex.compile(r"[、|｜+＋·•]|适合|适用于|搭配|推荐|可用于|用于")


def _located(name: str, doc: LabelDocument, at: int | None, brand_values: list[str] = ()) -> NameInfo:
    """Point the name at the label text when it appears there, so evidence offsets land in `text`."""
    text = doc.text or ""
    if at is None and name and text:
        pos = text.find(name)
        at = pos if pos >= 0 else None
    shadow = normalize(name)
    # a 品牌 field's value inside the name is a brand, not name words (山野小厨植物肉… with 品牌：山野小厨)
    extra = []
    for b in brand_values:
        bs = normalize(b).text
        pos = shadow.text.find(bs) if bs else -1
        if pos >= 0:
            extra.append((pos, pos + len(bs)))
    ann, brands = refine(shadow, annotate(shadow), extra)
    info = NameInfo(shadow=shadow, ann=ann, source="text" if at is not None else "name", base=at or 0, brands=brands)
    return info
