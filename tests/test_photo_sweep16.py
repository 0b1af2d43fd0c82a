"""Sweep 16's label photos (a helper rendered them as phone shots of packs, seeing none of our code): two columns of
copy beside the table, a weakly read full stop, glare in a table's gaps, OCR's 一 for the dash of indented rows and C
for ℃."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

pytest.importorskip("rapidocr_onnxruntime", reason="the photo extra is not installed: pip install '.[photo]'")
pytest.importorskip("cv2")

from labelcheck.ingest import load_path  # noqa: E402
from labelcheck.pipeline import check  # noqa: E402

FIXTURES = Path(__file__).parent / "fixtures" / "sweep16"
AS_OF = dt.date(2026, 12, 3)


def _found(report, *severities):
    return sorted((f.rule, f.standard, f.clause) for f in report.findings if f.severity in severities)


@pytest.fixture(scope="module")
def two_column():
    return check(load_path(str(FIXTURES / "two_column_back_dairy.jpg")), as_of=AS_OF)


def test_two_columns_of_copy_beside_the_table_are_read_column_by_column(two_column):
    # read as one table before: the licence took the 钠 row (LC520) and five core rows went missing (LC602)
    rows = two_column.fields["nutrition"]["rows"]
    assert {"energy", "protein", "fat", "carbohydrate", "sodium"} <= set(rows)
    assert two_column.fields["licence"].replace(" ", "").startswith("SC")
    assert two_column.fields["standard"].startswith("T/CEAC")
    # what the label really lacks (ceac-123 7.1.3: 生制品或熟制品, the statement that it is no animal meat), as errors
    assert _found(two_column, "error") == [("LC209", "ceac-123", "7.1.3"), ("LC211", "ceac-123", "7.1.3")]
    assert _found(two_column, "warning") == []


def test_a_weak_full_stop_elsewhere_does_not_withdraw_the_name_error():
    report = check(load_path(str(FIXTURES / "dairy_meatball_weak_full_stop.jpg")), as_of=AS_OF)
    assert _found(report, "error") == [("LC111", "ceac-123", "7.1.3")]
    assert "LC952" not in {f.rule for f in report.findings}


def test_glare_dash_rows_and_a_bare_c():
    report = check(load_path(str(FIXTURES / "soy_glare_dash_rows.jpg")), as_of=AS_OF)
    rows = report.fields["nutrition"]["rows"]
    # 一饱和脂肪 / 一糖 (the dash read as 一) and 钠 with unread ink in its gap are all rows
    assert {"saturated_fat", "sugar", "sodium"} <= set(rows)
    # -12 C 以下冷冻保存: a freezer above -18 ℃ (cnfia-165 8.3)
    assert _found(report, "error") == [("LC402", "cnfia-165", "8.3")]
    assert not [f for f in report.findings if f.rule == "LC602"]
