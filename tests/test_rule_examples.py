"""Every rule's documented examples run: each `fails` example produces the rule, each `passes` does not.

The examples live in the rule records (labelcheck/rules/records/*.toml) — the same ones that
`labelcheck rules ID` and docs/rules.md show, so the documentation cannot drift from the code.
"""
from __future__ import annotations

import pytest

from labelcheck.rules.base import all_rules
from labelcheck.rules.examples import run_example

CASES = [pytest.param(r, kind, i, ex, id=f"{r.id}-{kind}-{i}")
         for r in all_rules() for kind in ("fails", "passes") for i, ex in enumerate(getattr(r.examples, kind))]


@pytest.mark.parametrize("rule,kind,i,example", CASES)
def test_rule_example(rule, kind, i, example):
    report = run_example(example)
    fired = [f for f in report.findings if f.rule == rule.id]
    detail = "\n".join(f"  {f.severity} {f.rule} {f.clause} {f.message}" for f in report.findings)
    if kind == "fails":
        assert fired, f"{rule.id} fails-example {i} does not produce {rule.id} (class {report.product_class})\n{detail}"
        # the message renders: no placeholder left unfilled
        assert all("{" not in f.message and "{" not in (f.message_en or "") for f in fired)
    else:
        assert not fired, f"{rule.id} passes-example {i} produces {rule.id}\n{detail}"


def test_every_rule_documents_both_ways():
    for r in all_rules():
        assert r.examples.fails, f"{r.id} has no fails example"
        assert r.examples.passes or r.always, f"{r.id} has no passes example"
        assert "RULES.md" not in r.why_text + r.summary, f"{r.id} points the user at a file they do not have"


def test_a_bad_record_is_a_one_line_error_naming_file_and_rule(tmp_path, monkeypatch):
    from labelcheck.rules import records
    (tmp_path / "bad.toml").write_text('[LC999]\nsummary = "x"\nseverity = "error"\nstandard = "gb-7718"\n'
                                       'clause = { "2011" = "4.1" }\nmessage = { zh = "x", en = "x" }\nwhy = "x"\n'
                                       '[[LC999.examples.fails]]\nname = "牛肉饼"\n', encoding="utf-8")
    monkeypatch.setattr(records, "RECORDS_DIR", tmp_path)
    with pytest.raises(records.RecordError, match=r"bad.toml \[LC999\].*passes"):
        records.load_records.__wrapped__()


def test_message_templates_render_the_parameter_checked():
    from labelcheck.rules.base import get_rule
    rule = get_rule("LC424")
    assert rule.params["limit"] > 0 and "{limit" in rule.message.zh
    assert f"{rule.params['limit']:g}" in rule.why_text and "{" not in rule.why_text
