"""The name path's gate (labelcheck/fastpath.py) changes no report: every corpus name and title, the benchmark
mix and random noisy titles give the same report with the gate as through the classifier."""
from __future__ import annotations

import datetime as dt
import sys
import tomllib
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from labelcheck import fastpath
from labelcheck.pipeline import check_name

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
from make_names import names  # noqa: E402

D = dt.date(2026, 11, 23)


def _corpus_names() -> list[str]:
    out = []
    for path in sorted((ROOT / "corpus").glob("*.toml")):
        for case in tomllib.loads(path.read_text(encoding="utf-8")).get("case", []):
            if "name" in case:
                out.append(case["name"])
            doc = case.get("doc") or {}
            if doc.get("name"):
                out.append(doc["name"])
            for line in (doc.get("text") or "").splitlines()[:2]:
                if line.strip():
                    out.append(line)
    return out


def _both(name: str, monkeypatch, **kw):
    gated = check_name(name, as_of=D, **kw)
    with monkeypatch.context() as m:
        m.setattr(fastpath, "classify_name", lambda info, cls: None)
        full = check_name(name, as_of=D, **kw)
    return gated, full


def test_corpus_names_and_titles(monkeypatch):
    corpus = _corpus_names()
    assert len(corpus) > 50
    gated_some = 0
    for name in corpus:
        for title in (None, True, False):
            gated, full = _both(name, monkeypatch, title=title)
            assert gated == full, name
        gated_some += fastpath.classify_name(__import__("labelcheck.extract.name", fromlist=["x"]).name_from_string(name), None) is not None
    assert gated_some > 5          # the gate is exercised, not bypassed


def test_benchmark_mix(monkeypatch):
    for _, title in names(3000, seed=3):
        gated, full = _both(title, monkeypatch)
        assert gated == full, title


_pieces = st.sampled_from(["植物肉", "植物", "素", "大豆", "豆腐", "牛排", "香肠", "奶粉", "乳基蛋白", "蛋白肉", "别样肉客",
                           "【包邮】", " 200g*2", "\u200b", " ", "黑椒", "汉堡", "豆奶粉", "素鸡", "火腿", "手机", "漢堡", "植 物 肉"])


@settings(max_examples=300, deadline=None)
@given(parts=st.lists(_pieces | st.text(max_size=3), min_size=1, max_size=6))
def test_random_titles(parts):
    name = "".join(parts)
    if not name.strip():
        return
    gated = check_name(name, as_of=D)
    original = fastpath.classify_name
    fastpath.classify_name = lambda info, cls: None
    try:
        full = check_name(name, as_of=D)
    finally:
        fastpath.classify_name = original
    assert gated == full
