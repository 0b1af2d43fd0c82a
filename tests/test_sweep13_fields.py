"""Fields as the thirteenth outside sweep's labels wrote them: a producer's name the printer wrapped over two lines
(天津乳源食品科技有 ⏎ 限公司) is one name; a line after a finished name, or one that is no part of a name, is not."""
from __future__ import annotations

import pytest

from labelcheck.extract.fields import extract_fields
from labelcheck.normalize import normalize


def _producer(text: str) -> str:
    return extract_fields(normalize(text, compact=False).text)["producer"][0].value


@pytest.mark.parametrize("text, expected", [
    ("生产者：天津乳源食品科技有\n限公司\n地址：天津市西青区汇川路8号", "天津乳源食品科技有\n限公司"),
    ("进口商：上海丰禾进出口贸\n易有限公司\n电话：021-50461234", "上海丰禾进出口贸\n易有限公司"),
    ("Importer: Green Harvest Trading\nCo., Ltd.\n", "Green Harvest Trading\nCo., Ltd."),
])
def test_a_wrapped_producer_name_is_read_whole(text, expected):
    assert _producer(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("生产者：天津乳源食品科技有限公司\n杭州分公司", "天津乳源食品科技有限公司"),        # a finished name, then another
    ("生产商：上海某某食品\n本品不是动物肉", "上海某某食品"),                          # no name's end
    ("生产商：上海某某食品\n地址：上海市松江区某某路1号", "上海某某食品"),            # a labelled line
    ("生产商：上海某某食品\n本品由上海某某食品科技有限公司监制", "上海某某食品"),      # too long to be a wrap
    ("生产商：上海某某食品\n监制：某某有限公司", "上海某某食品"),
])
def test_a_line_that_is_no_part_of_the_name_stays_out(text, expected):
    assert _producer(text) == expected


@pytest.mark.parametrize("written, read", [
    ("coined_name", "coined"), ("Coined-Name", "coined"), ("品牌", "brand"), ("product_name", "name"),
    ("trade mark", "trademark"), ("name", "name"), ("decoration", "decoration"), ("something_else", "something_else"),
])
def test_span_roles_other_tools_spell_otherwise_are_read_as_the_contracts(written, read):
    from labelcheck.models import Span
    assert Span(text="未来肉", role=written).role == read


def test_a_coined_name_given_as_coined_name_is_checked():
    import datetime as dt

    import labelcheck
    from labelcheck.models import LabelDocument
    doc = LabelDocument.model_validate({"name": "大豆植物肉汉堡饼", "text": "未来肉\n大豆植物肉汉堡饼\n配料：水，大豆蛋白",
                                        "spans": [{"text": "未来肉", "size_mm": 18, "role": "coined_name", "panel": "front"},
                                                  {"text": "大豆植物肉汉堡饼", "size_mm": 4, "role": "name", "panel": "front"}]})
    report = labelcheck.check(doc, as_of=dt.date(2026, 12, 3))
    assert "LC540" in {f.rule for f in report.findings}
