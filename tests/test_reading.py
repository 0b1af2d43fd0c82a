"""Reading real labels: field labels in every dress, dates as values, contacts, licences, numbers, brands."""
from __future__ import annotations

import datetime as dt

import labelcheck
from labelcheck.extract.contacts import find_phones, find_sc
from labelcheck.extract.fields import extract_fields
from labelcheck.extract.name import name_from_string
from labelcheck.extract.numbers import read_number
from labelcheck.models import LabelDocument
from labelcheck.normalize import normalize

AS_OF = dt.date(2026, 11, 23)


def _fields(text: str, **kw):
    return {k: [f.value for f in v] for k, v in extract_fields(normalize(text, compact=False).text, **kw).items()}


def test_date_and_shelf_life_fields_are_values():
    text = ("生产日期：2025年3月1日\n保质期：十二个月\n保质期至：2026.03.01\n保质期到期日：20260301\n此日期前最佳：见瓶盖\n"
            "最佳食用日期：2026/3/1\nBest before: 01/03/2026\n")
    f = _fields(text)
    assert f["production_date"] == ["2025年3月1日"]
    assert f["shelf_life"] == ["十二个月"]
    assert f["expiry_date"] == ["2026.03.01", "20260301", "见瓶盖", "2026/3/1", "01/03/2026"]
    f = _fields("生产日期 见封口处   保质期 365天")
    assert f["production_date"] == ["见封口处"] and f["shelf_life"] == ["365天"]


def test_shop_block_non_items_never_swallowed():
    f = _fields("品牌: 某某系列: 经典款净含量: 200g包装方式: 袋装口味: 原味配料表: 大豆、水适用人群: 成人产地: 浙江", keep_other=True)
    assert f["net_content"] == ["200g"] and f["ingredients"] == ["大豆、水"] and f["origin"] == ["浙江"]
    assert f["brand"] == ["某某"] and f["flavour"] == ["原味"] and f["audience"] == ["成人"]
    assert "brand" not in _fields("品牌: 某某配料表: 大豆")


def test_bilingual_label_gives_one_value():
    f = _fields("配料 Ingredients：水、豌豆蛋白\nIngredients 配料：x\n净含量/Net Wt.：200g\nMade in Thailand")
    assert f["ingredients"][0] == "水、豌豆蛋白" and f["net_content"] == ["200g"] and f["origin"] == ["Thailand"]
    assert _fields("Storage conditions are important for quality") == {}


def test_phones_in_any_grouping_and_sc_with_spaces():
    for t in ("400-820-8820", "400 820 8820", "4008208820", "800-810-5888", "+86 21 5000 0000", "0086-10-88886666",
              "(0571)8888-8888转123", "021-50000000 转 8001", "138 0013 8000"):
        assert find_phones(t), t
    for t in ("20250301", "净含量 400g", "SC11635010200173"):
        assert not find_phones(t), t
    assert find_sc("SC 1163 5010 2001 73")[0][2] == "SC11635010200173"
    assert not find_sc("SC 1163 5010 2001 7")


def _label(extra: str) -> str:
    return ("五香豆干\n配料：大豆、水、食用盐\n净含量：180g\n保质期：6个月\n生产日期：见袋口\n贮存条件：常温\n"
            "生产商：某某豆制品坊\n地址：湖南省长沙市某某路3号\n执行标准：GB/T 22106\n" + extra)


def test_unlabelled_contact_and_workshop_licence_count():
    r = labelcheck.check(LabelDocument(text=_label("食品生产加工小作坊登记证：湘食小作坊登字2023-0101号\n客服 0731-8888 6666")),
                         as_of=AS_OF)
    rules = {f.rule for f in r.findings}
    assert not rules & {"LC506", "LC510", "LC520"}, rules
    r = labelcheck.check(LabelDocument(text=_label("")), as_of=AS_OF)
    assert {"LC506", "LC510"} <= {f.rule for f in r.findings}


def test_numbers_read_right_or_not_at_all():
    assert read_number("1 2 . 5").value == 12.5
    assert read_number("4O0").value == 400
    assert read_number("12,5").value == 12.5
    assert read_number("1,250").value is None
    assert read_number("1 5.0").value is None
    assert read_number("<0.5").below


def test_brand_field_and_marks_do_not_decide_the_class():
    text = "品牌：植物家\n产品名称：植物家香肠\n配料：猪肉、水、淀粉、食用盐\n"
    r = labelcheck.check(LabelDocument(text=text), as_of=AS_OF)
    assert r.product_class == "other"
    n = name_from_string("素天下® 牛肉干 100g", title=True)
    assert not n.matches("plant_qualifier")
    assert name_from_string("植物肉牛排™").matches("plant_meat")      # the mark follows the name: no brand swallowed


def test_protein_words_and_flavours():
    assert not name_from_string("高蛋白肉粒").matches("plant_meat_equivalent")
    assert not name_from_string("乳蛋白肉肠").matches("plant_meat_equivalent")
    assert name_from_string("大豆蛋白肉").matches("plant_meat_equivalent")
    assert not name_from_string("牛肉味薯片").matches("animal_meat")
    assert name_from_string("五香味牛肉干").matches("animal_meat")


def test_an_origin_glued_to_another_word_is_that_words_origin():
    """原料肉原产国 names the raw meat's origin (not the food's); 产品产地 and a one-line shop block's 产地 are the food's."""
    def fields(text):
        return {k: [v.value for v in vs] for k, vs in extract_fields(normalize(text, compact=False).text, keep_other=True).items()}
    assert fields("原料肉原产国：澳大利亚")["listing"] == ["澳大利亚"]
    assert fields("大豆原产地：美国") == {"listing": ["美国"]}
    assert fields("产品产地：泰国\n配料：水")["origin"] == ["泰国"]
    assert fields("品牌：山野小厨产地：浙江")["origin"] == ["浙江"]
    assert fields("原产国 Country of Origin：澳大利亚")["origin"] == ["澳大利亚"]
    assert fields("  原产国：泰国")["origin"] == ["泰国"]


def test_additives_heading_ends_the_value_before_it_and_joins_the_ingredients():
    text = "保质期：270 天食品添加剂：谷氨酸钠品牌: 闽味坊"
    fields = extract_fields(normalize(text, compact=False).text, keep_other=True)
    assert fields["shelf_life"][0].value == "270 天" and fields["additives"][0].value == "谷氨酸钠"
    report = labelcheck.check(LabelDocument(text="植物肉丸\n配料：水，豌豆蛋白，椰子油\n食品添加剂：明胶，卡拉胶"),
                              as_of=dt.date(2026, 11, 23))
    assert "明胶" in report.fields["ingredients_list"] and "LC411" in {f.rule for f in report.findings}


def test_a_compound_ingredients_own_amount_after_its_list_is_its_own():
    from labelcheck.extract.ingredients import parse_ingredients
    text = normalize("调味酱（酱油，香辛料）（6.0%），蛋液（鸡蛋，食用盐）（7.0%），燕麦（≥10%）", compact=False).text
    got = [(i.name, i.percent, [(c.name, c.percent) for c in i.children]) for i in parse_ingredients(text, 0)]
    assert got == [("调味酱", 6.0, [("酱油", None), ("香辛料", None)]), ("蛋液", 7.0, [("鸡蛋", None), ("食用盐", None)]),
                   ("燕麦", 10.0, [])]


def test_a_decimal_amount_then_a_whole_number_are_two_columns():
    # 碳水化合物(g) 6.0 2%: the amount and its NRV% — a decimal cannot run on past a space; 1 5.0 stays unreadable
    from labelcheck.extract.numbers import read_number
    assert (read_number("6.0 2").value, read_number("6.0 2").columns) == (6.0, (2.0,))
    assert read_number("1 5.0").value is None and read_number("120 6").value is None
