"""Vitamin and mineral rows: read with their own units (GB 28050 表1: μgRE, mgα-TE, 微克), never without one, and
judged by each edition's figures (corpus/micronutrients.toml holds whole labels; here, the values read)."""
from __future__ import annotations

import datetime as dt
import re

from labelcheck import check
from labelcheck.extract.nutrition import in_unit, parse_nutrition, unit_family
from labelcheck.models import LabelDocument
from labelcheck.normalize import normalize
from labelcheck.wordscan import word_trie

TABLE = """营养成分表 Nutrition Information
项目 Items\t每100克 Per 100 g\tNRV%
能量 Energy\t1884千焦 kJ\t22%
蛋白质 Protein\t18.0克 g\t30%
维生素A Vitamin A\t300μgRE\t38%
维生素E Vitamin E\t5.00mgα-TE\t36%
维生素B1 Vitamin B1\t0.42毫克 mg\t30%
维生素D3\t5.0µg\t100%
维生素K 12 20%
锌\t3000微克\t20%
"""


def _table(text: str):
    return parse_nutrition(normalize(text, compact=False).text)


def test_vitamin_rows_are_read_with_their_units():
    rows = _table(TABLE).rows
    assert (rows["vitamin_a"].value, rows["vitamin_a"].unit, rows["vitamin_a"].nrv_percent) == (300, "μgRE", 38)
    assert (rows["vitamin_e"].value, rows["vitamin_e"].nrv_percent, rows["vitamin_e"].per100) == (5.0, 36, 5.0)
    assert (rows["vitamin_b1"].value, rows["vitamin_b1"].nrv_percent) == (0.42, 30)
    # 维生素D3 is the name, not 维生素D with a 3 before its amount; the micro sign folds to μ
    assert (rows["vitamin_d"].value, rows["vitamin_d"].unit, rows["vitamin_d"].nrv_percent) == (5.0, "μg", 100)
    # an amount without its unit is no vitamin row (nothing to work an NRV% from); zinc in μg is read in mg
    assert "vitamin_k" not in rows
    assert rows["zinc"].per100 == 3.0


def test_units_and_conversions():
    assert unit_family("μgRE") == unit_family("微克") == "μg"
    assert unit_family("mgα-TE") == "mg" and unit_family("千卡") == "kcal" and unit_family("IU") == "IU" and unit_family("lb") is None
    assert in_unit(0.4, "克", "mg") == 400 and in_unit(3000, "微克", "mg") == 3 and in_unit(200, "千卡", "kJ") is None


def test_no_letter_space_before_a_digit():
    pattern = re.compile(word_trie(["维生素D3", "维生素D"], "[ \t]{0,4}"))
    assert pattern.match("维生素 D3").group(0) == "维生素 D3"
    assert pattern.match("维生素D 3.0").group(0) == "维生素D"


def _label(rows: str) -> LabelDocument:
    return LabelDocument(text="调制植物基奶粉\n配料：燕麦粉，豌豆蛋白，碳酸钙，维生素D3，乳酸锌\n营养成分表\n项目\t每100克\tNRV%\n"
                              "能量\t1810千焦\t22%\n蛋白质\t22.0克\t37%\n脂肪\t14.0克\t23%\n碳水化合物\t54.0克\t18%\n钠\t280毫克\t14%\n" + rows)


def _lc605(doc: LabelDocument, as_of: str):
    return [(f.severity, f.edition) for f in check(doc, as_of=dt.date.fromisoformat(as_of)).findings if f.rule == "LC605"]


def test_nrv_by_edition():
    by_2011 = _label("维生素D\t4.0微克\t80%\n")          # 5 μg (2011 表A.1)
    by_2025 = _label("维生素D\t4.0微克\t40%\n")          # 10 μg (2025 表A.1)
    wrong = _label("维生素D\t4.0微克\t60%\n")
    assert _lc605(by_2011, "2026-12-01") == [("warning", "2025")]      # right now, wrong from 2027-03-16
    assert _lc605(by_2011, "2027-06-01") == [("error", "2025")]
    assert _lc605(by_2025, "2026-12-01") == [("warning", "2011")]      # early adoption: not an error of the figure
    assert _lc605(by_2025, "2027-06-01") == []
    assert _lc605(wrong, "2026-12-01") == [("error", "2011")]


def test_rounding_and_zero_threshold_by_edition():
    # 烟酸: interval 0.01 mg (2011) → 0.1 mg (2025); 锌 "0" threshold 0.30 mg (2011) → 0.10 mg (2025)
    niacin = _label("烟酸\t1.25毫克\t9%\n")
    lc604 = [(f.severity, f.edition) for f in check(niacin, as_of=dt.date(2026, 12, 1)).findings if f.rule == "LC604"]
    assert lc604 == [("warning", "2025")]
    zinc = _label("锌\t0.20毫克\t1%\n")
    lc604 = [(f.severity, f.edition, f.message) for f in check(zinc, as_of=dt.date(2026, 12, 1)).findings if f.rule == "LC604"]
    assert [x[:2] for x in lc604] == [("error", "2011")] and "0.3" in lc604[0][2]
    assert not [f for f in check(zinc, as_of=dt.date(2027, 6, 1)).findings if f.rule == "LC604"]


def test_an_nrv_column_headed_per_serving_belongs_to_the_serving_amounts():
    table = _table("营养成分表\n项目 每100克 每份（113克） NRV%（每份）\n能量 892千焦 1008千焦 12%\n蛋白质 16.0克 18.1克 30%\n")
    assert (table.rows["protein"].value, table.rows["protein"].nrv_percent, table.rows["protein"].per100) == (18.1, 30, 16.0)
    # headed per 100 g (the commoner print), the NRV% stays the first column's
    table = _table("营养成分表\n项目 每100克 每份（25克） NRV%（每100克）\n能量 1987千焦 499千焦 24%\n蛋白质 7.5克 1.9克 13%\n")
    assert (table.rows["protein"].value, table.rows["protein"].nrv_percent) == (7.5, 13)


def test_a_sideways_table_reads_vitamin_units_too():
    table = _table("营养成分表\n项目 能量 蛋白质 脂肪 碳水化合物 钠 维生素A\n每100g 1850kJ 18.0g 16.0g 58.0g 210mg 300μgRE\n"
                   "NRV% 22% 30% 27% 19% 11% 38%\n")
    assert (table.rows["vitamin_a"].value, table.rows["vitamin_a"].unit, table.rows["vitamin_a"].nrv_percent) == (300, "μgRE", 38)
    assert not table.unreadable
