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


# Bilingual units (plant-meat sweep §5): an importer's table writes each unit in Chinese and English — 12.5克/g,
# 17.6克 g, 935 kJ/千焦, 千焦(kJ) (GB 28050 Table 1 note a allows either or both). The pair is one unit: the amount
# and the NRV% after it are both read, so LC605 can check the NRV%.

NUGGETS = """营养成分表 Nutrition Facts
项目/Items  每100克/per 100 g  NRV%
能量/Energy  935千焦/kJ  11%
蛋白质/Protein  12.5克/g  21%
脂肪/Fat  10.8克/g  18%
碳水化合物/Carbohydrate  19.0克/g  6%
钠/Sodium  520毫克/mg  26%
"""

US_IMPORT = """营养成分表 Nutrition Information
项目 Items\t每100克 Per 100g\t营养素参考值% NRV%
能量 Energy\t1025千焦 kJ\t12%
蛋白质 Protein\t17.6克 g\t29%
脂肪 Fat\t17.6克 g\t29%
——饱和脂肪 Saturated Fat\t5.3克 g\t27%
碳水化合物 Carbohydrate\t4.4克 g\t1%
——糖 Sugars\t0克 g\t
钠 Sodium\t273毫克 mg\t14%
"""

EN_FIRST = """营养成分表 Nutrition Information
项目/Items\t每100克/Per 100 g\tNRV%
能量/Energy\t935 kJ/千焦\t11%
蛋白质/Protein\t12.5 g/克\t21%
脂肪/Fat\t10.8 g/克\t18%
碳水化合物/Carbohydrate\t19.0 g/克\t6%
钠/Sodium\t520 mg/毫克\t26%
"""

BRACKETS = """营养成分表 nutrition information
项目/Items\t每100克(g)/per 100 g\t营养素参考值%/NRV%
能量/energy\t935千焦(kJ)\t11%
蛋白质/protein\t12.5克(g)\t21%
脂肪/fat\t10.8克(g)\t18%
碳水化合物/carbohydrate\t19.0克(g)\t6%
钠/sodium\t520毫克(mg)\t26%
"""

SPACE_ONLY = """营养成分表
项目 每100克 NRV%
能量 935千焦 kJ 11%
蛋白质 12.5克 g 21%
脂肪 10.8克 g 18%
碳水化合物 19.0克 g 6%
钠 520毫克 mg 26%
"""


def _values(t):
    return {k: (r.value, r.nrv_percent) for k, r in t.rows.items()}


@pytest.mark.parametrize("table", [NUGGETS, EN_FIRST, BRACKETS, SPACE_ONLY], ids=["slash", "en-first", "brackets", "space"])
def test_bilingual_units_keep_the_nrv_column(table):
    t = _table(table)
    assert _values(t) == {"energy": (935.0, 11.0), "protein": (12.5, 21.0), "fat": (10.8, 18.0),
                          "carbohydrate": (19.0, 6.0), "sodium": (520.0, 26.0)}
    assert t.rows["protein"].per100 == 12.5 and t.rows["sodium"].per100 == 520.0


def test_bilingual_units_read_as_the_first_spelling():
    # the unit kept is the first one written, as with one spelling: 千焦 and kJ both pass LC603
    t = _table(NUGGETS)
    assert (t.rows["energy"].unit, t.rows["protein"].unit, t.rows["sodium"].unit) == ("千焦", "克", "毫克")
    assert (_table(EN_FIRST).rows["energy"].unit, _table(EN_FIRST).rows["sodium"].unit) == ("kJ", "mg")


def test_tabbed_import_table_with_space_pairs():
    t = _table(US_IMPORT)
    assert _values(t) == {"energy": (1025.0, 12.0), "protein": (17.6, 29.0), "fat": (17.6, 29.0),
                          "saturated_fat": (5.3, 27.0), "carbohydrate": (4.4, 1.0), "sugar": (0.0, None),
                          "sodium": (273.0, 14.0)}


def test_the_same_rows_as_the_chinese_only_table():
    chinese = _table(SPACE_ONLY.replace(" kJ", "").replace("克 g", "克").replace(" mg", ""))
    assert _values(chinese) == _values(_table(SPACE_ONLY))


@pytest.mark.parametrize("heading", ["每100克/Per 100 g\t每份/Per serving (50克/g)", "每100克 Per 100g\t每份 Per Serving (50克 g)"])
def test_two_columns_bilingual_per_100_first(heading):
    t = _table(f"营养成分表 Nutrition Information\n项目/Items\t{heading}\tNRV%\n"
               "能量/Energy\t935千焦/kJ\t468千焦/kJ\t6%\n蛋白质/Protein\t12.5克/g\t6.3克/g\t35%\n"
               "脂肪/Fat\t10.8克 g\t18%\t5.4克 g\t9%\n")
    assert t.basis == "100g"
    # 6 % is the serving column's energy (468 kJ), and right: not checked against 935 kJ; 35 % fits neither: kept
    assert _values(t) == {"energy": (935.0, None), "protein": (12.5, 35.0), "fat": (10.8, 18.0)}


def test_two_columns_bilingual_serving_first_reads_the_per_100_column():
    t = _table("营养成分表 Nutrition Information\n项目/Items\t每份/Per serving (50克/g)\t每100克/Per 100 g\tNRV%\n"
               "蛋白质/Protein\t6.3克/g\t12.5克/g\t35%\n钠/Sodium\t260毫克/mg\t520毫克/mg\t13%\n")
    assert (t.basis, t.serving_size) == ("serving", 50.0)
    assert t.per100("protein") == 12.5 and t.rows["protein"].nrv_percent == 35.0
    # 13 %: the serving's 260 mg, and right: the row is judged per serving, its per-100 figure kept
    assert t.per100("sodium") == 520.0 and (t.rows["sodium"].value, t.rows["sodium"].nrv_percent) == (260.0, 13.0)


@pytest.mark.parametrize("row", [
    "能量 1353千焦(323千卡) 16%", "能量 323千卡(1353千焦) 16%", "能量 1353千焦/323千卡 16%", "能量 323 kcal/1353 kJ 16%",
    "能量 1353千焦 323千卡 16%", "能量/Energy 1353千焦/kJ (323千卡/kcal) 16%", "能量 1353 kJ (323 kcal) 16%",
])
def test_energy_in_kj_and_kcal_reads_the_kj_value_and_its_nrv(row):
    e = _table(f"营养成分表\n项目 每100克 NRV%\n{row}\n蛋白质 12.5克 21%\n").rows["energy"]
    assert (e.value, e.nrv_percent, e.per100) == (1353.0, 16.0, 1353.0)
    assert e.unit in ("千焦", "kJ")


def test_energy_in_kj_and_kcal_per_serving_first():
    t = _table("营养成分表\n项目 每份(50克) 每100克 NRV%\n能量 162千卡(677千焦) 323千卡(1353千焦) 8%\n")
    # 8 %: the serving's 677 kJ — judged per serving
    assert t.per100("energy") == 1353.0 and (t.rows["energy"].value, t.rows["energy"].nrv_percent) == (677.0, 8.0)


@pytest.mark.parametrize("row,value,unit,nrv", [
    ("能量 872千焦 kcal 10%", 872.0, "千焦", None),     # kcal after 千焦 is another unit, not the same one again
    ("蛋白质 12.5克 mg 21%", 12.5, "克", None),          # 克 mg: two units, no pair
    ("蛋白质 12.5克/25克 21%", 12.5, "克", None),        # two amounts: not one unit written twice, and no energy pair
    ("钠 450毫克/5克 23%", 450.0, "毫克", None),
    ("蛋白质 12.5克/100克 21%", 12.5, "克", 21.0),       # per 100 g after the amount, as before
    ("能量 208千卡(208kcal) 10%", 208.0, "千卡", 10.0),  # both kcal: stays kcal (LC603 and LC605 judge it as kcal)
])
def test_two_numbers_or_two_units_that_are_no_pair(row, value, unit, nrv):
    key = "energy" if row.startswith("能量") else "sodium" if row.startswith("钠") else "protein"
    r = _table(f"营养成分表\n项目 每100克 NRV%\n{row}\n").rows[key]
    assert (r.value, r.unit, r.nrv_percent) == (value, unit, nrv)


def test_two_columns_with_units_twice_stay_two_columns():
    # 12.5克 g | 6.3克 g: the g after 克 is the unit again, the 6.3 the next column — never one merged number
    t = _table("营养成分表\n项目 每100克 每份(50克) NRV%\n蛋白质 12.5克 g 6.3克 g 21%\n")
    assert (t.rows["protein"].value, t.rows["protein"].nrv_percent) == (12.5, 21.0)


def test_unit_in_the_row_name_and_one_space_before_the_nrv():
    # 蛋白质/Protein(g) 12.5 21%: the NRV% one space after the amount is read as the NRV%, not as the amount's unit
    t = _table("营养成分表\n项目/Items 每100克/Per 100 g NRV%\n蛋白质/Protein(克/g) 12.5 21%\n钠/Sodium(mg) 520 26%\n")
    assert (t.rows["protein"].value, t.rows["protein"].unit, t.rows["protein"].nrv_percent) == (12.5, "克", 21.0)
    assert (t.rows["sodium"].value, t.rows["sodium"].unit, t.rows["sodium"].nrv_percent) == (520.0, "mg", 26.0)


def test_units_in_the_row_names_and_the_nrv_printed_without_percent():
    # 2025 B.5: the NRV% may be printed as a bare number; the units stand in the row names (能量(kJ))
    t = _table("营养成分表\n项目\t每100g\tNRV%\n能量(kJ)\t758\t9\n蛋白质(g)\t15.2\t25\n碳水化合物(g)\t8.5\t3\n钠(mg)\t560\t28\n")
    assert {k: (r.value, r.nrv_percent) for k, r in t.rows.items()} == {
        "energy": (758.0, 9.0), "protein": (15.2, 25.0), "carbohydrate": (8.5, 3.0), "sodium": (560.0, 28.0)}
    # an amount OCR split (脂肪 19 9克) is not taken for an amount and an NRV%
    t = _table("营养成分表\n项目 每100克 NRV%\n脂肪 19 9克 33%\n")
    assert "fat" not in t.rows


def test_unit_spellings_are_data():
    units = lexicon("nutrition")["units"]
    assert {"g", "克"} <= set(units["g"]) and {"kJ", "千焦"} <= set(units["kJ"])


def test_the_children_sentence_ends_the_table():
    # GB 28050-2025 4.5 prints it under the table; what follows (高蛋白 · 0胆固醇) is the pack's, not the table's
    t = _table("营养成分表\n项目 每100克 NRV%\n蛋白质 12.6克 21%\n儿童青少年应避免过量摄入盐油糖\n高蛋白 · 0胆固醇\n")
    assert t.end <= len("营养成分表\n项目 每100克 NRV%\n蛋白质 12.6克 21%\n")


def test_nrv_column_between_serving_and_per_100_is_the_servings():
    # 每份 | NRV% | 每100克: every row judged per serving, the per-100 figure kept — 1 % fits both carbohydrate
    # columns, and follows the heading
    t = _table("营养成分表\n项目        每份(50g)    NRV%    每100克\n能量        420千焦      5%      840千焦\n"
               "蛋白质      7.5克        13%     15.0克\n碳水化合物  2.5克        1%      5.0克\n钠          200毫克      10%     400毫克\n")
    assert (t.basis, t.serving_size) == ("serving", 50.0)
    got = {k: (r.value, r.nrv_percent, r.per100) for k, r in t.rows.items()}
    assert got == {"energy": (420.0, 5.0, 840.0), "protein": (7.5, 13.0, 15.0), "carbohydrate": (2.5, 1.0, 5.0),
                   "sodium": (200.0, 10.0, 400.0)}


@pytest.mark.parametrize("row,value,nrv", [
    ("钠(mg) 120 6%", 120.0, 6.0),          # one-digit NRV% a space after the amount
    ("蛋白质(g) 12 5%", None, None),        # 12 g is 20 %: the 5 does not fit — a split 12.5 perhaps, unreadable
])
def test_amount_then_short_nrv_in_a_unit_in_name_table(row, value, nrv):
    t = _table(f"营养成分表（每100g）\n项目 含量 NRV%\n{row}\n")
    key = "sodium" if row.startswith("钠") else "protein"
    if value is None:
        assert key not in t.rows
    else:
        assert (t.rows[key].value, t.rows[key].nrv_percent) == (value, nrv)


def test_slash_separated_table_reads_every_row():
    # 项目/每100克/营养素参考值%: slashes part the columns, heading and rows alike
    t = _table("营养成分表\n项目/每100克/营养素参考值%\n能量/785千焦/9%\n蛋白质/6.2克/10%\n脂肪/5.5克/9%\n"
               "碳水化合物/28.0克/9%\n钠/420毫克/21%\n")
    got = {k: (r.value, r.nrv_percent) for k, r in t.rows.items()}
    assert got == {"energy": (785.0, 9.0), "protein": (6.2, 10.0), "fat": (5.5, 9.0), "carbohydrate": (28.0, 9.0),
                   "sodium": (420.0, 21.0)}
    # a bilingual table keeps its slashes as they are: 能量/Energy, 千焦/kJ
    t = _table("营养成分表\n项目/Items 每100克/Per 100 g NRV%\n能量/Energy 935千焦/kJ 11%\n")
    assert (t.rows["energy"].value, t.rows["energy"].nrv_percent) == (935.0, 11.0)


def test_serving_size_with_a_count_and_about_in_the_heading():
    # 每份6粒约120g above 项目 每份 NRV% 每100g: the serving's size, and the NRV% column the serving's
    t = _table("营养成分表（每份6粒约120g）\n项目            每份         NRV%      每100g\n"
               "能量            872kJ(208kcal)  10%   727kJ(174kcal)\n碳水化合物      10.8g        4%        9.0g\n")
    assert (t.basis, t.serving_size) == ("serving", 120.0)
    assert {k: (r.value, r.nrv_percent, r.per100) for k, r in t.rows.items()} == {
        "energy": (872.0, 10.0, 727.0), "carbohydrate": (10.8, 4.0, 9.0)}


def test_serving_size_is_reported_where_the_values_are_per_100():
    t = _table("营养成分表\n项目 每100克 每份(25克) NRV%(每份)\n能量 1730千焦 433千焦 5%\n蛋白质 18.0克 4.5克 8%\n")
    assert (t.basis, t.serving_size, t.serving_unit) == ("100g", 25.0, "g")
    assert (t.rows["protein"].value, t.rows["protein"].per100, t.rows["protein"].nrv_percent) == (4.5, 18.0, 8.0)
    assert _table("营养成分表\n项目 每100克 NRV%\n蛋白质 18.0克 30%\n").serving_size is None
