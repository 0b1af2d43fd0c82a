"""Inkscape 0.92's flowed text (<flowRoot>): each paragraph wraps inside its frame (the flowRegion's rectangle), as
Inkscape lays it out. Read unwrapped, a long paragraph runs across whatever stands beside the frame — a nutrition
table — and the two are read as one block. Widths are estimated from the type's size (no font metrics)."""
from __future__ import annotations

from .layout import settings

# a line never starts with closing punctuation (Chinese line breaking, 避头尾): such a mark stays on the line before
_NO_LINE_START = set("，。、；：！？）》」』】〕”’%‰,.;:!?)]}")


def advance(text: str, size: float) -> float:
    """The estimated width of `text` set at `size` (any unit: the width comes out in the same one)."""
    lay = settings()["layout"]
    return sum(size * (lay["cjk_advance_em"] if ord(ch) > 0x2E7F else lay["latin_advance_em"]) for ch in text)


def _breakable(prev: str, ch: str) -> bool:
    """A line may break between prev and ch: beside a Han character or a space, not inside a Latin word or a number."""
    if ch in _NO_LINE_START:
        return False
    return prev.isspace() or ch.isspace() or ord(prev) > 0x2E7F or ord(ch) > 0x2E7F


def wrap(text: str, size: float, width: float) -> list[str]:
    """The lines `text` fills in a frame `width` wide (first fit; a word longer than the frame overflows it)."""
    if width <= 0:
        return [text]
    lines: list[str] = []
    line = ""
    last_break = 0              # where in `line` the latest allowed break falls
    for ch in text:
        if line and _breakable(line[-1], ch):
            last_break = len(line)
        line += ch
        if advance(line.rstrip(), size) > width and last_break > 0 and not ch.isspace():
            lines.append(line[:last_break].rstrip())
            line, last_break = line[last_break:].lstrip(), 0
    if line.strip() or not lines:
        lines.append(line.rstrip())
    return lines


def line_height(style: dict, size: float) -> float:
    """The distance between flowed lines: the style's line-height (a multiple, a percentage or a length in user
    units), else 1.25 times the size, Inkscape's default."""
    raw = (style.get("line-height") or "").strip()
    try:
        if raw.endswith("%"):
            return size * float(raw[:-1]) / 100
        if raw.endswith("px"):
            return float(raw[:-2])
        if raw and raw != "normal":
            return size * float(raw)
    except ValueError:
        pass
    return size * 1.25
