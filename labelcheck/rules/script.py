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
from .base import Rule, register

MIN_TRADITIONAL = 3        # distinct traditional-only characters before a text counts as "written in traditional"


@cache
def _t2s() -> dict[str, str]:
    out = {}
    for line in (data_dir("lexicons") / "t2s_chars.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            src, dst = line.split("\t")
            if src != dst:
                out[src] = dst
    return out


MAX_COUNTERPART_SHARE = 0.2    # below this share of traditional characters with their simplified form present: no 规范汉字
MIN_TRADITIONAL_SHARE = 0.15   # traditional characters among the distinct Han characters of a text written in traditional


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
    if len(t) >= MIN_TRADITIONAL and len(covered) < MAX_COUNTERPART_SHARE * len(t) and len(t) >= MIN_TRADITIONAL_SHARE * len(han):
        return t
    return None


def _first(text: str, chars: set[str]) -> int:
    return min(i for i, c in enumerate(text) if c in chars)


@register
class TraditionalOnlyLabel(Rule):
    """The label is written in traditional characters only, with no 规范汉字 (simplified) text.

    Why: GB 7718-2011 3.8 and GB 7718-2025 3.6 require 规范的汉字; 2025 3.6 allows 繁体字 *beside* them, and 8.1.2
    asks imported labels for a 规范汉字 counterpart of traditional text. Traditional beside simplified passes.
    Fails: 產品名稱：植物肉漢堡餅 配料：水，豌豆蛋白，椰子油 淨含量：200克 (no simplified text anywhere)
    Passes: the same with the simplified 产品名称：植物肉汉堡饼 … alongside
    """
    id, severity, standard, clause = "LC730", "error", "gb-7718", "3.8 (2011) / 3.6 (2025)"

    def check(self, ctx: Context) -> Iterator[Finding]:
        if ctx.doc is None:
            return
        text = ctx.doc.full_text
        trad = traditional_only(text)
        if trad:
            i = _first(text, trad)
            ev = Evidence(text=text[i:i + 12].split("\n")[0], start=i, end=i + len(text[i:i + 12].split("\n")[0]), source="text")
            yield from self.by_edition(ctx, f"标签仅使用繁体字（如“{''.join(sorted(trad)[:6])}”），未使用规范汉字",
                                       clause_2011="3.8", clause_2025="3.6", evidence=ev,
                                       message_en="the label is in traditional characters only, no standard simplified characters")


@register
class TraditionalOnlyNutritionTable(Rule):
    """The nutrition table is written in traditional characters only while the label elsewhere is simplified.

    Why: GB 28050-2025 3.2 "预包装食品营养标签应使用规范的汉字"; GB 28050-2011 3.2 asked only for 中文, so before
    2027-03-16 a warning naming the date (GB 7718-2011 3.8 covers a label written wholly in traditional: LC730).
    Fails: (2027) a simplified label whose table reads 營養成分表 項目 每100克 能量 … 碳水化合物 … 鈉 …
    Passes: 营养成分表 项目 每100克 能量 … 钠 …
    """
    id, severity, standard, clause = "LC731", "error", "gb-28050", "3.2 (2025)"

    def check(self, ctx: Context) -> Iterator[Finding]:
        t = ctx.nutrition
        if t is None or ctx.doc is None or traditional_only(ctx.doc.full_text) or "营养成分表" in ctx.doc.full_text:
            return          # a simplified 营养成分表 is on the label too
        s, e = ctx.layout.orig_span(t.start, t.end)
        region = ctx.layout.original[s:e]
        trad, covered = script_counts(region)
        if len(trad) >= 2 and len(covered) < MAX_COUNTERPART_SHARE * len(trad):
            yield from self.by_edition(ctx, "营养成分表仅使用繁体字，未使用规范汉字", clause_2011=None, clause_2025="3.2",
                                       evidence=Evidence(text=region[:20], start=s, end=min(e, s + 20), source="text"),
                                       message_en="the nutrition table is in traditional characters only")
