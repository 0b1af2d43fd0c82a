"""Runs every case in corpus/*.toml and the shared examples in corpus/examples/.

A TOML case states the exact findings expected (rule, standard, clause). Within the rules a
file is about (its top-level `rules`, or every rule when it says "all"), the check must give
exactly those findings: one missing or one unexpected fails the case. Info findings are not
counted.

A case gives `name` (with optional `title`) or `doc` (a label document), optional `class_arg` and
`as_of`, and what must hold: `expect` (the findings), `product_class`, `verdict`, `evidence`
(text and offsets of a rule's evidence) and `suggest_first` (the first rewrite offered).
"""
from __future__ import annotations

import datetime as dt
import json
import tomllib
from collections import Counter
from pathlib import Path

import pytest

import labelcheck
from labelcheck.models import LabelDocument

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
NAME_TEXT_RULES = {"LC101", "LC102", "LC103", "LC111", "LC112", "LC121", "LC131"}   # every such error offers a rewrite


def _cases():
    for path in sorted(CORPUS.glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        scope = data.get("rules", "all")
        for i, case in enumerate(data.get("case", [])):
            yield pytest.param(path.name, scope, case, id=f"{path.stem}:{case.get('id', i)}")


def _run(case: dict, as_of: dt.date):
    kw = {"as_of": as_of, "product_class": case.get("class_arg")}
    if "doc" in case:
        return labelcheck.check(LabelDocument.model_validate(case["doc"]), **kw)
    return labelcheck.check_name(case["name"], title=case.get("title"), **kw)


def _key(f) -> tuple:
    return (f.rule, f.standard, f.clause)


@pytest.mark.parametrize("fname,scope,case", list(_cases()))
def test_corpus_case(fname, scope, case):
    as_of = dt.date.fromisoformat(case.get("as_of", "2026-11-23"))
    report = _run(case, as_of)
    in_scope = (lambda f: True) if scope == "all" else (lambda f: any(f.rule.startswith(p) for p in scope))
    got = Counter(_key(f) for f in report.findings if f.severity != "info" and in_scope(f))
    want = Counter((e["rule"], e["standard"], e["clause"]) for e in case.get("expect", []))
    detail = "\n".join(f"  {f.severity} {f.rule} {f.standard} {f.clause} {f.message} {f.evidence}" for f in report.findings)
    assert got == want, f"missing {dict(want - got)} unexpected {dict(got - want)}\n{detail}"
    if "product_class" in case:
        assert report.product_class == case["product_class"]
    if "verdict" in case:
        assert report.verdict == case["verdict"]
    if "needs_review" in case:
        assert report.needs_review == case["needs_review"], report.review_reasons
    for f in report.findings:
        if f.severity == "error" and f.rule in NAME_TEXT_RULES:
            assert f.suggestions, f"{f.rule} gives no suggestion"
    if "suggest_first" in case:
        first = next(f.suggestions[0] for f in report.findings if f.suggestions)
        assert first == case["suggest_first"], [f.suggestions for f in report.findings]
    for sub in case.get("evidence", []):
        f = next(f for f in report.findings if f.rule == sub["rule"])
        assert f.evidence is not None and f.evidence.text == sub["text"], f.evidence
        if "start" in sub:
            assert (f.evidence.start, f.evidence.end) == (sub["start"], sub["end"])


def _examples():
    for path in sorted((CORPUS / "examples").glob("*.expect.json")):
        yield pytest.param(path, id=path.name.replace(".expect.json", ""))


def _matches(f, spec) -> bool:
    return f.standard == spec["standard"] and ("clause" not in spec or f.clause == spec["clause"])


@pytest.mark.parametrize("expect_path", list(_examples()))
def test_shared_example(expect_path):
    expect = json.loads(expect_path.read_text(encoding="utf-8"))
    doc_path = expect_path.with_name(expect_path.name.replace(".expect.json", ".json"))
    doc = LabelDocument.model_validate_json(doc_path.read_text(encoding="utf-8"))
    report = labelcheck.check(doc, as_of=dt.date(2026, 11, 23))
    detail = "\n".join(f"  {f.severity} {f.rule} {f.standard} {f.clause} {f.message}" for f in report.findings)
    assert report.product_class == expect["product_class"], detail
    if "error_free" in expect:
        assert (not any(f.severity == "error" for f in report.findings)) == expect["error_free"], detail
    used = set()
    for spec in expect.get("findings", []):
        hit = next((i for i, f in enumerate(report.findings) if i not in used and f.severity != "info" and _matches(f, spec)), None)
        assert hit is not None, f"missing {spec}\n{detail}"
        used.add(hit)
    for spec in expect.get("findings_absent", []):
        assert not any(_matches(f, spec) for f in report.findings), f"unexpected {spec}\n{detail}"
