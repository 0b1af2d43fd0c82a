"""End-to-end: the CLI as a user runs it (a subprocess), per CONTRACT.md."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EX = ROOT / "corpus" / "examples"


def run(*args, stdin: str | bytes | None = None):
    data = stdin.encode("utf-8") if isinstance(stdin, str) else stdin
    p = subprocess.run([sys.executable, "-m", "labelcheck", *args], input=data, capture_output=True, timeout=120)
    return p.returncode, p.stdout.decode("utf-8"), p.stderr.decode("utf-8")


def test_compliant_example_exits_0():
    code, out, err = run("check", str(EX / "dairy_pass.json"), "--as-of", "2026-11-23", "--format", "json")
    assert code == 0, err
    report = json.loads(out)
    assert report["verdict"] in ("pass", "warn") and report["id"] == "EX-02"
    assert report["product_class"] == "dairy_meat"


def test_font_example_exits_1_with_full_findings():
    code, out, err = run("check", str(EX / "dairy_fail_name_font.json"), "--as-of", "2026-11-23", "--format", "json")
    assert code == 1, err
    report = json.loads(out)
    f = next(f for f in report["findings"] if f["rule"] == "LC113")
    assert f["severity"] == "error" and f["standard"] == "ceac-123" and f["clause"] == "7.1.3" and f["message"]
    doc = json.loads((EX / "dairy_fail_name_font.json").read_text(encoding="utf-8"))
    ev = f["evidence"]
    assert doc["text"][ev["start"]:ev["end"]] == ev["text"] == "乳基蛋白"


def test_several_files_give_an_array_and_jsonl_gives_lines():
    files = [str(EX / "dairy_pass.json"), str(EX / "soy_low_protein.json")]
    code, out, _ = run("check", *files, "--as-of", "2026-11-23", "--format", "json")
    assert code == 1 and isinstance(json.loads(out), list) and len(json.loads(out)) == 2
    code, out, _ = run("check", *files, "--as-of", "2026-11-23", "--format", "jsonl")
    assert [json.loads(line)["id"] for line in out.strip().splitlines()] == ["EX-02", "EX-05"]


def test_stdin_text_and_document():
    code, out, _ = run("check", "-", "--format", "json", "--as-of", "2026-11-23", stdin="植物肉汉堡饼\n配料：水，大豆分离蛋白\n")
    assert json.loads(out)["product_class"] == "soy_meat" and code == 1
    code, out, _ = run("check", "-", "--format", "json", stdin=json.dumps({"id": "S1", "name": "乳基蛋白香肠", "text": "乳基蛋白香肠"}))
    assert json.loads(out)["id"] == "S1"


def test_text_format_shows_did_you_mean():
    code, out, _ = run("name", "植物肉香肠", "--class", "soy_meat", "--format", "text")
    assert code == 1 and "did you mean" in out and "大豆植物肉香肠" in out


def test_name_json_has_suggestions():
    code, out, _ = run("name", "牛肉饼", "--class", "dairy_meat", "--format", "json")
    f = next(f for f in json.loads(out)["findings"] if f["rule"] == "LC111")
    assert f["suggestions"][0] == "乳基蛋白牛肉饼"


@pytest.mark.parametrize("content,where", [
    ('{"id": "x", "text": "abc",\n  "spans": [}', "line 2"),
    ('{"spans": [{"text": "a", "size_mm": "big"}]}', "spans.0.size_mm"),
    ('{"id": "no content"}', "document"),
    ('[1, 2]', None),
])
def test_malformed_json_exits_2_naming_file(tmp_path, content, where):
    bad = tmp_path / "bad.json"
    bad.write_text(content, encoding="utf-8")
    code, out, err = run("check", str(bad))
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and str(bad) in err and "Traceback" not in err
    if where:
        assert where in err


def test_missing_file_and_bad_option():
    code, _, err = run("check", "/nonexistent/label.txt")
    assert code == 2 and "/nonexistent/label.txt" in err and err.count("\n") == 1
    code, _, err = run("check", "x.txt", "--bogus")
    assert code == 2 and "Traceback" not in err
    code, _, err = run("check", "x.txt", "--as-of", "2026-13-45")
    assert code == 2 and "as-of" in err


def test_one_bad_file_does_not_lose_the_others(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{", encoding="utf-8")
    code, out, err = run("check", str(bad), str(EX / "dairy_pass.json"), "--format", "jsonl", "--as-of", "2026-11-23")
    assert code == 2 and json.loads(out)["id"] == "EX-02" and str(bad) in err


def test_rules_lists_every_rule():
    from labelcheck.rules.base import all_rules
    code, out, _ = run("rules", "--format", "json")
    rows = json.loads(out)
    assert code == 0 and [r["id"] for r in rows] == [r.id for r in all_rules()]
    for r in rows:
        assert r["standard"] and r["clause"] and r["summary"] and r["why"] and r["examples"]["fails"]
        assert r["examples"]["passes"] or r["id"] == "LC001"      # LC001 reports the class on every report
        for ex in r["examples"]["fails"] + r["examples"]["passes"]:
            assert "name" in ex or "text" in ex or "spans" in ex


def test_rules_one_rule_prints_its_documentation():
    code, out, _ = run("rules", "LC204")
    assert code == 0 and out.startswith("## LC204") and "### Why" in out and "### Fails" in out and "### Passes" in out
    code, out, _ = run("rules", "lc424", "--format", "json")
    rec = json.loads(out)
    assert code == 0 and rec["id"] == "LC424" and rec["params"]["limit"] > 0 and rec["examples"]["passes"]
    code, out, err = run("rules", "LC999")
    assert code == 2 and "LC999" in err and not out


def test_docs_rules_md_is_current():
    from labelcheck.rules.docs import render_markdown
    assert (ROOT / "docs" / "rules.md").read_text(encoding="utf-8") == render_markdown(), \
        "docs/rules.md is stale: run `labelcheck rules --markdown > docs/rules.md`"


def test_csv_format_for_check_and_name():
    code, out, err = run("check", str(EX / "dairy_fail_name_font.json"), str(EX / "dairy_pass.json"),
                         "--as-of", "2026-11-23", "--format", "csv")
    assert code == 1, err
    import csv
    import io
    assert out.startswith("\ufeff")
    table = list(csv.DictReader(io.StringIO(out.lstrip("\ufeff"))))
    assert table[0]["verdict"] == "fail" and table[1]["verdict"] in ("pass", "warn") and "LC113" in table[0]["rules"].split()
    code, out, _ = run("name", "植物肉香肠", "--class", "soy_meat", "--format", "csv")
    row = next(csv.DictReader(io.StringIO(out.lstrip("\ufeff"))))
    assert code == 1 and row["rules"] == "LC101" and "大豆植物肉香肠" in row["suggestions"]
