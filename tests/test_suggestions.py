"""Every error-level name finding offers a rewrite, and every rewrite passes the check it was offered for."""
from __future__ import annotations

import datetime as dt
import sys
import tomllib
from pathlib import Path

import pytest

import labelcheck

ROOT = Path(__file__).resolve().parent.parent
AS_OF = dt.date(2026, 11, 23)
sys.path.insert(0, str(ROOT / "bench"))
from make_names import names  # noqa: E402

NAME_RULES = {"LC101", "LC102", "LC103", "LC111", "LC112", "LC121", "LC131"}


def _inputs():
    for f in ("names.toml", "titles.toml"):
        for case in tomllib.loads((ROOT / "corpus" / f).read_text(encoding="utf-8"))["case"]:
            if "name" in case:
                yield case["name"], case.get("class_arg")
    for cls in ("soy_meat", "dairy_meat", "plant_meat"):
        for _, title in names(150, seed=3):
            yield title, cls


@pytest.mark.parametrize("name,cls", list(_inputs()))
def test_suggestions_pass_their_own_check(name, cls):
    report = labelcheck.check_name(name, as_of=AS_OF, product_class=cls)
    for f in report.findings:
        if f.severity == "error" and f.rule in NAME_RULES:
            assert f.suggestions, f"{f.rule} on {name!r} offers no rewrite"
        for s in f.suggestions:
            again = labelcheck.check_name(s, as_of=AS_OF, product_class=report.product_class, title=False)
            assert not [g for g in again.findings if g.severity == "error"], (name, s, again.findings)
