"""A self-contained HTML report (no network): findings with their clause, the label text with each
finding's evidence highlighted, extracted fields and nutrition table, and for artwork a picture of
the page with the offending runs outlined. Rendered from templates/report.html.j2."""
from __future__ import annotations

import base64
import datetime as dt
from functools import cache

import jinja2

from ..models import LabelDocument, Report
from ..resources import data_dir

_RANK = {"error": 3, "warning": 2, "info": 1}


@cache
def _env() -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.FileSystemLoader(str(data_dir("templates"))),
                              autoescape=jinja2.select_autoescape(["html", "j2"]), trim_blocks=True, lstrip_blocks=True)


def highlighted(text: str, report: Report) -> list[dict]:
    """The text cut into pieces, each with the strongest severity of the findings covering it."""
    marks = [(f.evidence.start, f.evidence.end, f) for f in report.findings
             if f.evidence and f.evidence.source == "text" and f.evidence.end > f.evidence.start]
    if not marks:
        return [{"text": text, "severity": None, "rules": []}]
    cuts = sorted({0, len(text)} | {s for s, _, _ in marks} | {e for _, e, _ in marks})
    pieces = []
    for a, b in zip(cuts, cuts[1:]):
        cover = [f for s, e, f in marks if s <= a and b <= e]
        sev = max((f.severity for f in cover), key=_RANK.get, default=None)
        pieces.append({"text": text[a:b], "severity": sev, "rules": sorted({f.rule for f in cover})})
    return pieces


def _pictures(doc: LabelDocument | None, report: Report) -> list[dict]:
    if doc is None or doc._artwork is None:
        return []
    kind, data = doc._artwork
    pages = doc._pages or [(210.0, 297.0)]
    flagged: dict[int, set[str]] = {}
    for f in report.findings:
        if f.evidence and f.evidence.spans and f.severity != "info":
            for i in f.evidence.spans:
                flagged.setdefault(i, set()).add(f.severity)
        elif f.evidence and f.evidence.source == "text" and f.severity != "info":
            for i, s in enumerate(doc.spans):
                if f.evidence.text and f.evidence.text in s.text:
                    flagged.setdefault(i, set()).add(f.severity)
    out = []
    for page_no, (w, h) in enumerate(pages, 1):
        if kind == "svg":
            src = "data:image/svg+xml;base64," + base64.b64encode(data).decode()
        else:
            src = _pdf_page_png(data, page_no - 1)
            if src is None:
                continue
        boxes = []
        for i, s in enumerate(doc.spans):
            if (s.page or 1) == page_no and s.bbox and i in flagged:
                sev = max(flagged[i], key=_RANK.get)
                x0, y0, x1, y1 = s.bbox
                boxes.append({"x": x0 - 0.6, "y": y0 - 0.6, "w": x1 - x0 + 1.2, "h": y1 - y0 + 1.2, "severity": sev, "text": s.text})
        out.append({"page": page_no, "width": w, "height": h, "src": src, "boxes": boxes})
    return out


def _pdf_page_png(data: bytes, index: int) -> str | None:
    try:
        import pypdfium2 as pdfium
        pdf = pdfium.PdfDocument(data)
        page = pdf[index]
        image = page.render(scale=2).to_pil()
        import io
        buf = io.BytesIO()
        image.save(buf, format="PNG")
        return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode()
    except Exception:
        return None


def render_html(reports: list[Report], docs: list[LabelDocument | None] | None = None) -> str:
    from ..rules.docs import rule_rows
    rules = {r["id"]: r for r in rule_rows()}
    docs = docs or [None] * len(reports)
    items = []
    for report, doc in zip(reports, docs):
        text = (doc.full_text if doc is not None else report.fields.get("name", "")) or ""
        items.append({"report": report, "pieces": highlighted(text, report), "pictures": _pictures(doc, report),
                      "nutrition": report.fields.get("nutrition"),
                      "fields": {k: v for k, v in report.fields.items() if isinstance(v, str)},
                      "counts": {s: sum(1 for f in report.findings if f.severity == s) for s in ("error", "warning", "info")}})
        if report.photo is not None:          # read from photos: the photo section (render/html_photo.py)
            from .html_photo import photo_section
            items[-1]["photo_html"] = photo_section(doc, report)
    return _env().get_template("report.html.j2").render(items=items, rules=rules,
                                                         generated=dt.datetime.now().strftime("%Y-%m-%d %H:%M"))
