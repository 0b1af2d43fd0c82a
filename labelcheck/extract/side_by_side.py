"""An import's back label typed or pasted as two columns side by side: the original's text on the left, the Chinese
sticker's on the right, each line holding one row of both (Ingredients: water, pea … | 配料：水、豌豆蛋白…).

Read line by line, the English runs into the Chinese values (配料：水、⏎ rapeseed oil, … | 菜籽油). Where such a block
is found, the layout shadow gets the left column blanked — spaces in place of its characters, so every offset still
points at the user's own text — and the Chinese column reads as the label it is (GB 7718-2011 4.1: the Chinese label
carries the mandatory items). Found only where it is plain: at least four lines whose Chinese starts at the same
column (within two characters), to the right of Latin text, far from the line's start.
"""
from __future__ import annotations

from collections import Counter

import regex

from ..normalize import Shadow

_HAN = regex.compile(r"\p{Han}")
_LATIN = regex.compile(r"[A-Za-z]")
_MIN_LINES = 4          # rows of both columns that place the Chinese at one column
_MIN_COLUMN = 15        # the left column is at least this wide
_SLACK = 2              # how far a row's Chinese may start from the column


def chinese_column(layout: Shadow) -> Shadow:
    """The layout shadow with a side-by-side block's left (Latin) column blanked; the same shadow where there is none."""
    text = layout.text
    lines = text.split("\n")
    starts = [_han_start(line) for line in lines]
    columns = Counter(h for line, h in zip(lines, starts)
                      if h is not None and h >= _MIN_COLUMN and _LATIN.search(line, 0, h))
    if not columns:
        return layout
    column = columns.most_common(1)[0][0]
    rows = [i for i, (line, h) in enumerate(zip(lines, starts))
            if h is not None and abs(h - column) <= _SLACK and _LATIN.search(line, 0, h)]
    if len(rows) < _MIN_LINES:
        return layout
    first, last = rows[0], rows[-1]
    out = []
    for i, (line, h) in enumerate(zip(lines, starts)):
        if first <= i <= last + 1:
            if h is not None and abs(h - column) <= _SLACK:
                line = " " * h + line[h:]                  # the left column, and the rule or gap before the Chinese
            elif h is None and len(line.rstrip()) <= column + _SLACK and _LATIN.search(line):
                line = " " * len(line)                     # a row of the left column alone (… yellow pea flour (30%))
        out.append(line)
    blanked = "\n".join(out)
    if blanked == text:
        return layout
    return layout.blanked(blanked)


def _han_start(line: str) -> int | None:
    m = _HAN.search(line)
    return m.start() if m else None


def kept_original(layout: Shadow, start: int, end: int) -> str:
    """The user's own characters of a shadow slice without those the left column's blanking hid: a field's value
    as the report shows it (配料：水、豌豆蛋白（18%）、⏎ 菜籽油、…, not the English between)."""
    index = layout.index
    out: list[str] = []
    last = -1
    for i in range(start, end):
        o = index[i] if index is not None else i
        if o == last:
            continue                   # one character the shadow wrote as several (㎏ → kg)
        last = o
        ch = layout.original[o]
        if layout.text[i] == " " and not ch.isspace():
            continue                   # blanked
        out.append(ch)
    lines = [line.strip() for line in "".join(out).split("\n")]
    return "\n".join(line for line in lines if line)
