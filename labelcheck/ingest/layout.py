"""Artwork runs (PDF characters, SVG text) → a label document: lines in reading order, the
displayed name found, spans with their height, colour, panel and box kept for the report."""
from __future__ import annotations

from dataclasses import dataclass

from ..annotate import find_terms
from ..models import LabelDocument, Span
from ..normalize import normalize

NAME_HINT_CATS = ("dairy_qualifier", "plant_qualifier", "plant_meat", "soy_word", "animal_meat", "plant_milk_powder_name", "milk_powder")


@dataclass
class Run:
    """A piece of text in one size and colour on one baseline (coordinates in mm, y down)."""

    text: str
    size_mm: float
    color: str | None
    x0: float
    x1: float
    baseline: float
    page: int
    panel: str
    role: str | None = None
    vertical: bool = False


def merge_runs(runs: list[Run]) -> list[list[Run]]:
    """Group runs into lines (same page and baseline) in reading order, and join neighbours of one style."""
    lines: list[list[Run]] = []
    for r in sorted(runs, key=lambda r: (r.page, r.vertical, round(r.baseline, 1), r.x0)):
        if lines:
            last = lines[-1][-1]
            tol = 0.35 * min(last.size_mm, r.size_mm)
            if last.page == r.page and last.vertical == r.vertical and abs(last.baseline - r.baseline) <= tol:
                gap = r.x0 - last.x1
                same_style = abs(last.size_mm - r.size_mm) < 0.05 and last.color == r.color and last.role == r.role
                if same_style and gap < 1.5 * r.size_mm:
                    last.text += (" " if gap > 0.3 * r.size_mm else "") + r.text
                    last.x1 = max(last.x1, r.x1)
                else:
                    lines[-1].append(r)
                continue
        lines.append([r])
    # a line whose baseline is within tolerance of an earlier one (sorted apart by rounding) stays separate: rare, harmless
    return lines


def mark_name(lines: list[list[Run]]) -> None:
    """The displayed name: the largest text on the front panel, with its line, and qualifier runs just above or below."""
    if any(r.role == "name" for line in lines for r in line):
        return
    front = [r for line in lines for r in line if r.panel == "front" and r.text.strip()]
    if not front:
        return
    big = max(front, key=lambda r: r.size_mm)
    line_idx = next(i for i, line in enumerate(lines) if big in line)
    for r in lines[line_idx]:
        r.role = "name"
    for j in (line_idx - 1, line_idx + 1):
        if 0 <= j < len(lines) and lines[j] and lines[j][0].page == big.page:
            if abs(lines[j][0].baseline - big.baseline) <= 2.2 * big.size_mm:
                for r in lines[j]:
                    cats = [m for m in find_terms(normalize(r.text).text) if m.has(*NAME_HINT_CATS)]
                    if cats and len(r.text) <= 12:
                        r.role = "name"


def to_document(runs: list[Run], source: str, pages: list[tuple[float, float]] | None = None) -> LabelDocument:
    lines = merge_runs(runs)
    mark_name(lines)
    spans: list[Span] = []
    text_lines = []
    lines = [[r for r in line if r.text.strip()] for line in lines]
    lines = [line for line in lines if line]
    for line in lines:
        for r in line:
            r.text = " ".join(r.text.split())
        text_lines.append("".join(r.text for r in line))
        for r in line:
            spans.append(Span(text=r.text, size_mm=round(r.size_mm, 3), color=r.color, role=r.role, panel=r.panel,
                              page=r.page, bbox=(round(r.x0, 2), round(r.baseline - r.size_mm, 2), round(r.x1, 2), round(r.baseline, 2))))
    name_line = next((i for i, line in enumerate(lines) if any(r.role == "name" for r in line)), None)
    name = "".join(r.text for line in lines for r in line if r.role == "name") or None
    # the name's lines first, the rest in reading order, so the label text reads as the pack does
    if name_line is not None:
        text_lines = [text_lines[i] for i, line in enumerate(lines) if any(r.role == "name" for r in line)] + \
                     [text_lines[i] for i, line in enumerate(lines) if not any(r.role == "name" for r in line)]
    doc = LabelDocument(name=name, text="\n".join(text_lines), spans=spans)
    doc.source = source
    doc._pages = pages
    return doc
