"""batch as a moderation pipeline runs it: which column is which, headers in Chinese, columns carried through,
formats by extension checked by content, -o, --only-failing, the summary and the exit codes."""
from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import pytest

AS_OF = "2026-11-23"


def run(*args, stdin: bytes | None = None):
    p = subprocess.run([sys.executable, "-m", "labelcheck", "batch", *args, "--as-of", AS_OF, "--workers", "1"],
                       capture_output=True, timeout=120, input=stdin)
    return p.returncode, p.stdout.decode("utf-8"), p.stderr.decode("utf-8")


def jsonl(out: str) -> list[dict]:
    return [json.loads(line) for line in out.splitlines() if line.strip()]


# a seller-center export: Chinese headers, the id in 商品编号, the title in 商品标题, two columns to carry through
EXPORT = [["商品编号", "店铺", "商品标题", "类目"],
          ["A-1", "旗舰店", "【包邮】植物肉香肠 200g*2", "速冻"],
          ["A-2", "旗舰店", "", "速冻"],
          ["A-3", "杂货铺", "五香素鸡 250g", "豆制品"],
          ["A-4", "杂货铺", "大豆植物肉汉堡肉饼 100g", "速冻"]]


def _write_table(path, rows, delimiter=","):
    with open(path, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, delimiter=delimiter).writerows(rows)


@pytest.mark.parametrize("ext, delimiter", [(".csv", ","), (".tsv", "\t")])
def test_chinese_headers_keep_columns_and_row_numbers(tmp_path, ext, delimiter):
    f = tmp_path / f"export{ext}"
    _write_table(f, EXPORT, delimiter)
    code, out, err = run(str(f), "--keep", "店铺,类目", "--class", "soy_meat")
    recs = jsonl(out)
    assert [r["id"] for r in recs] == ["A-1", "A-2", "A-3", "A-4"]
    assert [r["row"] for r in recs] == [2, 3, 4, 5]
    assert all(r["keep"]["店铺"] for r in recs) and recs[2]["keep"] == {"店铺": "杂货铺", "类目": "豆制品"}
    assert "error" in recs[1] and recs[1]["keep"]["类目"] == "速冻"
    assert recs[0]["verdict"] == "fail" and recs[0]["fields"]["name"] == "【包邮】植物肉香肠 200g*2"
    assert code == 1


def test_named_columns_override_the_common_names(tmp_path):
    f = tmp_path / "odd.csv"
    _write_table(f, [["listing", "headline", "name"], ["x1", "乳基蛋白牛排", "植物肉香肠"]])
    code, out, _ = run(str(f), "--id-column", "listing", "--name-column", "headline")
    rec = jsonl(out)[0]
    assert rec["id"] == "x1" and rec["fields"]["name"] == "乳基蛋白牛排"


def test_named_columns_in_jsonl_objects(tmp_path):
    f = tmp_path / "rows.jsonl"
    rows = [{"sku": 7, "商品标题": "植物肉香肠", "seller": "s1"}, {"sku": 8, "商品标题": "", "seller": "s2"}]
    f.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    code, out, _ = run(str(f), "--id-column", "sku", "--keep", "seller", "--class", "soy_meat")
    recs = jsonl(out)
    assert [r["id"] for r in recs] == ["7", "8"] and [r["keep"]["seller"] for r in recs] == ["s1", "s2"]
    assert recs[0]["verdict"] == "fail" and "error" in recs[1] and code == 1


@pytest.mark.parametrize("option, column", [("--id-column", "nope"), ("--name-column", "标题2"), ("--keep", "x")])
def test_a_named_column_that_is_not_there_is_unusable_input(tmp_path, option, column):
    f = tmp_path / "t.csv"
    _write_table(f, [["id", "title"], ["1", "植物肉香肠"]])
    code, out, err = run(str(f), option, column)
    assert code == 2 and out == "" and column in err and "id, title" in err and len(err.strip().splitlines()) == 1


@pytest.mark.parametrize("name, content, says", [
    ("rows.tsv", '{"name": "植物肉香肠"}\n', "holds JSON, not TSV"),
    ("rows.csv", '[{"name": "植物肉香肠"}]', "holds JSON, not CSV"),
    ("rows.jsonl", "id\tname\n1\t植物肉香肠\n", "holds no JSON"),
    ("rows.json", "id,name\n1,植物肉香肠\n", "holds no JSON"),
    ("rows.csv", "id\tname\n1\t植物肉香肠\n", "tab-separated"),
    ("rows.csv", "PK\x03\x04 not really a workbook", "XLSX"),
])
def test_format_by_extension_is_checked_by_content(tmp_path, name, content, says):
    f = tmp_path / name
    f.write_text(content, encoding="utf-8")
    code, out, err = run(str(f))
    assert code == 2 and out == "" and says in err and len(err.strip().splitlines()) == 1


def test_an_unknown_extension_is_recognised_by_content(tmp_path):
    f = tmp_path / "rows.txt"
    f.write_text("编号\t标题\n1\t植物肉香肠\n", encoding="utf-8")
    code, out, _ = run(str(f))
    assert jsonl(out)[0]["id"] == "1" and code in (0, 1)


@pytest.mark.parametrize("ext", [".csv", ".tsv", ".jsonl", ".json", ".html", ".txt"])
def test_output_format_from_the_o_extension(tmp_path, ext):
    f = tmp_path / "t.csv"
    _write_table(f, [["id", "title"], ["1", "植物肉香肠"], ["2", "大豆植物肉香肠"]])
    target = tmp_path / f"out{ext}"
    code, out, _ = run(str(f), "-o", str(target))
    text = target.read_text(encoding="utf-8")
    assert out == ""
    if ext == ".csv":
        rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
        assert [r["name"] for r in rows] == ["植物肉香肠", "大豆植物肉香肠"] and rows[0]["row"] == "2"
    elif ext == ".tsv":
        rows = list(csv.DictReader(io.StringIO(text), delimiter="\t"))
        assert [r["id"] for r in rows] == ["1", "2"]
    elif ext == ".jsonl":
        assert [r["id"] for r in jsonl(text)] == ["1", "2"]
    elif ext == ".json":
        assert [r["row"] for r in json.loads(text)] == [2, 3]
    elif ext == ".html":
        assert text.startswith("<!DOCTYPE html>")
    else:
        assert text.startswith("1: ") and "\n2: " in text


def test_o_with_an_unknown_extension_is_refused(tmp_path):
    f = tmp_path / "t.csv"
    _write_table(f, [["id", "title"], ["1", "植物肉香肠"]])
    code, _, err = run(str(f), "-o", str(tmp_path / "out.xyz"))
    assert code == 2 and "--format" in err


def test_only_failing_and_the_summary(tmp_path):
    f = tmp_path / "t.csv"
    _write_table(f, [["id", "title"], ["1", "植物肉香肠"], ["2", "大豆植物肉香肠"], ["3", ""], ["4", "乳基蛋白香肠"]])
    summary = tmp_path / "s.json"
    code, out, _ = run(str(f), "--only-failing", "--class", "soy_meat", "--summary", str(summary))
    recs = jsonl(out)
    assert [r["id"] for r in recs] == ["1", "3", "4"]            # failing rows and the unreadable one
    assert all(r.get("verdict", "fail") == "fail" for r in recs)
    s = json.loads(summary.read_text(encoding="utf-8"))
    assert s["rows"] == 4 and s["checked"] == 3 and s["unreadable"] == 1
    assert s["verdict"]["fail"] == 2 and sum(s["verdict"].values()) == 3
    assert s["product_class"] == {"soy_meat": 3} and s["rule"]["LC101"] == 2
    assert "needs_review" in s and code == 1


def test_exit_code_follows_the_rows_checked_and_2_only_when_nothing_could_be(tmp_path):
    ok = tmp_path / "ok.csv"
    _write_table(ok, [["id", "title"], ["1", "大豆植物肉香肠"], ["2", ""]])
    assert run(str(ok), "--class", "soy_meat")[0] == 0            # a bad row is reported and counted, not fatal
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": 1,\n[2]\n', encoding="utf-8")
    code, out, err = run(str(bad))
    assert code == 2 and len(jsonl(out)) == 2 and "no row could be checked" in err


def test_xlsx_input(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    wb = openpyxl.Workbook()
    ws = wb.active
    for row in EXPORT:
        ws.append(row)
    ws.append([12345.0, "店", "植物肉香肠", None])
    f = tmp_path / "export.xlsx"
    wb.save(f)
    code, out, _ = run(str(f), "--keep", "店铺", "--class", "soy_meat")
    recs = jsonl(out)
    assert [r["id"] for r in recs] == ["A-1", "A-2", "A-3", "A-4", "12345"]
    assert [r["row"] for r in recs] == [2, 3, 4, 5, 6] and recs[4]["keep"] == {"店铺": "店"}
    assert "error" in recs[1] and code == 1


def test_parquet_input(tmp_path):
    pa = pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq
    f = tmp_path / "listings.parquet"
    pq.write_table(pa.table({"item_id": [1, 2, 3], "title": ["植物肉香肠", None, "大豆植物肉香肠"]}), f)
    code, out, _ = run(str(f), "--class", "soy_meat")
    recs = jsonl(out)
    assert [r["id"] for r in recs] == ["1", "2", "3"] and [r["row"] for r in recs] == [1, 2, 3]
    assert recs[0]["verdict"] == "fail" and "error" in recs[1] and code == 1


@pytest.mark.parametrize("command", [["name", "【包邮】植物肉香肠 200g*2", "--class", "soy_meat"],
                                     ["check", "corpus/examples/soy_missing_prefix.json"]])
def test_check_and_name_take_the_output_format_from_o(tmp_path, command):
    from pathlib import Path
    root = Path(__file__).resolve().parent.parent
    for ext in (".csv", ".tsv", ".json"):
        target = tmp_path / f"r{ext}"
        p = subprocess.run([sys.executable, "-m", "labelcheck", *command, "--as-of", AS_OF, "-o", str(target)],
                           capture_output=True, timeout=120, cwd=root)
        text = target.read_text(encoding="utf-8")
        assert p.returncode == 1 and p.stdout == b""
        if ext == ".json":
            assert json.loads(text)["verdict"] == "fail"
        else:
            rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff")), delimiter="\t" if ext == ".tsv" else ","))
            assert rows[0]["verdict"] == "fail" and rows[0]["name"]


def test_a_gbk_csv_as_excel_saves_it_on_a_chinese_system(tmp_path):
    f = tmp_path / "导出.csv"
    rows = "\r\n".join(",".join(r) for r in EXPORT) + "\r\n"
    f.write_bytes(rows.encode("gb18030"))
    code, out, err = run(str(f), "--keep", "店铺", "--class", "soy_meat")
    recs = jsonl(out)
    assert [r["id"] for r in recs] == ["A-1", "A-2", "A-3", "A-4"] and recs[0]["keep"] == {"店铺": "旗舰店"}
    assert recs[0]["fields"]["name"] == "【包邮】植物肉香肠 200g*2" and code == 1


def test_utf16_text_is_refused_with_the_remedy(tmp_path):
    f = tmp_path / "unicode.txt"
    f.write_bytes("编号\t标题\r\n1\t植物肉香肠\r\n".encode("utf-16"))
    code, out, err = run(str(f))
    assert code == 2 and "UTF-16" in err and out == ""


def test_a_txt_list_is_a_title_per_line(tmp_path):
    # the most natural list a moderator has: titles, one per line, no header; a first line naming the column is one
    f = tmp_path / "titles.txt"
    f.write_text("标题\n【官方旗舰店】星期零植物肉汉堡饼 200g\n\n香肠 大豆植物肉\n纯牛奶 250ml*24盒\n", encoding="utf-8")
    code, out, _ = run(str(f), "--as-of", "2026-11-23")
    recs = jsonl(out)
    assert [r["row"] for r in recs] == [2, 4, 5] and code == 0
    # read as titles: the seller's word order is not judged (no LC103 for 香肠 大豆植物肉)
    assert [r["product_class"] for r in recs] == ["plant_meat", "soy_meat", "other"]
    assert not [f for r in recs for f in r["findings"] if f["severity"] != "info"]
    code, _, err = run(str(f), "--id-column", "id")
    assert code == 2 and "no columns" in err


def test_a_title_column_named_with_name_column_is_read_as_titles(tmp_path):
    f = tmp_path / "t.csv"
    _write_table(f, [["id", "商品标题"], ["1", "香肠 大豆植物肉"], ["2", "牛排 乳基蛋白"]])
    code, out, _ = run(str(f), "--name-column", "商品标题", "--as-of", "2026-11-23")
    assert code == 0 and [r["verdict"] for r in jsonl(out)] == ["pass", "pass"]
    # JD's and Taobao's exports call the listing title 商品名称, 宝贝名称: titles too
    h = tmp_path / "jd.csv"
    _write_table(h, [["id", "商品名称"], ["1", "香肠 大豆植物肉"]])
    code, out, _ = run(str(h), "--as-of", "2026-11-23")
    assert code == 0 and jsonl(out)[0]["verdict"] == "pass"
    g = tmp_path / "n.csv"
    _write_table(g, [["id", "产品名称"], ["1", "香肠（大豆植物肉）"], ["2", "香肠 大豆植物肉"]])
    code, out, _ = run(str(g), "--name-column", "产品名称", "--as-of", "2026-11-23")
    recs = jsonl(out)
    assert code == 1 and [f["rule"] for f in recs[0]["findings"] if f["severity"] == "error"] == ["LC103"]
    # a name whose words the user spaced apart: their order reads as layout, a warning
    assert [(f["rule"], f["severity"]) for f in recs[1]["findings"] if f["severity"] != "info"] == [("LC103", "warning")]


def test_titles_switch_reads_every_name_as_a_title_or_a_name(tmp_path):
    f = tmp_path / "t.csv"
    _write_table(f, [["id", "品名"], ["1", "香肠（大豆植物肉）"]])
    code, out, _ = run(str(f), "--as-of", "2026-11-23")
    assert code == 1 and [x["rule"] for x in jsonl(out)[0]["findings"] if x["severity"] == "error"] == ["LC103"]
    code, out, _ = run(str(f), "--as-of", "2026-11-23", "--titles")
    # a title's word order is the seller's layout: the qualifier in a bracket note glued to the food word, as shelf
    # tags and tender lines write a name, is said as a warning only (sweep 16)
    assert code == 0 and [(x["rule"], x["severity"]) for x in jsonl(out)[0]["findings"] if x["severity"] != "info"] \
        == [("LC103", "warning")]
    g = tmp_path / "g.csv"
    _write_table(g, [["id", "标题"], ["1", "香肠（大豆植物肉）"]])
    code, out, _ = run(str(g), "--as-of", "2026-11-23", "--no-titles")
    assert code == 1 and jsonl(out)[0]["verdict"] == "fail"
