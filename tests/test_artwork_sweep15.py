"""Text that is in the file but does not print (the fifteenth outside sweep): PDF text in render mode 3 or 7, text
outside the page's crop box, SVG fills with an alpha of zero; a scan's OCR layer is read but asks for review; a small
flavour line holding a meat word under the name is no part of it."""
from __future__ import annotations

import datetime as dt
import io

import pytest

import labelcheck
from labelcheck.css_colour import css_alpha_zero
from labelcheck.ingest.pdf import parse_pdf
from labelcheck.ingest.svg import parse_svg

AS_OF = dt.date(2026, 12, 3)
MM = 72 / 25.4

BACK = ["配料：饮用水，酪蛋白，浓缩乳蛋白，椰子油，食用盐", "净含量：200克", "产品类别：乳基蛋白肉制品（熟制品）",
        "产品标准代号：T/CEAC 123", "生产者：内蒙古乳源新蛋白食品有限公司", "地址：内蒙古呼和浩特市金山开发区金山大街18号",
        "生产日期：2026年11月01日", "保质期：12个月", "贮存条件：0～4℃冷藏", "本产品为乳基蛋白制品，非动物肉制品。"]


def _pdf(draw, crop: tuple | None = None, size=(160, 120)) -> bytes:
    pytest.importorskip("reportlab")
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(size[0] * MM, size[1] * MM))
    if crop:
        c.setCropBox(tuple(v * MM for v in crop))

    def text(x, y, s, size_mm, mode=0, colour=(0.2, 0.15, 0.1)):
        t = c.beginText(x * MM, y * MM)
        t.setFont("STSong-Light", size_mm * MM)
        t.setTextRenderMode(mode)
        t.setFillColorRGB(*colour)
        t.textLine(s)
        c.drawText(t)
    draw(c, text)
    c.showPage()
    c.save()
    return buf.getvalue()


def _back(text, x=85, top=112):
    for k, line in enumerate(BACK):
        text(x, top - 6 * k, line, 2.4)


def test_render_mode_3_and_7_text_prints_nothing():
    def draw(c, text):
        text(8, 85, "乳基蛋白牛排", 10)
        text(8, 40, "牛排", 18, mode=3)          # an old name left invisible over the panel
        text(8, 20, "零添加 降血脂", 6, mode=7)    # a clip with nothing painted after it
        _back(text)
    doc = parse_pdf(_pdf(draw), "t.pdf")
    report = labelcheck.check(doc, as_of=AS_OF)
    rules = {f.rule for f in report.findings if f.severity != "info"}
    assert report.fields.get("name") == "乳基蛋白牛排", report.fields
    assert not rules & {"LC111", "LC552", "LC550"}, rules
    assert doc._artwork_notes["dropped_chars"]["invisible"] >= 5


def test_text_outside_the_crop_box_is_off_the_page():
    def draw(c, text):
        text(8, 85, "乳基蛋白牛排", 10)
        _back(text)
        text(170, 60, "鸡肉块", 20)               # the pasteboard, outside the crop box
    pdf = _pdf(draw, crop=(0, 0, 160, 120), size=(220, 120))
    doc = parse_pdf(pdf, "t.pdf")
    report = labelcheck.check(doc, as_of=AS_OF)
    assert "鸡肉块" not in doc.text
    assert report.fields.get("name") == "乳基蛋白牛排"
    assert doc._artwork_notes["dropped_chars"]["off_page"] == 3
    # the package is the crop box's 160 × 120 mm, not the media box's 220 mm
    assert report.product_class == "dairy_meat"


def test_a_scans_ocr_layer_is_read_and_asks_for_review():
    pytest.importorskip("PIL")
    from PIL import Image
    from reportlab.lib.utils import ImageReader

    def draw(c, text):
        picture = Image.new("RGB", (320, 240), (236, 240, 228))
        c.drawImage(ImageReader(picture), 0, 0, 160 * MM, 120 * MM)
        text(8, 80, "植物肉汉堡饼", 10, mode=3)
        for k, line in enumerate(["配料：水，大豆组织蛋白，椰子油", "净含量：226克", "保质期：12个月"]):
            text(85, 110 - 6 * k, line, 2.4, mode=3)
    doc = parse_pdf(_pdf(draw), "scan.pdf")
    report = labelcheck.check(doc, as_of=AS_OF)
    assert "植物肉汉堡饼" in doc.text
    assert report.needs_review and "ocr_text_layer" in report.review_reasons


@pytest.mark.parametrize("value,zero", [
    ("#1b5e2000", True), ("#0000", True), ("rgba(27,94,32,0)", True), ("rgb(27 94 32 / 0%)", True),
    ("hsla(120, 50%, 40%, 0)", True), ("#1b5e20", False), ("rgba(27,94,32,0.5)", False), ("#1b5e20ff", False),
    ("var(--clear)", True),
])
def test_an_alpha_of_zero_paints_nothing(value, zero):
    assert css_alpha_zero(value, {"--clear": "#ffffff00"}) is zero


SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="200mm" height="100mm" viewBox="0 0 200 100">{}</svg>'


def _svg(body: str):
    return parse_svg(SVG.format(body).encode(), "t.svg")


def test_svg_text_filled_with_alpha_zero_is_ignored():
    body = ('<style>.t0{fill:rgba(27,94,32,0)}</style>'
            '<text x="5" y="20" font-size="12" fill="#1b5e20">乳基蛋白牛排</text>'
            '<text x="5" y="40" font-size="8" fill="#1b5e2000">降血脂</text>'
            '<text x="5" y="55" font-size="8" class="t0">不添加防腐剂</text>')
    doc = _svg(body)
    assert "降血脂" not in doc.text and "不添加" not in doc.text


def test_a_small_flavour_line_under_the_name_is_no_part_of_it():
    body = ('<text x="5" y="30" font-size="14" fill="#3a2a1a" data-role="">乳基蛋白牛排</text>'
            '<text x="5" y="40" font-size="5" fill="#c8102e">西冷牛排风味 · 熟制品</text>'
            '<text x="5" y="90" font-size="4" fill="#3a2a1a">净含量：200克</text>')
    doc = _svg(body)
    report = labelcheck.check(doc, as_of=AS_OF)
    assert report.fields.get("name") == "乳基蛋白牛排", report.fields
    assert "LC114" not in {f.rule for f in report.findings}
    # …while a qualifier line set small above the meat word is still the name's (LC113 judges it)
    body = ('<text x="5" y="22" font-size="5" fill="#3a2a1a">乳基蛋白</text>'
            '<text x="5" y="38" font-size="14" fill="#3a2a1a">牛排</text>')
    report = labelcheck.check(_svg(body), as_of=AS_OF)
    assert "LC113" in {f.rule for f in report.findings}


def test_an_invisible_back_panel_is_not_read_however_much_of_the_page_it_is():
    # render mode 3 left on after the front (a generator that never reset it): the back prints nothing. The ink alone
    # would distrust a page where most text "does not print" and keep it all
    def draw(c, text):
        text(8, 85, "乳基蛋白牛排", 10)
        text(8, 20, "净含量：200克", 4)
        for k, line in enumerate(BACK):
            text(85, 112 - 6 * k, line, 2.4, mode=3)
    doc = parse_pdf(_pdf(draw), "t.pdf")
    assert "配料" not in doc.text and "生产者" not in doc.text, doc.text
    assert "乳基蛋白牛排" in doc.text


def test_clip_paths_masks_and_nested_viewports_hide_what_they_cut_away():
    body = ('<defs><clipPath id="c"><rect x="0" y="0" width="200" height="50"/></clipPath>'
            '<clipPath id="win"><rect x="40" y="0" width="100" height="40"/></clipPath>'
            '<mask id="m"><rect x="0" y="0" width="200" height="100" fill="#000"/></mask></defs>'
            '<g clip-path="url(#c)"><text x="5" y="20" font-size="12" fill="#3a2a1a">大豆植物肉汉堡饼</text>'
            '<text x="5" y="80" font-size="1.5">净含量：20克</text></g>'       # below the clip: cut away
            '<text x="5" y="45" font-size="6" mask="url(#m)">零添加 0脂肪</text>'    # under an all-black mask
            '<text x="5" y="95" font-size="4">净含量：226克</text>')
    doc = _svg(body)
    assert "20克" not in doc.text and "零添加" not in doc.text and "226克" in doc.text, doc.text
    # a clip window that shows only part of a line keeps the characters it shows: 牛排 of 乳基蛋白牛排
    body = ('<defs><clipPath id="win"><rect x="52" y="0" width="100" height="40"/></clipPath></defs>'
            '<text x="4" y="30" font-size="12" fill="#3a2a1a" clip-path="url(#win)">乳基蛋白牛排</text>')
    doc = _svg(body)
    assert "乳基蛋白" not in doc.text and "牛排" in doc.text, doc.text
    # a nested <svg> scales what it holds into its viewport and clips to it
    body = ('<text x="5" y="20" font-size="10">大豆植物肉汉堡饼</text>'
            '<svg x="100" y="0" width="50" height="50" viewBox="0 0 100 100">'
            '<text x="0" y="20" font-size="4">贮存条件：-18℃冷冻保存</text>'
            '<text x="0" y="160" font-size="4">保质期：12个月</text></svg>')     # outside its viewport
    doc = _svg(body)
    sizes = {s.text: s.size_mm for s in doc.spans}
    assert abs(sizes["贮存条件：-18℃冷冻保存"] - 2.0) < 0.01, sizes
    assert "保质期" not in doc.text


def test_artwork_whose_text_is_all_in_hidden_layers_says_so_not_outlined():
    body = ('<g id="Layer_old" style="display:none"><text x="5" y="20" font-size="12">乳基蛋白牛排</text>'
            '<text x="5" y="40" font-size="4">净含量：200克</text></g><rect x="0" y="0" width="10" height="10"/>')
    report = labelcheck.check(_svg(body), as_of=AS_OF)
    lc801 = [f for f in report.findings if f.rule == "LC801"]
    assert lc801 and "隐藏" in lc801[0].message and "转曲" not in lc801[0].message


def test_a_damaged_pdf_is_one_line_that_says_so(tmp_path):
    from labelcheck.errors import InputError
    whole = _pdf(lambda c, text: text(8, 85, "乳基蛋白牛排", 10))
    with pytest.raises(InputError) as err:
        parse_pdf(whole[: len(whole) * 6 // 10], "cut.pdf")
    assert "damaged or cut short" in str(err.value)


def test_text_in_its_grounds_own_colour_prints_nothing():
    body = ('<rect x="0" y="0" width="200" height="100" fill="#ffffff"/>'
            '<rect x="0" y="0" width="100" height="50" fill="#c8102e"/>'
            '<text x="5" y="30" font-size="12" fill="#ffffff">乳基蛋白牛排</text>'           # white on red: prints
            '<text x="110" y="80" font-size="1.5" fill="#fff">净含量：20克</text>'         # white on white: does not
            '<image x="110" y="0" width="80" height="40" href="data:,"/>'
            '<text x="115" y="20" font-size="6" fill="#ffffff">鲜嫩多汁</text>'             # white on a picture: kept
            '<text x="5" y="90" font-size="4" fill="#222">净含量：200克</text>')
    bare = '<text x="5" y="30" font-size="12" fill="#ffffff">大豆植物肉饼</text>'      # no ground drawn: a kraft bag's white ink
    doc = _svg(body)
    assert "乳基蛋白牛排" in doc.text and "鲜嫩多汁" in doc.text and "200克" in doc.text
    assert "20克" not in doc.text.replace("200克", "")
    assert "大豆植物肉饼" in _svg(bare).text


def test_a_switch_draws_one_child_the_chinese_one():
    body = ('<switch><g systemLanguage="zh-CN,zh"><text x="5" y="30" font-size="12">乳基蛋白牛排</text></g>'
            '<g><text x="5" y="30" font-size="12">牛排 STEAK</text></g></switch>'
            '<switch><foreignObject requiredExtensions="http://ns.adobe.com/AdobeIllustrator/10.0/" width="1" height="1"/>'
            '<g><text x="5" y="90" font-size="4">净含量：200克</text></g></switch>')
    doc = _svg(body)
    assert "乳基蛋白牛排" in doc.text and "STEAK" not in doc.text and "200克" in doc.text, doc.text


def test_type3_glyphs_whose_boxes_hang_below_the_baseline_are_read():
    # matplotlib's PDF backend sets text in Type3 fonts without a FontBBox: pdfminer places each glyph's box below its
    # baseline, where the ink test found no ink and dropped a third of the glyphs (the name, the licence's digits)
    from pathlib import Path
    data = (Path(__file__).parent / "fixtures" / "sweep15" / "type3_matplotlib.pdf").read_bytes()
    report = labelcheck.check(parse_pdf(data, "type3.pdf"), as_of=AS_OF)
    assert report.fields.get("name") == "乳基蛋白牛排" and report.fields.get("licence") == "SC10631011500123"
    assert {f.rule for f in report.findings if f.severity == "error"} == {"LC582"}
