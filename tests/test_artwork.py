"""PDF and SVG artwork give the same findings as the label document they were made from."""
from __future__ import annotations

import datetime as dt
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

import labelcheck
from labelcheck.errors import InputError
from labelcheck.ingest import load_bytes
from labelcheck.models import LabelDocument

sys.path.insert(0, str(Path(__file__).parent))
from artwork import to_pdf, to_svg  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
AS_OF = dt.date(2026, 11, 23)

COLOUR_DOC = {
    "name": "乳基蛋白牛排",
    "spans": [{"text": "乳基蛋白", "size_mm": 8.0, "color": "#888888", "role": "name"},
              {"text": "牛排", "size_mm": 8.0, "color": "#000000", "role": "name"},
              {"text": "净含量：250克", "size_mm": 2.5}],
    "text": "乳基蛋白牛排\n配料：饮用水，酪蛋白，浓缩乳蛋白\n净含量：250克\n产品标准号：T/CEAC 123\n营养成分表 每100g 蛋白质 26.0g 脂肪 5.0g",
}
SOY_DOC = {
    "spans": [{"text": "植物肉汉堡饼", "size_mm": 10.0, "color": "#1a1a1a", "role": "name"}],
    "text": "植物肉汉堡饼\n配料：水，大豆分离蛋白，椰子油\n执行标准：T/CNFIA 165\n贮存条件：冷藏0℃~15℃",
}


def _docs():
    font = json.loads((ROOT / "corpus/examples/dairy_fail_name_font.json").read_text(encoding="utf-8"))
    # (the ink note the artwork's net content gets: its 3.5 mm font passes 3 mm, its digits at 0.72 em would not)
    return [pytest.param(font, 1, id="font"), pytest.param(COLOUR_DOC, 0, id="colour"), pytest.param(SOY_DOC, 0, id="soy")]


def _keys(report):
    return sorted((f.rule, f.standard, f.clause, f.severity) for f in report.findings)


@pytest.mark.parametrize("doc,ink_notes", _docs())
@pytest.mark.parametrize("kind", ["pdf", "svg"])
def test_artwork_matches_document(doc, ink_notes, kind):
    data = to_pdf(doc) if kind == "pdf" else to_svg(doc)
    art = load_bytes(data, f"proof.{kind}", f".{kind}")
    want = labelcheck.check(LabelDocument.model_validate(doc), as_of=AS_OF)
    got = labelcheck.check(art, as_of=AS_OF)
    assert got.product_class == want.product_class
    # the artwork's sizes are font sizes, the document's character heights (CONTRACT): only the artwork's net content
    # gets the note that its digits stand lower (LC582 info)
    ink = [k for k in _keys(got) if k[0] == "LC582" and k[3] == "info"]
    assert [k for k in _keys(got) if k not in ink] == _keys(want) and len(ink) == ink_notes
    for f in got.findings:
        if f.evidence and f.evidence.source == "text":
            assert art.text[f.evidence.start:f.evidence.end] == f.evidence.text


def test_pdf_sizes_colours_and_name(tmp_path):
    art = load_bytes(to_pdf(COLOUR_DOC), "p.pdf", ".pdf")
    q = next(s for s in art.spans if s.text == "乳基蛋白")
    assert q.role == "name" and q.color == "#888888" and abs(q.size_mm - 8.0) < 0.05 and q.panel == "front"


def test_svg_units_viewbox_transform_and_css():
    svg = ('<svg xmlns="http://www.w3.org/2000/svg" width="200mm" height="100mm" viewBox="0 0 400 200">'
           '<style>.q{fill:#CC0000;font-size:8px}.m{fill:#000;font-size:24px}</style>'
           '<g id="front" transform="scale(0.5)"><text x="20" y="80"><tspan class="q">乳基蛋白</tspan><tspan class="m">香肠</tspan></text></g>'
           '<text x="10" y="180" style="font-size:6pt">净含量：300g</text></svg>')
    art = load_bytes(svg.encode(), "e.svg", ".svg")
    q = next(s for s in art.spans if s.text == "乳基蛋白")
    m = next(s for s in art.spans if s.text == "香肠")
    # 1 user unit = 0.5 mm; scale(0.5) halves again: 8 → 2 mm, 24 → 6 mm
    assert abs(q.size_mm - 2.0) < 1e-6 and abs(m.size_mm - 6.0) < 1e-6 and q.color == "#cc0000"
    net = next(s for s in art.spans if s.text.startswith("净含量"))
    # 6pt inside the drawing is 8 user units (CSS: 96 px = 72 pt, a px one user unit), as browsers draw it: 4 mm here
    assert abs(net.size_mm - 8 * 0.5) < 0.006      # spans keep sizes to 0.01 mm
    report = labelcheck.check(art, as_of=AS_OF)
    assert {"LC113", "LC114"} <= {f.rule for f in report.findings}


def test_pdf_without_text_layer():
    from reportlab.pdfgen import canvas
    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    c.rect(10, 10, 100, 100, fill=1)
    c.showPage()
    c.save()
    with pytest.raises(InputError, match="no text layer"):
        load_bytes(buf.getvalue(), "scan.pdf", ".pdf")


def test_encrypted_and_corrupt_pdf():
    from reportlab.pdfgen import canvas
    buf = io.BytesIO()
    c = canvas.Canvas(buf, encrypt="secret")
    c.drawString(10, 10, "x")
    c.showPage()
    c.save()
    with pytest.raises(InputError, match="encrypted|not a readable|could not be read|no text"):
        load_bytes(buf.getvalue(), "locked.pdf", ".pdf")
    with pytest.raises(InputError, match="PDF"):
        load_bytes(b"%PDF-1.7\n" + b"\x00garbage" * 100, "broken.pdf", ".pdf")


def test_svg_outlined_text_reported_and_entities_refused():
    art = load_bytes(b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 50"><path d="M0 0L10 10"/></svg>', "o.svg", ".svg")
    report = labelcheck.check(art, as_of=AS_OF)
    assert [(f.rule, f.severity) for f in report.findings] == [("LC801", "info")]
    assert "no live text" in report.findings[0].message_en and report.verdict == "warn"
    with pytest.raises(InputError, match="neither text nor shapes"):
        load_bytes(b'<svg xmlns="http://www.w3.org/2000/svg"></svg>', "e.svg", ".svg")
    bomb = b'<?xml version="1.0"?><!DOCTYPE s [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]><svg xmlns="http://www.w3.org/2000/svg"><text>&b;</text></svg>'
    with pytest.raises(InputError, match="entities"):
        load_bytes(bomb, "bomb.svg", ".svg")
    with pytest.raises(InputError):
        load_bytes(b"<svg><text>unclosed", "bad.svg", ".svg")


def test_cli_checks_pdf_and_svg_files(tmp_path):
    pdf = tmp_path / "proof.pdf"
    pdf.write_bytes(to_pdf(COLOUR_DOC))
    svg = tmp_path / "export.svg"
    svg.write_bytes(to_svg(COLOUR_DOC))
    p = subprocess.run([sys.executable, "-m", "labelcheck", "check", str(pdf), str(svg), "--format", "json", "--as-of", "2026-11-23"],
                       capture_output=True, text=True, timeout=120)
    assert p.returncode == 1, p.stderr
    reports = json.loads(p.stdout)
    assert [r["source"] for r in reports] == [str(pdf), str(svg)]
    assert all("LC114" in {f["rule"] for f in r["findings"]} for r in reports)


def test_svg_multiline_text_with_dy():
    svg = ('<svg xmlns="http://www.w3.org/2000/svg" width="100mm" height="100mm" viewBox="0 0 100 100">'
           '<text x="5" y="20" font-size="10"><tspan>乳基蛋白牛排</tspan>'
           '<tspan x="5" dy="1.5em" font-size="3">配料：饮用水，酪蛋白</tspan>'
           '<tspan x="5" dy="1.5em" font-size="3">净含量：200克</tspan></text></svg>')
    art = load_bytes(svg.encode(), "lines.svg", ".svg")
    assert art.text.split("\n") == ["乳基蛋白牛排", "配料：饮用水，酪蛋白", "净含量：200克"]
    assert art.name == "乳基蛋白牛排"
