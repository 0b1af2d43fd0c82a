"""Label documents from the third outside sweep (2026-12-01) that the name and state rules once misread: a front
whose spans carry no role (the name read from 产品名称 and found spelled large on the front), a grey flavour
descriptor set beside the red name, and a state printed as a template (生制品/熟制品)."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import labelcheck
from labelcheck.ingest import load_path

FIX = Path(__file__).resolve().parent / "fixtures" / "sweep3"
AS_OF = dt.date(2026, 12, 1)


def _rules(report, severity=None):
    return sorted(f.rule for f in report.findings if severity is None or f.severity == severity)


def test_a_front_without_roles_still_has_its_qualifier_measured():
    # 乳基蛋白 at 4 mm over 火腿 at 12 mm, no span marked "name": the name read from 产品名称 is spelled by two spans
    report = labelcheck.check(load_path(str(FIX / "J1_norole_small.json")), as_of=AS_OF)
    assert report.product_class == "dairy_meat" and "LC113" in _rules(report, "error")


def test_a_grey_descriptor_in_the_name_is_not_the_meat_words_colour():
    # 乳基蛋白 and 火腿 both #C8102E, 烟熏风味 #666666 at 3 mm: the qualifier has the meat words' colour (7.1.3 注1)
    report = labelcheck.check(load_path(str(FIX / "J4c_flavour_grey_noparen.json")), as_of=AS_OF)
    assert report.product_class == "dairy_meat" and "LC114" not in _rules(report)


def test_a_state_printed_as_a_template_says_neither():
    text = (FIX / "dairy_state_template.txt").read_text(encoding="utf-8")
    assert "（生制品/熟制品）" in text
    report = labelcheck.check(text, as_of=AS_OF)
    assert "LC209" in _rules(report, "error")
    for stated in ("（熟制品）", "（生制品）", "生制品或熟制品类别：熟制品"):
        report = labelcheck.check(text.replace("（生制品/熟制品）", stated), as_of=AS_OF)
        assert "LC209" not in _rules(report), stated
