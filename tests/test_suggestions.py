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


@pytest.mark.parametrize("title,first", [
    # an analogue word ending in 肉 before a food starting with it reads as one word (sweep 15 S08)
    ("大豆拉丝蛋白做的肉饼 低脂 高蛋白", "大豆植物肉饼 低脂 高蛋白"),
    # words the seller set apart stay apart: not 鸡腿菜 (S09)
    ("仿肉 素鸡腿 大豆拉丝蛋白 斋菜", "大豆植物肉鸡腿 斋菜"),
    # with no food word of its own, the seller's words before the analogue word lead (东北大豆植物肉, not 大豆植物肉东北)
    ("快手同款 东北人造肉 大豆蛋白 干货 5斤 商用 凉拌", "快手同款 东北大豆植物肉 干货 5斤 商用 凉拌"),
    # 黄豆 for 大豆: the rewrite says 大豆 (a rewrite a softened error rule still speaks of is no fix)
    ("【新品】黄豆鸡块 500g 空气炸锅", "【新品】大豆植物肉鸡块 500g 空气炸锅"),
    # the bracket the qualifier moved out of goes with it, not left holding 制成
    ("牛肉（乳基蛋白制成）", "乳基蛋白牛肉"),
])
def test_rewrites_read_as_names(title, first):
    report = labelcheck.check_name(title, as_of=AS_OF, title=True)
    offered = [s for f in report.findings for s in f.suggestions]
    assert offered and offered[0] == first, offered
    assert not any("肉肉" in s or "鸡腿菜" in s or "肉东北" in s or s.startswith("【新品】黄豆") or "（制成）" in s
                   for s in offered), offered
