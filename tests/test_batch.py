"""labelcheck batch: streams rows in input order, survives bad rows, reports progress and a summary."""
from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
from make_names import names  # noqa: E402


def run(*args, timeout=300):
    p = subprocess.run([sys.executable, "-m", "labelcheck", "batch", *args], capture_output=True, timeout=timeout)
    return p.returncode, p.stdout.decode("utf-8"), p.stderr.decode("utf-8")


def test_jsonl_rows_names_titles_documents_and_bad_rows(tmp_path):
    rows = [
        json.dumps({"id": "a", "name": "乳基蛋白牛排"}, ensure_ascii=False),
        '{"id": "b",',
        json.dumps({"id": "c", "text": "植物肉汉堡饼\n配料：水，大豆分离蛋白"}, ensure_ascii=False),
        "[1, 2]",
        json.dumps({"id": "d", "spans": [{"text": "x", "size_mm": "big"}]}),
        json.dumps({"id": "e", "title": "【包邮】植物肉香肠 执行标准T/CNFIA 165 500g"}, ensure_ascii=False),
        json.dumps({"id": "f"}),
    ]
    f = tmp_path / "rows.jsonl"
    f.write_text("\n".join(rows) + "\n", encoding="utf-8")
    code, out, err = run(str(f), "--workers", "2", "--as-of", "2026-11-23")
    recs = [json.loads(line) for line in out.strip().splitlines()]
    assert code == 1          # the rows checked decide: one fails; the four bad rows are reported and counted
    # every record, the unreadable ones too, carries its id (when it can be read at all) and its row number
    assert [r.get("id") for r in recs] == ["a", "b", "c", None, "d", "e", "f"]
    assert [r["row"] for r in recs] == [1, 2, 3, 4, 5, 6, 7]
    assert recs[1]["line"] == 2 and "malformed JSON" in recs[1]["error"]
    assert recs[2]["product_class"] == "soy_meat" and recs[5]["verdict"] == "fail"
    lines = [ln for ln in err.splitlines() if ln.startswith("labelcheck:")]
    assert len(lines) == 4 and all(str(f) in ln for ln in lines)
    assert "line 5: spans.0.size_mm" in err
    summary = json.loads(err.split("summary: ", 1)[1])
    assert summary["rows"] == 7 and summary["unreadable"] == 4 and summary["checked"] == 3


def test_csv_in_csv_out_with_bom(tmp_path):
    f = tmp_path / "titles.csv"
    f.write_text("id,name\n1,植物肉汉堡饼\n2,\n3,黑椒牛排\n", encoding="utf-8")
    code, out, err = run(str(f), "--format", "csv", "--workers", "1")
    assert code == 0 and out.startswith("\ufeff")
    table = list(csv.DictReader(io.StringIO(out.lstrip("\ufeff"))))
    assert [r["id"] for r in table] == ["1", "2", "3"] and table[1]["error"] and table[1]["row"] == "3"
    assert [r["name"] for r in table] == ["植物肉汉堡饼", "", "黑椒牛排"]      # the title is echoed


def test_ten_thousand_rows_progress_order_and_bad_rows(tmp_path):
    f = tmp_path / "big.csv"
    with open(f, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "name"])
        for i, title in names(10_000):
            # one title that fails (T/CNFIA 165 declared, 大豆 missing): the exit code is the rows' own
            w.writerow([i, "" if i % 2500 == 7 else "植物肉香肠 执行标准T/CNFIA 165 300g" if i == 5000 else title])
    summary = tmp_path / "summary.json"
    code, out, err = run(str(f), "--workers", "2", "--progress", "--summary", str(summary))
    recs = [json.loads(line) for line in out.splitlines()]
    assert len(recs) == 10_000 and code == 1
    good = [r for r in recs if "error" not in r]
    assert [int(r["id"]) for r in good] == sorted(int(r["id"]) for r in good)
    assert sum("error" in r for r in recs) == 4
    assert "10000/10000 rows" in err
    s = json.loads(summary.read_text(encoding="utf-8"))
    assert s["rows"] == 10_000 and sum(s["verdict"].values()) == 9_996


def test_no_progress_when_piped(tmp_path):
    f = tmp_path / "t.csv"
    f.write_text("id,name\n1,植物肉\n", encoding="utf-8")
    code, out, err = run(str(f))
    assert code == 0 and "rows" not in err.replace("\"rows\"", "")


def test_parallel_rows_equal_single_checks(tmp_path):
    """Each row's report from a multi-worker batch equals checking that row alone."""
    import labelcheck
    f = tmp_path / "mix.csv"
    rows = list(names(3000))
    with open(f, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "name"])
        w.writerows(rows)
    code, out, _ = run(str(f), "--workers", "2", "--as-of", "2026-11-23")
    recs = [json.loads(line) for line in out.splitlines()]
    import datetime as dt
    for (i, title), rec in zip(rows[::97], recs[::97]):
        single = labelcheck.check_name(title, as_of=dt.date(2026, 11, 23))
        assert rec["id"] == str(i) and rec["product_class"] == single.product_class and rec["verdict"] == single.verdict


def test_json_array_batch(tmp_path):
    f = tmp_path / "docs.json"
    f.write_text(json.dumps([{"id": "x", "name": "乳基蛋白牛排"}, {"id": "y", "text": 5}], ensure_ascii=False), encoding="utf-8")
    code, out, err = run(str(f))
    recs = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and recs[0]["id"] == "x" and recs[1]["line"] == 2 and recs[1]["id"] == "y" and "text" in err


def test_batch_html_report(tmp_path):
    f = tmp_path / "t.csv"
    f.write_text("id,name\n1,植物肉香肠\n", encoding="utf-8")
    p = subprocess.run([sys.executable, "-m", "labelcheck", "batch", str(f), "--format", "html", "--class", "soy_meat"],
                       capture_output=True, timeout=120)
    html = p.stdout.decode("utf-8")
    assert p.returncode == 1 and html.startswith("<!DOCTYPE html>") and 'data-rule="LC101"' in html
