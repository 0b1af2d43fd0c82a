"""Which occurrence of a field is checked, as the third outside sweep (plant-based meat) found it read wrong: on an
imported pack the original text (English, or traditional Chinese from Singapore/Hong Kong/Taiwan) comes first and the
simplified-Chinese 中文标签 after it, and the first occurrence of each field shadowed the sticker's. The Chinese label
carries the mandatory items (GB 7718-2011 4.1; 2025 8.1.2), so the sticker's value comes first; 净含量 comes before
规格 (a listing's spec); otherwise the first occurrence stays first. Also: an address no longer runs into the next
line's 受托方： or 委托方电话：. Whole labels with their findings are in corpus/sweep3_fields.toml."""
from __future__ import annotations

import datetime as dt

import pytest

import labelcheck
from labelcheck.extract.fields import extract_fields
from labelcheck.models import LabelDocument
from labelcheck.normalize import normalize

AS_OF = dt.date(2026, 6, 1)

US_PACK = """BEYOND-STYLE PLANT-BASED GROUND
Plant-Based Ground Meat · Made from Plants
INGREDIENTS: Water, Pea Protein, Expeller-Pressed Canola Oil, Refined Coconut Oil, Rice Protein, Natural Flavors,
Dried Yeast, Cocoa Butter, Methylcellulose, Salt, Potato Starch, Beet Juice Extract (for color)
NET WT 2.2 LB (1 kg)
KEEP FROZEN
BEST BEFORE: SEE SIDE PANEL
Product of USA
中文标签
产品名称：豌豆蛋白植物肉糜
配料：水、豌豆蛋白、乳清蛋白粉、压榨菜籽油、精炼椰子油、大米蛋白、天然香料、干酵母、可可脂、甲基纤维素、食用盐
净含量：1000g
原产国：美国
进口商：上海丰禾进出口贸易有限公司
地址：上海市浦东新区自由贸易试验区富特北路211号302室
电话：021-50461234
生产日期：2026-02-10
保质期：12个月
保质期至：2027-02-09
贮存条件：-18℃以下冷冻保存
"""

SG_ORIGINAL = """植物肉 叉燒
PLANT-BASED CHAR SIEW
配料 Ingredients: 水、大豆濃縮蛋白、小麥蛋白、糖、醬油（大豆、小麥、鹽）、蔬菜油、甜菜紅
致敏原：含大豆、小麥
淨含量 Net Wt: 250克
原產地：新加坡
保存方法：-18°C或以下冷藏
最佳食用日期：見包裝
"""
SG_STICKER = """产品名称：大豆植物肉叉烧
配料：水、大豆浓缩蛋白、小麦蛋白、白砂糖、酱油（大豆、小麦、食用盐）、植物油、甜菜红
致敏物质提示：含大豆、小麦
净含量：250克
原产国：新加坡
进口商：广州新植贸易有限公司
地址：广州市天河区珠江新城华夏路30号2801室
电话：020-38880101
生产日期：2026-01-15
保质期至：2027-01-14
保质期：12个月
贮存条件：-12℃冷冻保存
"""


def _first(text: str, shadow: bool = False) -> dict[str, str]:
    s = normalize(text, compact=False)
    return {k: v[0].value for k, v in extract_fields(s if shadow else s.text).items()}


def _all(text: str) -> dict[str, list[str]]:
    return {k: [f.value for f in v] for k, v in extract_fields(normalize(text, compact=False).text).items()}


def test_us_pack_reads_the_chinese_sticker():
    f = _first(US_PACK)
    assert f["ingredients"].startswith("水、豌豆蛋白、乳清蛋白粉")
    assert f["net_content"] == "1000g"
    assert f["origin"] == "美国"
    assert f["expiry_date"] == "2027-02-09"
    # the original's values are still there, after the sticker's
    a = _all(US_PACK)
    assert a["net_content"] == ["1000g", "2.2 LB (1 kg)"] and a["origin"] == ["美国", "USA"]
    assert a["ingredients"][1].startswith("Water, Pea Protein") and a["ingredients"][1].endswith("(for color)")


def test_us_pack_report_checks_the_sticker():
    r = labelcheck.check(LabelDocument(text=US_PACK), as_of=AS_OF)
    assert r.fields["net_content"] == "1000g" and r.fields["origin"] == "美国"
    assert "乳清蛋白粉" in r.fields["ingredients_list"]
    rules = {f.rule for f in r.findings}
    assert {"LC411", "LC581"} <= rules


def test_sg_traditional_original_then_heading_and_sticker():
    text = SG_ORIGINAL + "==================\n中文标签\n" + SG_STICKER
    f = _first(text)
    assert f["expiry_date"] == "2027-01-14"             # not 見包裝 (LC522) from the original
    assert f["storage"] == "-12℃冷冻保存"
    assert f["allergen"] == "含大豆、小麦"
    assert f["ingredients"].startswith("水、大豆浓缩蛋白、小麦蛋白、白砂糖")
    r = labelcheck.check(LabelDocument(text=text), as_of=AS_OF)
    assert r.fields["expiry_date"] == "2027-01-14" and r.fields["allergen"] == "含大豆、小麦"
    assert "LC522" not in {f.rule for f in r.findings} and "LC402" in {f.rule for f in r.findings}


def test_traditional_original_without_heading_is_told_from_the_layout_shadow():
    # no 中文标签 heading: the shadow folds 見包裝 to 见包装, so only the layout Shadow (with its original) tells the
    # traditional block from the sticker
    text = SG_ORIGINAL + SG_STICKER
    f = _first(text, shadow=True)
    assert f["expiry_date"] == "2027-01-14"
    assert f["storage"] == "-12℃冷冻保存"
    assert f["allergen"] == "含大豆、小麦"
    assert f["origin"] == "新加坡"
    s = normalize(text, compact=False)
    ing = extract_fields(s)["ingredients"]
    assert s.orig_text(ing[0].start, ing[0].end).startswith("水、大豆浓缩蛋白")
    assert s.orig_text(ing[1].start, ing[1].end).startswith("水、大豆濃縮蛋白")


def test_traditional_only_label_keeps_its_order():
    # a Hong Kong label with no sticker: nothing to prefer, the first occurrence stays first
    text = "產品名稱：素叉燒\n最佳食用日期：見包裝\n此日期前最佳：2027年1月14日\n"
    assert _first(text, shadow=True)["expiry_date"] == "见包装"


@pytest.mark.parametrize("text,key,want", [
    # domestic bilingual, Chinese then its translation: the Chinese, as before
    ("配料：水、大豆蛋白、食用盐\nIngredients: water, soy protein, salt\n净含量：300克\nNet Wt: 300 g\n", "ingredients", "水、大豆蛋白、食用盐"),
    ("配料：水、大豆蛋白、食用盐\nIngredients: water, soy protein, salt\n净含量：300克\nNet Wt: 300 g\n", "net_content", "300克"),
    # the translation first: the Chinese
    ("Ingredients: water, soy protein, salt\n配料：水、大豆蛋白、食用盐\n", "ingredients", "水、大豆蛋白、食用盐"),
    ("Storage: keep frozen at -18°C\n贮存条件：-12℃冷冻贮存\n", "storage", "-12℃冷冻贮存"),
    # the label in two languages, one value, then an English-only line: the two-language label counts as Chinese
    ("配料 Ingredients：水、大豆蛋白\nIngredients: water, soy protein\n", "ingredients", "水、大豆蛋白"),
    ("Ingredients 配料：水、大豆蛋白\nIngredients: water, soy protein\n", "ingredients", "水、大豆蛋白"),
    # English only: read
    ("INGREDIENTS: Water, Soy Protein, Salt\nNET WT 300 g\nStorage: Keep frozen\n", "net_content", "300 g"),
    ("INGREDIENTS: Water, Soy Protein, Salt\nNET WT 300 g\nStorage: Keep frozen\n", "ingredients", "Water, Soy Protein, Salt"),
    # two Chinese occurrences: the first
    ("保质期至：2027-01-14\n到期日：2027-01-15\n", "expiry_date", "2027-01-14"),
    # SC编号 is no English label
    ("SC编号：SC11111011500231\n食品生产许可证编号：SC11111011500232\n", "licence", "SC11111011500231"),
])
def test_which_occurrence_comes_first(text, key, want):
    assert _first(text)[key] == want


@pytest.mark.parametrize("text,want", [
    ("规格：250g*4袋\n净含量：1000g\n", "1000g"),
    ("净含量：1000g\n规格：250g*4袋\n", "1000g"),
    ("规格：113g*4片\n净含量：452g\n", "452g"),
    ("规格：250g*4袋\n", "250g*4袋"),                     # 规格 alone is still the net content
    ("规格：250g*4袋\nNET WT 1000g\n", "250g*4袋"),       # a Chinese label before an English one
    ("净含量/规格：1000g\n规格：250g*4袋\n", "1000g"),
])
def test_net_content_before_spec(text, want):
    assert _first(text)["net_content"] == want


@pytest.mark.parametrize("heading", ["中文标签", "【中文标签】", "进口食品中文标签", "中文标签 Chinese Label", "中文标签：", "中文背标"])
def test_sticker_heading_forms(heading):
    text = f"Storage: Keep frozen\n保存方法：冷藏\n{heading}\n贮存条件：-18℃以下冷冻\n"
    assert _first(text)["storage"] == "-18℃以下冷冻"


def test_heading_is_a_line_of_its_own():
    # prose naming the 中文标签 is no heading: the first Chinese occurrence stays first
    text = "保存方法：冷藏\n本品中文标签由进口商加贴\n贮存条件：-18℃以下冷冻\n"
    assert _first(text)["storage"] == "冷藏"


def test_wrapped_english_list_stops_at_the_sticker_heading():
    text = "INGREDIENTS: Water, Pea Protein,\nSalt\n中文标签\n产品名称：豌豆蛋白植物肉糜\n配料：水、豌豆蛋白、食用盐\n"
    assert _all(text)["ingredients"] == ["水、豌豆蛋白、食用盐", "Water, Pea Protein,\nSalt"]


@pytest.mark.parametrize("text,address,more", [
    # 04_bilingual_nuggets_pea: 受托方 is a producer label, the 委托方 address ends before it
    ("委托方：北京绿动未来食品有限公司\n地址：北京市朝阳区望京街道阜通东大街6号院3号楼1205\n受托方：江西万源食品有限公司\n"
     "地址：江西省南昌市南昌县小蓝经济技术开发区金沙三路688号\n联系电话：400-820-8899\n",
     "北京市朝阳区望京街道阜通东大街6号院3号楼1205",
     {"producer": ["北京绿动未来食品有限公司", "江西万源食品有限公司"], "contact": ["400-820-8899"]}),
    # 24_entrusted_no_contact_separate: 委托方电话 under 委托方地址
    ("委托方：北京植物未来科技有限公司\n委托方地址：北京市海淀区中关村大街27号1101\n委托方电话：010-62651234\n"
     "被委托方：河北燕素食品有限公司\n", "北京市海淀区中关村大街27号1101",
     {"contact": ["010-62651234"]}),
    # a party's number not in the lexicon: the label glued to 电话 still ends the address
    ("委托单位：北京植物未来科技有限公司\n委托单位地址：北京市海淀区中关村大街27号1101\n委托单位电话：010-62651234\n",
     "北京市海淀区中关村大街27号1101", {"contact": ["010-62651234"]}),
    # P09: 进口商电话
    ("进口商：厦门某某进出口贸易有限公司\n进口商地址：福建省厦门市湖里区某某路168号\n进口商电话：0592-5678901\n",
     "福建省厦门市湖里区某某路168号", {"contact": ["0592-5678901"]}),
    # a wrapped address still wraps
    ("生产商：上海意素食品有限公司\n地址：上海市金山区亭林镇\n林宝路58号\n联系电话：021-57231234\n", "上海市金山区亭林镇\n林宝路58号", {}),
])
def test_address_ends_before_the_next_partys_label(text, address, more):
    a = _all(text)
    assert a["address"][0] == address
    for k, v in more.items():
        assert a[k] == v


def test_values_in_a_table_lose_its_cell_rules():
    # a label pasted as a Markdown table, and fields run together with full-width bars between them
    text = ("| 产品名称 | 大豆植物肉汉堡饼 |\n|---|---|\n| 配料表 | 饮用水、大豆组织蛋白、玉米油、甜菜红 |\n"
            "| 净含量 | 240g（4片） |\n\n净含量：450g｜保质期：12个月｜执行标准：GB 19295\n")
    from labelcheck.extract.fields import extract_fields
    got = extract_fields(normalize(text, compact=False))
    assert got["name"][0].value == "大豆植物肉汉堡饼"
    assert got["ingredients"][0].value == "饮用水、大豆组织蛋白、玉米油、甜菜红"
    assert [fv.value for fv in got["net_content"]] == ["240g(4片)", "450g"]       # (the layout shadow's folds)
    assert got["shelf_life"][0].value == "12个月"
