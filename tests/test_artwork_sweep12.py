"""Artwork from the twelfth outside sweep (tests/fixtures/artwork/sweep12/) and the causes it found, each once read
wrong or reported badly: pdfminer's warnings on Chromium's fonts printed to stderr by the hundred; an Illustrator
Save As SVG (entities in its DTD) refused without saying what to do instead; a vertical name (writing-mode:
vertical-rl printed by Chromium: upright characters one under another) read across as rows, one character of each
column a line, and cut from its face as a panel of its own; a nutrition table set 3 mm beside the field grid read
into the grid's lines (the NRV rows inside the ingredients); a tuck flap turned 180° read backwards."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SWEEP = ROOT / "tests" / "fixtures" / "artwork" / "sweep12"


def _cli(*args) -> tuple[int, str, str]:
    p = subprocess.run([sys.executable, "-m", "labelcheck", *args], capture_output=True, timeout=120, cwd=ROOT)
    return p.returncode, p.stdout.decode("utf-8"), p.stderr.decode("utf-8")


# ---------------------------------------------------------------- 1. pdfminer's logging

def test_chromium_pdf_prints_no_pdfminer_warnings():
    # Chromium's embedded fonts have no FontBBox: pdfminer warned once per character ("Could not get FontBBox from
    # font descriptor because None cannot be parsed as 4 floats"), and Python printed each warning to stderr
    code, out, err = _cli("check", str(SWEEP / "chromium_fontbbox_name.pdf"), "--format", "json")
    assert code in (0, 1) and out.strip().startswith("{")
    assert err == "", err


def test_an_unreadable_pdf_still_says_so_in_one_line(tmp_path):
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF")
    code, _out, err = _cli("check", str(bad), "--format", "json")
    assert code == 2 and len(err.strip().splitlines()) == 1 and "broken.pdf" in err, err


# ---------------------------------------------------------------- 2. entities refused, with the way out

def test_illustrator_save_as_entities_are_read():
    # Save As with "Preserve Illustrator Editing Capabilities": a DTD declaring &ns_ai; and its kin, each a plain
    # namespace string. Since sweep 14 they are written out and the file reads (nothing can expand past a literal that
    # refers to nothing); entities of any other kind are still refused, with the way out (below)
    code, out, err = _cli("check", str(SWEEP / "ai_saveas_preserve_editing_entities.svg"), "--format", "json")
    assert code in (0, 1) and err == "", err
    report = json.loads(out)
    assert report["product_class"] == "dairy_meat" and report["fields"]["name"] == "乳基蛋白牛肉饼"


def test_illustrator_entities_of_another_kind_refused_with_the_next_step():
    from labelcheck.errors import InputError
    from labelcheck.ingest import load_bytes
    data = (SWEEP / "ai_saveas_preserve_editing_entities.svg").read_bytes()
    data = data.replace(b"<!ENTITY ns_ai ", b'<!ENTITY ns_x "&ns_ai;&ns_ai;"><!ENTITY ns_ai ', 1)
    with pytest.raises(InputError, match="entities") as exc:
        load_bytes(data, "saveas.svg", ".svg")
    assert "Export As" in str(exc.value) and "Preserve Illustrator Editing Capabilities" in str(exc.value)


def test_other_entities_refused_with_a_plain_next_step():
    import pytest

    from labelcheck.errors import InputError
    from labelcheck.ingest import load_bytes
    bomb = (b'<?xml version="1.0"?><!DOCTYPE s [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]>'
            b'<svg xmlns="http://www.w3.org/2000/svg"><text>&b;</text></svg>')
    with pytest.raises(InputError, match="entities") as exc:
        load_bytes(bomb, "bomb.svg", ".svg")
    assert "plain SVG" in str(exc.value) and "Illustrator" not in str(exc.value)


# ---------------------------------------------------------------- 3. vertical (stacked) CJK text

def _runs(cells, size=3.0):
    """(text, x mm, baseline mm) → one single-character run each, as a PDF gives them."""
    from labelcheck.ingest.layout import Run
    out = []
    for text, x, y in cells:
        for i, ch in enumerate(text):
            out.append(Run(text=ch, size_mm=size, color="#000000", x0=x + i * size, x1=x + (i + 1) * size, baseline=y,
                           page=1, panel="front"))
    return out


def test_vertical_name_reads_down_its_columns_right_to_left():
    from labelcheck.ingest import load_path
    doc = load_path(str(SWEEP / "vertical_name_two_columns.pdf"))
    lines = doc.text.split("\n")
    assert lines[:2] == ["大豆植物肉", "汉堡饼"], lines
    assert doc.name == "大豆植物肉汉堡饼"
    # one face: the name's columns stand in the front panel with the net content, not in a panel of their own
    assert {s.panel for s in doc.spans} == {"front"}
    column = next(s for s in doc.spans if s.text == "大豆植物肉")
    x0, top, x1, bottom = column.bbox
    assert x1 - x0 < 10 and bottom - top > 40           # the column's box on the page: narrow and tall


def test_vertical_name_passes_the_name_rules():
    import datetime as dt

    import labelcheck
    from labelcheck.ingest import load_path
    report = labelcheck.check(load_path(str(SWEEP / "vertical_name_two_columns.pdf")), as_of=dt.date(2026, 6, 1))
    rules = {f.rule for f in report.findings}
    assert not rules & {"LC101", "LC102", "LC780"}, [(f.rule, f.message) for f in report.findings]


def test_horizontal_text_and_grids_are_never_read_as_columns():
    from labelcheck.ingest.layout import to_document
    # a paragraph set solid on a grid, its lines 1.1 em apart: every character has its neighbours beside it
    para = _runs([("饮用水大豆蛋白", 10, 20), ("葵花籽油椰子油", 10, 23.3), ("食用盐甲基纤维", 10, 26.6),
                  ("酵母抽提物红曲", 10, 29.9)])
    assert sorted(to_document(para, "t.pdf", [(100, 60)]).text.split("\n")) == \
        sorted(["饮用水大豆蛋白", "葵花籽油椰子油", "食用盐甲基纤维", "酵母抽提物红曲"])
    # a field grid's justified two-character labels, lines 1.1 em apart: the first characters stand one under another
    grid = _runs([("配", 10, 20), ("料", 26, 20), ("饮用水", 32, 20), ("产", 10, 23.3), ("地", 26, 23.3),
                  ("天津市", 32, 23.3), ("电", 10, 26.6), ("话", 26, 26.6), ("０２２", 32, 26.6)])
    assert sorted(to_document(grid, "t.pdf", [(100, 60)]).text.split("\n")) == sorted(["配 料 饮用水", "产 地 天津市",
                                                                                   "电 话 ０２２"])
    # a table's one-character item cells (钠, 糖, 盐) with their figures in line
    table = _runs([("钠", 10, 20), ("六百", 30, 20), ("糖", 10, 23.3), ("十二", 30, 23.3), ("盐", 10, 26.6),
                   ("一五", 30, 26.6)])
    assert sorted(to_document(table, "t.pdf", [(100, 60)]).text.split("\n")) == sorted(["钠 六百", "糖 十二", "盐 一五"])


# ---------------------------------------------------------------- 4. a table a narrow gutter beside the field grid

def test_table_beside_the_field_grid_reads_apart():
    # Chromium's DOM walked to SVG (one <text> per line, x for each character): the back face's field grid and, 3 mm
    # (1.2 em) to its right, the nutrition table; their lines meet only by chance
    import datetime as dt

    import labelcheck
    from labelcheck.ingest import load_path
    doc = load_path(str(SWEEP / "grid_table_3mm_gutter.svg"))
    lines = doc.text.split("\n")
    assert "缩乳蛋白，椰子油，" in lines and "能量 807千焦 10%" in lines and "钠 600毫克 30%" in lines, lines
    report = labelcheck.check(doc, as_of=dt.date(2026, 6, 1))
    ingredients = report.fields.get("ingredients") or ""
    assert "能量" not in ingredients and "%" not in ingredients, ingredients
    errors = {f.rule for f in report.findings if f.severity == "error"}
    assert not errors & {"LC423", "LC602"}, [(f.rule, f.message) for f in report.findings if f.severity == "error"]


def test_table_columns_a_narrow_gutter_apart_still_read_as_rows():
    from labelcheck.ingest.layout import to_document
    rows = [("项目", "每份", "NRV%"), ("能量", "777千焦", "9%"), ("蛋白质", "12.6克", "21%"), ("脂肪", "9.0克", "15%")]
    cells = []
    for k, (a, b, c) in enumerate(rows):
        y = 20 + 4.5 * k
        cells += [(a, 10, y), (b, 10 + 5 * 3 + 5, y), (c, 10 + 5 * 3 + 5 + 7 * 3 + 5, y)]     # 5 mm gutters: 1.7 em
    from labelcheck.ingest.layout import Run
    runs = [Run(text=t, size_mm=3.0, color="#000000", x0=x, x1=x + 3.0 * len(t), baseline=y, page=1, panel="back")
            for t, x, y in cells]
    lines = to_document(runs, "t.pdf", [(100, 60)]).text.split("\n")
    assert sorted(lines) == sorted(["项目 每份 NRV%", "能量 777千焦 9%", "蛋白质 12.6克 21%", "脂肪 9.0克 15%"]), lines


# ---------------------------------------------------------------- 5. text turned 180°

def test_upside_down_flap_reads_in_its_own_order():
    # reportlab's 180° rotation (a tuck flap printed head to head): pdfminer calls the characters upright, and they
    # were read left to right along the page ("肠香肉物植豆大：称名品产"), the flap's last line first
    from labelcheck.ingest import load_path
    doc = load_path(str(SWEEP / "upside_down_flap.pdf"))
    lines = doc.text.split("\n")
    flap = [line for line in lines if "：" in line and "净含量" not in line]
    assert flap == ["产品名称：大豆植物肉香肠", "配料：饮用水，大豆组织蛋白", "执行标准：T/CNFIA 165"], lines
    span = next(s for s in doc.spans if s.text.startswith("产品名称"))
    x0, top, x1, bottom = span.bbox
    assert 0 < bottom - top < 4 and x0 > 80              # its box where the page shows it: top right, one line high
