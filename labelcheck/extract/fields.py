"""Labelled fields (产品名称：…, 执行标准 …) read from the layout shadow of the label text."""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import bisect
import re

import regex

from ..resources import lexicon


@dataclass(frozen=True, slots=True)
class FieldValue:
    key: str
    label: str
    value: str            # as in the shadow (normalized)
    start: int            # shadow offsets of the value
    end: int
    label_start: int


@cache
def _label_index() -> tuple[dict[str, str], "re.Pattern[str]"]:
    by_label: dict[str, str] = {}
    for key, body in lexicon("fields")["fields"].items():
        for lab in body["labels"]:
            by_label.setdefault(lab, key)
    # labels are often spaced out to align a column: 配 料：, 净 含 量：
    alts = "|".join("[ \t]{0,6}".join(re.escape(ch) for ch in lab) for lab in sorted(by_label, key=len, reverse=True))
    pattern = re.compile(
        rf"(?:^|(?<=[\s,;。|:!?*•·\])】]))(?P<label>{alts})"
        rf"(?P<qual>[ \t]*\([^)\n]{{0,12}}\))?"
        rf"(?P<sep>[ \t]*:[ \t]*|[ \t]+|(?=\n|$)|(?=[0-9见]))",
        re.MULTILINE,
    )
    return by_label, pattern


@cache
def _see_package() -> "regex.Pattern[str]":
    return regex.compile("|".join(regex.escape(p) for p in lexicon("fields")["see_package"]["patterns"]))


def is_reference(value: str) -> bool:
    """True for 见包装…-style values that point elsewhere on the pack."""
    return bool(_see_package().search(value))


MULTILINE_FIELDS = {"ingredients", "address", "allergen", "statement"}
MAX_FIELD_HITS = 20_000     # a label has dozens; past this the rest of a pathological text is not read as fields


def extract_fields(text: str) -> dict[str, list[FieldValue]]:
    """All labelled fields, first occurrence first, keyed by field name."""
    by_label, pattern = _label_index()
    hits = list(pattern.finditer(text))
    if len(hits) > MAX_FIELD_HITS:
        hits = hits[:MAX_FIELD_HITS]
    newlines = [i for i, ch in enumerate(text) if ch == "\n"] if "\n" in text else []

    def line_end(pos: int) -> int:
        k = bisect.bisect_left(newlines, pos)
        return newlines[k] if k < len(newlines) else len(text)

    out: dict[str, list[FieldValue]] = {}
    for i, m in enumerate(hits):
        label = m.group("label").replace(" ", "").replace("\t", "")
        key = by_label[label]
        vstart = m.end()
        le = line_end(vstart)
        nxt = hits[i + 1].start() if i + 1 < len(hits) else len(text)
        vend = min(le, nxt)
        value = text[vstart:vend]
        if not value.strip() and vend == le and nxt > le:
            # the value sits on the next line
            ns = le + 1
            vstart, vend = ns, min(line_end(ns), nxt)
            value = text[vstart:vend]
        if key in MULTILINE_FIELDS and vend == line_end(vstart):
            # wrapped lists continue until the next labelled line or a blank line
            for _ in range(50):
                if vend >= len(text) or vend >= nxt:
                    break
                ns = vend + 1
                ne = line_end(ns)
                if ns >= nxt or not text[ns:ne].strip() or "营养成分" in text[ns:ne]:
                    break
                vend = min(ne, nxt)
            value = text[vstart:vend]
        lead = len(value) - len(value.lstrip())
        trail = len(value.rstrip())
        fv = FieldValue(key, label, value.strip(), vstart + lead, vstart + trail, m.start())
        out.setdefault(key, []).append(fv)
    return out
