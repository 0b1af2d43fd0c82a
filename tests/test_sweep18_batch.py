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


def test_a_jsonl_name_beside_text_is_the_row_s_and_the_label_name_stands(tmp_path):
    lines = [json.dumps({"id": "N1", "name": "植物肉水饺", "text": LABEL}, ensure_ascii=False),
             json.dumps({"id": "N2", "产品名称": "植物肉水饺", "text": LABEL}, ensure_ascii=False)]
    p, rows = _batch(tmp_path, "export.jsonl", "\n".join(lines) + "\n")
    assert p.returncode == 0, p.stderr
    assert [(r["id"], r["fields"]["name"], r["verdict"]) for r in rows] == \
        [("N1", "大豆植物肉水饺", "pass"), ("N2", "大豆植物肉水饺", "pass")]


def test_the_name_column_stands_in_where_the_label_names_no_product(tmp_path):
    unnamed = LABEL.replace("产品名称：大豆植物肉水饺\n", "")
    text = "样品编号,食品名称,标签内容\n" + f"SC2,植物肉水饺,{_cell(unnamed)}\n"
    p, rows = _batch(tmp_path, "notice.csv", text, "--id-column", "样品编号", "--text-column", "标签内容")
    (row,) = rows
    assert row["fields"]["name"] == "植物肉水饺"
    assert [f["rule"] for f in row["findings"] if f["severity"] == "error"] == ["LC101"]
