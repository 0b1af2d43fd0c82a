"""The package from the artwork when the designer has not given it: the total area (the PDF trim or
art box, the SVG artboard or dieline) and the largest display surface (a page, or the widest of the
panels laid side by side on one page, each as tall as the page). GB 7718-2011 附录A measures the
largest surface of the pack itself; a flat artwork's face is a fair stand-in for a box or a pouch,
and the report says where the figure came from. When nothing tells the size, the area stays unknown
and the report says that too."""
from __future__ import annotations

from ..models import LabelDocument, Package


def _panel_widths(panels: list[dict], x0: float, x1: float) -> list[float]:
    """Widths of the panels of one page, cutting the page at the middle of each gap between them."""
    boxes = sorted(p["bbox"] for p in panels)
    if len(boxes) <= 1:
        return [x1 - x0]
    cuts = [x0] + [(a[2] + b[0]) / 2 for a, b in zip(boxes, boxes[1:])] + [x1]
    return [max(0.0, b - a) for a, b in zip(cuts, cuts[1:])]


def package_from_artwork(doc: LabelDocument, how: str | None, boxes) -> None:
    """Fill doc.package from `boxes` (one [x0, y0, x1, y1] in mm, or a list of them, one a page)."""
    notes = doc._artwork_notes if doc._artwork_notes is not None else {}
    doc._artwork_notes = notes
    if doc.package and doc.package.largest_surface_cm2:
        notes["package_note"] = f"package area given: largest surface {doc.package.largest_surface_cm2:g} cm²"
        return
    if not boxes or not how:
        notes["package_note"] = ("package area unknown: the artwork gives no artboard, trim box or dieline, so the "
                                 "1.8 mm rule (GB 7718-2011 3.9) and the small-package exemptions are not judged")
        return
    pages = boxes if isinstance(boxes[0], (list, tuple)) else [boxes]
    total = largest = 0.0
    side_by_side = False
    for page_no, (x0, y0, x1, y1) in enumerate(pages, 1):
        w, h = abs(x1 - x0), abs(y1 - y0)
        if w <= 0 or h <= 0:
            continue
        total += w * h
        panels = [p for p in notes.get("panels", []) if p.get("page", 1) == page_no and p.get("bbox")]
        if how == "svg artboards":
            panels = []          # each board is one face
        folds = [f for f in notes.get("folds_mm", []) if min(x0, x1) < f < max(x0, x1)] if page_no == 1 else []
        if folds:       # the dieline's own folds cut the faces
            cuts = [min(x0, x1), *sorted(folds), max(x0, x1)]
            widths = [b - a for a, b in zip(cuts, cuts[1:])]
        else:
            widths = _panel_widths(panels, min(x0, x1), max(x0, x1))
        side_by_side = side_by_side or len(widths) > 1
        largest = max(largest, max(widths) * h)
    if total <= 0:
        notes["package_note"] = "package area unknown: the artwork's size is zero"
        return
    source = how + ((" (largest face between the dieline's folds)" if notes.get("folds_mm") else
                     " (largest face: the widest panel × the height)") if side_by_side else "")
    pkg = doc.package or Package()
    doc.package = pkg.model_copy(update={"largest_surface_cm2": round(largest / 100, 2),
                                         "total_surface_cm2": round(total / 100, 2), "surface_source": source})
    notes["package_note"] = (f"package from the artwork ({source}): largest display surface "
                             f"{largest / 100:.1f} cm², total {total / 100:.1f} cm²")
