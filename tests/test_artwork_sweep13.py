"""SVG text positioned character by character, as Illustrator's per-glyph export and vertical type (直排文字) write
it: `x`/`y` lists give each character its own place (SVG 1.1 10.4), and `writing-mode: tb` stacks the characters
one under another. Both once printed as one horizontal run at the first position: a vertical name read across the
panel's other lines, its box a wide strip."""
from __future__ import annotations

import datetime as dt

import labelcheck
from labelcheck.ingest.svg import parse_svg

CJK, DIGIT = 1.0, 0.55          # advances in ems (lexicons/layout: what a designer's face sets)


def _placed(text: str, x0: float, size: float) -> str:
    """The x list Illustrator writes for `text` set solid at `size` from x0."""
    xs, x = [], x0
    for ch in text:
        xs.append(f"{x:.2f}")
        x += size * (CJK if ord(ch) > 0x2E7F else DIGIT)
    return " ".join(xs)


def _svg(body: str) -> bytes:
    return ('<svg xmlns="http://www.w3.org/2000/svg" width="100mm" height="120mm" viewBox="0 0 100 120">'
            + body + "</svg>").encode("utf-8")


FIELDS = [("产品名称：大豆植物肉汉堡饼", 10), ("配料：水、大豆蛋白、大豆油、食用盐、甲基纤维素", 15),
          ("净含量：226克（2片）", 20), ("生产日期：见包装喷码", 25), ("保质期：12个月", 30)]


def _per_glyph_grid() -> str:
    return "".join(f'<text font-size="3.5" x="{_placed(t, 5, 3.5)}" y="{y}">{t}</text>' for t, y in FIELDS)


def test_per_glyph_positions_read_as_the_lines_they_set():
    doc = parse_svg(_svg(_per_glyph_grid()), "kerned.svg")
    assert doc.text.split("\n") == [t for t, _ in FIELDS]
    net = next(s for s in doc.spans if s.text.startswith("净含量"))
    assert abs(net.bbox[2] - net.bbox[0] - sum(3.5 * (CJK if ord(c) > 0x2E7F else DIGIT) for c in FIELDS[2][0][:-1])) < 4


def test_a_name_stacked_by_its_y_list_reads_down_its_column():
    name = "大豆植物肉饼"
    column = (f'<text font-size="6" x="{" ".join(["88"] * len(name))}" '
              f'y="{" ".join(str(40 + 6 * i) for i in range(len(name)))}">{name}</text>')
    doc = parse_svg(_svg(_per_glyph_grid() + column), "stacked.svg")
    span = next(s for s in doc.spans if s.text == name)
    x0, top, x1, bottom = span.bbox
    assert x1 - x0 < 8 and bottom - top > 30            # narrow and tall, where the column stands
    assert all(name not in line for line, _ in FIELDS)


def test_vertical_type_writing_mode_stacks_its_characters():
    name = "大豆植物肉饼"
    doc = parse_svg(_svg(_per_glyph_grid() + f'<text font-size="6" x="88" y="40" writing-mode="tb">{name}</text>'),
                    "vertical.svg")
    span = next(s for s in doc.spans if s.text == name)
    assert span.bbox[2] - span.bbox[0] < 8 and span.bbox[3] - span.bbox[1] > 30
    report = labelcheck.check(doc, as_of=dt.date(2026, 6, 1))
    assert report.classification["product_class"] == "soy_meat"
    assert not {f.rule for f in report.findings} & {"LC101", "LC102"}


def test_one_x_many_y_follows_the_text_position_as_svg_does():
    # without its own x each character goes on from the last one's end (SVG 1.1 10.4): a staircase, not a column
    doc = parse_svg(_svg('<text font-size="5" x="10" y="30 35 40">大豆肉</text>'), "stairs.svg")
    xs = sorted(s.bbox[0] for s in doc.spans)
    assert xs[-1] - xs[0] > 8


def test_relative_font_sizes_follow_the_parent():
    # a tspan's size in %, em or a keyword is its parent's scaled (CSS), not a size in user units of its own
    doc = parse_svg(_svg('<text font-size="6" x="10" y="20">乳基蛋白<tspan font-size="100%">牛排</tspan></text>'
                         '<text font-size="6" x="10" y="40">熟制<tspan font-size="0.5em">（非动物肉）</tspan></text>'
                         '<g style="font-size:4px"><text x="10" y="60" style="font-size:150%">净含量：200克</text></g>'),
                    "relative.svg")
    sizes = {s.text: s.size_mm for s in doc.spans}
    assert {round(v, 2) for k, v in sizes.items() if "牛排" in k or k == "乳基蛋白"} == {6.0}
    assert any(abs(v - 3.0) < 0.01 for k, v in sizes.items() if "非动物肉" in k), sizes
    assert any(abs(v - 6.0) < 0.01 for k, v in sizes.items() if k.startswith("净含量")), sizes


def test_a_grid_of_one_size_names_the_value_of_its_name_field():
    doc = parse_svg(_svg(_per_glyph_grid()), "kerned.svg")
    assert doc.name == "大豆植物肉汉堡饼"


# ---------------------------------------------------------------- LC780: one face the layout cut by a gap

SWEEP = __import__("pathlib").Path(__file__).resolve().parent / "fixtures" / "artwork" / "sweep13"


def test_net_content_in_the_far_corner_of_the_front_is_on_the_name_s_face():
    # h04 (Chromium, CSS absolute positioning) and r07 (reportlab): the name top left, 净含量 bottom right of page 1 — a
    # gap the layout cuts the page at, not two faces; LC780 once gave an error
    from labelcheck.ingest import load_path
    for name in ("h04_dairy_split_spacing.pdf", "r07_front_net_corner.pdf"):
        report = labelcheck.check(load_path(str(SWEEP / name)), as_of=dt.date(2026, 12, 3))
        assert "LC780" not in {f.rule for f in report.findings}, name


def _doc(spans):
    from labelcheck.models import LabelDocument
    return LabelDocument.model_validate({"text": "\n".join(s["text"] for s in spans), "spans": spans})


def test_a_panel_is_the_page_s_own():
    # "panel 1" of page 2 is not "panel 1" of page 1: the net content on the back is off the front
    doc = _doc([{"text": "大豆植物肉饼", "size_mm": 8, "role": "name", "panel": "正面", "page": 1},
                {"text": "配料：水，大豆蛋白", "size_mm": 2, "panel": "背面", "page": 2},
                {"text": "净含量：200克", "size_mm": 4, "panel": "背面", "page": 2}])
    assert "LC780" in {f.rule for f in labelcheck.check(doc, as_of=dt.date(2026, 12, 3)).findings}
    same_name = _doc([{"text": "大豆植物肉饼", "size_mm": 8, "role": "name", "panel": "panel 1", "page": 1},
                      {"text": "净含量：200克", "size_mm": 4, "panel": "panel 1", "page": 2}])
    assert "LC780" in {f.rule for f in labelcheck.check(same_name, as_of=dt.date(2026, 12, 3)).findings}


# ---------------------------------------------------------------- a side panel turned a quarter (Chromium, CSS rotate)

def test_a_turned_side_panel_reads_its_items_and_sizes():
    from labelcheck.ingest import load_path
    doc = load_path(str(SWEEP / "h06_dairy_rotated_side.pdf"))
    report = labelcheck.check(doc, as_of=dt.date(2026, 12, 3))
    fields = report.fields
    # 贮存 ⏎ 条件： wrapped by the panel's width is one label; the spaces between items stay
    assert fields["storage"] == "0℃~4℃冷藏" and fields["shelf_life"] == "9个月"
    assert fields["producer"] == "天津牧野食品有限公司"
    assert "LC509" not in {f.rule for f in report.findings}
    # the type's size, not a digit's advance: one size for the whole turned line (2.6 mm in the CSS)
    turned = [s for s in doc.spans if s.text.startswith("生产商")]
    assert turned and all(abs(s.size_mm - 2.6) < 0.1 for s in turned)


def test_chromium_radicals_are_read_as_the_ideographs_typed():
    # Chromium's Noto CJK maps 白 牛 肉 食 to Kangxi and supplement radicals (⽩ ⽜ ⾁ ⻝): the report shows what was typed
    from labelcheck.ingest import load_path
    doc = load_path(str(SWEEP / "h06_dairy_rotated_side.pdf"))
    assert "乳基蛋白牛排" in doc.text and not any("\u2e80" <= ch <= "\u2fdf" for ch in doc.text)


def test_a_label_or_a_number_the_line_broke_is_read_whole():
    from labelcheck.extract.fields import extract_fields
    from labelcheck.extract.wrapped import labels_rejoined
    from labelcheck.normalize import normalize

    def read(text):
        return {k: v[0].value for k, v in extract_fields(labels_rejoined(normalize(text, compact=False))).items()}
    got = read("保质期：9个月 贮存\n条件：0℃~4℃冷藏\n电话：022-\n23456789")
    assert got["storage"] == "0℃~4℃冷藏" and got["shelf_life"] == "9个月" and got["contact"] == "022- 23456789"
    # a second line that begins a label of its own stays its own line
    got = read("产地：天津市\n电话：022-23456789")
    assert got["origin"] == "天津市" and got["contact"] == "022-23456789"


# ---------------------------------------------------------------- the displayed name of a plain food (a photo's layout)

def _line_runs(text, x, y, size):
    from labelcheck.ingest.layout import Run
    return [Run(text=ch, size_mm=size, color="#000000", x0=x + i * size, x1=x + (i + 1) * size, baseline=y,
                page=1, panel="front") for i, ch in enumerate(text)]


def test_a_traditional_food_s_title_is_its_name_not_a_logo():
    # 内酯豆腐 set large holds no analogue word but is the name; the ingredient line (大豆) and the 产品名称 field are not
    from labelcheck.ingest.layout import to_document
    runs = (_line_runs("内酯豆腐", 40, 30, 14) + _line_runs("产品名称：内酯豆腐", 10, 60, 4)
            + _line_runs("配料：水，大豆，葡萄糖酸-δ-内酯，氯化镁", 10, 66, 4) + _line_runs("净含量：350克", 10, 72, 4))
    doc = to_document(runs, "tofu.png")
    assert doc.name == "内酯豆腐"


def test_a_name_field_under_the_displayed_name_is_no_part_of_it():
    from labelcheck.ingest.layout import to_document
    runs = _line_runs("五香牛肉干", 20, 30, 12) + _line_runs("产品名称：五香牛肉干", 20, 40, 4) + _line_runs("净含量：200克", 20, 46, 4)
    assert to_document(runs, "jerky.png").name == "五香牛肉干"


def test_an_illustrator_side_panel_turned_a_quarter_reads_one_line_per_text():
    # matrix(0 -1 1 0 x y), one <text> a line, the lines 10 units apart: once all eight read as one line
    from labelcheck.ingest import load_path
    doc = load_path(str(SWEEP / "s07_ai_rotated_side.svg"))
    lines = doc.text.split("\n")
    assert "生产商：天津牧野食品有限公司" in lines and "贮存条件：0℃~4℃冷藏" in lines
    report = labelcheck.check(doc, as_of=dt.date(2026, 12, 3))
    assert report.fields["producer"] == "天津牧野食品有限公司"
