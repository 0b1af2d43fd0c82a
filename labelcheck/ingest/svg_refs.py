"""References inside an SVG: a <use> of a <symbol> or of any element with an id (Illustrator's "Export As" writes
badges and statements as symbol instances), and text set on a path. Transforms are 6-tuples (a, b, c, d, e, f)."""
from __future__ import annotations

import re

XLINK = "{http://www.w3.org/1999/xlink}"
MAX_USES = 50_000          # nested instances multiply: a file that would draw more is refused, not walked for ever
_NUMBER = re.compile(r"^\s*(-?\d*\.?\d+(?:e-?\d+)?)\s*(?:px)?\s*$", re.I)


def href(el) -> str:
    """The id an element refers to (href="#id", or xlink:href in SVG 1.1)."""
    return (el.get("href") or el.get(XLINK + "href") or "").strip().removeprefix("#")


def _number(value: str | None) -> float | None:
    """A plain length in user units; a percentage or another unit gives None (the caller's default applies)."""
    m = _NUMBER.match(value or "")
    return float(m.group(1)) if m else None


def use_transform(use, target) -> tuple[float, ...]:
    """Where a <use> draws its target, after the use's own transform: moved by its x, y and, for a <symbol> (or an
    <svg>) with a viewBox, the viewBox fitted into the use's width × height (else the symbol's, else the viewBox's
    own size) as preserveAspectRatio says — xMidYMid meet unless "none" or another alignment is given."""
    x, y = _number(use.get("x")) or 0.0, _number(use.get("y")) or 0.0
    try:
        vb = [float(v) for v in re.split(r"[\s,]+", (target.get("viewBox") or "").strip()) if v]
    except ValueError:
        vb = []
    if len(vb) != 4 or vb[2] <= 0 or vb[3] <= 0 or target.tag.rsplit("}", 1)[-1] not in ("symbol", "svg"):
        return 1.0, 0.0, 0.0, 1.0, x, y
    w = _number(use.get("width")) or _number(target.get("width")) or vb[2]
    h = _number(use.get("height")) or _number(target.get("height")) or vb[3]
    sx, sy = w / vb[2], h / vb[3]
    align = (target.get("preserveAspectRatio") or "xMidYMid meet").split()
    if align[0] != "none":
        sx = sy = max(sx, sy) if "slice" in align[1:] else min(sx, sy)
    # the share of the leftover room put before the content: Min 0, Mid a half, Max all
    fx = {"xMin": 0.0, "xMax": 1.0}.get(align[0][:4], 0.5) if align[0] != "none" else 0.0
    fy = {"YMin": 0.0, "YMax": 1.0}.get(align[0][4:], 0.5) if align[0] != "none" else 0.0
    return sx, 0.0, 0.0, sy, x + fx * (w - vb[2] * sx) - vb[0] * sx, y + fy * (h - vb[3] * sy) - vb[1] * sy


def path_start(path, cursor: dict) -> None:
    """Text on a path starts where the path does (its first moveto), not at the text's own 0,0."""
    m = re.match(r"\s*[Mm]\s*(-?[\d.]+(?:e-?\d+)?)[\s,]*(-?[\d.]+(?:e-?\d+)?)", path.get("d") or "") if path is not None else None
    if m:
        cursor["x"], cursor["y"] = float(m.group(1)), float(m.group(2))
