"""A label laid out as two columns of text side by side, as `pdftotext -layout` or a copy out of a two-column PDF writes
it: each line holds a row of the left column, a wide gap, and a row of the right one (产品名称：…      营养成分表). Read
line by line, the right column runs into the left's values (净含量：340克      脂肪 15.0克 25%). Where such a block is
plain, the layout shadow reads the left column top to bottom, then the right — every character still mapped to the
user's own (normalize.Shadow.reordered).

Plain means: at least four lines break at one display column (a Chinese character counts two) after a gap of two
spaces or more, and at least three of their left-hand parts are labelled fields (产品名称：) — a nutrition table's gaps
between its cells (能量      895千焦) break at a column too, but its left cells are no fields.
"""
from __future__ import annotations

from collections import Counter

import regex

from ..normalize import Shadow

_MIN_LINES = 4
_MIN_FIELDS = 3
_MIN_COLUMN = 16        # display columns: the left column is at least this wide
_SLACK = 1
_GAP = regex.compile(r"[ \t]{2,}(?=\S)")
_FIELD = regex.compile(r"^\s*[\p{Han}A-Za-z/（）()]{2,14}\s*[:：]")


def display_width(text: str) -> int:
    """Columns a monospaced layout gives the text: a Chinese (or other wide) character counts two."""
    return sum(2 if ord(ch) >= 0x2E80 else 1 for ch in text)


def _breaks(line: str) -> list[tuple[int, int, int]]:
    """(where the gap starts, where the right part starts, the display column it starts at) of each wide gap."""
    out, pos, width = [], 0, 0
    for m in _GAP.finditer(line):
        width += display_width(line[pos:m.end()])       # counted on from the last gap: one pass over the line
        pos = m.end()
        if line[:m.start()].strip():
            out.append((m.start(), m.end(), width))
    return out


def two_columns(layout: Shadow) -> Shadow:
    """The layout shadow read column by column where the text is two columns side by side; else the same shadow."""
    text = layout.text
    if "\n" not in text or not _GAP.search(text):
        return layout
    lines = text.split("\n")
    columns = Counter(col for line in lines for _, _, col in _breaks(line) if col >= _MIN_COLUMN)
    if not columns:
        return layout
    column = columns.most_common(1)[0][0]
    cut: dict[int, tuple[int, int]] = {}
    for i, line in enumerate(lines):
        for gap, right, col in _breaks(line):
            if abs(col - column) <= _SLACK:
                cut[i] = (gap, right)
                break
    # a field with its value on the left of the gap (产品名称：大豆植物肉…      营养成分表); a table of labels and values
    # (产品名称：      大豆植物肉汉堡饼) breaks after the label alone, and is no two columns
    labelled = [_FIELD.match(lines[i][:gap]) for i, (gap, _) in cut.items()]
    fields = sum(1 for i, m in zip(cut, labelled) if m and lines[i][m.end():cut[i][0]].strip())
    bare = sum(1 for i, m in zip(cut, labelled) if m and not lines[i][m.end():cut[i][0]].strip())
    if len(cut) < _MIN_LINES or fields < _MIN_FIELDS or bare >= fields:
        return layout
    first, last = min(cut), max(cut)
    # the block runs on over lines of one column only: a left-hand line shorter than the column, or a right-hand line
    # that starts at it (┆ 开罐后请冷藏…)
    while first > 0 and _one_side(lines[first - 1], column) is not None and lines[first - 1].strip():
        first -= 1
    while last + 1 < len(lines) and _one_side(lines[last + 1], column) is not None and lines[last + 1].strip():
        last += 1
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line) + 1)
    left, right = [], []
    for i in range(first, last + 1):
        base, line = offsets[i], lines[i]
        if i in cut:
            gap, start = cut[i]
            left.append((base, base + gap, "\n"))
            right.append((base + start, base + len(line), "\n"))
        elif _one_side(line, column) == "right":
            right.append((base + len(line) - len(line.lstrip()), base + len(line), "\n"))
        else:
            left.append((base, base + len(line), "\n"))
    before = [(0, offsets[first], "")]
    after = [(offsets[last + 1], len(text), "")] if last + 1 < len(lines) else []
    return layout.reordered(before + left + right + after)


def _one_side(line: str, column: int) -> str | None:
    """"left" for a line that ends before the column, "right" for one that starts at it, None for one across it."""
    body = line.rstrip()
    if not body.strip():
        return "left"
    lead = display_width(line[:len(line) - len(line.lstrip())])
    if abs(lead - column) <= _SLACK:
        return "right"
    return "left" if display_width(body) < column - 1 else None
