"""Script: a label (or its nutrition table) written in traditional characters only, with no 规范汉字.

GB 7718-2011 3.8 "应使用规范的汉字（商标除外）"; GB 7718-2025 3.6 "应使用规范的汉字(商标、邮箱、网址除外),
可以同时使用繁体字…"; GB 7718-2025 8.1.2 (imports: traditional text needs a 规范汉字 counterpart);
GB 28050-2025 3.2 "预包装食品营养标签应使用规范的汉字". Traditional beside simplified is allowed (2025 3.6
"可以同时使用繁体字"), so only a text with traditional-only characters and no simplified-only ones is
reported. The character table is lexicons/t2s_chars.tsv (OpenCC TSCharacters).
"""
from __future__ import annotations

from functools import cache
from typing import Iterator

from ..context import Context
from ..models import Evidence, Finding
from ..resources import data_dir
from .base import procedure
from .records import RuleRecord



@cache
def _t2s() -> dict[str, str]:
    out = {}
    for line in (data_dir("lexicons") / "t2s_chars.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            src, dst = line.split("\t")
            if src != dst:
                out[src] = dst
    return out


def _p() -> dict:
    """LC730's record params: min_traditional (distinct traditional characters), max_share (share of them whose
    simplified form appears: below it, no 规范汉字), min_traditional_share (of the distinct Han characters)."""
    from .base import get_rule
    return get_rule("LC730").params


def script_counts(text: str) -> tuple[set[str], set[str]]:
    """(traditional characters in the text, those whose simplified form also appears in it)."""
    m = _t2s()
    trad = {c for c in text if c in m}
    return trad, {c for c in trad if m[c] in text}


def traditional_only(text: str) -> set[str] | None:
    """Traditional characters with (almost) none of their simplified forms anywhere: written in traditional only.
    Many simplified characters are also valid traditional ones (糖, 表, 克), so presence of "simplified"
    characters proves nothing; the counterpart test does."""
    t, covered = script_counts(text)
    han = {c for c in text if "\u4e00" <= c <= "\u9fff"}
    p = _p()
    if len(t) >= p["min_traditional"] and len(covered) < p["max_share"] * len(t) and len(t) >= p["min_traditional_share"] * len(han):
        return t
    return None


def _first(text: str, chars: set[str]) -> int:
    return min(i for i, c in enumerate(text) if c in chars)


@procedure("LC730")
def traditional_only_label(ctx: Context, rule: RuleRecord) -> Iterator[Finding]:
    if ctx.doc is None:
        return
    text = ctx.doc.full_text
    trad = traditional_only(text)
    if trad:
        i = _first(text, trad)
        ev = Evidence(text=text[i:i + 12].split("\n")[0], start=i, end=i + len(text[i:i + 12].split("\n")[0]), source="text")
        yield from rule.by_edition(ctx, chars="".join(sorted(trad)[:6]), evidence=ev)


@procedure("LC731")
def traditional_only_nutrition_table(ctx: Context, rule: RuleRecord) -> Iterator[Finding]:
    t = ctx.nutrition
    if t is None or ctx.doc is None or traditional_only(ctx.doc.full_text) or "营养成分表" in ctx.doc.full_text:
        return          # a simplified 营养成分表 is on the label too
    s, e = ctx.layout.orig_span(t.start, t.end)
    region = ctx.layout.original[s:e]
    trad, covered = script_counts(region)
    if len(trad) >= 2 and len(covered) < _p()["max_share"] * len(trad):
        yield from rule.by_edition(ctx, evidence=Evidence(text=region[:20], start=s, end=min(e, s + 20), source="text"))
