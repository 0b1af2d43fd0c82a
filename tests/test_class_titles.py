"""The held-out style title list (corpus/class_titles.tsv): written from category standards, menus and
shop listings, not from the classifier. Class right on ≥ 97 %; no analogue error on an ordinary food."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import labelcheck
from labelcheck.models import ANALOGUE_CLASSES

ROWS = [line.rstrip("\n").split("\t") for line in
        (Path(__file__).resolve().parent.parent / "corpus" / "class_titles.tsv").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")]
AS_OF = dt.date(2026, 11, 23)


def test_list_is_big_enough_and_well_formed():
    assert len(ROWS) >= 150
    assert all(len(r) == 3 and r[1] in ("soy_meat", "plant_meat", "dairy_meat", "plant_milk_powder", "traditional_soy", "other")
               for r in ROWS)


def test_class_accuracy_and_no_false_analogue_error():
    wrong, false_errors = [], []
    for text, want, _src in ROWS:
        report = labelcheck.check_name(text, as_of=AS_OF, title=None)
        if report.product_class != want:
            wrong.append((text, want, report.product_class))
        if want not in ANALOGUE_CLASSES:
            errs = [f.rule for f in report.findings if f.severity == "error"]
            if errs:
                false_errors.append((text, errs))
    assert not false_errors, false_errors
    assert 1 - len(wrong) / len(ROWS) >= 0.97, wrong


def test_dairy_words_in_any_order_get_the_name_error_with_brand_and_size_kept():
    for title in ("奶基蛋白 鸡块 空气炸锅 300g", "牛乳蛋白火腿肠 30g*8", "【新品】牛奶蛋白 汉堡肉饼 120g*4", "鸡块 牛奶蛋白 300g"):
        r = labelcheck.check_name(title, as_of=AS_OF, title=True)
        assert r.product_class == "dairy_meat", title
        lc111 = [f for f in r.findings if f.rule == "LC111"]
        assert lc111 and lc111[0].suggestions, title
    loose = labelcheck.check_name("鸡块 空气炸锅 添加牛奶蛋白 300g", as_of=AS_OF, title=True)
    assert loose.product_class == "other" and loose.class_confidence == "low"
    assert not [f for f in loose.findings if f.severity == "error"]


def test_plant_brand_alone_is_a_candidate_never_an_error():
    r = labelcheck.check_name("别样肉客 经典牛肉饼 226g", as_of=AS_OF, title=True)
    assert r.product_class == "other" and r.class_confidence == "low"
    assert not [f for f in r.findings if f.severity == "error"]
    assert [f.rule for f in r.findings if f.severity == "warning"] == ["LC015"]


def test_import_report_fields():
    import tomllib
    from labelcheck.models import LabelDocument
    cases = tomllib.loads((Path(__file__).resolve().parent.parent / "corpus" / "reading_imports.toml").read_text(encoding="utf-8"))["case"]
    for case in cases:
        r = labelcheck.check(LabelDocument.model_validate(case["doc"]), as_of=AS_OF)
        want = case["id"].startswith("import-")
        assert r.imported is want, case["id"]
        assert bool(r.import_evidence) is want, case["id"]


def test_title_suggestions_keep_brand_promotions_and_sizes():
    r = labelcheck.check_name("山野小厨 奶基蛋白鸡块 300g×2袋 顺丰包邮", as_of=AS_OF, title=True)
    first = next(f for f in r.findings if f.rule == "LC111").suggestions[0]
    assert first == "山野小厨 乳基蛋白鸡块 300g×2袋 顺丰包邮"
    r = labelcheck.check_name("【包邮】植物肉香肠 200g*2", as_of=AS_OF, title=True, product_class="soy_meat")
    sugg = next(f for f in r.findings if f.suggestions).suggestions
    assert sugg[0] == "【包邮】大豆植物肉香肠 200g*2" and len(sugg) == len(set(sugg))
