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
