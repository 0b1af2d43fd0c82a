"""corpus/realworld: a held-out set written apart from the rules — whole labels as real packs, importers'
back labels, shop blocks, OCR'd scans and bilingual exports print them, and marketplace titles.

- every label in labels.tsv is a correct label: its class is right and it gets no error-level finding;
- every label in failing.tsv carries one defect: it gets at least one error (energy_far only a warning,
  as GB 28050-2011 3.4 allows measured values);
- titles.tsv: the class is right on at least 97 %, and no title of an ordinary food, real meat or a
  traditional soy food gets an error.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

import labelcheck

ROOT = Path(__file__).resolve().parent.parent / "corpus" / "realworld"
AS_OF = dt.date(2026, 11, 30)
WARNING_ONLY = {"energy_far.txt"}


def _rows(name: str) -> list[list[str]]:
    return [line.rstrip("\n").split("\t") for line in (ROOT / name).read_text(encoding="utf-8").splitlines() if line.strip()]


def _check(folder: str, file: str):
    text = (ROOT / folder / file).read_text(encoding="utf-8")
    return labelcheck.check(labelcheck.LabelDocument(text=text, id=file), as_of=AS_OF)


@pytest.mark.parametrize("row", _rows("labels.tsv"), ids=lambda r: r[0])
def test_correct_label_is_read_right_and_gets_no_error(row):
    file, want, imported = row[0], row[1], row[2]
    report = _check("labels", file)
    errors = [(f.rule, f.clause, f.message) for f in report.findings if f.severity == "error"]
    assert report.product_class == want and not errors, errors
    assert report.imported is (imported == "yes"), report.import_evidence


@pytest.mark.parametrize("row", _rows("failing.tsv"), ids=lambda r: r[0])
def test_failing_label_gets_its_finding(row):
    file, want, defect = row
    report = _check("failing", file)
    assert report.product_class == want
    wanted = ("error", "warning") if file in WARNING_ONLY else ("error",)
    now = [f for f in report.findings if f.severity in wanted and not (f.severity == "warning" and f.effective)]
    assert now, f"{defect}: {[(f.rule, f.severity) for f in report.findings]}"


def test_titles():
    rows = _rows("titles.tsv")
    wrong, false_errors = [], []
    for title, want in rows:
        report = labelcheck.check_name(title, as_of=AS_OF)
        if report.product_class != want:
            wrong.append((title, want, report.product_class))
        if want in ("other", "traditional_soy") and any(f.severity == "error" for f in report.findings):
            false_errors.append(title)
    assert not false_errors
    assert len(wrong) / len(rows) <= 0.03, wrong
