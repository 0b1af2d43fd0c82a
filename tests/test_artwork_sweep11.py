"""Artwork from the eleventh outside sweep (tests/fixtures/artwork/sweep11/) and the causes it found, each once read
wrong: a table's figure cells set a fraction of a millimetre above its word cells (Figma's Latin face for figures,
a PDF's number column 0.2 mm up) read after the row's other cells and glued to the next row's word ("10%能量");
hollow type (fill="none", a coloured stroke) taken for invisible; Inkscape drafts parked off the artboard read as
the label's text; Illustrator's symbol instances (<symbol> + <use>) never read;
Inkscape 0.92's flowed text read unwrapped, across the nutrition table beside its frame; a front the designer
named (layer 正面) cut in two by the gap between its name and its net content; PDF text turned to read bottom
to top read backwards."""
from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest

import labelcheck
from labelcheck.ingest import load_bytes, load_path
from labelcheck.ingest.layout import Run, merge_runs

SWEEP = Path(__file__).resolve().parent / "fixtures" / "artwork" / "sweep11"
AS_OF = dt.date(2026, 12, 1)
MM = 72 / 25.4

CASES = {
    "s17_figma_dairy_nuggets_table_font_baselines.svg": ("dairy_meat", []),
    "p06_pdf_soy_steak_table_columns_offset.pdf": ("soy_meat", []),
    "s11_ai_exportas_dairy_hollow_qualifier.svg": ("dairy_meat", []),      # 乳基蛋白 hollow: fill none, red stroke
    "s06_ink13_plant_chickenleg_offpage_drafts.svg": ("plant_meat", []),   # drafts parked right of the page (QS no.)
    "s12_ai_exportas_dairy_symbols_use.svg": ("dairy_meat", []),           # 净含量 badge and statement as <symbol> + <use>
    "s05_ink092_plant_chickenleg_flowroot_back.svg": ("plant_meat", []),   # flowed copy in a 62 mm frame beside the table
    "s18_ink13_dairy_named_front_net_bottom_right.svg": ("dairy_meat", []),   # layer 正面: name top left, net content bottom right
    "p02_pdf_soy_steak_dieline_one_page.pdf": ("soy_meat", []),             # storage turned to read bottom to top
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_sweep11_artwork_findings(name):
    product_class, want = CASES[name]
    report = labelcheck.check(load_path(str(SWEEP / name)), as_of=AS_OF)
    got = sorted((f.rule, f.severity) for f in report.findings if f.severity != "info")
    assert (report.product_class, got) == (product_class, sorted(want)), [(f.rule, f.message) for f in report.findings]


def _svg(body: str, root: str = 'width="100mm" height="60mm" viewBox="0 0 100 60"') -> bytes:
    return f'<?xml version="1.0" encoding="utf-8"?><svg xmlns="http://www.w3.org/2000/svg" {root}>{body}</svg>'.encode()


def _pdf(draw, size=(100, 90)) -> bytes:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(size[0] * MM, size[1] * MM))
    draw(c)
    c.showPage()
    c.save()
    return buf.getvalue()


# ---------------------------------------------------------------- A. one row, whatever the cells' small offsets

ROWS = [("项目", "每100克", "NRV%"), ("能量", "861千焦", "10%"), ("蛋白质", "26.0克", "43%"), ("脂肪", "5.8克", "10%")]


def test_svg_figure_cells_a_little_higher_stay_in_their_row():
    cells = []
    for k, (item, val, nrv) in enumerate(ROWS):
        y = 20 + 5 * k
        lift = 0.2 if k else 0.0           # the figures (set in a Latin face) sit 0.2 mm above the words
        cells.append(f'<text x="10" y="{y}" font-size="3">{item}</text>'
                     f'<text x="40" y="{y - lift}" font-size="3" font-family="Inter">{val}</text>'
                     f'<text x="70" y="{y - lift}" font-size="3" font-family="Inter">{nrv}</text>')
    doc = load_bytes(_svg('<text x="10" y="14" font-size="3">营养成分表</text>' + "".join(cells)), "t.svg", ".svg")
    lines = doc.text.split("\n")
    assert "能量 861千焦 10%" in lines and "蛋白质 26.0克 43%" in lines and "脂肪 5.8克 10%" in lines


def test_pdf_figure_column_a_little_higher_stays_in_its_row():
    def draw(c):
        c.setFont("STSong-Light", 3 * MM)
        c.drawString(10 * MM, 80 * MM, "营养成分表")
        for k, row in enumerate(ROWS):
            y = 74 - 5 * k
            for x, cell in zip((10, 40, 70), row):
                c.drawString(x * MM, (y + (0.2 if k and x > 10 else 0)) * MM, cell)
    doc = load_bytes(_pdf(draw), "t.pdf", ".pdf")
    lines = doc.text.split("\n")
    assert "能量 861千焦 10%" in lines and "蛋白质 26.0克 43%" in lines and "脂肪 5.8克 10%" in lines


def test_a_run_left_of_the_previous_one_is_never_appended_after_it():
    def run(text, x0, baseline):
        return Run(text=text, size_mm=2.25, color="#000000", x0=x0, x1=x0 + 2.25 * len(text), baseline=baseline,
                   page=1, panel="back")
    # the word cell is 0.21 mm lower than the figure cells to its right: still first on its line
    lines = merge_runs([run("861千焦", 30.0, 76.04), run("10%", 60.0, 76.04), run("能量", 4.0, 76.25)])
    assert [[r.text for r in line] for line in lines] == [["能量", "861千焦", "10%"]]


# ---------------------------------------------------------------- B. hollow type prints its stroke

@pytest.mark.parametrize("style", ['fill="none" stroke="#e60012" stroke-width="0.3"',
                                   'style="fill:none;stroke:#E60012"',
                                   'fill="#ffffff" fill-opacity="0" stroke="#e60012"'])
def test_svg_hollow_text_is_read_in_its_stroke_colour(style):
    body = (f'<text x="10" y="20" font-size="6" {style}>乳基蛋白</text>'
            '<text x="40" y="20" font-size="12" fill="#e60012">鸡块</text>')
    doc = load_bytes(_svg(body), "h.svg", ".svg")
    assert {s.text: s.color for s in doc.spans} == {"乳基蛋白": "#e60012", "鸡块": "#e60012"}
    assert doc.name == "乳基蛋白鸡块"


def test_svg_text_with_neither_fill_nor_stroke_stays_unread():
    body = ('<g stroke="#e60012"><text x="10" y="20" font-size="6" fill="none" stroke="none">旧稿</text>'
            '<text x="10" y="30" font-size="6" fill="none" stroke-width="0">草稿</text></g>'
            '<text x="10" y="40" font-size="6">植物肉饼</text>')
    doc = load_bytes(_svg(body), "h.svg", ".svg")
    assert [s.text for s in doc.spans] == ["植物肉饼"]


# ---------------------------------------------------------------- C. text off the artboard does not print

def test_svg_text_wholly_off_the_page_is_dropped_and_text_partly_on_it_kept():
    body = ('<text x="10" y="20" font-size="8">植物基鸡腿排</text>'
            '<text x="10" y="40" font-size="3">食品生产许可证编号：SC11144031100451</text>'
            '<g id="draft"><text x="120" y="40" font-size="3">食品生产许可证编号：QS4403 2401 0451</text>'   # right of the page
            '<text x="10" y="-5" font-size="3">旧稿：植物肉</text>'                                     # above it
            '<text transform="rotate(-90 -20 30)" x="-20" y="30" font-size="3">贮存条件：0～4℃冷藏</text></g>'  # turned, left of it
            '<text x="90" y="50" font-size="3">净含量：200克</text>')                                 # runs over the edge
    doc = load_bytes(_svg(body), "off.svg", ".svg")
    texts = {s.text for s in doc.spans}
    assert texts == {"植物基鸡腿排", "食品生产许可证编号：SC11144031100451", "净含量：200克"}
    assert doc._artwork_notes["off_page_runs"] == 3


def test_svg_text_on_an_inkscape_page_outside_the_viewbox_is_kept():
    # Inkscape 1.2+ sizes the viewBox to the first page; the other pages lie beside it
    body = ('<sodipodi:namedview xmlns:sodipodi="http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd" '
            'xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape">'
            '<inkscape:page x="0" y="0" width="100" height="60" inkscape:label="正面" />'
            '<inkscape:page x="110" y="0" width="60" height="60" inkscape:label="背面" /></sodipodi:namedview>'
            '<text x="10" y="30" font-size="8">植物肉饼</text><text x="115" y="30" font-size="3">配料：大豆蛋白、水</text>'
            '<text x="200" y="30" font-size="3">草稿</text>')
    root = 'xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape" width="100mm" height="60mm" viewBox="0 0 100 60"'
    doc = load_bytes(_svg(body, root), "pages.svg", ".svg")
    assert {s.text: s.panel for s in doc.spans} == {"植物肉饼": "front", "配料：大豆蛋白、水": "back"}


def test_svg_text_on_a_path_starts_where_the_path_does():
    body = '<defs><path id="arc" d="M10,50 Q50,10 90,50"/></defs><text font-size="4"><textPath href="#arc">弧形标语</textPath></text>'
    doc = load_bytes(_svg(body), "arc.svg", ".svg")
    assert doc.spans[0].bbox[0] == pytest.approx(10.0) and doc.spans[0].bbox[3] == pytest.approx(50.0)


# ---------------------------------------------------------------- D. <use> draws symbols and defined elements

def test_svg_symbol_instances_are_read_where_the_use_places_them():
    body = ('<defs><symbol id="badge" viewBox="0 0 130 30"><rect width="130" height="30"/>'
            '<text transform="translate(14 20)" font-size="14" fill="#fff">净含量：300克</text></symbol>'
            '<text id="claim" font-size="3">非动物肉制品</text></defs>'
            '<symbol id="unused"><text x="5" y="5" font-size="3">旧版徽标</text></symbol>'
            '<text x="10" y="15" font-size="8">乳基蛋白鸡块</text>'
            # the 130 × 30 viewBox drawn 65 × 15: half size, at 10, 30
            '<use xmlns:xlink="http://www.w3.org/1999/xlink" xlink:href="#badge" x="10" y="30" width="65" height="15"/>'
            '<use href="#claim" transform="translate(10 55)"/>')
    doc = load_bytes(_svg(body), "use.svg", ".svg")
    by = {s.text: s for s in doc.spans}
    assert set(by) == {"乳基蛋白鸡块", "净含量：300克", "非动物肉制品"}            # symbols and defs print only when used
    badge = by["净含量：300克"]
    assert badge.size_mm == pytest.approx(7.0) and badge.bbox[0] == pytest.approx(17.0) and badge.bbox[3] == pytest.approx(40.0)
    assert badge.color == "#ffffff" and by["非动物肉制品"].bbox[:1] == (10.0,) and by["非动物肉制品"].bbox[3] == 55.0


def test_svg_symbol_viewbox_keeps_its_aspect_and_a_use_of_itself_draws_nothing():
    body = ('<symbol id="s" viewBox="0 0 100 20"><text x="0" y="20" font-size="20">净含量：1千克</text></symbol>'
            # 100 × 20 into 50 × 50: scaled by a half (meet), centred vertically: 20 mm of room above and below
            '<use href="#s" x="0" y="0" width="50" height="50"/>'
            '<g id="loop"><text x="5" y="58" font-size="3">植物肉饼</text><use href="#loop"/></g>')
    doc = load_bytes(_svg(body), "use.svg", ".svg")
    by = {s.text: s for s in doc.spans}
    assert by["净含量：1千克"].size_mm == pytest.approx(10.0) and by["净含量：1千克"].bbox[3] == pytest.approx(30.0)
    assert [s.text for s in doc.spans].count("植物肉饼") == 1


def test_svg_uses_nested_to_millions_of_instances_are_refused():
    from labelcheck.errors import InputError
    layers = ['<path id="g0" d="M0,0 H1"/>']          # no text: the instance count alone stops it
    for k in range(1, 8):
        layers.append(f'<g id="g{k}">' + f'<use href="#g{k - 1}"/>' * 10 + "</g>")
    with pytest.raises(InputError, match="<use>"):
        load_bytes(_svg("<defs>" + "".join(layers) + '</defs><text x="5" y="20" font-size="3">植物肉</text><use href="#g7"/>'),
                   "bomb.svg", ".svg")


# ---------------------------------------------------------------- flowed text wraps in its frame

def test_flowed_text_wraps_in_its_frame_and_stays_out_of_the_table_beside_it():
    table = "".join(f'<text x="{x}" y="{14 + 4 * k}" font-size="3">{cell}</text>'
                    for k, row in enumerate(ROWS) for x, cell in zip((60, 75, 90), row))
    ingredients = "配料：饮用水，豌豆蛋白，小麦蛋白，葵花籽油，椰子油，马铃薯淀粉，食用盐"
    body = ('<flowRoot style="font-size:3px;line-height:1.25;fill:#000000"><flowRegion><rect x="10" y="8" width="40" height="80"/>'
            f'</flowRegion><flowPara>{ingredients}</flowPara><flowPara>产品标准代号：Q/SZZJ 0003S</flowPara></flowRoot>' + table)
    doc = load_bytes(_svg(body), "flow.svg", ".svg")
    lines = doc.text.split("\n")
    assert "能量 861千焦 10%" in lines and "蛋白质 26.0克 43%" in lines
    flowed = [s for s in doc.spans if s.bbox[0] == 10.0]
    assert "".join(s.text for s in flowed[:3]) == ingredients                          # broken between Han characters
    assert [s.text for s in flowed[3:]] == ["产品标准代号：Q/SZZJ", "0003S"]              # and at a space, never in a word
    assert all(s.bbox[2] <= 50.0 for s in flowed)                                     # 13 characters of 3 mm a line
    assert [s.bbox[3] for s in flowed] == pytest.approx([11.75, 15.5, 19.25, 23.0, 26.75])    # line-height 1.25 × 3


def test_wrap_keeps_words_whole_and_closing_marks_off_a_line_start():
    from labelcheck.ingest.svg_flow import wrap
    assert wrap("净含量：200克", 3, 12) == ["净含量：", "200克"]            # 200 stays whole; ： never starts a line
    assert wrap("Net weight 200 g", 2, 12) == ["Net weight", "200 g"]
    assert wrap("短", 3, 0) == ["短"]


# the shared soy patty label without its last line, the sentence the test adds back in its forms
LABEL = (Path(__file__).resolve().parent / "fixtures" / "labels" / "soy_patty_2026.txt").read_text(
    encoding="utf-8").rsplit("\n", 1)[0] + "\n"


@pytest.mark.parametrize("tail,want", [("儿童青少年应避免过量摄入盐油糖", []), ("儿童青少年应避免\n过量摄入盐油糖", []),
                                       ("儿童青少年应避免", ["LC607"])])
def test_the_2025_sentence_printed_over_two_lines_is_found(tail, want):
    report = labelcheck.check(LABEL + tail, as_of=AS_OF)
    assert [f.rule for f in report.findings if f.rule == "LC607"] == want


# ---------------------------------------------------------------- E. a named panel is one panel

def test_a_panel_the_artwork_names_is_never_cut_by_a_gap():
    ink = 'xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape"'
    body = (f'<g {ink} inkscape:groupmode="layer" inkscape:label="正面">'
            '<text x="5" y="15" font-size="8">乳基蛋白鸡块</text>'
            '<text x="80" y="55" font-size="4">净含量：300克</text></g>'               # 40 mm right of the name's end
            f'<g {ink} inkscape:groupmode="layer" inkscape:label="背面" transform="translate(100 0)">'
            '<text x="5" y="10" font-size="2.5">配料：饮用水，浓缩乳蛋白</text></g>')
    doc = load_bytes(_svg(body, 'width="200mm" height="60mm" viewBox="0 0 200 60"'), "named.svg", ".svg")
    assert {s.text: s.panel for s in doc.spans} == {"乳基蛋白鸡块": "front", "净含量：300克": "front",
                                                     "配料：饮用水，浓缩乳蛋白": "back"}
    assert [p["name"] for p in doc._artwork_notes["panels"] if p["principal"]] == ["front"]


def test_unnamed_text_is_still_cut_into_panels_by_a_wide_gap():
    body = ('<text x="5" y="15" font-size="8">乳基蛋白鸡块</text><text x="5" y="40" font-size="4">净含量：300克</text>'
            '<text x="130" y="15" font-size="2.5">配料：饮用水，浓缩乳蛋白</text>')
    doc = load_bytes(_svg(body, 'width="200mm" height="60mm" viewBox="0 0 200 60"'), "gap.svg", ".svg")
    assert {s.panel for s in doc.spans} == {"panel 1", "panel 2"}


@pytest.mark.parametrize("angle", [90, -90])
def test_pdf_text_turned_a_quarter_reads_forward_whichever_way_up(angle):
    """90: reads bottom to top (the usual way up a carton's side); -90: top to bottom. Two lines each, in order."""
    def draw(c):
        c.setFont("STSong-Light", 8 * MM)
        c.drawString(10 * MM, 70 * MM, "大豆植物肉饼")
        c.saveState()
        c.translate(80 * MM, (10 if angle == 90 else 80) * MM)
        c.rotate(angle)
        c.setFont("STSong-Light", 3 * MM)
        c.drawString(0, 0, "贮存条件：-18℃以下冷冻保存")
        c.drawString(0, -4 * MM, "保质期：12个月")
        c.restoreState()
    lines = load_bytes(_pdf(draw), "turned.pdf", ".pdf").text.split("\n")
    assert "贮存条件：-18℃以下冷冻保存" in lines and "保质期：12个月" in lines
    assert lines.index("贮存条件：-18℃以下冷冻保存") < lines.index("保质期：12个月")


def _fields(name: str) -> dict:
    report = labelcheck.check(load_path(str(SWEEP / name)), as_of=AS_OF)
    return report.fields


def test_a_named_panel_keeps_its_columns_apart():
    # the review's back panel (layer 背面): the ingredient column beside the table, on shared baselines — the panel's
    # name is kept, but its blocks are still read apart (an ingredient line is no row of the table)
    fields = _fields("r1_named_back_two_columns.svg")
    assert fields["ingredients"].startswith("饮用水，大豆组织蛋白，") and "营养成分表" not in fields["ingredients"]
    assert fields["net_content"] == "226克" and fields["allergen"] == "含有大豆、小麦"


@pytest.mark.parametrize("name", ["r2_hollow_halo_copy.svg", "r3_use_drop_shadow.svg"])
def test_a_halo_or_shadow_copy_is_not_a_second_name(name):
    # a white outline copy under the red name, or a <use> drop shadow: one name, in the colour on top (no LC114)
    report = labelcheck.check(load_path(str(SWEEP / name)), as_of=AS_OF)
    assert report.fields["name"].count("乳基蛋白") == 1
    assert not [f for f in report.findings if f.severity != "info"], [(f.rule, f.message) for f in report.findings]
