"""The nutrition table's basis and heading, as the third outside sweep (dairy-based protein meat) found them read
wrong: a portion column named by its unit (每片（113g）, 每袋（25g）) was taken as per 100 g, and a letter-spaced or
成份-spelt heading left the table unrecognised. Whole labels are in corpus/sweep3_nutrition.toml; these pin the reading."""
from __future__ import annotations

import pytest

from labelcheck.extract.fields import extract_fields
from labelcheck.extract.nutrition import parse_nutrition
from labelcheck.normalize import normalize
from labelcheck.resources import lexicon

ROWS = "\n能量\t837kJ\t10%\n蛋白质\t24.9g\t42%\n脂肪\t6.5g\t11%\n碳水化合物\t10.2g\t3%\n钠\t520mg\t26%\n"


def _table(text: str):
    return parse_nutrition(normalize(text, compact=False).text)


@pytest.mark.parametrize("column", [
    "每片（113g）", "每块(113克)", "每包（113g）", "每袋 (113 g)", "每根（113克）", "每支（113g）", "每粒（113g）",
    "每条（113g）", "每盒（113g）", "每片113克", "每片 113g", "每 份（113g）", "每份量113g", "每份（113g）",
])
def test_portion_column_with_size_is_a_serving_of_that_size(column):
    t = _table(f"营养成分表\n项目\t{column}\tNRV%{ROWS}")
    assert (t.basis, t.serving_size, t.serving_unit) == ("serving", 113.0, "g")
    assert round(t.per100("protein"), 1) == 22.0 and round(t.per100("fat"), 2) == 5.75


@pytest.mark.parametrize("column,unit", [("每罐（330mL）", "ml"), ("每瓶(330毫升)", "ml"), ("每杯（330ml）", "ml")])
def test_portion_by_volume(column, unit):
    t = _table(f"营养成分表\n项目\t{column}\tNRV%{ROWS}")
    assert (t.basis, t.serving_size, t.serving_unit) == ("serving", 330.0, unit)


def test_portion_size_on_the_line_under_the_heading():
    t = _table(f"营养成分表\n项目\t每块\tNRV%\n\t(113克，约2块)\t{ROWS}")
    assert (t.basis, t.serving_size) == ("serving", 113.0)


@pytest.mark.parametrize("column", ["每片", "每袋", "每份"])
def test_portion_without_size_is_never_per_100g(column):
    # the values are per an unknown amount: kept as read, but no per-100 g figure for the composition rules
    t = _table(f"营养成分表\n项目\t{column}\tNRV%{ROWS}")
    assert t.basis == "serving" and t.serving_size is None
    assert t.rows["protein"].value == 24.9 and t.per100("protein") is None


def test_portion_column_then_per_100_column_reads_the_per_100_one():
    t = _table("营养成分表\n项目 每片（113g） 每100克 NRV%\n蛋白质 24.9g 22.0g 37%\n")
    assert t.per100("protein") == 22.0


def test_per_100_column_first_stays_per_100():
    t = _table("营养成分表\n项目 每100克 每片（113g） NRV%\n蛋白质 22.0g 24.9g 37%\n")
    assert t.basis == "100g" and t.per100("protein") == 22.0


@pytest.mark.parametrize("text", [
    "净含量：400g（每袋200g×2袋）\n蛋白质 24.9g",
    "净含量：400g（每袋200g）\n蛋白质 24.9g",
    "每袋净含量：200g\n蛋白质 24.9g",
    "每袋含4片\n蛋白质 24.9g",
    "食用方法：每次1袋（25g），用150mL温水冲调\n蛋白质 24.9g",
])
def test_portion_words_outside_a_column_heading_are_no_basis(text):
    # a 每袋 in the net-content or directions line says nothing about what the stated amounts are per
    t = _table(text)
    assert t.basis == "100g" and t.serving_size is None and t.per100("protein") == 24.9


HEADINGS = ["营养成分表", "营 养 成 分 表", "营养成份表", "营 养 成 份 表", "營養成分表", "营养成分", "营养信息",
            "营养标签", "【营养成份表】", "营养成分表：", "营 养 成 分 表 Nutrition Information", "Nutrition Information"]


@pytest.mark.parametrize("heading", HEADINGS)
def test_heading_forms_are_the_table_heading(heading):
    t = _table(f"乳基蛋白香肠\n{heading}\n项目 每100g NRV%{ROWS}")
    assert t.has_header and t.rows["protein"].per100 == 24.9


@pytest.mark.parametrize("heading", ["营 养 成 分 表", "营养成份表", "營養成分表"])
def test_field_reader_and_table_reader_agree_on_the_heading(heading):
    # one list (lexicons/fields.toml [fields.nutrition]) for both: the field reader sees the heading the table reader does
    text = normalize(f"配料：饮用水，酪蛋白\n{heading}\n项目 每100g NRV%{ROWS}", compact=False).text
    assert "nutrition" in extract_fields(text)
    assert parse_nutrition(text).has_header


def test_heading_words_are_data():
    labels = lexicon("fields")["fields"]["nutrition"]["labels"]
    assert "营养成份表" in labels and "营养成分表" in labels


def test_a_mention_in_prose_is_no_heading():
    t = _table("说明：含糖量见营养成份表\n营养成分表\n项目 每100g NRV%" + ROWS)
    assert t.has_header and t.start > 0 and t.rows["protein"].per100 == 24.9
