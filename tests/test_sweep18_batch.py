"""Batch edges the eighteenth outside sweep (a regulator's sampling tables and inspection exports) found: a name column
beside the label's text (食品名称, 样品名称) names the row, not the label — the printed 产品名称 is what the rules read, and
the column only stands in where the label names no product of its own."""
from __future__ import annotations

import json
import subprocess
import sys

PY = [sys.executable, "-m", "labelcheck"]
LABEL = ("产品名称：大豆植物肉水饺\n配料：小麦粉，大豆植物肉（水，大豆组织蛋白，大豆油），白菜，食用盐\n净含量：400克\n"
         "产品标准代号：T/CNFIA 165\n生产商：某某食品有限公司\n地址：河北省廊坊市安次区龙河路8号\n电话：0316-5561234\n"
         "生产日期：2026-03-10\n保质期：12个月\n贮存条件：-18℃以下冷冻\n食品生产许可证编号：SC11132011500412\n")


def _batch(tmp_path, name: str, text: str, *extra: str):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8", newline="")
    p = subprocess.run([*PY, "batch", str(path), "--as-of", "2026-06-01", "--no-progress", "--select", "LC1", *extra],
                       capture_output=True, text=True, timeout=300)
    return p, [json.loads(line) for line in p.stdout.splitlines() if line.strip()]


def _cell(s: str) -> str:
    return '"' + s.replace('"', '""') + '"'


def test_a_sampler_name_column_does_not_replace_the_printed_name(tmp_path):
    text = "样品编号,食品名称,标签内容\n" + f"SC1,植物肉水饺,{_cell(LABEL)}\n"
    p, rows = _batch(tmp_path, "notice.csv", text, "--id-column", "样品编号", "--text-column", "标签内容")
    assert p.returncode == 0, p.stderr
    (row,) = rows
    assert row["fields"]["name"] == "大豆植物肉水饺" and row["verdict"] == "pass"
    assert not [f for f in row["findings"] if f["rule"] == "LC101"]


def test_a_jsonl_listing_name_beside_text_is_the_row_s_and_the_label_name_stands(tmp_path):
    # an export's 产品名称/样品名称 key is a listing column; a label document's own `name` key is its displayed name,
    # read by batch as `check` reads the same document
    lines = [json.dumps({"id": "N1", "name": "植物肉水饺", "text": LABEL}, ensure_ascii=False),
             json.dumps({"id": "N2", "产品名称": "植物肉水饺", "text": LABEL}, ensure_ascii=False),
             json.dumps({"id": "N3", "样品名称": "/", "text": LABEL}, ensure_ascii=False)]
    p, rows = _batch(tmp_path, "export.jsonl", "\n".join(lines) + "\n")
    assert [(r["id"], r["fields"]["name"], r["verdict"]) for r in rows] == \
        [("N1", "植物肉水饺", "fail"), ("N2", "大豆植物肉水饺", "pass"), ("N3", "大豆植物肉水饺", "pass")]


def test_the_name_column_stands_in_where_the_label_names_no_product(tmp_path):
    unnamed = LABEL.replace("产品名称：大豆植物肉水饺\n", "")
    text = "样品编号,食品名称,标签内容\n" + f"SC2,植物肉水饺,{_cell(unnamed)}\n"
    p, rows = _batch(tmp_path, "notice.csv", text, "--id-column", "样品编号", "--text-column", "标签内容")
    (row,) = rows
    assert row["fields"]["name"] == "植物肉水饺"
    assert [f["rule"] for f in row["findings"] if f["severity"] == "error"] == ["LC101"]


def test_a_title_row_above_the_header_is_skipped_and_said(tmp_path):
    text = ("2025年××市市场监督管理局食品安全监督抽检产品合格信息（第23期）,,,\n"
            "序号,标称生产企业名称,食品名称,规格型号\n"
            "1,某某食品有限公司,大豆植物肉汉堡饼,200g/袋\n2,某某乳业有限公司,全脂乳粉,900g/罐\n")
    p, rows = _batch(tmp_path, "notice.csv", text)
    assert p.returncode == 0, p.stderr
    assert [(r["id"], r["row"], r["fields"]["name"]) for r in rows] == \
        [("1", 3, "大豆植物肉汉堡饼"), ("2", 4, "全脂乳粉")]
    assert "a title above the header" in p.stderr and "the header is line 2" in p.stderr


def test_a_title_row_above_a_workbook_header(tmp_path):
    openpyxl = __import__("pytest").importorskip("openpyxl")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["食品安全监督抽检产品合格信息"])
    ws.append(["序号", "食品名称", "规格型号"])
    ws.append([1, "大豆植物肉汉堡饼", "200g/袋"])
    path = tmp_path / "notice.xlsx"
    wb.save(path)
    p = subprocess.run([*PY, "batch", str(path), "--as-of", "2026-06-01", "--no-progress"],
                       capture_output=True, text=True, timeout=300)
    rows = [json.loads(line) for line in p.stdout.splitlines() if line.strip()]
    assert p.returncode == 0, p.stderr
    assert [(r["id"], r["row"]) for r in rows] == [("1", 3)] and "the header is row 2" in p.stderr


def test_a_sheet_with_no_usable_header_still_names_its_row(tmp_path):
    p, rows = _batch(tmp_path, "bad.csv", "抽检信息\n说明\n")
    assert p.returncode == 2 and "line 1" in p.stderr and rows == []


def test_repeated_ids_are_said_once_and_counted(tmp_path):
    text = "项号,商品编号,商品名称\n" + "".join(f"{i},2106909090,植物肉汉堡饼{i}\n" for i in range(1, 5))
    p, rows = _batch(tmp_path, "customs.csv", text)
    assert [r["id"] for r in rows] == ["1", "2", "3", "4"]          # 项号, leftmost, is the id — not the HS code
    assert "repeat an id" not in p.stderr
    p, rows = _batch(tmp_path, "customs.csv", text, "--id-column", "商品编号")
    assert [r["id"] for r in rows] == ["2106909090"] * 4
    assert p.stderr.count("repeat an id") == 1 and "3 row(s)" in p.stderr


def test_sample_numbers_name_the_rows_of_an_inspection_export(tmp_path):
    line = json.dumps({"样品编号": "SC20250016", "样品名称": "植物肉水饺", "标签内容": LABEL}, ensure_ascii=False)
    p, rows = _batch(tmp_path, "inspection.jsonl", line + "\n", "--text-column", "标签内容")
    assert [(r["id"], r["fields"]["name"]) for r in rows] == [("SC20250016", "大豆植物肉水饺")]


def test_a_placeholder_name_is_an_unusable_row_not_a_pass(tmp_path):
    text = "序号,食品名称\n1,大豆植物肉汉堡饼\n2,/\n3,N/A\n"
    p, rows = _batch(tmp_path, "notice.csv", text)
    assert [(r["id"], r.get("verdict"), "error" in r) for r in rows] == \
        [("1", "pass", False), ("2", None, True), ("3", None, True)]
    assert "placeholder" in p.stderr


def test_a_workbook_date_keeps_no_midnight(tmp_path):
    openpyxl = __import__("pytest").importorskip("openpyxl")
    import datetime as dt
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["序号", "食品名称", "生产日期"])
    ws.append([1, "大豆植物肉汉堡饼", dt.datetime(2025, 3, 12)])
    path = tmp_path / "notice.xlsx"
    wb.save(path)
    p = subprocess.run([*PY, "batch", str(path), "--as-of", "2026-06-01", "--no-progress", "--keep", "生产日期"],
                       capture_output=True, text=True, timeout=300)
    (row,) = [json.loads(line) for line in p.stdout.splitlines() if line.strip()]
    assert row["keep"] == {"生产日期": "2025-03-12"}
