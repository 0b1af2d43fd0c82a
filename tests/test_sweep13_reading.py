"""Fields as the thirteenth outside sweep's labels (/tmp/sweep13/labels) wrote them and the reader misread them:
a storage word inside the shelf-life sentence, an address running into the next line's label, 注册号 for 注册编号,
有效日期 for the expiry date, a bracket or a second item left on a value, letter-spaced OCR codes, and the
sub-lists of an instant noodle's ingredient list."""
from __future__ import annotations

import pytest

from labelcheck.extract.dates import read_dates
from labelcheck.extract.fields import extract_fields
from labelcheck.normalize import normalize


def _fields(text: str) -> dict:
    return extract_fields(normalize(text, compact=False).text)


def _values(text: str, key: str) -> list[str]:
    return [fv.value for fv in _fields(text).get(key, [])]


# 1. 保质期：冷冻（-18℃以下）保存12个月 — 保存 is a word of the shelf-life sentence, not a storage label

@pytest.mark.parametrize("line, months", [
    ("保质期：冷冻（-18℃以下）保存12个月", 12),
    ("保质期：常温保存9个月", 9),
    ("保质期：-18℃以下贮存12个月", 12),
    ("保质期：冷冻 保存 12个月", 12),
])
def test_a_storage_word_in_the_shelf_life_stays_in_it(line, months):
    text = f"生产日期：2026年11月10日\n{line}\n贮存条件：0℃～10℃冷藏\n"
    norm = normalize(text, compact=False).text
    f = extract_fields(norm)
    assert len(f["shelf_life"]) == 1 and f["shelf_life"][0].value == normalize(line, compact=False).text.split(":", 1)[1]
    assert [fv.value for fv in f["storage"]] == ["0℃~10℃冷藏"]
    d = read_dates(norm, f)
    assert d.shelf_life.duration is not None and d.shelf_life.duration.months == months


@pytest.mark.parametrize("text, shelf, storage", [
    # a storage item of its own on the shelf-life line keeps its colon
    ("保质期：12个月  贮存条件：0℃～4℃冷藏", "12个月", "0℃~4℃冷藏"),
    ("保质期：12个月 保存：阴凉干燥处", "12个月", "阴凉干燥处"),
    ("保质期：12个月 【贮存条件】冷冻", "12个月", "冷冻"),
])
def test_a_labelled_storage_item_after_the_shelf_life_is_read(text, shelf, storage):
    assert _values(text, "shelf_life") == [shelf]
    assert _values(text, "storage") == [storage]


# 2. an address ends before a line that begins with a label, known whole or not

@pytest.mark.parametrize("next_line", [
    "消费者服务热线：800-820-5959",
    "服务电话：021-58511111",
    "进口商/代理商：广州维嘉进出口有限公司",
    "中国总经销商：上海别样食品贸易有限公司",
    "境外生产企业注册号：CDEU03052401234",
    "售后服务专线：400-800-1234",          # a label the field list does not know
    "邮编：200000",
])
def test_an_address_stops_at_a_labelled_line(next_line):
    text = f"生产商：上海某某食品有限公司\n地址：上海市浦东新区宣桥镇三三公路3999号\n{next_line}\n"
    assert _values(text, "address")[0] == "上海市浦东新区宣桥镇三三公路3999号"


def test_a_wrapped_address_still_runs_on():
    text = "地址：上海市浦东新区宣桥镇三三公路\n3999号（近申江路：东门）\n电话：021-1234567\n"
    assert _values(text, "address") == ["上海市浦东新区宣桥镇三三公路\n3999号(近申江路:东门)"]


@pytest.mark.parametrize("text, key, value", [
    ("消费者服务热线：800-820-5959", "contact", "800-820-5959"),
    ("服务电话：021-58511111", "contact", "021-58511111"),
    ("客服电话：400-820-1234", "contact", "400-820-1234"),
    ("中国总经销商：上海别样食品贸易有限公司", "producer", "上海别样食品贸易有限公司"),
    ("进口商/代理商：广州维嘉进出口有限公司", "producer", "广州维嘉进出口有限公司"),
])
def test_the_labels_of_the_sweep_are_known(text, key, value):
    assert _values(text, key) == [value]


# 3. 境外生产企业注册号 / 在华注册号

@pytest.mark.parametrize("label", ["境外生产企业注册号", "境外生产企业在华注册号", "在华注册号", "境外生产企业在华注册编号"])
def test_the_overseas_registration_number_labels(label):
    text = f"生产商：Marukome Co., Ltd.\n地址：日本国长野县长野市安茂里883\n{label}：CJPN12022000456\n进口商：青岛某某有限公司\n"
    f = _fields(text)
    assert [fv.value for fv in f["overseas_registration"]] == ["CJPN12022000456"]
    assert f["address"][0].value == "日本国长野县长野市安茂里883"


# 4. 有效日期 (Taiwan's wording) is the expiry date when its value is a date

@pytest.mark.parametrize("text, key, value", [
    ("有效日期：2027.10.20（年.月.日）", "expiry_date", "2027.10.20(年.月.日)"),
    ("有效日期：2027年10月20日", "expiry_date", "2027年10月20日"),
    ("有效日期：见包装封口", "expiry_date", "见包装封口"),
    ("有效日期：12个月", "shelf_life", "12个月"),          # a period: no date, the shelf life
])
def test_youxiao_riqi(text, key, value):
    f = _fields(text)
    assert [fv.value for fv in f[key]] == [value]
    assert set(f) == {key}


def test_youxiao_riqi_gives_the_expiry_date():
    text = "有效日期：2027.10.20（年.月.日）\n制造日期：2026.10.21（年.月.日）\n保存期限：12个月\n"
    norm = normalize(text, compact=False).text
    d = read_dates(norm, extract_fields(norm))
    assert d.expiry.date.date.isoformat() == "2027-10-20"
    assert d.production.date.date.isoformat() == "2026-10-21"


# 5. a bracket the next label left on a value; a second item after a gap on the same line

@pytest.mark.parametrize("text, key, value", [
    ("食品生产许可证编号：SC11444030601958（生产地：深圳）", "licence", "SC11444030601958"),
    ("食品生产许可证编号：SC11444030601958（生产地：深圳）", "origin", "深圳"),
    ("净含量：175克  固形物：不低于55%", "net_content", "175克"),
    ("净含量：425克   沥干物：不低于255克", "net_content", "425克"),
    ("地址：浙江省杭州市西湖区文三路90号  邮编：310000", "address", "浙江省杭州市西湖区文三路90号"),
    # kept: a bracket the value closes, one space before a colon-less word, a colon inside the value's brackets
    ("保质期至：2027.03.14（见包装侧面）", "expiry_date", "2027.03.14(见包装侧面)"),
    ("净含量：200g（4根）", "net_content", "200g(4根)"),
    ("贮存条件：0℃-7℃冷藏保存  开封后请于3天内食用完毕", "storage", "0℃-7℃冷藏保存  开封后请于3天内食用完毕"),
])
def test_a_value_ends_where_its_item_does(text, key, value):
    assert _values(text, key) == [value]


def test_an_ingredient_list_is_not_cut_at_a_gap():
    text = "配料：浓缩苹果汁（可溶性固形物：65%），水  白砂糖：5%\n"
    assert _values(text, "ingredients") == ["浓缩苹果汁(可溶性固形物:65%),水  白砂糖:5%"]


# 6. letter-spaced OCR codes are read close; other spacing is left alone

@pytest.mark.parametrize("raw, read", [
    ("S C 1 1 1 3 2 0 5 8 3 0 1 2 7 6", "SC11132058301276"),
    ("T / C N F I A  1 6 5", "T/CNFIA 165"),
    ("G B / T  2 2 1 0 6", "GB/T 22106"),
    ("SC1113 2058301276", "SC1113 2058301276"),          # pieces of several characters: not letter-spaced
    ("12 34", "12 34"),
    ("1 2", "1 2"),                                      # too short to tell
])
def test_letter_spaced_joined(raw, read):
    from labelcheck.extract.numbers import letter_spaced_joined
    assert letter_spaced_joined(raw) == read


def _rules(text: str) -> set[str]:
    import datetime as dt
    import labelcheck
    from labelcheck.models import LabelDocument
    report = labelcheck.check(LabelDocument.model_validate({"text": text}), as_of=dt.date(2026, 12, 3))
    return {f.rule for f in report.findings}


@pytest.mark.parametrize("line, rule", [
    ("食品生产许可证编号：S C 1 1 1 3 2 0 5 8 3 0 1 2 7 6", "LC520"),
    ("产品标准代号：T / C N F I A  1 6 5", "LC521"),
])
def test_letter_spaced_codes_pass(line, rule):
    assert rule not in _rules(f"大豆植物肉汉堡饼\n配料：饮用水，大豆分离蛋白，葵花籽油，食用盐\n{line}\n")


@pytest.mark.parametrize("line, rule", [
    ("食品生产许可证编号：S C 1 1 1 3 2 0 5 8 3 0 1 2 7", "LC520"),     # 13 digits, letter-spaced
    ("产品标准代号：企 业 标 准", "LC521"),
])
def test_letter_spaced_codes_still_checked(line, rule):
    assert rule in _rules(f"大豆植物肉汉堡饼\n配料：饮用水，大豆分离蛋白，葵花籽油，食用盐\n{line}\n")


# 7. an instant noodle's sub-lists are one ingredient list

def _ingredients(text: str) -> list[str]:
    from labelcheck.extract.ingredients import parse_ingredients
    fv = _fields(text)["ingredients"][0]
    return [i.name for i in parse_ingredients(fv.value, fv.start)]


@pytest.mark.parametrize("text", [
    "红烧牛肉面\n面饼配料：小麦粉，棕榈油，谷朊粉\n调味包配料：食用盐，牛肉粉\n",
    "红烧牛肉面\n面饼配料：小麦粉，棕榈油，谷朊粉 / 调味包配料：食用盐，牛肉粉\n",
    "红烧牛肉面\n配料：面饼：小麦粉，棕榈油，谷朊粉\n调味包：食用盐，牛肉粉\n",
    "红烧牛肉面\n面饼配料：小麦粉，棕榈油，谷朊粉\n\n调味包配料：食用盐，牛肉粉\n",
])
def test_sub_lists_are_one_list(text):
    assert _ingredients(text) == ["小麦粉", "棕榈油", "谷朊粉", "食用盐", "牛肉粉"]


def test_every_packet_is_read():
    text = ("面饼配料：小麦粉，棕榈油\n调味包配料：食用盐，牛肉粉\n酱包配料：牛油，辣椒\n蔬菜包配料：脱水葱\n"
            "净含量：105克\n")
    assert _ingredients(text) == ["小麦粉", "棕榈油", "食用盐", "牛肉粉", "牛油", "辣椒", "脱水葱"]
    assert _values(text, "net_content") == ["105克"]


@pytest.mark.parametrize("text, first", [
    # another item between two lists: they stay apart (the second is the original's, or another product's)
    ("配料：大豆蛋白，水\n净含量：200克\n调味包配料：食用盐", "大豆蛋白,水"),
    # a compound whose name holds a packet word, in brackets: no sub-list heading
    ("配料：小麦粉，调味包（食用盐：白砂糖），水", "小麦粉,调味包(食用盐:白砂糖),水"),
])
def test_no_sub_lists_where_none_are(text, first):
    assert _values(text, "ingredients")[0] == first
