"""The HTML report's photo section: the straightened photo with each recognised run boxed (its text,
ink height, colour and confidence on hover), the findings' callouts on the photo, and a table of
what was read. A separate partial (templates/photo.html.j2) so the main report template stays one
file's concern; render/html.py adds it for documents read from photos."""
from __future__ import annotations

import base64

from markupsafe import Markup

from ..models import LabelDocument, Report
from .templating import env as _env

_RANK = {"error": 3, "warning": 2, "info": 1}


def _flags(doc: LabelDocument, report: Report) -> dict[int, list[tuple[str, str]]]:
    """span index → [(rule, severity)] of the findings that point at it."""
    out: dict[int, list[tuple[str, str]]] = {}
    text = doc.text or ""
    starts, pos = [], 0
    for s in doc.spans:                      # where each span sits in the label text (to_document wrote it in order)
        i = text.find(s.text, pos)
        starts.append(i)
        if i >= 0:
            pos = i + len(s.text)
    for f in report.findings:
        ev = f.evidence
        if ev is None:
            continue
        idx = set(ev.spans or [])
        if ev.source == "text" and not idx:
            idx = {i for i, (s, a) in enumerate(zip(doc.spans, starts)) if a >= 0 and a < ev.end and ev.start < a + len(s.text)}
        for i in idx:
            out.setdefault(i, []).append((f.rule, f.severity))
    return out


def photo_section(doc: LabelDocument | None, report: Report) -> Markup | None:
    if doc is None or not doc._photos or report.photo is None:
        return None
    flags = _flags(doc, report)
    unreadable = set(report.photo.get("low_confidence_spans", []))
    pictures, rows = [], []
    for page, panel, jpeg, width, height in doc._photos:
        boxes, callouts = [], []
        for i, s in enumerate(doc.spans):
            if s.page != page or not s.bbox:
                continue
            x0, y0, x1, y1 = s.bbox
            fl = flags.get(i, [])
            sev = max((sv for _, sv in fl if sv != "info"), key=_RANK.get, default=None)
            state = sev or ("unreadable" if i in unreadable else "read")
            h = f"{s.height_px:.0f} px" if s.height_px else "?"
            if s.size_mm:
                h += f" ({s.size_mm:.1f} mm)"
            boxes.append({"index": i, "x": x0, "y": y0, "w": x1 - x0, "h": y1 - y0, "state": state, "text": s.text,
                          "height": h, "colour": s.color, "confidence": s.confidence})
            shown = [(r, sv) for r, sv in fl if sv != "info"] or [(r, sv) for r, sv in fl]
            if shown:
                top = max(shown, key=lambda t: _RANK[t[1]])[1]
                callouts.append({"x": x0, "y": max(22, y0 - 6), "label": " ".join(sorted({r for r, _ in shown})), "severity": top})
        pictures.append({"page": page, "panel": panel, "width": width, "height": height,
                         "src": "data:image/jpeg;base64," + base64.b64encode(jpeg).decode(), "boxes": boxes,
                         "callouts": callouts, "source": next((p["source"] for p in report.photo.get("photos", [])
                                                              if p.get("panel") == panel), "")})
    for i, s in enumerate(doc.spans):
        h = f"{s.height_px:.0f} px" if s.height_px else "?"
        if s.size_mm:
            h += f" / {s.size_mm:.1f} mm"
        rows.append({"index": i, "panel": s.panel, "text": s.text, "height": h, "colour": s.color,
                     "confidence": s.confidence, "low": i in unreadable, "rules": sorted({r for r, _ in flags.get(i, [])})})
    html = _env().get_template("photo.html.j2").render(photo=report.photo, pictures=pictures, rows=rows)
    return Markup(html)
