"""Sweep 16: label text pasted as HTML or Markdown, a table without its caption, a declared standard the ingredients
contradict, titles with 植物 and 肉 apart, cultured meat, "for use in" names."""
from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import labelcheck
from labelcheck.ingest.markup import plain_text

FIXTURES = Path(__file__).parent / "fixtures" / "sweep16"
AS_OF = dt.date(2026, 12, 3)


def _rules(report, *severities):
    return sorted(f.rule for f in report.findings if f.severity in severities)


def test_html_label_read_as_its_lines():
    text = (FIXTURES / "hotpot_balls.html.txt").read_text(encoding="utf-8")
    lines = plain_text(text).split("\n")
    assert "产品名称：大豆植物肉火锅丸" in lines
    assert "能量\t716千焦\t9%" in lines
    assert not any("<" in ln or "&nbsp;" in ln for ln in lines)
    report = labelcheck.check(text, as_of=AS_OF)
    assert report.fields["name"] == "大豆植物肉火锅丸"
    assert report.fields["licence"] == "SC11137030200154"
    # the <table>'s rows are the nutrition table: no LC601, and its core rows are all there
    assert _rules(report, "error") == []
    assert report.verdict == "warn"


def test_markdown_label_fields_and_captionless_table():
    report = labelcheck.check((FIXTURES / "jerky.md.txt").read_text(encoding="utf-8"), as_of=AS_OF)
    assert "LC009" not in _rules(report, "info")              # a whole label, not an excerpt
    assert report.fields["name"] == "豌豆植物蛋白素牛肉干（香辣味）"
    assert report.fields["licence"] == "SC11651010800367"
    assert _rules(report, "error") == []


def test_markdown_label_defects_found():
    report = labelcheck.check((FIXTURES / "jerky_no_licence_no_sodium.md.txt").read_text(encoding="utf-8"), as_of=AS_OF)
    errors = [(f.rule, f.standard, f.clause) for f in report.findings if f.severity == "error"]
    assert sorted(errors) == [("LC510", "gb-7718", "4.1.9"), ("LC602", "gb-28050", "4.1")]
    assert "钠" in next(f.message for f in report.findings if f.rule == "LC602" and f.severity == "error")


def test_cli_reads_html_file(tmp_path):
    out = subprocess.run([sys.executable, "-m", "labelcheck", "check", str(FIXTURES / "hotpot_balls.html.txt"),
                          "--format", "json", "--as-of", "2026-12-03"], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    report = json.loads(out.stdout)
    assert report["fields"]["name"] == "大豆植物肉火锅丸"
    assert not [f for f in report["findings"] if f["rule"] == "LC601"]


def test_plain_text_left_alone():
    text = "产品名称：大豆植物肉香肠\n配料：水、大豆分离蛋白\n* 本品含大豆\n营养成分表 | 项目 | 每100g |"
    assert plain_text(text) == text
    assert plain_text("<b>大豆</b>植物肉") == "<b>大豆</b>植物肉"          # one tag is no page


def test_markdown_table_cells_become_columns():
    md = "**产品名称**：植物肉饼\n**配料**：豌豆蛋白\n\n| 项目 | 每100g | NRV% |\n|---|---|---|\n| 能量 | 800kJ | 10% |"
    assert plain_text(md).split("\n") == ["产品名称：植物肉饼", "配料：豌豆蛋白", "", "项目\t每100g\tNRV%",
                                          "能量\t800kJ\t10%"]


def test_contested_standard_softens_and_offers_no_rename():
    text = ("产品名称：大豆植物肉汉堡饼\n配料：水，大豆组织蛋白，大豆分离蛋白，椰子油，食用盐\n净含量：200克\n"
            "产品标准代号：T/CEAC 123-2025\n食品生产许可证编号：SC11137130200123\n生产者：某某食品有限公司\n"
            "地址：山东省临沂市某路1号\n电话：0539-1234567\n生产日期：2026年10月1日\n保质期：12个月\n贮存条件：-18℃冷冻\n"
            "营养成分表\n项目 每100克 NRV%\n能量 800千焦 10%\n蛋白质 13.5克 23%\n脂肪 11.0克 18%\n碳水化合物 6.0克 2%\n"
            "钠 600毫克 30%\n")
    report = labelcheck.check(text, as_of=AS_OF)
    assert report.product_class == "dairy_meat"
    assert report.classification["confidence"] == "low" and report.needs_review
    assert _rules(report, "error") == []
    assert "LC003" in _rules(report, "warning") and "LC424" in _rules(report, "warning")
    assert all(not f.suggestions for f in report.findings if f.rule == "LC111")
    # the same label declaring its own standard: an ordinary soy-meat label, high confidence
    own = labelcheck.check(text.replace("T/CEAC 123-2025", "T/CNFIA 165-2022"), as_of=AS_OF)
    assert own.product_class == "soy_meat" and own.classification["confidence"] == "high"


def test_dairy_label_with_dairy_protein_keeps_its_errors():
    # a blend that lists milk protein is no contradiction: T/CEAC 123's errors stand
    text = ("产品名称：牛排\n配料：水，大豆分离蛋白，浓缩乳蛋白，椰子油\n产品标准代号：T/CEAC 123-2025\n净含量：200克\n")
    report = labelcheck.check(text, as_of=AS_OF)
    assert report.product_class == "dairy_meat" and report.classification["confidence"] == "high"
    assert "LC111" in _rules(report, "error")


def test_plant_and_bare_meat_apart_is_low_confidence():
    report = labelcheck.check_name("烧烤调料 植物香辛料 腌肉 500g", title=True, as_of=AS_OF)
    assert report.product_class == "plant_meat"
    assert report.classification["confidence"] == "low" and report.needs_review
    tight = labelcheck.check_name("植物肉 500g", title=True, as_of=AS_OF)
    assert tight.classification["confidence"] == "high"


def test_cultured_meat_is_other():
    for name in ("人造肉（细胞培养）牛排", "细胞培养肉 人造肉 牛排", "Cultivated meat 人造鸡肉"):
        report = labelcheck.check_name(name, as_of=AS_OF)
        assert report.product_class == "other", name
        assert report.verdict == "pass", name


_SOY_LABEL = ("产品名称：大豆植物肉丸\n配料：水、大豆分离蛋白、{extra}食用盐\n净含量：400克\n执行标准：T/CNFIA 165-2022\n"
              "食品生产许可证编号：SC11132050200417\n生产者：某某食品有限公司\n地址：江苏省苏州市某路1号\n电话：0512-63251234\n"
              "生产日期：{date}\n保质期：12个月\n贮存条件：-18℃以下冷冻保存\n致敏物质提示：{allergen}\n")


def test_date_given_as_see_the_print_mark():
    for date, vague in (("见喷码", True), ("详见喷码处", True), ("见瓶身喷码", False), ("2026年11月02日", False)):
        report = labelcheck.check(_SOY_LABEL.format(extra="", date=date, allergen="含有大豆"), as_of=AS_OF)
        assert ("LC522" in _rules(report, "warning")) is vague, date


def test_soy_sauce_with_allergen_note_still_brings_soy():
    # (a pea-protein ball: with 大豆分离蛋白 in the list the soy would be named plainly there)
    text = _SOY_LABEL.format(extra="酿造酱油（含小麦）、", date="2026年11月02日", allergen="含有小麦") \
        .replace("大豆分离蛋白", "豌豆分离蛋白")
    lc512 = [f for f in labelcheck.check(text, as_of=AS_OF).findings if f.rule == "LC512"]
    assert [f.evidence.text for f in lc512] == ["酿造酱油（含小麦）"] and "大豆" in lc512[0].message


def test_form_quotes_around_values():
    text = _SOY_LABEL.format(extra="", date="「2026-10-19」", allergen="含有大豆").replace("净含量：400克", "净含量：「400克」")
    report = labelcheck.check(text, as_of=AS_OF)
    assert report.fields["net_content"] == "400克" and report.fields["production_date"] == "2026-10-19"


def test_two_columns_read_column_by_column_with_offsets_kept():
    from labelcheck.extract.text_columns import two_columns
    from labelcheck.normalize import normalize
    text = ("产品名称：大豆植物肉午餐肉罐头          营养成分表\n"
            "配料：饮用水、大豆组织蛋白、            项目      每100克   NRV%\n"
            "大豆油、食用盐                          能量      895千焦   11%\n"
            "净含量：340克                           蛋白质    12.0克    20%\n"
            "产品标准代号：T/CNFIA 165               脂肪      15.0克    25%\n"
            "食品生产许可证编号：SC10932058200417    钠        720毫克   36%\n")
    layout = two_columns(normalize(text, compact=False))
    lines = [ln.rstrip().replace(":", "：") for ln in layout.text.split("\n")]   # (the shadow folds ： to :)
    assert lines[:6] == ["产品名称：大豆植物肉午餐肉罐头", "配料：饮用水、大豆组织蛋白、", "大豆油、食用盐", "净含量：340克",
                         "产品标准代号：T/CNFIA 165", "食品生产许可证编号：SC10932058200417"]
    assert lines[6] == "营养成分表" and lines[8].startswith("能量")
    # every character still points at the user's own
    at = layout.text.index("895千焦")
    s, e = layout.orig_span(at, at + 5)
    assert text[s:e] == "895千焦"
    report = labelcheck.check(text, as_of=AS_OF)
    assert report.fields["net_content"] == "340克" and report.fields["licence"] == "SC10932058200417"
    assert set(report.fields["nutrition"]["rows"]) == {"energy", "protein", "fat", "sodium"}


def test_a_nutrition_table_alone_is_no_two_columns():
    from labelcheck.extract.text_columns import two_columns
    from labelcheck.normalize import normalize
    table = "营养成分表\n项目      每100克   NRV%\n能量      895千焦   11%\n蛋白质    12.0克    20%\n脂肪      15.0克    25%\n钠        720毫克   36%\n"
    layout = normalize(table, compact=False)
    assert two_columns(layout) is layout


# --- from the review of the change -------------------------------------------------------------------------------

def test_a_table_of_labels_and_values_is_no_two_columns():
    # 产品名称：<padding>大豆植物肉汉堡饼 — every value at one column: the fields keep their values
    report = labelcheck.check((FIXTURES / "label_value_cells.txt").read_text(encoding="utf-8"), as_of=AS_OF)
    assert report.fields["name"] == "大豆植物肉汉堡饼" and report.fields["net_content"] == "500克"
    assert _rules(report, "error") == []


def test_html_with_an_unclosed_head_keeps_its_body():
    report = labelcheck.check((FIXTURES / "head_unclosed.html.txt").read_text(encoding="utf-8"), as_of=AS_OF)
    assert report.fields["name"] == "大豆植物肉火锅丸"


def test_html_with_no_text_is_refused(tmp_path):
    page = tmp_path / "blank.html.txt"
    page.write_text("<p>&nbsp;</p><br><div></div>", encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "labelcheck", "check", str(page)], capture_output=True, text=True)
    assert out.returncode == 2 and "no text" in out.stderr and out.stderr.count("\n") == 1


def test_a_cell_with_a_line_break_stays_one_cell():
    html = ("<p>产品名称：植物肉饼</p><p>配料：豌豆蛋白</p><table><tr><td>项目</td><td>每100克</td><td>NRV%</td></tr>"
            "<tr><td>能量<br>Energy</td><td>716千焦</td><td>9%</td></tr></table>")
    assert plain_text(html).split("\n")[-1] == "能量 Energy\t716千焦\t9%"


def test_soy_milk_powders_whose_name_ends_in_a_bean_character():
    for name in ("网红豆奶粉", "长青豆奶粉", "红 豆奶粉", "青豆奶粉"):
        report = labelcheck.check_name(name, as_of=AS_OF)
        assert report.classification["confidence"] == "high" and "LC131" not in _rules(report, "error", "warning", "info"), name


def test_a_plant_meat_that_says_it_is_not_cultured():
    assert labelcheck.check_name("植物肉汉堡饼（非细胞培养肉）", as_of=AS_OF).product_class == "plant_meat"


def test_quotes_inside_a_value_are_kept():
    text = _SOY_LABEL.format(extra="", date="2026年11月02日", allergen="含有大豆").replace(
        "产品名称：大豆植物肉丸", "产品名称：“大豆植物肉”牛肉风味“丸”")
    assert labelcheck.check(text, as_of=AS_OF).fields["name"] == "“大豆植物肉”牛肉风味“丸”"


def test_batch_refuses_to_write_its_own_input(tmp_path):
    rows = tmp_path / "titles.jsonl"
    rows.write_text("".join(json.dumps({"id": i, "title": "大豆植物肉香肠"}, ensure_ascii=False) + "\n" for i in range(50)),
                    encoding="utf-8")
    before = rows.read_bytes()
    out = subprocess.run([sys.executable, "-m", "labelcheck", "batch", str(rows), "-o", str(rows)],
                         capture_output=True, text=True)
    assert out.returncode == 2 and "input" in out.stderr and rows.read_bytes() == before
    kept = tmp_path / "prev.jsonl"
    kept.write_text("yesterday\n", encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "labelcheck", "batch", str(rows), "-o", str(kept),
                          "--summary", str(tmp_path / "no" / "such" / "s.json")], capture_output=True, text=True)
    assert out.returncode == 2 and kept.read_text(encoding="utf-8") == "yesterday\n"


def test_a_malformed_json_line_keeps_its_id_under_any_id_header(tmp_path):
    rows = tmp_path / "export.jsonl"
    rows.write_text('{"商品ID": "SKU-1", "商品标题": "大豆植物肉香肠"}\n{"商品ID": "SKU-BAD", "商品标题": "植物肉", "店铺": "坏店",\n'
                    '[1, 2, 3]\n', encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "labelcheck", "batch", str(rows), "--keep", "店铺"],
                         capture_output=True, text=True)
    recs = [json.loads(line) for line in out.stdout.splitlines()]
    assert [(r["id"], r["row"], r["keep"]) for r in recs] == [("SKU-1", 1, {"店铺": None}), ("SKU-BAD", 2, {"店铺": "坏店"}),
                                                              (None, 3, {"店铺": None})]


def test_csv_cells_that_would_run_as_formulas(tmp_path):
    rows = tmp_path / "t.csv"
    rows.write_text('id,title\n1,"=HYPERLINK(""http://x"",""植物肉"")"\n2,-18℃冷冻 植物肉饼\n', encoding="utf-8")
    target = tmp_path / "out.csv"
    subprocess.run([sys.executable, "-m", "labelcheck", "batch", str(rows), "-o", str(target)], capture_output=True)
    import csv as _csv
    got = list(_csv.reader(target.read_text(encoding="utf-8-sig").splitlines()))
    assert got[1][2].startswith("'=HYPERLINK") and got[2][2] == "-18℃冷冻 植物肉饼"


def test_a_rows_title_beside_label_text(tmp_path):
    rows = tmp_path / "t.csv"
    label = "产品名称：大豆植物肉汉堡肉饼\n配料：水、大豆分离蛋白"
    rows.write_text("id,商品标题,标签文字\n" + f'A1,【包邮】牛肉饼 200g*2 速冻,"{label}"\n'
                    + 'A2,【包邮】大豆植物肉汉堡肉饼 200g*2 速冻,"配料：水、大豆分离蛋白"\n', encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "labelcheck", "batch", str(rows)], capture_output=True, text=True)
    names = [json.loads(line)["fields"]["name"] for line in out.stdout.splitlines()]
    # the label names itself: its name; it does not: the title, whole (its qualifiers as the seller wrote them)
    assert names == ["大豆植物肉汉堡肉饼", "【包邮】大豆植物肉汉堡肉饼 200g*2 速冻"]


def test_serve_stopped_by_sigterm_exits_0():
    import signal
    import socket
    import time
    import urllib.request
    import pytest
    pytest.importorskip("uvicorn")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-m", "labelcheck", "serve", "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1).read()
                break
            except OSError:
                time.sleep(0.2)
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0 and "cannot listen" not in err


# --- a regulator's reports ----------------------------------------------------------------------------------------

_DAIRY_NO_QUALIFIER = ("产品名称：牛肉饼\n产品类别：乳基蛋白肉制品\n配料：水，浓缩乳蛋白，酪蛋白，椰子油\n"
                       "产品标准代号：T/CEAC 123-2025\n净含量：200克\n生产者：某某乳业有限公司\n地址：内蒙古呼和浩特市某路1号\n"
                       "电话：0471-1234567\n食品生产许可证编号：SC10615010000123\n生产日期：2026年11月01日\n保质期：12个月\n"
                       "贮存条件：-18℃以下冷冻\n熟制品\n食用方法：解冻后煎熟\n本产品为乳基蛋白制品，非动物肉制品\n"
                       "营养成分表\n项目 每100克 NRV%\n能量 742千焦 9%\n蛋白质 26.0克 43%\n脂肪 5.0克 8%\n碳水化合物 6.0克 2%\n"
                       "钠 400毫克 20%\n")


def test_a_finding_quotes_the_note_that_grounds_it():
    report = labelcheck.check(_DAIRY_NO_QUALIFIER, as_of=AS_OF)
    lc111 = next(f for f in report.findings if f.rule == "LC111")
    assert lc111.clause == "7.1.3" and lc111.clause_text.startswith("注3：") and "乳基蛋白" in lc111.clause_text
    lc205 = next(f for f in report.findings if f.rule == "LC205")          # 产地 missing: the quote names it
    assert "产地" in lc205.clause_text and "…" not in lc205.clause_text


def test_compare_editions_keeps_one_rules_findings_apart_and_refuses_html(tmp_path):
    label = tmp_path / "l.txt"
    label.write_text(_DAIRY_NO_QUALIFIER, encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "labelcheck", "check", str(label), "--compare-editions", "--format", "json",
                          "--as-of", "2026-12-03"], capture_output=True, text=True)
    changed = [c for c in json.loads(out.stdout)["change_severity"] if c["rule"] == "LC602"]
    assert sorted(c["message"] for c in changed) == ["营养成分表缺少“糖”", "营养成分表缺少“饱和脂肪”"]
    html = subprocess.run([sys.executable, "-m", "labelcheck", "check", str(label), "--compare-editions",
                           "-o", str(tmp_path / "c.html")], capture_output=True, text=True)
    assert html.returncode == 2 and "text or json" in html.stderr and not (tmp_path / "c.html").exists()


def test_html_report_names_rows_and_fields_as_the_label_does(tmp_path):
    from labelcheck.render.html import render_html
    page = render_html([labelcheck.check(_DAIRY_NO_QUALIFIER, as_of=AS_OF)])
    assert "<td>能量</td><td>742千焦</td>" in page and "<td>蛋白质</td><td>26.0克</td>" in page and "<td>9%</td>" in page
    assert "<td>净含量</td>" in page and "net_content" not in page
    assert "↑ index" not in page and "size: A4" in page


def test_html_cites_the_standard_as_printed():
    from labelcheck.render.html import render_html
    page = render_html([labelcheck.check(_DAIRY_NO_QUALIFIER, as_of=AS_OF)])
    assert "T/CEAC 123—2025 7.1.3" in page and "GB 28050—2025 4.1" in page


# --- from the second review ---------------------------------------------------------------------------------------

def test_a_gbk_json_array_on_one_line_is_read_as_gbk(tmp_path):
    label = "产品名称：植物牛肉饼\n配料：水、大豆分离蛋白、植物油、食用盐\n净含量：200g"
    path = tmp_path / "labels_gbk.json"
    path.write_bytes(json.dumps([{"id": i, "text": label} for i in range(40)], ensure_ascii=False).encode("gbk"))
    out = subprocess.run([sys.executable, "-m", "labelcheck", "batch", str(path), "--as-of", "2026-12-03"],
                         capture_output=True, text=True)
    first = json.loads(out.stdout.splitlines()[0])
    assert first["fields"]["name"] == "植物牛肉饼" and first["product_class"] == "soy_meat"


def test_batch_refuses_stdin_redirected_from_its_output(tmp_path):
    rows = tmp_path / "t.jsonl"
    rows.write_text("".join(json.dumps({"id": i, "title": "大豆植物肉香肠"}, ensure_ascii=False) + "\n" for i in range(50)),
                    encoding="utf-8")
    before = rows.read_bytes()
    with open(rows, "rb") as fh:
        out = subprocess.run([sys.executable, "-m", "labelcheck", "batch", "-", "-o", str(rows)], stdin=fh,
                             capture_output=True, text=True)
    assert out.returncode == 2 and rows.read_bytes() == before


def test_flavours_between_a_leading_qualifier_and_the_meat_stay_high_confidence():
    for title in ("植物基黑椒牛排", "植物蛋白香辣鸡块", "【植物基】牛肉饼 200g", "植物基 照烧 鸡排", "素食 黑椒 牛排"):
        report = labelcheck.check_name(title, title=True, as_of=AS_OF)
        assert report.product_class == "plant_meat" and not report.needs_review, title


def test_csv_keeps_plain_numbers_and_escapes_number_led_formulas():
    from labelcheck.render.csv import _inert
    assert [_inert(c) for c in ("-", "-18℃", "+5%", "-0.5")] == ["-", "-18℃", "+5%", "-0.5"]
    assert _inert("-2+3+cmd|' /C calc'!A0").startswith("'") and _inert("@shop") == "'@shop"


def test_an_unclosed_quote_early_in_a_big_csv_is_checked_in_chunks(tmp_path):
    from labelcheck.ingest import rows as batch_rows
    path = tmp_path / "big.csv"
    lines = ["id,title"] + [f"{i},植物肉汉堡饼 {i}" for i in range(60000)]
    lines[3] = '2,"植物肉汉堡饼 2'
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    pieces = [len(chunk.data) for chunk in batch_rows.chunks(str(path))]
    assert len(pieces) > 2 and max(pieces) <= 2 * batch_rows.CHUNK_BYTES


def test_html_index_marks_reports_for_review():
    from labelcheck.render.html import render_html
    weak = labelcheck.check_name("猪肉水饺 素食 家用 1kg", title=True, as_of=AS_OF)
    sure = labelcheck.check_name("大豆植物肉香肠", as_of=AS_OF)
    assert weak.needs_review and not sure.needs_review
    page = render_html([weak, sure])
    assert page.count("复核 review</span>") == 1
