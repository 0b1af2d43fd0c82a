"""SVG as generated and hand-edited files write it (the fourteenth outside sweep): a font size in pt inside the
drawing is so many user units (CSS: 96 px = 72 pt), as browsers draw it, not a print size; colours in every CSS
notation (rgb() in percent, hsl(), #rrggbbaa, named colours, currentColor, var()) are read, so a gold qualifier
beside a red 牛排 is told apart however either is written; radicals a PDF's text layer gives map back."""
from __future__ import annotations

import datetime as dt

import pytest

import labelcheck
from labelcheck.css_colour import css_colour
from labelcheck.ingest.svg import parse_svg
from labelcheck.normalize import radicals_as_ideographs

AS_OF = dt.date(2026, 12, 3)
ROOT = '<svg xmlns="http://www.w3.org/2000/svg" width="200mm" height="80mm" viewBox="0 0 200 80">{}</svg>'


def _check(body: str):
    doc = parse_svg(ROOT.format(body).encode(), "t.svg")
    return doc, labelcheck.check(doc, as_of=AS_OF)


def test_pt_font_size_is_user_units_not_print_size():
    # 9pt = 12 user units = 12 mm here, the same as the 12 beside it: no LC113
    doc, report = _check('<text x="5" y="60"><tspan font-size="9pt" fill="#C00">乳基蛋白</tspan>'
                         '<tspan font-size="12" fill="#C00">牛排</tspan></text>')
    sizes = {s.text: s.size_mm for s in doc.spans}
    assert abs(sizes.get("乳基蛋白", sizes.get("乳基蛋白牛排", 0)) - 12.0) < 0.05, sizes
    assert "LC113" not in {f.rule for f in report.findings}
    # …and inside a scaled group: 36pt = 48 px, drawn as large as 48px
    doc, report = _check('<g transform="scale(0.25)"><text x="20" y="200"><tspan font-size="36pt" fill="#C00">乳基蛋白</tspan>'
                         '<tspan font-size="48px" fill="#C00">牛排</tspan></text></g>')
    assert "LC113" not in {f.rule for f in report.findings}


@pytest.mark.parametrize("value,want", [
    ("#C00", "#cc0000"), ("#CC0000FF", "#cc0000"), ("#c00f", "#cc0000"), ("rgb(204,0,0)", "#cc0000"),
    ("rgb(80%,0%,0%)", "#cc0000"), ("rgb(204 0 0 / 50%)", "#cc0000"), ("rgba(204, 0, 0, 0.5)", "#cc0000"),
    ("hsl(0,100%,40%)", "#cc0000"), ("hsl(0deg 100% 40%)", "#cc0000"), ("darkred", "#8b0000"), ("Gold", "#ffd700"),
    ("none", None), ("url(#grad)", None), ("transparent", None),
])
def test_css_colour_notations(value, want):
    assert css_colour(value) == want


def test_current_colour_and_custom_properties():
    assert css_colour("currentColor", {"color": "darkred"}) == "#8b0000"
    assert css_colour("var(--brand-red)", {"--brand-red": "#cc0000"}) == "#cc0000"
    assert css_colour("var(--missing, gold)", {}) == "#ffd700"
    assert css_colour("currentColor", {"color": "currentColor"}) is None         # a loop is no colour


def test_same_colour_written_two_ways_is_one_colour_and_gold_beside_red_is_two():
    _, same = _check('<style>:root{--brand-red:#cc0000}.q{fill:var(--brand-red)}</style><text x="5" y="25" font-size="12">'
                     '<tspan class="q">乳基蛋白</tspan><tspan fill="rgb(80%,0%,0%)">牛排</tspan></text>')
    assert "LC114" not in {f.rule for f in same.findings}
    _, apart = _check('<text x="5" y="25" font-size="12"><tspan fill="rgb(100%,84%,0%)">乳基蛋白</tspan>'
                      '<tspan fill="darkred">牛排</tspan></text>')
    assert "LC114" in {f.rule for f in apart.findings}


def test_radicals_from_a_pdf_text_layer_map_back():
    assert radicals_as_ideographs("酵⺟抽提物 ⻳苓膏 ⻪") == "酵母抽提物 龟苓膏 黾"


def test_a_short_line_stacked_in_the_names_setting_is_part_of_it():
    # 五香 over 牛肉干, both 48 px and red, flush left: the name is 五香牛肉干 (the back's 产品名称 says so)
    svg = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 340 300"><style>.r{fill:#C8102E}.k{fill:#231F20}</style>'
           '<text transform="matrix(1 0 0 1 20 100)" class="r" style="font-size:48px">五香</text>'
           '<text transform="matrix(1 0 0 1 20 154)" class="r" style="font-size:48px">牛肉干</text>'
           '<text transform="matrix(1 0 0 1 20 280)" class="k" style="font-size:12px">净含量：100克</text></svg>')
    report = labelcheck.check(parse_svg(svg.encode(), "b1.svg"), as_of=AS_OF)
    assert report.fields["name"] == "五香牛肉干"
    # a line in another colour or size beside the name is not (a tagline under it)
    other = svg.replace('class="r" style="font-size:48px">五香', 'class="k" style="font-size:20px">五香')
    assert labelcheck.check(parse_svg(other.encode(), "b1b.svg"), as_of=AS_OF).fields["name"] == "牛肉干"


def test_a_flavour_set_large_under_the_name_is_no_brand():
    svg = ('<svg xmlns="http://www.w3.org/2000/svg" width="60mm" height="80mm" viewBox="0 0 60 80">'
           '<text x="5" y="20" font-size="2.8" fill="#C00">大豆植物肉丸</text>'
           '<text x="5" y="30" font-size="7" fill="#C00">香辣味</text>'
           '<text x="5" y="70" font-size="2" fill="#000">净含量：30克</text></svg>')
    roles = {s.text: s.role for s in parse_svg(svg.encode(), "b3.svg").spans}
    assert roles["香辣味"] != "brand" and roles["大豆植物肉丸"] == "name"


def test_a_name_partly_outlined_is_sent_for_review():
    # 乳基蛋白 live, 牛排 drawn as a path (a calligraphic display name): the name read is only part of the 产品名称
    svg = ('<svg xmlns="http://www.w3.org/2000/svg" width="200mm" height="120mm" viewBox="0 0 200 120">'
           '<g id="front"><text x="10" y="30" font-size="4.2" fill="#C00">乳基蛋白</text>'
           '<path d="M40 10 L60 10 L60 30 L40 30 Z" fill="#C00"/></g>'
           '<g id="back"><text x="110" y="20" font-size="2.5">产品名称：乳基蛋白牛排</text>'
           '<text x="110" y="26" font-size="2.5">配料：饮用水，酪蛋白，椰子油，食用盐</text>'
           '<text x="110" y="32" font-size="2.5">净含量：200克</text></g></svg>')
    report = labelcheck.check(parse_svg(svg.encode(), "d2.svg"), as_of=AS_OF)
    assert report.needs_review and "name_partly_shown" in report.review_reasons, report.review_reasons


def test_a_printers_slug_outside_the_dieline_is_cut_away():
    svg = ('<svg xmlns="http://www.w3.org/2000/svg" width="300mm" height="200mm" viewBox="0 0 300 200">'
           '<g id="刀版"><rect x="10" y="10" width="200" height="150" fill="none" stroke="#EC008C"/></g>'
           '<g id="front"><text x="20" y="40" font-size="10" fill="#C00">乳基蛋白牛排</text>'
           '<text x="20" y="60" font-size="3">配料：饮用水，酪蛋白，椰子油，食用盐</text>'
           '<text x="20" y="70" font-size="3">净含量：200克</text>'
           '<text x="20" y="80" font-size="3">生产日期：见封口处</text></g>'
           '<g id="印刷说明"><text x="230" y="20" font-size="3">文件名：乳基蛋白牛排包装袋 校对：王工 2026-11-28</text></g></svg>')
    doc = parse_svg(svg.encode(), "slug.svg")
    assert "校对" not in doc.text and doc._artwork_notes.get("off_dieline_runs") == 1


@pytest.mark.parametrize("with_back_copy", [True, False])
def test_net_content_number_large_unit_small_is_judged_by_the_front_mark(with_back_copy):
    # 净含量 | 200 | 克 in runs of their own on the front, the number 5.6 mm: the front mark is the declaration, whether
    # or not the back repeats it small (the repeat is never judged)
    back = '<g id="背面"><text transform="matrix(1 0 0 1 360 40)" style="font-size:7px">净含量：200克</text></g>' \
        if with_back_copy else ""
    svg = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 680 300"><!-- Adobe Illustrator -->'
           '<g id="正面"><text transform="matrix(1 0 0 1 20 100)" style="font-size:40px">大豆植物肉饼</text>'
           '<text transform="matrix(1 0 0 1 20 280)"><tspan x="0" y="0" style="font-size:7px">净含量</tspan>'
           '<tspan x="23" y="0" style="font-size:16px">200</tspan><tspan x="50" y="0" style="font-size:7px">克</tspan></text>'
           f'</g>{back}</svg>')
    report = labelcheck.check(parse_svg(svg.encode(), "net.svg"), as_of=AS_OF)
    assert "LC582" not in {f.rule for f in report.findings}
