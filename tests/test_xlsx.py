"""The xlsx export: findings sheet first (one row per finding), then a summary; opened back with openpyxl."""
from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest

import labelcheck
from labelcheck.cli import main
from labelcheck.render.xlsx import FINDING_COLUMNS, PROVENANCE_COLUMNS, render_xlsx

openpyxl = pytest.importorskip("openpyxl")
ROOT = Path(__file__).resolve().parent.parent
AS_OF = dt.date(2026, 11, 23)


def test_workbook_has_one_row_per_finding_and_a_summary():
    reports = [labelcheck.check_name("植物肉饼", as_of=AS_OF, product_class="soy_meat", doc_id="A1"),
               labelcheck.check_name("大豆植物肉饼", as_of=AS_OF, doc_id="A2"),
               labelcheck.check({"id": "L3", "text": "=HYPERLINK(\"x\")\n植物肉饼\n配料：大豆蛋白"}, as_of=AS_OF)]
    error_row = {"id": None, "source": "rows.jsonl:4", "error": "line 4: not JSON"}
    wb = openpyxl.load_workbook(io.BytesIO(render_xlsx(reports + [error_row])))
    assert wb.sheetnames == ["findings", "summary", "provenance"]
    ws = wb["findings"]
    rows = list(ws.iter_rows(values_only=True))
    assert list(rows[0]) == FINDING_COLUMNS
    body = rows[1:]
    n_findings = sum(max(1, len(r.findings)) for r in reports)
    assert len(body) == n_findings + 1
    a1 = [r for r in body if r[0] == "A1"]
    assert len(a1) == len(reports[0].findings) and {r[4] for r in a1} == {f.rule for f in reports[0].findings}
    first = reports[0].findings[0]
    row = a1[0]
    assert row[5] == first.severity and row[6] == first.standard and row[7] == first.clause and row[9] == first.message
    assert any(r[5] == "unusable" and "not JSON" in r[9] for r in body)
    assert not any(isinstance(c, str) and c.startswith("=") for r in body for c in r)   # never a formula
    summary = list(wb["summary"].iter_rows(values_only=True))
    counted = {r[0]: r[4] for r in summary[2:] if r and r[0] and r[0].startswith("LC") and len(r) > 4}
    assert counted[first.rule] == sum(1 for r in reports for f in r.findings if f.rule == first.rule)
    assert any(r and r[0] == "soy_meat" for r in summary)
    # what a filed finding is cited with: one row per label, the unusable row with only its source
    about = list(wb["provenance"].iter_rows(values_only=True))
    assert list(about[0]) == PROVENANCE_COLUMNS and len(about) == len(reports) + 2
    a2 = next(r for r in about if r[0] == "A2")
    assert a2[2] == "2026-11-23" and a2[3] == "2011" and a2[5] == reports[1].provenance.ruleset
    assert a2[6] == reports[1].provenance.input_sha256 and a2[4] == reports[1].provenance.tool_version


def test_cli_writes_xlsx_and_requires_a_file(tmp_path, capsys):
    out = tmp_path / "f.xlsx"
    code = main(["check", str(ROOT / "corpus/examples/dairy_fail_name_font.json"), "--format", "xlsx", "-o", str(out),
                 "--as-of", "2026-11-23"])
    assert code == 1
    ws = openpyxl.load_workbook(out)["findings"]
    rules = [r[4] for r in ws.iter_rows(min_row=2, values_only=True)]
    assert "LC113" in rules
    assert main(["check", str(ROOT / "corpus/examples/dairy_fail_name_font.json"), "--format", "xlsx"]) == 2
    assert "-o FILE.xlsx" in capsys.readouterr().err
