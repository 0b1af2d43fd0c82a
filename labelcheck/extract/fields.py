"""Labelled fields (产品名称：…, 执行标准 …) read from the layout shadow of the label text."""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache

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
def _label_index() -> tuple[dict[str, str], "regex.Pattern[str]"]:
    by_label: dict[str, str] = {}
    for key, body in lexicon("fields")["fields"].items():
        for lab in body["labels"]:
            by_label.setdefault(lab, key)
    alts = "|".join(regex.escape(l) for l in sorted(by_label, key=len, reverse=True))
    pattern = regex.compile(
        rf"(?:(?<=^|[\s,;。|:!?*•·\])】]))(?P<label>{alts})"
        rf"(?P<qual>\s*\([^)\n]{{0,12}}\))?"
        rf"(?P<sep>\s*:\s*|[ \t]+|(?=\n|$)|(?=[0-9见]))",
        regex.MULTILINE,
    )
    return by_label, pattern


@cache
def _see_package() -> "regex.Pattern[str]":
    return regex.compile("|".join(regex.escape(p) for p in lexicon("fields")["see_package"]["patterns"]))


def is_reference(value: str) -> bool:
    """True for 见包装…-style values that point elsewhere on the pack."""
    return bool(_see_package().search(value))


MULTILINE_FIELDS = {"ingredients", "address", "allergen", "statement"}


def extract_fields(text: str) -> dict[str, list[FieldValue]]:
    """All labelled fields, first occurrence first, keyed by field name."""
    by_label, pattern = _label_index()
    hits = list(pattern.finditer(text))
    out: dict[str, list[FieldValue]] = {}
    for i, m in enumerate(hits):
        key = by_label[m.group("label")]
        vstart = m.end()
        line_end = text.find("\n", vstart)
        line_end = len(text) if line_end < 0 else line_end
        nxt = hits[i + 1].start() if i + 1 < len(hits) else len(text)
        vend = min(line_end, nxt)
        value = text[vstart:vend]
        if not value.strip() and vend == line_end and nxt > line_end:
            # the value sits on the next line
            ns = line_end + 1
            ne = text.find("\n", ns)
            ne = len(text) if ne < 0 else ne
            vstart, vend = ns, min(ne, nxt)
            value = text[vstart:vend]
        if key in MULTILINE_FIELDS and vend == line_end:
            # wrapped lists continue until the next labelled line or a blank line
            while vend < len(text) and vend < nxt:
                ns = vend + 1
                ne = text.find("\n", ns)
                ne = len(text) if ne < 0 else ne
                if ns >= nxt or not text[ns:ne].strip() or "营养成分" in text[ns:ne]:
                    break
                vend = min(ne, nxt)
            value = text[vstart:vend]
        lead = len(value) - len(value.lstrip())
        trail = len(value.rstrip())
        fv = FieldValue(key, m.group("label"), value.strip(), vstart + lead, vstart + trail, m.start())
        out.setdefault(key, []).append(fv)
    return out
