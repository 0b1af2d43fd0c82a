"""An import's back label as two columns side by side (the original's English left, the Chinese sticker right)."""
from __future__ import annotations

import datetime as dt

import labelcheck
from labelcheck.extract.side_by_side import chinese_column
from labelcheck.models import LabelDocument
from labelcheck.normalize import normalize

PIPED = """GREENHARVEST
Plant-Based Burger Patties                | 植物基汉堡肉饼（豌豆蛋白）
Product name: Plant-Based Burger Patties  | 产品名称：植物基汉堡肉饼
Ingredients: water, pea protein (18%),    | 配料：水、豌豆蛋白（18%）、
  rapeseed oil, coconut oil, rice protein,|   菜籽油、椰子油、大米蛋白、
  potato starch, salt, beetroot red       |   马铃薯淀粉、食用盐、甜菜红
Net weight: 226 g (2 x 113 g)             | 净含量：226克（2×113克）
Importer: -                               | 进口商：上海绿禾进出口贸易有限公司
"""

SPACED = """OATPEA FARM                               奥燕农场
PLANT-BASED MILK POWDER                   植物基奶粉
Ingredients: wholegrain oat flour (70%),  配料：全谷燕麦粉（70%），黄豌豆粉（30%）
 yellow pea flour (30%)
Contains: oats (gluten)                   致敏物质提示：含燕麦（含麸质）
Net wt 800 g                              净含量：800克
"""


def test_the_left_column_is_blanked_offsets_kept():
    layout = normalize(PIPED, compact=False)
    got = chinese_column(layout)
    assert got is not layout and len(got.text) == len(layout.text)
    assert "rapeseed" not in got.text and "菜籽油" in got.text
    assert got.text.index("菜籽油") == layout.text.index("菜籽油")
    assert "GREENHARVEST" in got.text                     # above the block: as it is


def test_a_row_of_the_left_column_alone_is_blanked_too():
    got = chinese_column(normalize(SPACED, compact=False)).text
    assert "yellow pea" not in got and "全谷燕麦粉" in got


def test_stacked_bilingual_and_chinese_first_labels_are_untouched():
    for text in ("产品名称：植物基汉堡肉饼 Plant-Based Burger\n配料：水、豌豆蛋白 Ingredients: water, pea protein\n"
                 "净含量：226克 Net weight 226 g\n贮存条件：冷冻 Keep frozen\n生产商：某某食品 Maker: Foods B.V.\n",
                 "Ingredients: water, pea protein\n配料：水、豌豆蛋白\nNet weight: 226 g\n净含量：226克\n"):
        layout = normalize(text, compact=False)
        assert chinese_column(layout) is layout


def test_the_label_reads_its_chinese_column():
    report = labelcheck.check(LabelDocument(text=PIPED), as_of=dt.date(2026, 12, 1))
    assert report.fields["ingredients_list"] == ["水", "豌豆蛋白", "菜籽油", "椰子油", "大米蛋白", "马铃薯淀粉",
                                                 "食用盐", "甜菜红"]
    assert report.fields["ingredients"].startswith("水、豌豆蛋白（18%）、\n菜籽油")
    report = labelcheck.check(LabelDocument(text=SPACED), as_of=dt.date(2026, 12, 1))
    assert report.fields["name"] == "植物基奶粉" and report.classification["product_class"] == "plant_milk_powder"
