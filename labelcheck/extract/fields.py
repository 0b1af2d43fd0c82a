"""Labelled fields (产品名称：…, 执行标准 …) read from the layout shadow of the label text."""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import bisect
import re

import regex

from typing import TYPE_CHECKING

from ..wordscan import word_trie
from ..resources import lexicon
from .nutrition import header_pattern

if TYPE_CHECKING:
    from ..normalize import Shadow


@dataclass(frozen=True, slots=True)
class FieldValue:
    key: str
    label: str
    value: str            # as in the shadow (normalized)
    start: int            # shadow offsets of the value
    end: int
    label_start: int


_LATIN = re.compile(r"[A-Za-z]")
_ENGLISH_LABEL = re.compile(r"[A-Za-z][^\u3400-\u9fff]*$")      # Ingredients, NET WT — not SC编号
# a Latin label may take its value after a plain space only when it ends in one of these (Made in Thailand)
_LATIN_OPEN_END = ("in", "of", "by")


def _label_alt(lab: str) -> str:
    if _LATIN.match(lab):
        # English labels: words may be spaced or run together, a final dot is optional, case is free
        words = lab.rstrip(".").split()
        # … or joined by _ as a template or another tool writes its keys (product_name, net_content)
        return r"[ \t_]*".join(re.escape(w) for w in words) + r"\.?"
    # Chinese labels are often spaced out to align a column: 配 料：, 净 含 量：
    return "[ \t]{0,6}".join(re.escape(ch) for ch in lab)


@cache
def _label_index() -> tuple[dict[str, str], "re.Pattern[str]", "re.Pattern[str]", frozenset[str]]:
    """by_label (label folded → key); the line-start pattern; the anywhere-before-a-colon pattern; non-item keys."""
    by_label: dict[str, str] = {}
    other: set[str] = set()
    for key, body in lexicon("fields")["fields"].items():
        if body.get("item", True) is False:
            other.add(key)
        for lab in body["labels"]:
            by_label.setdefault(_fold(lab), key)
    labels = set(lab for body in lexicon("fields")["fields"].values() for lab in body["labels"])
    # Chinese labels as one trie (spaced out or not: 配 料), English ones as an alternation longest first; no
    # label of one kind begins where one of the other can
    latin = sorted((lab for lab in labels if _LATIN.match(lab)), key=len, reverse=True)
    # (the pattern ignores case: labels that differ only in it are one branch, as they match the same text)
    chinese = {lab.lower() for lab in labels - set(latin)}
    alts = "|".join([word_trie(sorted(chinese), "[ \t]{0,6}")] + [_label_alt(lab) for lab in latin])
    qual = r"(?P<qual>[ \t]*\([^)\n]{0,12}\))?"
    # A: a label that starts a line or follows a separator or an opening bracket (【配料】, [净含量], 〔贮存条件〕),
    #    then a colon, a closing bracket, a space, the line end (value on the next line), or a number.
    line_start = re.compile(
        rf"(?:^|(?<=[\s,;。|:!?*•·\])】〕/、]))(?P<open>[【\[〔〖])?(?P<label>{alts})(?![A-Za-z]){qual}"
        rf"(?:(?P<close>[ \t]*[】\]〕〗])[ \t]*:?[ \t]*|(?P<sep>[ \t]*[:|丨][ \t]*|[ \t]+|(?=\n|$)|(?=[0-9见])|(?=[ \t]*/[ \t]*[A-Za-z])))",
        re.MULTILINE | re.IGNORECASE,
    )
    # B: one-line shop blocks (品牌: 山野小厨系列: 手撕素肉产品名称: …): a label right after the previous value, with a colon
    anywhere = re.compile(rf"(?:(?<![A-Za-z])(?=[A-Za-z])|(?![A-Za-z]))(?P<label>{alts})(?![A-Za-z]){qual}(?P<sep>[ \t]*:[ \t]*)", re.IGNORECASE)
    return by_label, line_start, anywhere, frozenset(other)


def field_label(words: str) -> str | None:
    """The field a label names (贮存条件 → storage), or None: not a label of lexicons/fields.toml."""
    return _label_index()[0].get(_fold(words))


def _fold(label: str) -> str:
    return re.sub(r"[ \t._]", "", label).lower()


def _hits(text: str) -> list["re.Match[str]"]:
    """Label occurrences, left to right, never overlapping: line-start ones first, shop-block ones where they add."""
    _, line_start, anywhere, _ = _label_index()
    a = []
    for m in line_start.finditer(text):
        label = m.group("label")
        if _LATIN.match(label) and not m.group("close"):
            sep = m.group("sep") or ""
            spaced_only = sep.strip() == "" and sep != "" and not text.startswith(("\n",), m.end())
            if spaced_only and not label.lower().rstrip(".").endswith(_LATIN_OPEN_END) \
                    and m.end() < len(text) and _LATIN.match(text[m.end()]):
                continue          # an English word at a line start followed by more words is prose, not a label
        if m.group("qual") and not m.group("close") and not (m.group("sep") or "").strip() \
                and text[:m.start()].rstrip(" \t")[-1:] in (",", "、", ";", "，", "；"):
            continue              # …，食品添加剂（明胶、卡拉胶）⏎: the list's last item, a compound, not a label with a qualifier
        if _inside_brackets(text, m.start()):
            continue              # a compound's part (…馅［…，食品添加剂（红曲红）］), not a label
        a.append(m)
        if len(a) > MAX_FIELD_HITS:
            break
    taken = [(m.start(), m.end()) for m in a]
    b = []
    if len(a) <= MAX_FIELD_HITS:
        import bisect as _b
        starts = [t[0] for t in taken]
        for m in anywhere.finditer(text):
            k = _b.bisect_right(starts, m.start())
            overlap = (k > 0 and taken[k - 1][1] > m.start()) or (k < len(taken) and taken[k][0] < m.end())
            if not overlap and not _inside_brackets(text, m.start()):
                b.append(m)
            if len(b) > MAX_FIELD_HITS:
                break
    return sorted(a + b, key=lambda m: m.start())


_OPENING, _CLOSING = "(（[［【", ")）]］】"


def _inside_brackets(text: str, pos: int) -> bool:
    """Does `pos` lie inside a compound's list opened earlier on its line (…叉烧馅［饮用水，…，食品添加剂（红曲红）］: a
    part, not a label)? A bracket that opens on the label itself is a note of its own (SC…（生产地：深圳）)."""
    # (within the 400 characters before it: a compound's list is shorter, and a crafted line of a million is not rescanned
    # for each of its labels)
    window = max(0, pos - 400)
    line = text[text.rfind("\n", window, pos) + 1 or window:pos]
    depth, opened = 0, -1
    for k, c in enumerate(line):
        if c in _OPENING:
            depth += 1
            if depth == 1:
                opened = k
        elif c in _CLOSING and depth:
            depth -= 1
    return depth > 0 and any(sep in line[opened:] for sep in "，,、；;")


@cache
def _see_package() -> "regex.Pattern[str]":
    return regex.compile("|".join(regex.escape(p) for p in lexicon("fields")["see_package"]["patterns"]))


def is_reference(value: str) -> bool:
    """True for 见包装…-style values that point elsewhere on the pack."""
    return bool(_see_package().search(value))


MULTILINE_FIELDS = {"ingredients", "address", "allergen", "statement"}
_LIST_SEPARATORS = ("、", ",", "，", ";", "；", "/")


@cache
def _list_end_statement() -> "regex.Pattern[str]":
    """A line that states an amount of its own (乳基蛋白原料添加量≥40%, 大豆蛋白含量不低于…): no more of the list."""
    return regex.compile(lexicon("fields")["list_end"]["statement"])


_JOINING_WORDS = ("和", "及", "与", "以及", "或")     # 本品含有大豆和 ⏎ 小麦制品: the statement runs on


def _brackets_closed(value: str) -> bool:
    return value.count("(") + value.count("（") <= value.count(")") + value.count("）")


def _finished(value: str) -> bool:
    """Does a value read as complete at its line end: a sentence mark, or a closing bracket that closes
    all it opened? A list wrapped by the printer breaks after a separator or inside a word instead."""
    v = value.rstrip()
    if v.endswith(("。", "！", "!", "；", ";")):
        return True
    if v.endswith((")", "）", "]", "】")):
        return _brackets_closed(v) and v.count("[") <= v.count("]")
    return False
MAX_FIELD_HITS = 20_000     # a label has dozens; past this the rest of a pathological text is not read as fields


_CELL_END = " \t\n|｜│┃"     # a table's cell rules, trimmed off a value's end
# a second item on the value's line after a gap of two spaces or a tab: a label of words, then a colon
_SPACED_ITEM = re.compile(r"(?:[ \t]{2,}|\t)(?=[\u3400-\u9fff][^\s:：,，、;；。()（）\[\]【】]{0,11}[ \t]*[:：])")
_OPENERS, _CLOSERS = "(（[【", ")）]】"
_QUOTES = {"「": "」", "『": "』", "“": "”", '"': '"'}


def _bracket_trimmed(value: str, lead: int, trail: int) -> int:
    """Where a value ends without a bracket the next label left on it: an opening one at its end
    (SC11444030601958（生产地：深圳）: the licence, then 生产地 in brackets) or a closing one it never opened (深圳）)."""
    v = value[lead:trail]
    if v.endswith(tuple(_OPENERS)):
        return lead + len(v[:-1].rstrip(" \t"))
    if v.endswith(tuple(_CLOSERS)) and not any(ch in v for ch in _OPENERS):
        return lead + len(v[:-1].rstrip(" \t"))
    return trail


# a line that begins with a label: a short run of words with no separator, bracket or space, then a colon
# (消费者服务热线：, 进口商/代理商：, 境外生产企业注册号：, Tel:)
_LABEL_LINE = re.compile(r"[ \t]*[\u3400-\u9fffA-Za-z][^\s:：,，、;；。()（）\[\]【】]{0,15}[ \t]*[:：]")


def extract_fields(text: "str | Shadow", keep_other: bool = False) -> dict[str, list[FieldValue]]:
    """All labelled fields, keyed by field name, the occurrence to check first (see _preferred_first): where a
    field is given more than once, the Chinese label's before the original's (an English or traditional-Chinese
    block, or what precedes a 中文标签 heading), 净含量 before 规格; otherwise first occurrence first. Fields that are
    no label item (品牌, 系列, 口味, 包装方式… of a shop block) end the value before them; they are returned only
    with keep_other. Given the layout Shadow instead of its text, traditional-Chinese occurrences are told too
    (the shadow folds traditional characters to simplified)."""
    shadow = None
    if not isinstance(text, str):
        shadow, text = text, text.text
    by_label, _, _, other = _label_index()
    hits = _hits(text)[:MAX_FIELD_HITS]
    hits = [h for k, h in enumerate(hits) if not _storage_word_in_shelf_life(text, hits, k, by_label)]
    newlines = [i for i, ch in enumerate(text) if ch == "\n"] if "\n" in text else []

    def line_end(pos: int) -> int:
        k = bisect.bisect_left(newlines, pos)
        return newlines[k] if k < len(newlines) else len(text)

    out: dict[str, list[FieldValue]] = {}
    chinese_pair: set[int] = set()      # hits whose label was written in two languages, one of them Chinese
    chinese_labelled: set[int] = set()  # id() of their values
    for i, m in enumerate(hits):
        label = _fold(m.group("label"))
        key = by_label[label]
        if key == "origin" and _someone_elses_origin(text, m.start(), hits[i - 1].end() if i else 0):
            key = "listing"
        vstart = m.end()
        le = line_end(vstart)
        nxt = hits[i + 1].start() if i + 1 < len(hits) else len(text)
        vend = min(le, nxt)
        value = text[vstart:vend]
        if not value.strip(" \t/") and nxt < le and i + 1 < len(hits) and by_label[_fold(hits[i + 1].group("label"))] == key:
            if not _LATIN.match(m.group("label")) or i in chinese_pair:
                chinese_pair.add(i + 1)
            continue            # 配料 Ingredients：… / Ingredients 配料：… — the label in two languages, one value
        if not value.strip() and vend == le and nxt > le:
            # the value sits on the next line
            ns = le + 1
            vstart, vend = ns, min(line_end(ns), nxt)
            value = text[vstart:vend]
        if key != "ingredients":
            cut = _SPACED_ITEM.search(text, vstart, vend)
            if cut is not None and text[vstart:cut.start()].strip():
                vend = cut.start()      # 净含量：175克  固形物：不低于55% — a second item after a gap, known or not
                value = text[vstart:vend]
        if key in MULTILINE_FIELDS and vend == line_end(vstart):
            # wrapped lists continue until the next labelled line or a blank line
            for _ in range(50):
                if vend >= len(text) or vend >= nxt:
                    break
                ns = vend + 1
                ne = line_end(ns)
                if ns >= nxt or not text[ns:ne].strip() or header_pattern().search(text, ns, ne):
                    break
                if nxt < ne and (_fold(text[ns:nxt]) in by_label or _ITEM_NUMBER.fullmatch(text, ns, nxt)):
                    break           # 委托方电话：… — a field label glued to the next label heads that line; 10. 联系电话：…
                    #                 — a numbered list's next item
                if _label_line_ends(key, text, ns, ne):
                    break           # …3999号 ⏎ 消费者服务热线：…, 配料：… ⏎ 产品特点：… — a line with a label of its own
                if _sticker_heading_re().match(text, ns, ne):
                    break           # INGREDIENTS: … ⏎ 中文标签 — the Chinese sticker begins
                if key == "ingredients" and (text[ns:ne].lstrip().lstrip(_OPENERS).startswith(_list_end_starts())
                                             or (_brackets_closed(text[vstart:vend]) and _list_end_statement().match(text, ns, ne))):
                    break           # … 食用香料 ⏎ 本生产线还加工含有鸡蛋的产品: a sentence of its own (fields.toml [list_end])
                if key == "allergen" and not text[vstart:vend].rstrip().endswith(_LIST_SEPARATORS + _JOINING_WORDS) \
                        and not text[ns:ne].lstrip().startswith(_LIST_SEPARATORS):
                    break           # 致敏物质提示：本品含有大豆、小麦制品 ⏎ 原料大豆为非转基因大豆: a short statement, then another
                if _finished(text[vstart:vend]) and not text[ns:ne].lstrip().startswith(_LIST_SEPARATORS):
                    break           # 含有燕麦(含麸质的谷物) ⏎ 添加真实果粒: a closed value, then a line of its own
                vend = min(ne, nxt)
            value = text[vstart:vend]
        elif key == "producer" and vend == le < nxt:
            vend = _org_name_wrapped(text, vstart, vend, min(line_end(le + 1), nxt))
            value = text[vstart:vend]
        elif key == "shelf_life" and vend == line_end(vstart) < nxt and value.strip() and not _a_period(value) \
                and _period_goes_on(value, text[vend + 1:min(line_end(vend + 1), nxt)]):
            # 保质期：12个 ⏎ 月 (冷冻12个 ⏎ 月，冷藏3天), 保质期：常温 ⏎ 6个月 — a narrow panel broke the period: the next
            # line ends the value (not 月饼礼盒, a line of its own)
            vend = min(line_end(vend + 1), nxt)
            value = text[vstart:vend]
        if key == "expiry_date" and _fold(m.group("label")) in _date_only_labels() and _a_period(value):
            key = "shelf_life"      # 有效日期：12个月 — a period, not the date
        lead = len(value) - len(value.lstrip())
        # a table's cell rule after the value (| 产品名称 | 大豆植物肉汉堡饼 |, 净含量：450g｜保质期：…) is no part of it
        trail = max(len(value.rstrip(_CELL_END)), lead)
        trail = max(lead, _bracket_trimmed(value, lead, trail))
        if value[lead:lead + 1] in _QUOTES and value[trail - 1:trail] == _QUOTES[value[lead]] and trail - lead > 2 \
                and not any(q in value[lead + 1:trail - 1] for q in (value[lead], _QUOTES[value[lead]])):
            lead, trail = lead + 1, trail - 1       # 「黑椒牛肉汉堡饼」: a form's quotes around the whole value
        fv = FieldValue(key, m.group("label"), value[lead:trail], vstart + lead, vstart + trail, m.start())
        out.setdefault(key, []).append(fv)
        if i in chinese_pair:
            chinese_labelled.add(id(fv))
        joined = _joined_label(text, m.start(), newlines)
        other_key = by_label.get(_fold(joined.group("label"))) if joined is not None else None
        if other_key not in (None, key):
            # 生产日期/保质期至：见袋底喷码 — one value for both items the label names (2026.09.01/2027.09.01: one each)
            first, second = _joined_values(fv)
            out.setdefault(other_key, []).append(FieldValue(other_key, joined.group("label"), *first, joined.start()))
            if second is not None:
                out[key][-1] = FieldValue(key, fv.label, *second, fv.label_start)
    if len(out.get("ingredients", ())) > 1:
        out["ingredients"] = _sublists_joined(text, out["ingredients"])
    out = _preferred_first(out, text, shadow, chinese_labelled)
    if not keep_other:
        out = {k: v for k, v in out.items() if k not in other}
    return out


_STORAGE_VERBS = frozenset({"贮存", "储存", "贮藏", "储藏", "保存"})


def _storage_word_in_shelf_life(text: str, hits: list["re.Match[str]"], k: int, by_label: dict[str, str]) -> bool:
    """A storage label inside the shelf-life value on its line (保质期：冷冻（-18℃以下）保存12个月): a word of the
    sentence that states the period under a condition, not a storage item of its own — when it has no colon or
    bracket after it and is a bare verb (保存, 贮存) or glued to the words before it."""
    h = hits[k]
    g = h.groupdict()
    if k == 0 or by_label[_fold(h.group("label"))] != "storage" or g.get("close") or g.get("open") \
            or ":" in (g.get("sep") or "") or "：" in (g.get("sep") or ""):
        return False
    prev = hits[k - 1]
    between = text[prev.end():h.start()]
    if by_label[_fold(prev.group("label"))] != "shelf_life" or "\n" in between or not between.strip(" \t"):
        return False
    glued = not text[h.start() - 1].isspace()
    return glued or _fold(h.group("label")) in _STORAGE_VERBS


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@cache
def sublist_heading() -> "re.Pattern[str]":
    """A sub-list heading of an ingredient list (面饼配料：, 调味包：; fields.toml [sublists]), where a sub-list starts."""
    sub = lexicon("fields")["sublists"]
    heads, words = _alternation(sub["heads"]), _alternation(sub["words"])
    return re.compile(rf"(?:(?<=^)|(?<=[\n,;、/]))[ \t]*(?P<head>{heads})[ \t]*(?:{words})?[ \t]*[:：][ \t]*", re.MULTILINE)


@cache
def _head_before_label() -> "re.Pattern[str]":
    heads = _alternation(lexicon("fields")["sublists"]["heads"])
    return re.compile(rf"(?:^|(?<=[\s,;、/]))(?:{heads})[ \t]*$")


def _sublists_joined(text: str, items: list[FieldValue]) -> list[FieldValue]:
    """An ingredient list given in sub-lists (面饼配料：… ⏎ 调味包配料：…) read as one list: an occurrence whose label
    follows a sub-list word (调味包 + 配料) right after the previous occurrence — nothing but spaces or a separator
    between — joins it."""
    ordered = sorted(items, key=lambda fv: fv.label_start)
    out = [ordered[0]]
    for fv in ordered[1:]:
        last = out[-1]
        head = _head_before_label().search(text, max(0, fv.label_start - 8), fv.label_start)
        if head is not None and last.end <= fv.label_start and fv.value \
                and not text[last.end:min(head.start(), fv.label_start)].strip(" \t\n/,;、"):
            out[-1] = FieldValue(last.key, last.label, text[last.start:fv.end], last.start, fv.end, last.label_start)
        else:
            out.append(fv)
    return out


@cache
def _date_only_labels() -> frozenset[str]:
    """Labels read as the expiry date only when their value is a date (fields.toml expiry_date `date_only`)."""
    return frozenset(_fold(lab) for lab in lexicon("fields")["fields"]["expiry_date"].get("date_only", ()))


def _period_goes_on(value: str, line: str) -> bool:
    """Does the next line finish a shelf life its label's line began: its unit (12个 ⏎ 月), or a period of its own under a
    condition (常温 ⏎ 6个月)?"""
    if _PERIOD_UNIT_LINE.match(line):
        return _a_period(value.rstrip() + line.strip())
    bare = line.strip()
    return 0 < len(bare) <= 8 and ":" not in bare and "：" not in bare and _a_period(bare)


_PERIOD_UNIT_LINE = regex.compile(r"[ \t]*(?:个|個)?[ \t]*(?:月|天|日|年|周|星期|小时)[ \t]*(?:$|[，,。；;（(])", regex.MULTILINE)
_ITEM_NUMBER = regex.compile(r"[ \t]*(?:\d{1,2}|[一二三四五六七八九十]{1,3})[.．、)）][ \t]*")


def _a_period(value: str) -> bool:
    """A value that states a period (12个月, 365天) and no date."""
    from .dates import parse_dates, parse_duration
    return parse_duration(value) is not None and not parse_dates(value)


@cache
def _org_name_ends() -> tuple[str, ...]:
    parties = lexicon("fields")["parties"]
    return tuple(parties["org_name_ends"])


def _org_name_wrapped(text: str, vstart: int, vend: int, next_end: int) -> int:
    """Where a producer's name ends when the printer wrapped it (天津乳源食品科技有 ⏎ 限公司): past the next line when
    that line is short and unlabelled and completes a name the first line leaves unfinished; else at vend."""
    first = text[vstart:vend].rstrip(_CELL_END)
    rest = text[vend + 1:next_end].strip()
    ends = _org_name_ends()
    if not first.strip() or not rest or first.endswith(ends) or not rest.endswith(ends) \
            or len(rest) > lexicon("fields")["parties"]["org_wrap_max"] or header_pattern().search(rest):
        return vend
    # the two lines make one name: no separator, no second name (本公司, a brand line of its own)
    head = rest[:-len(next(e for e in ends if rest.endswith(e)))]       # Co., Ltd. holds a comma of its own
    if any(ch in head for ch in ":：，,;；。") or not _CJK_OR_LATIN.match(rest):
        return vend
    return next_end


_CJK_OR_LATIN = re.compile(r"[\u3400-\u9fffA-Za-z(（]")


@cache
def _joined_pattern() -> "re.Pattern[str]":
    """A label joined to the next one by /, 、, 及, 和 (生产日期/保质期至, 生产日期及保质期): its items share the value."""
    labels = sorted({lab for body in lexicon("fields")["fields"].values() for lab in body["labels"]
                     if not _LATIN.match(lab)}, key=len, reverse=True)
    return re.compile(rf"(?:^|(?<=[\s,;。|:：]))(?P<label>{word_trie(labels)})[ \t]*(?:/|、|及|和|与|&)[ \t]*$")


def _joined_label(text: str, start: int, newlines: list[int]) -> "re.Match[str] | None":
    k = bisect.bisect_left(newlines, start)
    line_start = newlines[k - 1] + 1 if k else 0
    if start - line_start < 3 or text[start - 1] not in "/、及和与& \t":
        return None
    return _joined_pattern().search(text, max(line_start, start - 16), start)


# 2026.09.01/2027.09.01, or 2025年09月01日 12个月: one value for each of the two items
_TWO_VALUES = re.compile(r"^(?P<a>[^/]*\d[^/]*?)\s*/\s*(?P<b>[^/]*\d[^/]*)$|^(?P<a2>\S*\d\S*)[ \t]+(?P<b2>\S*\d\S*)$")


def _joined_values(fv: FieldValue) -> tuple[tuple[str, int, int], tuple[str, int, int] | None]:
    """((value, start, end) for the first item, the same for the second when the value holds one for each)."""
    m = _TWO_VALUES.match(fv.value)
    if m is None:
        return (fv.value, fv.start, fv.end), None
    a, b = ("a", "b") if m.group("a") is not None else ("a2", "b2")
    return ((m.group(a).strip(), fv.start + m.start(a), fv.start + m.start(a) + len(m.group(a).strip())),
            (m.group(b).strip(), fv.start + m.start(b), fv.start + m.start(b) + len(m.group(b).strip())))


def _preferred_first(out: dict[str, list[FieldValue]], text: str, shadow: "Shadow | None",
                     chinese_labelled: set[int]) -> dict[str, list[FieldValue]]:
    """Each field given more than once, the occurrence to check first. An imported food's Chinese label carries the
    mandatory items (GB 7718-2011 4.1 / 2025 8.1.2), and packs print the original text first and the 中文标签
    after it: an occurrence of the original — labelled in English, written in traditional characters, or before a
    中文标签 heading — goes after the others; so does a secondary label (规格, a listing's spec, after 净含量), and
    before all these, an occurrence with no value goes after one with a value.
    Otherwise the order is kept: a domestic bilingual label's Chinese comes first anyway."""
    multi = [k for k, v in out.items() if len(v) > 1]
    if not multi:
        return out
    heading = _sticker_heading(text)
    secondary = _secondary_labels()
    traditional = _traditional_lines(shadow) if shadow is not None else None

    def rank(fv: FieldValue) -> tuple[int, int, int]:
        foreign = (fv.label_start < heading
                   or (_ENGLISH_LABEL.match(fv.label) is not None and id(fv) not in chinese_labelled)
                   or (traditional is not None and traditional(fv)))
        # an empty occurrence (纯 植 物 配 方 ⏎, a slogan ending in a label word) goes after one with a value
        return int(not fv.value), int(foreign), int(_fold(fv.label) in secondary)

    return {k: sorted(v, key=rank) if k in multi else v for k, v in out.items()}


def _traditional_lines(shadow: "Shadow"):
    """A test: is an occurrence written in traditional characters (in the original text)? Its own lines tell, or,
    where they hold no character of one script only (保存方法：-18°C或以下冷藏), the nearest line above that does:
    the block it stands in."""
    original = shadow.original
    starts = [0] + [i + 1 for i, ch in enumerate(original) if ch == "\n"]
    carried: list[str | None] = []          # each line's script, a neutral line taking the one above it
    for k, st in enumerate(starts):
        end = starts[k + 1] - 1 if k + 1 < len(starts) else len(original)
        carried.append(_script(original[st:end]) or (carried[-1] if carried else None))

    def test(fv: FieldValue) -> bool:
        s, e = shadow.orig_span(fv.label_start, max(fv.end, fv.label_start))
        line = bisect.bisect_right(starts, s) - 1
        own = _script(original[starts[line]:e])
        if own is not None:
            return own == "traditional"
        return line > 0 and carried[line - 1] == "traditional"

    return test


@cache
def _secondary_labels() -> frozenset[str]:
    """Labels read after a field's other labels (fields.toml `secondary`)."""
    return frozenset(_fold(lab) for body in lexicon("fields")["fields"].values() for lab in body.get("secondary", ()))


@cache
def _list_end_starts() -> tuple[str, ...]:
    return tuple(lexicon("fields")["list_end"]["line_starts"])


@cache
def _list_label_words() -> tuple[str, ...]:
    return tuple(lexicon("fields")["list_end"]["label_line_within"]) + tuple(lexicon("fields")["sublists"]["heads"])


def _label_line_ends(key: str, text: str, start: int, end: int) -> bool:
    """A line that begins with a label of its own, known or not (消费者服务热线：…, 产品特点：…) — under the ingredient
    list, not one of the list's own (面饼：…, 食品添加剂：…)."""
    m = _LABEL_LINE.match(text, start, end)
    return m is not None and not (key == "ingredients" and any(w in m.group(0) for w in _list_label_words()))


@cache
def _sticker_heading_re() -> "re.Pattern[str]":
    heads = "|".join(re.escape(h) for h in sorted(lexicon("fields")["sticker"]["headings"], key=len, reverse=True))
    return re.compile(rf"^[ \t]*[【\[〔(]?[ \t]*(?:{heads})[ \t]*[】\]〕)]?[ \t]*:?[ \t]*(?:[A-Za-z][A-Za-z \t]*)?:?[ \t]*$",
                      re.MULTILINE | re.IGNORECASE)


def _sticker_heading(text: str) -> int:
    """Where the first 中文标签 heading line of an import's Chinese sticker starts (what is before it is the
    original's text); -1 when there is none."""
    m = _sticker_heading_re().search(text)
    return m.start() if m else -1


@cache
def _char_script(c: str) -> str | None:
    """A Han character's script by the two national code sets: in GB 2312 and not in Big5 — simplified only (麦, 见,
    装); in Big5 and not in GB 2312 — traditional only (麥, 見, 裝); in both (糖, 克, 面, 配料) or neither — None."""
    def has(enc: str) -> bool:
        try:
            c.encode(enc)
        except UnicodeEncodeError:
            return False
        return True
    gb, big5 = has("gb2312"), has("big5")
    return "simplified" if gb and not big5 else "traditional" if big5 and not gb else None


def _script(s: str) -> str | None:
    """"simplified" (a simplified-only character), "traditional" (traditional-only ones and no simplified-only one),
    or None (no character of one script only: 配料, 大豆, 含, digits, Latin)."""
    kinds = {_char_script(c) for c in s if "\u3400" <= c <= "\u9fff"}
    if "simplified" in kinds:
        return "simplified"
    return "traditional" if "traditional" in kinds else None


_HAN_BEFORE = re.compile(r"[\u3400-\u9fff]+[ \t]*$")


def _someone_elses_origin(text: str, start: int, previous_end: int) -> bool:
    """An origin label glued to the word before it at the start of a line (原料肉原产国：澳大利亚): that word's
    origin, not the food's — unless the word is the product (产品产地). After another field's value on the same
    line (a one-line shop block: 品牌：山野小厨产地：浙江) the word is that value, and the label is the food's."""
    line_start = text.rfind("\n", 0, start) + 1
    if previous_end > line_start:
        return False
    before = _HAN_BEFORE.search(text, line_start, start)
    if before is None or before.start() != line_start + (len(text[line_start:start]) - len(text[line_start:start].lstrip())):
        return False
    word = before.group().strip()
    return not any(word.endswith(p) for p in lexicon("fields")["fields"]["origin"]["own_prefixes"])


def other_keys() -> frozenset[str]:
    """Keys of fields that are no label item (brand, series, flavour, packaging …)."""
    return _label_index()[3]
