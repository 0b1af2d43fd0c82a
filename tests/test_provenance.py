"""Provenance in every report, and the words of every clause a rule cites."""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import sys
import tomllib
from pathlib import Path

import labelcheck
from labelcheck.ingest import load_bytes
from labelcheck.provenance import clause_text, ruleset_hash
from labelcheck.rules.base import all_rules

sys.path.insert(0, str(Path(__file__).parent))
from test_corpus import _cases, _run  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
AS_OF = dt.date(2026, 11, 23)


def _cited() -> set[tuple[str, str, str | None]]:
    """Every (standard, clause, edition) an error or warning can cite: each record's clause per
    edition (or its seed's), and the clauses its message variants cite instead."""
    out = set()
    for rule in all_rules():
        if rule.severity == "info":
            continue
        for clauses in [rule.clause] + [m.clause for m in rule.messages.values() if m.clause]:
            for ed, num in clauses.items():
                if num not in ("—", "-", ""):
                    out.add((rule.standard, num, ed if ed in ("2011", "2025") else None))
    return out


def test_every_cited_clause_has_its_words():
    missing = [c for c in sorted(_cited(), key=str) if clause_text(c[0], c[1], c[2]) is None]
    assert not missing, f"lexicons/clause_text.toml lacks {missing}"


def test_clause_texts_are_short_and_sourced():
    data = tomllib.loads((ROOT / "lexicons/clause_text.toml").read_text(encoding="utf-8"))
    for c in data["clause"]:
        assert c["text"].strip() and len(c["text"]) <= 200, c
        assert c["source"].strip(), c


def _plain(text: str) -> str:
    """Text without layout (line breaks, markdown marks, TeX) and with one width of punctuation."""
    text = re.sub(r"\$\\leq\s*([^$]*)\$", r"≤\1", text)
    text = re.sub(r"[\s$\\*#]", "", text)
    return text.translate(str.maketrans("，（）：；", ",():;"))


def test_quoted_clause_text_is_in_the_standard():
    """A quoted text (not marked quoted=false) is the standard's words: its opening, up to the first
    ellipsis, appears in the standard file once line breaks and spaces are removed."""
    std_dir = ROOT.parent / "shared" / "standards"
    if not std_dir.is_dir():
        import pytest
        pytest.skip("../shared/standards not next to the checkout")
    texts = {p.name: _plain(p.read_text(encoding="utf-8")) for p in std_dir.glob("*.txt")}
    data = tomllib.loads((ROOT / "lexicons/clause_text.toml").read_text(encoding="utf-8"))
    for c in data["clause"]:
        if c.get("quoted", True) is False or not c["source"].split(":")[0].split(" ")[0].endswith(".txt"):
            continue
        body = texts[c["source"].split(":")[0].split(" ")[0]]
        for piece in re.split(r"…|：", c["text"]):
            piece = _plain(piece)
            if len(piece) >= 8:
                assert piece[:12] in body, (c["standard"], c["clause"], piece[:12])


def test_corpus_errors_and_warnings_carry_clause_text():
    for fname, scope, case in (p.values for p in _cases()):
        report = _run(case, dt.date.fromisoformat(case.get("as_of", "2026-11-23")))
        for f in report.findings:
            if f.severity in ("error", "warning"):
                assert f.clause_text, (fname, case.get("id"), f.rule, f.standard, f.clause, f.edition)
            else:
                assert f.clause_text is None


def test_provenance_in_json_for_files_documents_and_names():
    data = (ROOT / "corpus/examples/dairy_fail_name_font.json").read_bytes()
    report = labelcheck.check(load_bytes(data, "x.json", ".json"), as_of=AS_OF)
    prov = json.loads(report.model_dump_json())["provenance"]
    assert prov["tool_version"] == labelcheck.__version__
    assert prov["input_sha256"] == hashlib.sha256(data).hexdigest()
    assert re.fullmatch(r"sha256:[0-9a-f]{64}", prov["ruleset"])
    doc_report = labelcheck.check({"text": "植物肉饼"}, as_of=AS_OF)
    other = labelcheck.check({"text": "植物肉饺"}, as_of=AS_OF)
    assert doc_report.provenance.input_sha256 != other.provenance.input_sha256
    named = labelcheck.check_name("大豆植物肉饼", as_of=AS_OF)
    assert named.provenance.input_sha256 == hashlib.sha256("大豆植物肉饼".encode()).hexdigest()
    assert named.provenance.ruleset == report.provenance.ruleset


def test_ruleset_hash_follows_the_configuration():
    assert ruleset_hash() == ruleset_hash({})
    assert ruleset_hash({"brands": ["别样肉客"]}) != ruleset_hash()
    assert ruleset_hash({"a": 1, "b": 2}) == ruleset_hash({"b": 2, "a": 1})
