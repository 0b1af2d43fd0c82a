"""PDF proofs via pdfplumber (pure Python, MIT, character-level font size, colour and position).

Character height: a PDF gives each character's font size in points (the em square after the text
matrix). CJK glyphs fill the em square, so height in mm = size × 25.4 / 72; Latin capitals are
smaller than that, so the figure is a slight overestimate for them. Page 1 is the front panel,
page 2 the back, then "page N". Rotated characters are grouped on their own lines.
"""
from __future__ import annotations

import io

from ..errors import InputError
from ..models import LabelDocument
from .layout import Run, to_document

PT = 25.4 / 72.0
MAX_PAGES = 50


def _colour(c) -> str | None:
    if c is None:
        return None
    if isinstance(c, (int, float)):
        c = (c,)
    try:
        vals = [float(v) for v in c]
    except (TypeError, ValueError):
        return None          # pattern colour spaces
    if len(vals) == 1:
        rgb = (vals[0],) * 3
    elif len(vals) == 3:
        rgb = tuple(vals)
    elif len(vals) == 4:
        cc, m, y, k = vals
        rgb = ((1 - cc) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k))
    else:
        return None
    return "#" + "".join(f"{max(0, min(255, round(v * 255))):02x}" for v in rgb)


def panel_name(page_no: int) -> str:
    return {1: "front", 2: "back"}.get(page_no, f"page {page_no}")


def parse_pdf(data: bytes, source: str) -> LabelDocument:
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except PDFPasswordIncorrect:
        raise InputError(source, "the PDF is encrypted (password protected); export an unprotected proof") from None
    except Exception as exc:  # pdfminer raises many kinds on damaged files
        raise InputError(source, f"not a readable PDF ({type(exc).__name__})") from None
    runs: list[Run] = []
    pages = []
    with pdf:
        try:
            if len(pdf.pages) > MAX_PAGES:
                raise InputError(source, f"{len(pdf.pages)} pages is more than the {MAX_PAGES}-page limit")
            for n, page in enumerate(pdf.pages, 1):
                pages.append((float(page.width) * PT, float(page.height) * PT))
                for ch in page.chars:
                    text = ch.get("text", "")
                    if not text:
                        continue
                    if text.isspace():
                        text = " "
                    size = float(ch.get("size") or 0) * PT
                    if size <= 0:
                        continue
                    m = ch.get("matrix") or (1, 0, 0, 1, ch["x0"], 0)
                    upright = bool(ch.get("upright", True))
                    baseline = float(page.height) - float(m[5]) if upright else float(ch["x0"])
                    x0, x1 = (float(ch["x0"]), float(ch["x1"])) if upright else (float(ch["top"]), float(ch["bottom"]))
                    runs.append(Run(text=text, size_mm=size, color=_colour(ch.get("non_stroking_color")),
                                    x0=x0 * PT, x1=x1 * PT, baseline=baseline * PT, page=n, panel=panel_name(n),
                                    vertical=not upright))
        except InputError:
            raise
        except Exception as exc:
            raise InputError(source, f"the PDF could not be read ({type(exc).__name__})") from None
    if not runs:
        raise InputError(source, "the PDF has no text layer (an image only?); run OCR or export with live text")
    unmapped = sum(1 for r in runs if r.text.startswith("(cid:"))
    if unmapped > len(runs) / 2:
        raise InputError(source, "the PDF's fonts have no Unicode mapping (text reads as (cid:…)); export with searchable text")
    doc = to_document(runs, source, pages)
    doc._artwork = ("pdf", data)
    return doc
