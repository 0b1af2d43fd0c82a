"""corpus/realworld, realworld2 and realworld3: held-out sets written apart from the rules — whole labels as
real packs, importers' back labels, shop blocks, OCR'd scans and bilingual exports print them, and
marketplace titles.

- every label in labels.tsv is a correct label: its class is right, it is read as an import exactly
  when it is one, and it gets no error-level finding;
- every label in failing.tsv carries one defect: it gets at least one error (a few families are
  warnings by design: energy under GB 28050-2011 3.4, which allows measured values; the draft-based
  T/CHC rules);
- titles.tsv: the class is right on at least 97 %, and no title of an ordinary food, real meat or a
  traditional soy food gets an error.

realworld (checked on 2026-11-30) lists `file class imported note` and `file class defect`;
realworld2 and realworld3 (a generator's fixed-order labels) add the check date: `file class imported as_of
note` and `file class as_of defect`.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

import labelcheck

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
AS_OF = dt.date(2026, 11, 30)
WARNING_ONLY = {"energy_far.txt", "whey-in-plant-milk-powder-2025.txt"}


def _rows(folder: str, name: str) -> list[list[str]]:
    lines = (CORPUS / folder / name).read_text(encoding="utf-8").splitlines()
    return [line.split("\t") for line in lines if line.strip() and not line.startswith("file\t")]


def _labels():
    for r in _rows("realworld", "labels.tsv"):
        yield pytest.param("realworld", "labels/" + r[0], r[1], r[2], AS_OF, id="realworld:" + r[0])
    for folder in ("realworld2", "realworld3"):
        for r in _rows(folder, "labels.tsv"):
            yield pytest.param(folder, r[0], r[1], r[2], dt.date.fromisoformat(r[3]), id=f"{folder}:{r[0]}")


def _failing():
    for r in _rows("realworld", "failing.tsv"):
        yield pytest.param("realworld", "failing/" + r[0], r[1], AS_OF, r[2], id="realworld:" + r[0])
    for folder in ("realworld2", "realworld3"):
        for r in _rows(folder, "failing.tsv"):
            yield pytest.param(folder, r[0], r[1], dt.date.fromisoformat(r[2]), r[3], id=f"{folder}:{r[0]}")


def _check(folder: str, file: str, as_of: dt.date):
    text = (CORPUS / folder / file).read_text(encoding="utf-8")
    return labelcheck.check(labelcheck.LabelDocument(text=text, id=file), as_of=as_of)


@pytest.mark.parametrize("folder,file,want,imported,as_of", list(_labels()))
def test_correct_label_is_read_right_and_gets_no_error(folder, file, want, imported, as_of):
    report = _check(folder, file, as_of)
    errors = [(f.rule, f.clause, f.message) for f in report.findings if f.severity == "error"]
    assert report.product_class == want and not errors, errors
    assert report.imported is (imported == "yes"), report.import_evidence


@pytest.mark.parametrize("folder,file,want,as_of,defect", list(_failing()))
def test_failing_label_gets_its_finding(folder, file, want, as_of, defect):
    report = _check(folder, file, as_of)
    assert report.product_class == want
    wanted = ("error", "warning") if Path(file).name in WARNING_ONLY else ("error",)
    now = [f for f in report.findings if f.severity in wanted and not (f.severity == "warning" and f.effective)]
    assert now, f"{defect}: {[(f.rule, f.severity) for f in report.findings]}"


@pytest.mark.parametrize("folder", ["realworld", "realworld2"])
def test_titles(folder):
    rows = _rows(folder, "titles.tsv")
    wrong, false_errors = [], []
    for title, want in rows:
        report = labelcheck.check_name(title, as_of=AS_OF)
        if report.product_class != want:
            wrong.append((title, want, report.product_class))
        if want in ("other", "traditional_soy") and any(f.severity == "error" for f in report.findings):
            false_errors.append(title)
    assert not false_errors
    assert len(wrong) / len(rows) <= 0.03, wrong
