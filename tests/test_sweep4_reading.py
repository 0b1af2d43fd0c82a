"""The readers the fourth outside sweep found wrong, tested where they live: a thousands space in a number (1 496),
an OCR-damaged one that must stay unreadable (1 2OO), misspellings folded on the shadow only and with the offsets
kept, short storage labels (贮存：), and a milk powder's class read from what its list shows. Whole labels with their
findings are in corpus/sweep4_labels.toml."""
from __future__ import annotations

import pytest

import labelcheck
from labelcheck.extract.fields import extract_fields
from labelcheck.extract.numbers import read_number
from labelcheck.normalize import normalize


@pytest.mark.parametrize("raw,value", [("1 496", 1496.0), ("1 215.5", 1215.5), ("1 2 . 5", 12.5), ("4O0", 400.0)])
def test_numbers_read(raw, value):
    assert read_number(raw).value == value


@pytest.mark.parametrize("raw", ["1 2OO", "1 5.0", "12 .5", "1,250", "1 49"])
def test_numbers_unreadable(raw):
    assert read_number(raw).value is None


def test_columns_still_columns():
    r = read_number("960 576")
    assert r.value == 960.0 and r.columns == (576.0,)


@pytest.mark.parametrize("text,shadow", [("乳清旦白粉", "乳清蛋白粉"), ("植勿肉饼", "植物肉饼"), ("大逗组织蛋白", "大豆组织蛋白"),
                                         ("酪蛋自", "酪蛋白"), ("元旦白菜", "元旦白菜"), ("旦旦", "旦旦")])
def test_typos_fold_on_the_shadow_only(text, shadow):
    s = normalize(text, compact=False)
    assert s.text == shadow and s.original == text and len(s.text) == len(text)


@pytest.mark.parametrize("line,value", [("贮存：-18℃以下冷冻", "-18℃以下冷冻"), ("保存：阴凉干燥处", "阴凉干燥处"),
                                        ("储藏：0-4℃冷藏", "0-4℃冷藏"), ("储存: 常温", "常温")])
def test_short_storage_labels(line, value):
    shadow = normalize(f"产品名称：素肉饼\n{line}\n净含量：100g", compact=False)
    assert [f.value for f in extract_fields(shadow.text)["storage"]] == [value]


@pytest.mark.parametrize("line", ["贮藏于阴凉处", "储存期限内食用", "保存期限：12个月"])
def test_storage_words_in_prose_are_no_label(line):
    shadow = normalize(f"产品名称：素肉饼\n{line}\n净含量：100g", compact=False)
    assert "storage" not in extract_fields(shadow.text)


@pytest.mark.parametrize("ingredients,cls", [
    ("生驼乳", "other"), ("生羊乳、白砂糖", "other"), ("水牛乳、麦芽糊精", "other"),
    # a list that shows no plant raw material is no plant-made powder either
    ("麦芽糊精、白砂糖", "other"),
    ("燕麦粉、白砂糖、碳酸钙", "plant_milk_powder"), ("大豆、白砂糖", "plant_milk_powder"),
])
def test_milk_powder_class_from_its_list(ingredients, cls):
    text = f"产品名称：高钙奶粉\n配料：{ingredients}\n净含量：400克"
    assert labelcheck.check(text).product_class == cls
