"""Ingredient lists printed with spaces for separators (OCR, some prints) are split at the spaces — only where
several words stand so, outside brackets; a letter-spaced list or an English name with spaces is left whole."""
from labelcheck.extract.ingredients import parse_ingredients


def _names(text: str):
    return [(i.name, i.percent, [c.name for c in i.children]) for i in parse_ingredients(text, 0)]


def test_spaces_split_a_list_without_separators():
    assert _names("饮用水 豌豆蛋白 面包糠(小麦粉 酵母 食用盐) 小麦粉 全蛋液") == [
        ("饮用水", None, []), ("豌豆蛋白", None, []), ("面包糠", None, ["小麦粉", "酵母", "食用盐"]),
        ("小麦粉", None, []), ("全蛋液", None, [])]
    assert _names("饮用水(29%) 酪蛋白(22%) 马铃薯淀粉(18%)") == [("饮用水", 29.0, []), ("酪蛋白", 22.0, []),
                                                                  ("马铃薯淀粉", 18.0, [])]


def test_spaces_are_left_where_they_are_no_separators():
    assert [n for n, _, _ in _names("饮 用 水 大 豆")] == ["饮 用 水 大 豆"]          # letter-spaced
    assert [n for n, _, _ in _names("Water Soy Protein Isolate")] == ["Water Soy Protein Isolate"]
    assert [n for n, _, _ in _names("水,大豆 油,盐")] == ["水", "大豆 油", "盐"]    # separators given: spaces stay
    assert [n for n, _, _ in _names("饮用水 大豆")] == ["饮用水 大豆"]                # two words: too few to tell


def test_a_statement_after_the_list_and_the_allergen_line_stand_alone():
    from labelcheck.extract.fields import extract_fields
    from labelcheck.normalize import normalize
    f = extract_fields(normalize("配料：牛奶蛋白、水、卡拉胶\n乳基蛋白原料添加量≥40%\n致敏物质提示：本品含有大豆、小麦制品\n"
                                 "原料大豆为非转基因大豆\n产地：天津", compact=False))
    assert f["ingredients"][0].value == "牛奶蛋白、水、卡拉胶"
    assert f["allergen"][0].value == "本品含有大豆、小麦制品"
    wrapped = extract_fields(normalize("配料：水、大豆蛋白、食用\n盐、白砂糖\n致敏物质提示：本品含有大豆、\n小麦制品\n", compact=False))
    assert wrapped["ingredients"][0].value == "水、大豆蛋白、食用\n盐、白砂糖"
    assert wrapped["allergen"][0].value == "本品含有大豆、\n小麦制品"


def test_a_bracket_or_amount_set_apart_belongs_to_the_word_before():
    assert _names("饮用水 大豆组织蛋白 (非转基因) 椰子油 食用盐") == [
        ("饮用水", None, []), ("大豆组织蛋白", None, ["非转基因"]), ("椰子油", None, []), ("食用盐", None, [])]
    assert [(n, p) for n, p, _ in _names("饮用水 豌豆蛋白 25% 椰子油 食用盐")] == [
        ("饮用水", None), ("豌豆蛋白", 25.0), ("椰子油", None), ("食用盐", None)]


def test_a_statement_inside_an_open_bracket_and_an_allergen_joined_by_he_run_on():
    from labelcheck.extract.fields import extract_fields
    from labelcheck.normalize import normalize
    f = extract_fields(normalize("配料：饮用水，大豆组织蛋白（蛋\n白质含量≥50%），椰子油，小麦面筋\n致敏物质提示：本品含有大豆和\n"
                                 "小麦制品\n产地：天津", compact=False))
    assert f["ingredients"][0].value.endswith("小麦面筋")
    assert f["allergen"][0].value == "本品含有大豆和\n小麦制品"
