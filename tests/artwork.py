"""Render a label document as the artwork a designer would export: a PDF (reportlab, CID font
STSong-Light, no font file needed) and an SVG (millimetre user units, a CSS class for colour)."""
from __future__ import annotations

import io
from xml.sax.saxutils import escape

PT_PER_MM = 72 / 25.4


def _lines(doc: dict) -> list[list[dict]]:
    """The artwork's lines: the name runs first, then every other text line (sized by its span if any)."""
    spans = doc.get("spans", [])
    name_runs = [s for s in spans if s.get("role") == "name"]
    sized = {s["text"]: s for s in spans if s.get("role") != "name"}
    text_lines = (doc.get("text") or "").split("\n")
    name = "".join(s["text"] for s in name_runs)
    if text_lines and name and text_lines[0] == name:
        text_lines = text_lines[1:]
    lines = [name_runs] if name_runs else []
    for t in text_lines:
        if t:
            s = sized.get(t, {"text": t, "size_mm": 3.0, "color": "#000000"})
            lines.append([s])
    return lines


def to_pdf(doc: dict, width_mm: float = 120) -> bytes:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    lines = _lines(doc)
    height_mm = 10 + sum(max(r.get("size_mm", 3) for r in line) * 1.6 for line in lines)
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(width_mm * PT_PER_MM, height_mm * PT_PER_MM))
    y = height_mm - 5
    for line in lines:
        y -= max(r.get("size_mm", 3) for r in line) * 1.3
        x = 5.0
        for r in line:
            size_pt = r.get("size_mm", 3) * PT_PER_MM
            c.setFont("STSong-Light", size_pt)
            hexc = (r.get("color") or "#000000").lstrip("#")
            if len(hexc) == 3:
                hexc = "".join(ch * 2 for ch in hexc)
            c.setFillColorRGB(*(int(hexc[i:i + 2], 16) / 255 for i in (0, 2, 4)))
            c.drawString(x * PT_PER_MM, y * PT_PER_MM, r["text"])
            x += pdfmetrics.stringWidth(r["text"], "STSong-Light", size_pt) / PT_PER_MM
    c.showPage()
    c.save()
    return buf.getvalue()


def to_svg(doc: dict, width_mm: float = 120) -> bytes:
    lines = _lines(doc)
    height_mm = 10 + sum(max(r.get("size_mm", 3) for r in line) * 1.6 for line in lines)
    colours = sorted({(r.get("color") or "#000000").lower() for line in lines for r in line})
    css = "".join(f".c{i}{{fill:{c}}}" for i, c in enumerate(colours))
    out = [f'<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="{width_mm}mm" '
           f'height="{height_mm:.1f}mm" viewBox="0 0 {width_mm} {height_mm:.1f}"><style>{css}</style><g id="front">']
    y = 5.0
    for line in lines:
        y += max(r.get("size_mm", 3) for r in line) * 1.3
        x = 5.0
        out.append(f'<text transform="translate({x} {y:.2f})">')
        for r in line:
            cls = colours.index((r.get("color") or "#000000").lower())
            out.append(f'<tspan class="c{cls}" style="font-size:{r.get("size_mm", 3)}px">{escape(r["text"])}</tspan>')
        out.append("</text>")
    out.append("</g></svg>")
    return "".join(out).encode("utf-8")
