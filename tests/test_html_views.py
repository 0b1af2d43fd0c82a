"""HTML that never crashes: every corpus case, generated and malformed reports, and a batch page in which
one broken label costs only its own section."""
from __future__ import annotations

import datetime as dt
import json
import re
import sys
from pathlib import Path

from hypothesis import given, settings, strategies as st

import labelcheck
from labelcheck.cli import main
from labelcheck.models import Finding, Report
from labelcheck.render.html import render_html

sys.path.insert(0, str(Path(__file__).parent))
from test_corpus import _cases, _run  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
AS_OF = dt.date(2026, 11, 23)


def _sections(html: str) -> list[str]:
    return re.findall(r'<section class="report[^"]*" id="(label-\d+)"', html)


def _corpus_reports() -> list[Report]:
    return [_run(case, dt.date.fromisoformat(case.get("as_of", "2026-11-23"))) for _f, _s, case in (p.values for p in _cases())]


def test_every_corpus_case_renders_alone_and_in_one_batch():
    reports = _corpus_reports()
    assert len(reports) > 50
    for r in reports:
        html = render_html([r])
        assert _sections(html) == ["label-1"] and "NOT CHECKED" not in html, r.id
        assert 'id="index"' not in html
    page = render_html(reports)
    assert _sections(page) == [f"label-{i}" for i in range(1, len(reports) + 1)]
    assert page.count('class="index-row"') == len(reports)
    assert "NOT CHECKED" not in page


def _base(**kw) -> Report:
    base = dict(id="X", source="gen", product_class="plant_meat", standards=["gb-7718"], verdict="warn",
                findings=[Finding(rule="LC411", severity="warning", standard="chc-pbf-3", clause="5.1", message="m")])
    base.update(kw)
    return Report(**base)


MALFORMED_FIELDS = [
    {"nutrition": "能量 800kJ 蛋白质 12g"},                       # a string where a table was expected
    {"nutrition": {"rows": "none"}},
    {"nutrition": {"rows": [{"key": "energy", "value": 800, "unit": "kJ"}, "junk", 3]}},
    {"nutrition": {"rows": {"energy": "800kJ", "protein": None}, "serving_size": "abc"}},
    {"nutrition": ["a", "b"]},
    {"nutrition": 12, "ingredients_list": ["水", None, 3], "weird": {"a": [1, {"b": 2}]}, "name": None},
]


def test_malformed_reports_render_and_batch_keeps_every_other_label():
    good = labelcheck.check(json.loads((ROOT / "corpus/examples/dairy_fail_name_font.json").read_text(encoding="utf-8")), as_of=AS_OF)
    reports: list = [good]
    reports += [_base(id=f"M{i}", fields=f) for i, f in enumerate(MALFORMED_FIELDS)]
    # a report whose data is of the wrong types altogether (built without validation), and an unusable batch row
    broken = Report.model_construct(id="BROKEN", source="x", product_class="other", standards=None, verdict="fail",
                                    findings=[None, 3, {"rule": 5}], fields="not a dict", provenance="p")
    reports += [broken, {"id": None, "source": "rows.jsonl:7", "line": 7, "error": "line 7: not JSON"}, good]
    html = render_html(reports)
    assert _sections(html) == [f"label-{i}" for i in range(1, len(reports) + 1)]
    assert html.count("LC113") >= 2 and "能量 800kJ 蛋白质 12g" in html
    assert "line 7: not JSON" in html
    # every good or merely odd label is shown in full, not as a broken note
    assert html.count("NOT CHECKED") <= 2


@settings(max_examples=60, deadline=None)
@given(st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=8),
                    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
                    max_leaves=12))
def test_any_fields_shape_renders(value):
    html = render_html([_base(fields={"nutrition": value, "other": value}), _base(id="Y")])
    assert len(_sections(html)) == 2


def test_batch_cli_html_with_a_malformed_row(tmp_path, capsys):
    rows = tmp_path / "rows.jsonl"
    rows.write_text("\n".join([
        json.dumps({"id": "A", "name": "大豆植物肉饼"}, ensure_ascii=False),
        "{not json",
        json.dumps({"id": "B", "text": "植物肉饺子\n配料：水、大豆蛋白\n营养成分表\n项目 每100克\n能量 800千焦"}, ensure_ascii=False),
        json.dumps({"id": "C", "title": "【包邮】植物肉香肠 200g*2"}, ensure_ascii=False),
    ]) + "\n", encoding="utf-8")
    code = main(["batch", str(rows), "--format", "html", "--workers", "1", "--as-of", "2026-11-23", "--summary", str(tmp_path / "s.json")])
    out = capsys.readouterr().out
    assert code == 1          # the rows checked decide (A and C fail); the unusable row is reported and counted
    # the page lists every row, the unusable one too (in its place, with its error), as the summary counts them
    assert len(_sections(out)) == 4 and 'id="index"' in out and "malformed JSON" in out
    for label in ("A", "B", "C"):
        assert f'data-title="{label}"' in out
