"""Sweep 3 (dairy-based protein meat, plant milk powder): what an ingredient is made of.

The corpus cases (corpus/sweep3_ingredients.toml) pin the findings; these pin what the parser reads and
what the report says: severities, the quoted ingredient, the classification evidence, and the additive
group at the end of a list.
"""
from __future__ import annotations

import datetime as dt

import pytest

import labelcheck
from labelcheck.extract.ingredients import parse_ingredients
from labelcheck.models import LabelDocument
from labelcheck.normalize import normalize

AS_OF = dt.date(2026, 12, 1)
DAIRY_HEAD = "乳基蛋白午餐肉\n产品类别：乳基蛋白肉制品（熟制品）\n"
DAIRY_TAIL = "\n净含量：198g\n产品标准号：T/CEAC 123—2025\n生产商：河南某某食品有限公司\n地址：河南省漯河市源汇区某某路66号\n"


def _sources(line: str) -> dict[str, list[str]]:
    out = {}

    def walk(items):
        for i in items:
            out[i.name] = i.sources
            walk(i.children)
    walk(parse_ingredients(normalize(line, compact=False).text, 0))
    return out


def _check(ingredients: str, head: str = DAIRY_HEAD, tail: str = DAIRY_TAIL, as_of=AS_OF):
    return labelcheck.check(LabelDocument(text=f"{head}配料：{ingredients}{tail}"), as_of=as_of)


def _found(report, rule: str) -> list[tuple[str, str]]:
    return [(f.severity, f.message) for f in report.findings if f.rule == rule]


# ---- 1. 'X蛋白粉': X decides -------------------------------------------------------------------------

@pytest.mark.parametrize("name,source", [
    ("乳清分离蛋白粉", "dairy_protein"), ("牛奶蛋白粉", "dairy_protein"), ("浓缩乳蛋白粉", "dairy_protein"),
    ("羊乳清蛋白粉", "dairy_protein"), ("酪蛋白粉", "dairy_protein"),
    ("大米蛋白粉", "plant_protein"), ("花生蛋白粉", "plant_protein"), ("南瓜籽蛋白粉", "plant_protein"),
    ("核桃蛋白粉", "plant_protein"), ("葵花籽蛋白粉", "plant_protein"), ("豌豆蛋白粉", "plant_protein"),
    ("南瓜籽蛋白", "plant_protein"), ("大豆分离蛋白粉", "soy_protein"),
    # near misses: egg white and whole egg powders stay egg
    ("鸡蛋清粉", "egg"), ("蛋清粉", "egg"), ("全蛋粉", "egg"), ("鸡蛋白粉", "egg"), ("鸡蛋蛋白粉", "egg"),
    ("胶原蛋白粉", "animal_protein_other"),
])
def test_protein_powder_source_is_the_word_before_it(name, source):
    assert _sources(name)[name] == [source]


def test_bare_protein_powder_names_no_source():
    # 蛋白粉 alone is egg-white powder or a protein supplement: weak evidence, no category, no error
    assert _sources("饮用水，酪蛋白，蛋白粉，复合蛋白粉，食用盐")["蛋白粉"] == []
    r = _check("饮用水，酪蛋白，全脂乳粉，蛋白粉，食用盐")
    assert not _found(r, "LC421") and not _found(r, "LC422")


def test_whey_isolate_powder_first_is_dairy_not_meat():
    r = _check("饮用水，乳清分离蛋白粉，椰子油，马铃薯淀粉，食用盐")
    assert r.product_class == "dairy_meat"
    assert not _found(r, "LC421") and not _found(r, "LC003")
    assert r.classification["ingredient_class"] == "dairy_meat"


def test_rice_protein_powder_is_a_plant_protein_warning_not_an_animal_error():
    r = _check("饮用水，酪蛋白，大米蛋白粉，食用盐")
    assert not _found(r, "LC421")
    assert [s for s, _ in _found(r, "LC422")] == ["warning"]


def test_plant_milk_powder_seed_protein_is_plant():
    text = ("植物基奶粉\n配料表：大豆粉，杏仁粉，南瓜籽蛋白粉\n"
            "营养成分表 项目 每100克 蛋白质 30.0克 脂肪 16.0克 水分 4.0克")
    r = labelcheck.check(LabelDocument(text=text), as_of=AS_OF)
    assert r.product_class == "plant_milk_powder"
    assert not _found(r, "LC770") and not _found(r, "LC132")


# ---- 3. meat flavourings ------------------------------------------------------------------------------

@pytest.mark.parametrize("line", [
    "饮用水，酪蛋白，白砂糖，鸡肉味香精，食用盐",
    "饮用水，酪蛋白，白砂糖，牛肉味香精，食用盐",
    "饮用水，酪蛋白，白砂糖，食用香精（牛肉味），食用盐",
    "饮用水，酪蛋白，白砂糖，猪肉香精，食用盐",
    "饮用水，酪蛋白，白砂糖，牛肉风味香精，烟熏风味香精，食用盐",
    "饮用水，酪蛋白，乳清蛋白粉，马铃薯淀粉，椰子油，食用盐，牛肉味香精，黑胡椒",
])
def test_meat_flavourings_are_no_animal_protein(line):
    r = _check(line)
    assert not _found(r, "LC421"), _found(r, "LC421")


def test_flavour_descriptor_is_never_quoted_as_a_protein():
    assert _sources("食用香精（牛肉味）") == {"食用香精": ["flavouring"], "牛肉味": ["flavouring"]}


def test_meat_flavour_seasoning_is_a_warning():
    r = _check("饮用水，酪蛋白，白砂糖，鸡肉风味调味料，食用盐")
    assert [s for s, _ in _found(r, "LC421")] == ["warning"]
    assert "鸡肉风味调味料" in _found(r, "LC421")[0][1]
    assert r.verdict != "fail" or any(f.severity == "error" and f.rule != "LC421" for f in r.findings)


@pytest.mark.parametrize("item", ["鸡肉粉", "牛肉提取物", "鸡汁", "明胶", "猪皮", "鸡蛋清粉"])
def test_meat_derived_and_animal_proteins_stay_errors(item):
    r = _check(f"饮用水，酪蛋白，白砂糖，{item}，食用盐")
    assert _found(r, "LC421") and all(s == "error" for s, _ in _found(r, "LC421"))


def test_real_chicken_sausage_stays_other():
    text = ("台式烤肠\n配料：鸡肉，猪肉，饮用水，猪皮，马铃薯淀粉，大豆分离蛋白，白砂糖，食用盐，乳清蛋白粉，"
            "酪蛋白酸钠，鸡肉味香精，香辛料\n产品标准号：GB/T 23493")
    r = labelcheck.check(LabelDocument(text=text), as_of=AS_OF)
    assert r.product_class == "other"


# ---- 4. LC422: plant protein ingredients, once each ------------------------------------------------------

@pytest.mark.parametrize("line", [
    "饮用水、乳清蛋白（≥30%）、酪蛋白、椰子油、食用盐、黑胡椒碎、酱油（水、大豆、小麦、食用盐）",
    "饮用水，酪蛋白，白砂糖，白芝麻，海苔碎，芝麻，食用盐",
    "饮用水、酪蛋白、乳清蛋白、洋葱、豌豆纤维、椰子油、马铃薯淀粉、食用盐",
    "饮用水，酪蛋白，小麦粉，面包屑（小麦粉，白砂糖），食用盐",
])
def test_non_protein_plant_ingredients_give_no_lc422(line):
    assert not _found(_check(line), "LC422")


def test_lc422_once_per_ingredient():
    r = _check("饮用水，酪蛋白，大豆分离蛋白，调味料（大豆分离蛋白，食用盐），谷朊粉，食用盐")
    assert sorted(m for _, m in _found(r, "LC422")) == sorted([
        "乳基蛋白肉制品配料中含有植物蛋白原料：大豆分离蛋白（蛋白质应来源于乳基原料）",
        "乳基蛋白肉制品配料中含有植物蛋白原料：谷朊粉（蛋白质应来源于乳基原料）"])


# ---- 2. the additive group at the end of the list ------------------------------------------------------

def test_additive_group_mid_list_is_read():
    r = _check("饮用水，酪蛋白，白砂糖，食品添加剂（明胶，卡拉胶），香辛料")
    assert [m for _, m in _found(r, "LC421")] == ["乳基蛋白肉制品配料中含有非乳基动物来源的蛋白质：明胶"]


def test_additive_group_last_in_the_list_is_read():
    r = _check("饮用水，酪蛋白，白砂糖，食品添加剂（明胶、卡拉胶、红曲红）")
    assert [m for _, m in _found(r, "LC421")] == ["乳基蛋白肉制品配料中含有非乳基动物来源的蛋白质：明胶"]
    assert r.fields["ingredients_list"][-1] == "食品添加剂"


def test_caseinate_in_last_additive_group_is_animal_source_in_a_plant_milk_powder():
    text = ("植物基奶粉 双蛋白\n产品名称：调制植物基奶粉\n配料：豌豆蛋白，燕麦粉，椰子油粉，食品添加剂（酪蛋白酸钠，磷脂）\n"
            "净含量：750克\n致敏物质提示：含燕麦\n营养成分表\n项目 每100g NRV%\n能量 1710kJ 20%\n蛋白质 30.0g 50%\n"
            "脂肪 14.0g 23%\n碳水化合物 40.0g 13%\n钠 200mg 10%")
    r = labelcheck.check(LabelDocument(text=text), as_of=dt.date(2027, 6, 1))
    assert _found(r, "LC770") and _found(r, "LC512")
