"""The Python API a data engineer builds on: typed, documented, ValueError for every bad argument, streaming."""
from __future__ import annotations

import datetime as dt
import inspect
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

import labelcheck
from labelcheck import api

D = dt.date(2026, 11, 23)
LABEL = {"id": "L1", "text": "植物肉汉堡肉饼\n配料：水，大豆分离蛋白，植物油\n净含量：200g"}


def test_package_is_typed_and_every_public_function_documented():
    assert (Path(labelcheck.__file__).parent / "py.typed").is_file()
    for name in ("check", "check_name", "check_many"):
        fn = getattr(labelcheck, name)
        assert fn.__doc__ and len(fn.__doc__) > 80 and "ValueError" in fn.__doc__
        assert inspect.signature(fn).return_annotation not in (inspect.Signature.empty, None)
    public = [f for n, f in vars(api).items() if inspect.isfunction(f) and not n.startswith("_") and f.__module__ == api.__name__]
    assert public and all(f.__doc__ for f in public)


def test_as_of_is_a_date_or_an_iso_string():
    a = labelcheck.check_name("植物肉香肠", as_of="2027-03-16")
    b = labelcheck.check_name("植物肉香肠", as_of=dt.date(2027, 3, 16))
    c = labelcheck.check_name("植物肉香肠", as_of=dt.datetime(2027, 3, 16, 9, 30))
    assert a == b == c and a.as_of == "2027-03-16"
    assert labelcheck.check(LABEL, as_of="2026-11-23").as_of == "2026-11-23"


BAD = [
    ("check", (), {}, "needs a label"),
    ("check", ("",), {}, "empty"),
    ("check", ("   \n ",), {}, "empty"),
    ("check", ({"text": ""},), {}, "empty"),
    ("check", ({"name": "x"},), {}, "text` or `spans"),
    ("check", ({"text": 12},), {}, "text"),
    ("check", (12,), {}, "not int"),
    ("check", (None,), {}, "not NoneType"),
    ("check", (b"bytes",), {}, "not bytes"),
    ("check", (LABEL,), {"product_class": "tofu"}, "soy_meat, plant_meat"),
    ("check", (LABEL,), {"product_class": 3}, "choose one of"),
    ("check", (LABEL,), {"as_of": "23/11/2026"}, "ISO date"),
    ("check", (LABEL,), {"as_of": 20261123}, "ISO date string"),
    ("check", (LABEL,), {"clas": "soy_meat"}, "unknown option"),
    ("check", (LABEL, None, None, "extra"), {}, "more argument"),
    ("check_name", (), {}, "needs a name"),
    ("check_name", ("",), {}, "empty"),
    ("check_name", (" \u3000",), {}, "empty"),
    ("check_name", (None,), {}, "must be a str"),
    ("check_name", (["植物肉"],), {}, "must be a str"),
    ("check_name", ("植物肉",), {"product_class": "SOY_MEAT"}, "choose one of"),
    ("check_name", ("植物肉",), {"as_of": "2026-13-01"}, "ISO date"),
    ("check_name", ("植物肉",), {"title": "yes"}, "title must be"),
    ("check_name", ("植物肉",), {"doc_id": ["x"]}, "doc_id"),
    ("check_name", ("植物肉",), {"source": 5}, "source"),
    ("check_name", ("植物肉",), {"hint": {}}, "unknown option"),
    ("check_name", ("植物肉",), {"hints": 5}, "hints must be a dict"),
    ("check_many", (), {}, "iterable"),
    ("check_many", (5,), {}, "iterable"),
    ("check_many", ("植物肉",), {}, "iterable"),
    ("check_many", (["植物肉"],), {"workers": 0}, "workers"),
    ("check_many", (["植物肉"],), {"workers": "2"}, "workers"),
    ("check_many", (["植物肉"],), {"product_class": "meat"}, "choose one of"),
    ("check_many", (["植物肉"],), {"batch": 3}, "unknown option"),
]


@pytest.mark.parametrize("func, args, kwargs, says", BAD)
def test_bad_arguments_are_value_errors_that_say_why(func, args, kwargs, says):
    with pytest.raises(ValueError, match=says.replace("(", r"\(")):
        result = getattr(labelcheck, func)(*args, **kwargs)
        if func == "check_many":
            list(result)


@pytest.mark.parametrize("items, says", [(["植物肉", ""], "item 1: the name is empty"),
                                         ([{"id": 1}], "item 0: a dict item needs"),
                                         ([LABEL, 7], "item 1:")])
def test_a_bad_item_in_a_stream_is_a_value_error_naming_it(items, says):
    with pytest.raises(ValueError, match=says):
        list(labelcheck.check_many(items, as_of=D))


_anything = st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=10) | st.binary(max_size=5),
                         lambda c: st.lists(c, max_size=3) | st.dictionaries(st.sampled_from(["text", "name", "spans", "id", "x"]), c, max_size=3),
                         max_leaves=6)


@settings(max_examples=150, deadline=None)
@given(doc=_anything, as_of=_anything | st.dates().map(str), cls=_anything | st.sampled_from(labelcheck.PRODUCT_CLASSES))
def test_any_argument_gives_a_report_or_a_value_error(doc, as_of, cls):
    for call in (lambda: labelcheck.check(doc, as_of, cls), lambda: labelcheck.check_name(doc, as_of, cls),
                 lambda: list(labelcheck.check_many([doc], as_of, cls))):
        try:
            result = call()
        except ValueError:
            continue
        assert isinstance(result, (labelcheck.Report, list))


def _titles():
    yield "【包邮】植物肉香肠 200g*2"          # a generator: check_many must not need a list
    yield {"id": 7, "title": "乳基蛋白牛排 10片"}
    yield LABEL
    yield labelcheck.LabelDocument(text="大豆植物肉香肠\n配料：大豆蛋白")
    yield "黑椒牛排"


def test_check_many_streams_in_order_and_equals_single_checks():
    got = list(labelcheck.check_many(_titles(), as_of=D))
    want = [labelcheck.check_name("【包邮】植物肉香肠 200g*2", D), labelcheck.check_name("乳基蛋白牛排 10片", D, title=True, doc_id=7),
            labelcheck.check(LABEL, D), labelcheck.check("大豆植物肉香肠\n配料：大豆蛋白", D), labelcheck.check_name("黑椒牛排", D)]
    assert got == want and got[1].id == "7"


def test_check_many_is_lazy():
    seen = []

    def source():
        for i in range(10_000):
            seen.append(i)
            yield "植物肉香肠"
    it = labelcheck.check_many(source(), as_of=D)
    next(it)
    assert len(seen) < 10


def test_check_many_in_parallel_gives_the_same_reports_in_order():
    import sys
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
    from make_names import names
    titles = [t for _, t in names(400)]
    assert list(labelcheck.check_many(titles, D, workers=2)) == list(labelcheck.check_many(titles, D))


def test_check_many_takes_a_config_and_reports_what_was_read_before_the_input_failed():
    import datetime as _dt
    d = _dt.date(2026, 12, 3)
    plain = [f.rule for f in next(labelcheck.check_many(["人造肉饺子 4片装"], as_of=d)).findings]
    quiet = [f.rule for f in next(labelcheck.check_many(["人造肉饺子 4片装"], as_of=d, config={"ignore": ["LC150"]})).findings]
    assert "LC150" in plain and "LC150" not in quiet
    with pytest.raises(ValueError, match="LC999"):
        labelcheck.check_many(["x"], config={"ignore": ["LC999"]})
    with pytest.raises(ValueError, match="the options are: as_of, product_class, workers, config"):
        labelcheck.check_many(["x"], bogus=1)

    def dying():
        yield from ["大豆植物肉香肠"] * 150
        raise RuntimeError("cursor died")
    for workers in (1, 2):
        got = []
        with pytest.raises(RuntimeError, match="cursor died"):
            for r in labelcheck.check_many(dying(), as_of=d, workers=workers):
                got.append(r)
        assert len(got) == 150, workers
