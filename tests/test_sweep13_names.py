"""A label's name read from its first lines as the thirteenth outside sweep's labels set them: a name the printer
wrapped over two lines is one name; a statement or a bracketed note under the name is not the name."""
from __future__ import annotations

import pytest

from labelcheck.extract.name import _name_line

FIELDS = "配料：饮用水，组织化大豆蛋白，葵花籽油\n净含量：300克\n"


@pytest.mark.parametrize("head, name", [
    ("大豆植物\n肉汉堡饼（黑椒味）", "大豆植物肉汉堡饼（黑椒味）"),      # a word across the break
    ("大豆\n植物肉汉堡饼", "大豆植物肉汉堡饼"),                          # a qualifier alone on its line
    ("乳基\n蛋白黑椒牛排", "乳基蛋白黑椒牛排"),
    ("大 豆 植 物 肉\n汉 堡 饼", "大 豆 植 物 肉汉 堡 饼"),          # a scan's letter-spaced lines
    ("植物肉\n牛肉饼", "植物肉牛肉饼"),
    ("大豆植物肉丸（黑椒味）\n本品为植物蛋白制品，非肉制品", "大豆植物肉丸（黑椒味）"),
    ("卤汁素鸡\n（豆制品 · 非动物肉）", "卤汁素鸡"),
])
def test_the_name_line(head, name):
    assert _name_line(head + "\n" + FIELDS) == name


@pytest.mark.parametrize("head, name", [
    ("大豆植物肉饼\n黑椒味", "大豆植物肉饼"),              # a flavour line under a whole name stays apart
    ("山野小厨\n大豆植物肉饼", "大豆植物肉饼"),            # a brand line above it is no part of it
    ("大豆植物肉丸\n本品不含动物肉", "大豆植物肉丸"),
    ("大豆植物肉\n黑椒味 开袋即食", "大豆植物肉"),
])
def test_lines_that_are_not_one_name_stay_apart(head, name):
    assert _name_line(head + "\n" + FIELDS) == name
