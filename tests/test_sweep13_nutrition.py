"""A bilingual table of the thirteenth outside sweep: 每份 | 每100克 | NRV%, its NRV% column the per-100 column's.
The values are read from the per-100 column, so the table's basis is per 100 g — it once said `serving` over
per-100 values."""
from __future__ import annotations

from labelcheck.extract.nutrition import parse_nutrition
from labelcheck.normalize import normalize

TABLE = """营养成分表 Nutrition Information
项目 Items            每份 Per serving(113g)   每100克 Per 100g   营养素参考值% NRV%
能量 Energy            1020千焦 kJ             903千焦 kJ          11%
蛋白质 Protein          20.0克 g                17.7克 g            30%
脂肪 Fat                14.0克 g                12.4克 g            21%
碳水化合物 Carbohydrate  5.0克 g                 4.4克 g             1%
钠 Sodium               390毫克 mg              345毫克 mg          17%
"""


def test_values_of_the_per_100_column_make_the_basis_per_100():
    table = parse_nutrition(normalize(TABLE, compact=False).text)
    assert table.basis == "100g" and table.serving_size == 113
    assert {k: (r.value, r.nrv_percent) for k, r in table.rows.items()} == {
        "energy": (903, 11), "protein": (17.7, 30), "fat": (12.4, 21), "carbohydrate": (4.4, 1), "sodium": (345, 17)}


def test_an_nrv_column_of_the_serving_keeps_the_serving_basis():
    serving = TABLE.replace("11%", "12%").replace("30%", "33%").replace("21%", "23%").replace("17%", "20%")
    table = parse_nutrition(normalize(serving, compact=False).text)
    assert table.basis == "serving"
    assert (table.rows["protein"].value, table.rows["protein"].per100) == (20, 17.7)
