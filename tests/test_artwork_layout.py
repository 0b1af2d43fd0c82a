"""Artwork as design tools export it: Illustrator pt user units, Inkscape layers as panels, a dieline,
two panels side by side on one baseline, brand lines, CMYK/spot PDFs with invisible, clipped and
off-page text, foreign text against the Chinese, and the package area.

Fixtures in tests/fixtures/artwork/ are written the way the tools write them (see README there);
the PDFs are made here with reportlab, in DeviceCMYK and Separation colours."""
from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest

import labelcheck
from labelcheck.ingest import load_bytes, load_path
from labelcheck.render.html import render_html

FIX = Path(__file__).resolve().parent / "fixtures" / "artwork"
AS_OF = dt.date(2026, 11, 23)
MM = 72 / 25.4


def _rules(report, severity=None):
    return sorted(f.rule for f in report.findings if severity is None or f.severity == severity)


# ---------------------------------------------------------------- SVG geometry

def test_illustrator_points_are_not_read_as_css_pixels():
    doc = load_path(str(FIX / "illustrator_dairy_patty.svg"))
    sizes = {s.text: s.size_mm for s in doc.spans}
    assert sizes["牛肉饼"] == pytest.approx(25.51 * 25.4 / 72, abs=0.01)        # 9.0 mm, not 6.75 (px at 96 dpi)
    assert sizes["乳基蛋白"] == pytest.approx(3.0, abs=0.01)
    assert doc._artwork_notes["generator"] == "Adobe Illustrator"
    assert doc.package.largest_surface_cm2 == pytest.approx(120 * 80 / 100, rel=0.01)   # the artboard, 120 × 80 mm


def test_illustrator_brand_is_not_the_name_and_the_qualifier_rule_runs_on_the_name():
    doc = load_path(str(FIX / "illustrator_dairy_patty.svg"))
    roles = {s.text: s.role for s in doc.spans}
    assert roles["牧语®"] == "brand" and doc.name == "乳基蛋白牛肉饼"
    assert roles["乳基蛋白"] == "name" and roles["牛肉饼"] == "name"
    report = labelcheck.check(doc, as_of=AS_OF)
    lc113 = [f for f in report.findings if f.rule == "LC113"]
    assert len(lc113) == 1 and lc113[0].evidence.text == "乳基蛋白"
    assert "LC803" not in _rules(report)             # the English (5 mm) is smaller than 牛肉饼 (9 mm)


def _svg(body: str, root: str = 'width="100mm" height="60mm" viewBox="0 0 100 60"', head: str = "") -> bytes:
    return (f'<?xml version="1.0" encoding="utf-8"?>{head}<svg xmlns="http://www.w3.org/2000/svg" {root}>{body}</svg>').encode()


@pytest.mark.parametrize("root,size,expect_mm", [
    ('width="100mm" height="60mm" viewBox="0 0 100 60"', "5", 5.0),                 # mm user units
    ('width="283.46pt" height="170.08pt" viewBox="0 0 283.46 170.08"', "14.17", 5.0),  # pt user units
    ('width="3.937in" height="2.362in" viewBox="0 0 377.95 226.77"', "18.9", 5.0),    # in → px user units
    ('width="377.95px" height="226.77px" viewBox="0 0 377.95 226.77"', "18.9", 5.0),  # CSS px
    ('width="200mm" height="120mm" viewBox="0 0 100 60"', "2.5", 5.0),                # viewBox scaled ×2
    # a size in pt inside mm user units: 5pt is 6.67 user units (CSS px), as browsers draw it — 6.67 mm here
    ('viewBox="0 0 100 60" width="100mm"', "5pt", 5 * 96 / 72),
])
def test_units(root, size, expect_mm):
    doc = load_bytes(_svg(f'<text x="10" y="30" font-size="{size}">植物肉饼</text>', root), "u.svg", ".svg")
    assert doc.spans[0].size_mm == pytest.approx(expect_mm, abs=0.02)


def test_nested_transforms_styles_and_classes():
    body = ('<style>.big{font-size:10px;fill:#336699}#q{fill:#999}</style>'
            '<g transform="scale(0.5)"><g transform="translate(20 40)">'
            '<text class="big" transform="matrix(1 0 0 1 0 0)">大豆植物肉</text></g></g>'
            '<text transform="rotate(90 50 30)" x="50" y="30" style="font-size:4px">侧面文字</text>'
            '<text id="q" x="5" y="55" style="font-size:3px;fill:#000" font-size="9">内联优先</text>')
    doc = load_bytes(_svg(body), "t.svg", ".svg")
    by = {s.text: s for s in doc.spans}
    assert by["大豆植物肉"].size_mm == pytest.approx(5.0, abs=0.01) and by["大豆植物肉"].color == "#336699"
    assert by["侧面文字"].size_mm == pytest.approx(4.0, abs=0.01)
    assert by["内联优先"].size_mm == pytest.approx(3.0) and by["内联优先"].color == "#000000"   # inline style beats class and attribute


def test_tspan_positions_textpath_and_hidden_text():
    body = ('<defs><path id="arc" d="M10,50 Q50,10 90,50"/></defs>'
            '<text x="5" y="20" font-size="6"><tspan x="5">植物基</tspan><tspan x="23" fill="#ff0000">鸡块</tspan></text>'
            '<text font-size="4"><textPath href="#arc">弧形标语好吃</textPath></text>'
            '<text x="5" y="40" font-size="4" style="display:none">隐藏图层文字</text>'
            '<text x="5" y="45" font-size="4" fill="none">描边外框</text>')
    doc = load_bytes(_svg(body), "p.svg", ".svg")
    texts = [s.text for s in doc.spans]
    assert "植物基" in texts and "鸡块" in texts and "弧形标语好吃" in texts
    assert "隐藏图层文字" not in doc.text and "描边外框" not in doc.text
    lines = doc.text.split("\n")
    assert "植物基鸡块" in lines


def test_outlined_svg_gets_an_info_finding_and_html_still_renders():
    body = '<g id="Outlined_text">' + "".join(f'<path d="M{i},10 L{i + 3},20 Z"/>' for i in range(0, 90, 4)) + "</g>"
    doc = load_bytes(_svg(body), "outlined.svg", ".svg")
    report = labelcheck.check(doc, as_of=AS_OF)
    assert _rules(report) == ["LC801"] and report.findings[0].severity == "info"
    html = render_html([report], [doc])
    assert "LC801" in html and "转曲" in html


def test_svg_without_any_size_says_the_area_is_unknown():
    doc = load_bytes(b'<svg xmlns="http://www.w3.org/2000/svg"><text x="10" y="30" font-size="20">\xe6\xa4\x8d\xe7\x89\xa9\xe8\x82\x89\xe9\xa5\xbc</text></svg>',
                     "nosize.svg", ".svg")
    report = labelcheck.check(doc, as_of=AS_OF)
    assert "LC802" in _rules(report, "info") and doc.package is None
    assert "unknown" in doc._artwork_notes["package_note"]


# ---------------------------------------------------------------- panels and lines

def test_inkscape_layers_are_panels_and_one_baseline_never_joins_them():
    doc = load_path(str(FIX / "inkscape_two_panels.svg"))
    lines = doc.text.split("\n")
    assert "大豆植物肉汉堡饼" in lines and "配料：饮用水、大豆分离蛋白、椰子油、食用盐" in lines
    assert not any("汉堡饼" in line and "配料" in line for line in lines)
    assert {s.panel for s in doc.spans} == {"front", "back"}
    panels = {p["name"]: p for p in doc._artwork_notes["panels"]}
    assert panels["front"]["principal"] and not panels["back"]["principal"]
    assert doc.package.largest_surface_cm2 == 120.0 and doc.package.total_surface_cm2 == 240.0   # faces between the folds
    report = labelcheck.check(doc, as_of=AS_OF)
    assert report.product_class == "soy_meat" and "LC101" not in _rules(report)   # name read whole: 大豆…植物肉


def _pdf(draw, size=(240, 100), trim=None) -> bytes:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(size[0] * MM, size[1] * MM))
    if trim:
        c.setTrimBox([v * MM for v in trim])
    draw(c)
    c.showPage()
    c.save()
    return buf.getvalue()


def _text(c, x, y, text, size, colour=None):
    from reportlab.lib.colors import CMYKColor
    c.setFont("STSong-Light", size * MM)
    c.setFillColor(colour or CMYKColor(0, 0, 0, 1))
    c.drawString(x * MM, y * MM, text)


def test_pdf_dieline_two_faces_on_one_page_are_two_panels():
    def draw(c):
        _text(c, 10, 60, "大豆植物肉汉堡饼", 9)
        _text(c, 130, 60, "配料：饮用水、大豆分离蛋白", 3)           # the same baseline, on the other face
        _text(c, 10, 30, "净含量：226克", 4)
        _text(c, 130, 55, "贮存条件：-18℃冷冻保存", 3)
        _text(c, 130, 30, "产品标准号：T/CNFIA 165", 3)
    doc = load_bytes(_pdf(draw), "dieline.pdf", ".pdf")
    lines = doc.text.split("\n")
    assert lines[0] == "大豆植物肉汉堡饼"
    assert not any("汉堡饼" in line and "配料" in line for line in lines)
    assert {s.panel for s in doc.spans} == {"panel 1", "panel 2"}
    principal = [p for p in doc._artwork_notes["panels"] if p["principal"]]
    assert [p["name"] for p in principal] == ["panel 1"]
    # the page cut between the faces: the largest face is about half of the 240 × 100 mm sheet
    assert 100 < doc.package.largest_surface_cm2 < 160 and doc.package.total_surface_cm2 == pytest.approx(240.0, abs=0.5)


def test_a_table_row_stays_one_line():
    def draw(c):
        _text(c, 10, 80, "营养成分表", 3)
        for k, (item, val, nrv) in enumerate([("项目", "每100克", "NRV%"), ("能量", "800千焦", "10%"), ("蛋白质", "20.0克", "33%")]):
            _text(c, 10, 74 - 5 * k, item, 3)
            _text(c, 40, 74 - 5 * k, val, 3)
            _text(c, 70, 74 - 5 * k, nrv, 3)
    doc = load_bytes(_pdf(draw, (100, 90)), "table.pdf", ".pdf")
    assert "能量 800千焦 10%" in doc.text.split("\n")


def test_pdf_trim_box_is_the_package():
    doc = load_bytes(_pdf(lambda c: _text(c, 20, 50, "植物肉饼", 8), (120, 100), trim=(10, 10, 110, 90)), "trim.pdf", ".pdf")
    assert doc.package.largest_surface_cm2 == pytest.approx(80.0, abs=0.1) and doc.package.surface_source.startswith("pdf trim box")


# ---------------------------------------------------------------- colour as printed

def _dairy(qual_colour, meat_colour, extra=None):
    def draw(c):
        _text(c, 10, 60, "乳基蛋白", 8, qual_colour)
        _text(c, 10 + 4 * 8 + 0.5, 60, "牛肉饼", 8, meat_colour)
        _text(c, 10, 40, "配料：饮用水、酪蛋白、浓缩乳蛋白粉", 3)
        _text(c, 10, 34, "净含量：200克", 3.2)
        if extra:
            extra(c)
    return load_bytes(_pdf(draw, (150, 80)), "dairy.pdf", ".pdf")


def _has_cjk_font() -> bool:
    import subprocess
    try:
        return bool(subprocess.run(["fc-list", ":lang=zh"], capture_output=True, text=True, timeout=20).stdout.strip())
    except (OSError, subprocess.SubprocessError):
        return False


def test_unembedded_cjk_text_is_read_even_where_this_machine_cannot_draw_it(monkeypatch):
    # STSong-Light is not embedded: without a CJK font here the page renders no ink for it, which must not read as
    # invisible text (a server without CJK fonts dropped 能量 and 焦 from 能量 800千焦)
    from labelcheck.ingest import pdf as pdf_module
    monkeypatch.setattr(pdf_module._Ink, "sample", lambda self, *box: None)
    doc = load_bytes(_pdf(lambda c: _text(c, 10, 50, "能量 800千焦 10%", 3), (100, 90)), "table.pdf", ".pdf")
    assert "能量 800千焦 10%" in doc.text.split("\n")
    assert doc._artwork_notes["unembedded_font_chars_not_rendered"] == 10


@pytest.mark.skipif(not _has_cjk_font(), reason="the spot colour is read off the rendered glyph: needs a CJK font (.ci/run installs fonts-noto-cjk)")
def test_spot_colour_qualifier_differs_as_printed():
    from reportlab.lib.colors import CMYKColor, CMYKColorSep
    doc = _dairy(CMYKColorSep(0, 0.55, 1, 0, spotName="PANTONE 1505 C", density=1), CMYKColor(0, 0, 0, 1))
    colours = {s.text: s.color for s in doc.spans}
    assert colours["乳基蛋白"] != colours["牛肉饼"] and colours["乳基蛋白"].startswith("#f")     # an orange, as printed
    assert "LC114" in _rules(labelcheck.check(doc, as_of=AS_OF), "error")


def test_cmyk_black_and_rgb_black_are_one_colour():
    from reportlab.lib.colors import CMYKColor, Color
    doc = _dairy(CMYKColor(0, 0, 0, 1), Color(0x23 / 255, 0x1F / 255, 0x20 / 255))
    assert "LC114" not in _rules(labelcheck.check(doc, as_of=AS_OF))


def test_invisible_clipped_and_off_page_text_is_ignored():
    def extra(c):
        t = c.beginText(10 * MM, 20 * MM)
        t.setTextRenderMode(3)                         # invisible: OCR layers, hidden notes
        t.setFont("STSong-Light", 12 * MM)
        t.textOut("仿牛肉")
        c.drawText(t)
        _text(c, -100, 10, "页外的草稿文字", 5)
        c.saveState()
        p = c.beginPath()
        p.rect(0, 0, 5 * MM, 5 * MM)
        c.clipPath(p, stroke=0, fill=0)
        _text(c, 60, 10, "被裁掉的文字", 5)
        c.restoreState()
    doc = _dairy(None, None, extra)
    assert "仿牛肉" not in doc.text and "页外" not in doc.text and "被裁掉" not in doc.text
    assert doc._artwork_notes["dropped_chars"]["off_page"] >= 7
    assert doc._artwork_notes["dropped_chars"]["invisible"] >= 9


# ---------------------------------------------------------------- brand lines and foreign text

def test_big_brand_without_mark_is_not_the_name():
    def draw(c):
        _text(c, 10, 100, "牧野森林", 16)              # a logo-sized line, no name word, far from the name
        _text(c, 10, 60, "乳基蛋白牛肉饼", 8)
        _text(c, 10, 40, "配料：饮用水、酪蛋白", 3)
    doc = load_bytes(_pdf(draw, (150, 120)), "brand.pdf", ".pdf")
    assert doc.name == "乳基蛋白牛肉饼"
    assert {s.text: s.role for s in doc.spans}["牧野森林"] == "brand"


def test_brand_field_value_is_a_brand():
    def draw(c):
        _text(c, 10, 100, "绿源", 12)
        _text(c, 10, 60, "植物肉饺子", 8)
        _text(c, 10, 40, "品牌：绿源", 3)
    doc = load_bytes(_pdf(draw, (150, 120)), "brandfield.pdf", ".pdf")
    roles = {s.text: s.role for s in doc.spans}
    assert roles["绿源"] == "brand" and doc.name == "植物肉饺子"


def _bilingual(en: str, en_size: float, zh_size: float = 6.0):
    def draw(c):
        _text(c, 10, 70, "植物基牛肉饼", zh_size)
        _text(c, 10, 60, en, en_size)
        _text(c, 10, 40, "配料：饮用水、豌豆蛋白、椰子油", 3)
    return load_bytes(_pdf(draw, (200, 90)), "bi.pdf", ".pdf")


def test_foreign_text_larger_than_the_chinese():
    report = labelcheck.check(_bilingual("PLANT-BASED BEEF PATTY", 8), as_of=AS_OF)
    f = [f for f in report.findings if f.rule == "LC803"]
    assert len(f) == 1 and f[0].severity == "warning" and f[0].clause == "3.8.2" and f[0].edition == "2011"
    assert f[0].clause_text and "外文不得大于" in f[0].clause_text


def test_pinyin_larger_than_the_chinese_cites_3_8_1():
    report = labelcheck.check(_bilingual("ZHIWUJI NIUROUBING", 8), as_of=AS_OF)
    assert [f.clause for f in report.findings if f.rule == "LC803"] == ["3.8.1"]


@pytest.mark.parametrize("en,size", [("Plant-based Beef Patty", 4), ("Plant-based Beef Patty", 6.2), ("Beyond Meat®", 14)])
def test_foreign_text_near_misses_stay_quiet(en, size):
    report = labelcheck.check(_bilingual(en, size), as_of=AS_OF)
    assert "LC803" not in _rules(report)


def test_foreign_rule_follows_the_edition():
    report = labelcheck.check(_bilingual("PLANT-BASED BEEF PATTY", 8), as_of=dt.date(2027, 6, 1))
    assert "LC803" not in _rules(report)          # GB 7718-2025 keeps no size rule for foreign text


def test_nutrition_table_foreign_larger():
    def draw(c):
        _text(c, 10, 80, "植物肉饼", 8)
        _text(c, 10, 60, "营养成分表 Nutrition Information", 3)
        _text(c, 10, 54, "蛋白质", 2)
        _text(c, 25, 54, "Protein", 3)
        _text(c, 50, 54, "12.0克", 2)
    report = labelcheck.check(load_bytes(_pdf(draw, (120, 100)), "nut.pdf", ".pdf"), as_of=AS_OF)
    assert [f.standard for f in report.findings if f.rule == "LC804"] == ["gb-28050"]


# ---------------------------------------------------------------- what I read

def test_what_i_read_shows_spans_panels_and_callouts():
    doc = load_path(str(FIX / "illustrator_dairy_patty.svg"))
    report = labelcheck.check(doc, as_of=AS_OF)
    html = render_html([report], [doc])
    assert "What I read" in html and "牧语®" in html and ">brand<" in html and ">qualifier<" in html
    assert "8.5" in html and "25.5" in html          # sizes in pt beside mm
    assert 'class="callout callout-error"' in html and 'rect class="panel principal"' in html


def test_rotate_about_a_point_keeps_the_text_in_place():
    doc = load_bytes(_svg('<text x="50" y="30" font-size="4" transform="rotate(90 50 30)">侧面文字</text>'), "r.svg", ".svg")
    # turned 90° about its start, the text runs down the page from (50, 30), its glyphs standing to the right of it
    x0, y0, x1, y1 = doc.spans[0].bbox
    assert abs(x0 - 50) < 0.5 and abs(y0 - 30) < 0.5 and y1 - y0 > 3 * (x1 - x0)


from hypothesis import given, settings as hsettings, strategies as st  # noqa: E402

_ATTR = st.sampled_from(["transform", "font-size", "x", "y", "dy", "style", "fill", "class"])
_VAL = st.text(alphabet="0123456789.-e ,()abcdefmnoprstxyz:;#%", max_size=20)


@hsettings(max_examples=80, deadline=None)
@given(st.lists(st.tuples(_ATTR, _VAL), max_size=4, unique_by=lambda t: t[0]))
def test_svg_attributes_never_crash(attrs):
    from xml.sax.saxutils import quoteattr
    from labelcheck.errors import InputError
    a = " ".join(f"{k}={quoteattr(v)}" for k, v in attrs)
    try:
        doc = load_bytes(_svg(f'<text x="5" y="20" font-size="4"><tspan {a}>植物肉饼</tspan></text>'), "f.svg", ".svg")
    except InputError:
        return
    labelcheck.check(doc, as_of=AS_OF)


def test_inkscape_flowed_text_is_read():
    body = ('<flowRoot xml:space="preserve" style="font-size:4px;fill:#000000"><flowRegion><rect x="10" y="10" width="80" height="40"/>'
            '</flowRegion><flowPara>配料：饮用水、豌豆蛋白</flowPara><flowPara>净含量：<flowSpan>200克</flowSpan></flowPara></flowRoot>'
            '<text x="10" y="8" font-size="6">植物基鸡块</text>')
    doc = load_bytes(_svg(body), "flow.svg", ".svg")
    lines = doc.text.split("\n")
    assert "配料：饮用水、豌豆蛋白" in lines and "净含量：200克" in lines and doc.name == "植物基鸡块"


def test_tspan_x_lists_with_commas():
    doc = load_bytes(_svg('<text y="20" font-size="5"><tspan x="10,15,20">大豆肉</tspan></text>'), "c.svg", ".svg")
    assert doc.spans[0].bbox[0] == pytest.approx(10.0)


def test_inkscape_pages_are_panels():
    body = ('<sodipodi:namedview xmlns:sodipodi="http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd" '
            'xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape">'
            '<inkscape:page x="0" y="0" width="100" height="60" inkscape:label="正面" />'
            '<inkscape:page x="110" y="0" width="60" height="60" inkscape:label="Side" /></sodipodi:namedview>'
            '<text x="10" y="30" font-size="8">植物肉饼</text><text x="115" y="30" font-size="3">配料：大豆蛋白、水</text>')
    root = 'xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape" width="170mm" height="60mm" viewBox="0 0 170 60"'
    doc = load_bytes(_svg(body, root), "pages.svg", ".svg")
    assert {s.text: s.panel for s in doc.spans} == {"植物肉饼": "front", "配料：大豆蛋白、水": "side"}
    assert doc.package.largest_surface_cm2 == 60.0 and doc.package.total_surface_cm2 == 96.0


@pytest.mark.parametrize("ing_size,expect", [(2.0, False), (1.5, True)])
def test_package_from_artwork_lets_the_1_8_mm_rule_judge_mandatory_text_only(ing_size, expect):
    def draw(c):
        _text(c, 10, 70, "大豆植物肉饼", 8)
        _text(c, 10, 55, "配料：饮用水、大豆分离蛋白、椰子油", ing_size)
        _text(c, 10, 50, "净含量：200克", 4)
        _text(c, 10, 20, "图片仅供参考，请以实物为准", 1.5)      # a disclaimer: not mandatory content
    doc = load_bytes(_pdf(draw, (120, 90)), "small.pdf", ".pdf")
    assert doc.package.largest_surface_cm2 > 35
    report = labelcheck.check(doc, as_of=AS_OF)
    hit = [f for f in report.findings if f.rule == "LC583"]
    assert bool(hit) is expect
    if hit:
        assert "配料" in hit[0].evidence.text




def test_a_rotated_page_keeps_its_text():
    def draw(c):
        _text(c, 10, 60, "植物肉饼", 8)
        _text(c, 10, 40, "配料：大豆蛋白、水", 3)
        c.setPageRotation(90)
    doc = load_bytes(_pdf(draw, (120, 80)), "rot.pdf", ".pdf")
    assert "植物肉饼" in doc.text and "配料：大豆蛋白、水" in doc.text


@pytest.mark.parametrize("attrs", ['x="nan"', 'font-size="1e999"', 'transform="scale(1e999)"'])
def test_svg_positions_that_are_no_numbers_are_refused_or_skipped(attrs):
    """x="nan" or a scale of 1e999 places text nowhere: a one-line input error, never a crash."""
    from labelcheck.errors import InputError
    try:
        doc = load_bytes(_svg(f'<text x="5" y="20" font-size="4"><tspan {attrs}>植物肉饼</tspan></text>'), "f.svg", ".svg")
    except InputError as e:
        assert "f.svg" in str(e)
        return
    labelcheck.check(doc, as_of=AS_OF)


def test_svg_text_of_only_invisible_characters_is_refused():
    """A text element holding only a soft hyphen (or spaces) gives nothing to read: a one-line input error, not a pass."""
    from labelcheck.errors import InputError
    with pytest.raises(InputError, match="invisible"):
        load_bytes(_svg('<text x="5" y="20" font-size="4">\u00ad </text>'), "f.svg", ".svg")
