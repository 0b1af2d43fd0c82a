"""Batch and input edges the seventh outside sweep (a regulator's batch) found: a CSV cell longer than the csv
module's own limit is one row to check, not the end of the batch; a label of only spaces is a row with nothing to
check, and a label document of only spaces is unusable input; the summary counts rows by rule, not findings."""
from __future__ import annotations

import json
import subprocess
import sys

PY = [sys.executable, "-m", "labelcheck"]
LABEL = ("产品名称：大豆植物肉饼\n配料：水，大豆分离蛋白，椰子油，食用盐\n净含量：300克\n生产商：某某食品有限公司\n"
         "地址：河北省廊坊市安次区龙河路8号\n电话：0316-5561234\n生产日期：2026-10-10\n保质期：12个月\n贮存条件：-18℃以下冷冻\n"
         "食品生产许可证编号：SC11132011500412\n执行标准：T/CNFIA 165\n")


def _batch(tmp_path, name: str, text: str, *extra: str):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8", newline="")
    summary = tmp_path / "summary.json"
    p = subprocess.run([*PY, "batch", str(path), "--as-of", "2026-12-02", "--no-progress", "--summary", str(summary), *extra],
                       capture_output=True, text=True, timeout=300)
    rows = [json.loads(line) for line in p.stdout.splitlines() if line.strip()]
    return p, rows, json.loads(summary.read_text(encoding="utf-8"))


def _csv_cell(s: str) -> str:
    return '"' + s.replace('"', '""') + '"'


def test_a_cell_past_the_csv_limit_is_checked_and_the_rest_too(tmp_path):
    noise = LABEL + "噪声" * 100_000                                    # 200 K characters in one cell
    text = "id,text\n" + "\n".join([f"a,{_csv_cell(LABEL)}", f"big,{_csv_cell(noise)}", f"c,{_csv_cell(LABEL)}"]) + "\n"
    for workers in ("1", "2"):
        p, rows, summary = _batch(tmp_path, "t.csv", text, "--workers", workers)
        assert p.returncode in (0, 1), p.stderr
        assert [r["id"] for r in rows] == ["a", "big", "c"] and "Traceback" not in p.stderr
        assert summary["rows"] == 3 and summary["checked"] == 3


def test_a_label_of_only_spaces_has_nothing_to_check(tmp_path):
    text = "\n".join(json.dumps(o, ensure_ascii=False) for o in (
        {"id": "blank", "text": "  \u200b \n"}, {"id": "ok", "text": LABEL}, {"id": "titled", "text": " ", "title": "植物肉汉堡"}))
    p, rows, summary = _batch(tmp_path, "t.jsonl", text + "\n")
    assert rows[0]["id"] == "blank" and "no name, title or text" in rows[0]["error"]
    assert rows[1]["verdict"] in ("pass", "warn", "fail") and rows[2]["product_class"] == "plant_meat"
    assert summary["unreadable"] == 1 and summary["checked"] == 2


def test_a_label_document_of_only_spaces_is_unusable(tmp_path):
    path = tmp_path / "doc.json"
    path.write_text('{"text": "   "}', encoding="utf-8")
    p = subprocess.run([*PY, "check", str(path)], capture_output=True, text=True, timeout=120)
    assert p.returncode == 2 and p.stderr.count("\n") == 1 and "doc.json" in p.stderr and not p.stdout


def test_the_summary_counts_rows_by_rule(tmp_path):
    # two rows, each missing the same two nutrition rows (LC602 twice a row): two rows with LC602, not four
    text = "\n".join(json.dumps({"id": str(i), "text": LABEL + "营养成分表\n项目 每100克 NRV%\n能量 700千焦 8%\n蛋白质 14.0克 23%\n"
                                 "脂肪 8.0克 13%\n碳水化合物 8.0克 3%\n钠 500毫克 25%\n"}, ensure_ascii=False) for i in (1, 2))
    p, rows, summary = _batch(tmp_path, "t.jsonl", text + "\n")
    per_row = [sum(1 for f in r["findings"] if f["rule"] == "LC602") for r in rows]
    assert per_row == [2, 2]
    assert summary["rule"]["LC602"] == 2


def test_an_unusable_jsonl_row_keeps_its_named_id_and_carried_columns(tmp_path):
    text = ('{"sku":"A1","shop":"s1","body":"大豆植物肉饼"}\n{"sku":"A2","shop":"s2"}\n'
            '{"sku":"A3","shop":"s3","body": oops}\n')
    p, rows, summary = _batch(tmp_path, "t.jsonl", text, "--id-column", "sku", "--text-column", "body", "--keep", "shop")
    assert [(r["id"], r["row"]) for r in rows] == [("A1", 1), ("A2", 2), ("A3", 3)]
    assert [r["keep"]["shop"] for r in rows] == ["s1", "s2", "s3"]       # JSONL carries them under "keep"
    assert "error" in rows[1] and "error" in rows[2] and summary["unreadable"] == 2


def test_the_batch_html_page_shows_the_carried_columns(tmp_path):
    text = ('{"sku":"A1","shop":"绿野素食","body":"大豆植物肉饼"}\n{"sku":"A2","shop":"豆本豆"}\n')
    path = tmp_path / "t.jsonl"
    path.write_text(text, encoding="utf-8")
    out = tmp_path / "out.html"
    p = subprocess.run([*PY, "batch", str(path), "--id-column", "sku", "--text-column", "body", "--keep", "shop",
                        "--as-of", "2026-12-02", "--no-progress", "-o", str(out)], capture_output=True, text=True, timeout=120)
    assert p.returncode in (0, 1), p.stderr
    page = out.read_text(encoding="utf-8")
    assert "shop: 绿野素食" in page and "shop: 豆本豆" in page      # a checked row and an unusable one alike


def test_a_label_cell_in_markup_is_read_as_the_lines_it_shows(tmp_path):
    # a detail page exported with its HTML, as a .txt label's would be read; a cell of only markup is unusable, alone
    text = ('id,body\n'
            'h1,"<div><p>产品名称：大豆植物肉香肠</p><p>配料：水、大豆蛋白、植物油</p><p>净含量：200g</p></div>"\n'
            'h2,"<p>&nbsp;</p>"\n'
            'h3,"产品名称：大豆植物肉香肠\n配料：水、大豆蛋白、植物油"\n')
    p, rows, summary = _batch(tmp_path, "t.csv", text, "--id-column", "id", "--text-column", "body")
    assert rows[0]["fields"]["name"] == "大豆植物肉香肠" and rows[0]["product_class"] == "soy_meat"
    assert rows[1]["id"] == "h2" and "markup holds no text" in rows[1]["error"]
    assert rows[2]["fields"]["name"] == "大豆植物肉香肠"
    assert summary["unreadable"] == 1 and summary["checked"] == 2
