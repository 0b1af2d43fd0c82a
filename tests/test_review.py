"""needs_review: reports resting on weak evidence say so, with reasons; clear ones do not."""
from __future__ import annotations

import datetime as dt
import types

import pytest

import labelcheck
from labelcheck import review
from labelcheck.models import Finding, Report

D = dt.date(2026, 11, 23)


@pytest.mark.parametrize("title", ["别样肉客 汉堡饼 4片装 冷冻", "【官方】OmniPork 新膳肉 饺子 500g", "珍肉 香肠 早餐"])
def test_a_title_whose_only_analogue_cue_is_a_brand_needs_review(title):
    r = labelcheck.check_name(title, as_of=D)
    assert r.needs_review and "brand_only_cue" in r.review_reasons      # and, with it, low class confidence


@pytest.mark.parametrize("title", ["别样肉客 植物肉汉堡饼 4片装", "【包邮】大豆植物肉香肠 200g*2", "双汇 火腿肠 30g*10支",
                                   "五香素鸡 250g", "植物肉汉堡饼"])
def test_clear_titles_and_ordinary_brands_do_not(title):
    r = labelcheck.check_name(title, as_of=D)
    assert not r.needs_review and r.review_reasons == []


def test_a_class_the_user_gave_is_not_weak_evidence():
    assert not labelcheck.check_name("别样肉客 汉堡饼", as_of=D, product_class="plant_meat").needs_review


class _WithConfidence(Report):
    class_confidence: object = None       # as issue 14 adds it to the Report


def _ctx(basis="ingredients"):
    return types.SimpleNamespace(classification=types.SimpleNamespace(basis=basis), name=None)


@pytest.mark.parametrize("conf, weak", [("low", True), ("high", False), (None, False), (0.3, True), (0.9, False)])
def test_low_class_confidence(conf, weak):
    r = _WithConfidence(product_class="plant_meat", standards=[], verdict="pass", findings=[], class_confidence=conf)
    review.assess(r, _ctx())
    assert r.needs_review is weak and (("low_class_confidence" in r.review_reasons) is weak)


def test_an_unreadable_number_finding_is_matched_by_the_rule_ids_in_the_data(monkeypatch):
    monkeypatch.setattr(review, "_unreadable_rules", lambda: frozenset({"LC-UNREAD"}))
    assert isinstance(review._data()["unreadable_number"]["rules"], list)      # the data the real set is read from
    f = Finding(rule="LC-UNREAD", severity="info", standard="gb-28050", clause="4.1", message="“蛋白质 1 2 .5”无法读取")
    r = review.assess(Report(product_class="soy_meat", standards=[], verdict="pass", findings=[f]), _ctx())
    assert r.needs_review and r.review_reasons == ["unreadable_number"]
    other = Finding(rule="LC001", severity="info", standard="cnfia-165", clause="—", message="x")
    r = review.assess(Report(product_class="soy_meat", standards=[], verdict="pass", findings=[other]), _ctx())
    assert not r.needs_review


def test_every_report_carries_the_keys():
    d = labelcheck.check_name("大豆植物肉香肠", as_of=D).model_dump(mode="json")
    assert d["needs_review"] is False and d["review_reasons"] == []


def test_every_analogue_brand_of_the_review_list_is_a_brand_the_name_reading_finds():
    # brand_only_cue reads the brands extract/terms.find_brands found: a brand only review.toml knew would be missed
    from labelcheck.extract.terms import brand_index
    from labelcheck.review import _brands
    index, _ = brand_index()
    brands, _ = _brands()
    assert brands <= {b.casefold() for b, (plant, _src) in index.items() if plant}
