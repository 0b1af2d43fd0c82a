"""Label documents as other tools export them (the seventeenth outside sweep, 2026-12-03): a colour written as CSS
writes it, name runs listed in the order their objects were made, glyph runs cut anywhere on one line, a qualifier set
small beside the largest text with no roles. Fixtures: tests/fixtures/sweep17 (written by the helper, unedited)."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

import labelcheck
from labelcheck.models import LabelDocument

FIX = Path(__file__).parent / "fixtures" / "sweep17"
AS_OF = dt.date(2026, 12, 1)


def _check(name: str):
    doc = LabelDocument.model_validate(json.loads((FIX / f"{name}.json").read_text(encoding="utf-8")))
    return labelcheck.check(doc, as_of=AS_OF)


def _said(report, severities=("error", "warning")) -> list[str]:
    return [f.rule for f in report.findings if f.severity in severities]


def test_a_css_colour_is_read_as_the_hex_it_prints_in():
    # rgb(230, 0, 18) on 乳基蛋白 and #E60012 on 牛肉饼: one colour, no LC114, and no refusal of the whole label
    report = _check("J04_rgb_colour_formats")
    assert report.verdict == "pass" and "LC114" not in _said(report)
    assert LabelDocument.model_validate({"text": "x", "spans": [{"text": "x", "color": "hsl(0, 100%, 50%)"}]}).spans[0].color == "#ff0000"
    with pytest.raises(ValueError, match="nor a CSS colour"):
        LabelDocument.model_validate({"text": "x", "spans": [{"text": "x", "color": "notacolour"}]})


def test_name_runs_are_read_in_the_order_the_pack_shows_them():
    # 牛肉饼 listed before the 乳基蛋白 set to its left: the pack reads 乳基蛋白牛肉饼 (no false LC112)
    report = _check("J06_out_of_order")
    assert report.fields["name"] == "乳基蛋白牛肉饼" and "LC112" not in _said(report) and report.verdict == "pass"


def test_glyph_runs_on_one_line_are_one_line_of_text():
    # 净含 | 量：2 | 00克 and 保质 | 期：1 | 2个月: the fields are whole, not "2" and "1"
    report = _check("J15_split_fields")
    assert report.fields["net_content"] == "200克" and report.fields["shelf_life"] == "12个月"
    assert not _said(report, ("error",))


def test_a_net_content_cut_into_runs_is_still_measured():
    # the same runs at 2.0 mm on a 200 g pack: GB 7718-2011 4.1.5.4 asks 3 mm
    report = _check("J15b_split_net_too_small")
    assert _said(report) == ["LC582"] and report.verdict == "fail"


def test_a_small_qualifier_beside_the_largest_text_is_part_of_the_name():
    # no roles: 乳基蛋白 (4 mm) set right before 牛肉饼 (9 mm) on its line — LC113 (size), not LC111 (no qualifier)
    report = _check("J02_name_two_sizes_norole")
    assert report.fields["name"] == "乳基蛋白牛肉饼" and "LC113" in _said(report) and "LC111" not in _said(report)


def test_a_logo_beside_a_real_meat_name_stays_out_of_it():
    report = _check("J11_real_meat_logo")
    assert report.fields["name"] == "牛肉饼" and report.verdict == "pass"


@pytest.mark.parametrize("svg,name", [
    # a slogan set larger under the name, a sentence holding 植物: no part of it
    ("S09_soy_kg_brand_slogan_ok", "大豆植物肉汉堡饼"),
    # an idiom set large above a real meat's name, its only name word the lone 肉 of 肉香四溢
    ("S11_real_meat_slogan_ok", "牛肉饼"),
    # a small sticker's net content on the name's baseline, far along the line
    ("S17_small_sticker_ok", "植物肉牛肉饼"),
])
def test_slogans_and_items_beside_an_artwork_name_stay_out_of_it(svg, name):
    from labelcheck.ingest import load_path
    report = labelcheck.check(load_path(str(FIX / f"{svg}.svg")), as_of=AS_OF)
    assert report.fields["name"] == name and report.verdict == "pass"


# the review of the change (2026-12-03) — inputs that must not turn into errors


@pytest.mark.parametrize("doc", ["doc_yup_eq", "doc_vert"])
def test_name_lines_keep_the_documents_order(doc):
    # boxes counted y up, and a vertical name's columns: only runs sharing a line are reordered (no false LC112)
    report = _check(doc)
    assert report.fields["name"] == "乳基蛋白牛肉饼" and "LC112" not in _said(report)


def test_columns_with_a_narrow_gutter_stay_apart():
    # two columns of runs a character's height apart are not one line: the table is read (no false LC602)
    assert "LC602" not in _said(_check("cols2"), ("error",))     # (the 2025 rows it lacks stay warnings, as before)


def test_the_first_net_content_declaration_is_judged():
    # 净含量 and 淨含量 both on the pack: the first is judged, and it passes
    assert "LC582" not in _said(_check("nc"))


def test_a_no_ink_colour_is_no_colour():
    # transparent / none / currentColor name no ink of the span's own: read as no colour, not refused
    doc = json.loads((FIX / "doc_transparent.json").read_text(encoding="utf-8"))
    report = labelcheck.check(LabelDocument.model_validate(doc), as_of=AS_OF)
    assert "LC114" not in _said(report)


def test_a_qualifier_set_apart_on_the_names_line_stays_in_it():
    from labelcheck.ingest import load_path
    report = labelcheck.check(load_path(str(FIX / "gap4.svg")), as_of=AS_OF)
    assert report.fields["name"] == "植物蛋白牛肉饼" and not _said(report, ("error",))


# the second review (2026-12-03)


@pytest.mark.parametrize("doc", ["j02_eq3.0", "j06_norole"])
def test_a_qualifier_a_word_space_beside_the_largest_text_is_in_the_name(doc):
    # 乳基蛋白 a word space before 牛肉饼 in its own size, or listed after it in the document: 乳基蛋白牛肉饼 (no LC111)
    report = _check(doc)
    assert report.fields["name"] == "乳基蛋白牛肉饼" and "LC111" not in _said(report)


def test_a_span_that_prints_nothing_is_no_text_of_the_pack():
    # 乳基蛋白 in rgba(0,0,0,0): the pack shows 牛肉饼 alone — LC111, not a pass
    report = _check("hidden_q")
    assert report.fields["name"] == "牛肉饼" and "LC111" in _said(report)


def test_latin_runs_cut_at_a_word_space_keep_it():
    doc = LabelDocument.model_validate({"spans": [
        {"text": "Plant", "size_mm": 4, "bbox": [10, 10, 22, 14]}, {"text": "Based", "size_mm": 4, "bbox": [23, 10, 36, 14]},
        {"text": "净含", "size_mm": 3, "bbox": [10, 20, 16, 23]}, {"text": "量：200克", "size_mm": 3, "bbox": [16, 20, 40, 23]}]})
    assert doc.full_text == "Plant Based\n净含量：200克"


@pytest.mark.parametrize("lines,period", [
    ("保质期：12个\n月", "12个\n月"), ("保质期：冷冻12个\n月，冷藏3天", "冷冻12个\n月，冷藏3天"), ("保质期：常温\n6个月", "常温\n6个月"),
    ("保质期：12个\n月饼礼盒", "12个"),                 # a line of its own, not the unit the period lacks
])
def test_a_shelf_life_broken_over_two_lines(lines, period):
    report = labelcheck.check("产品名称：大豆植物肉饺子\n" + lines + "\n配料：水，大豆蛋白\n", as_of=AS_OF)
    assert report.fields["shelf_life"] == period
