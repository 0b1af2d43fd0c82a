"""What only artwork can tell: text that cannot be read (outlined), a package whose area is unknown,
and foreign text or pinyin set larger than the Chinese it accompanies."""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Iterator

import regex

from ..context import Context
from ..models import Evidence, Finding, Span
from ..resources import lexicon
from .base import procedure
from .records import RuleRecord

_HAN = regex.compile(r"\p{Han}")
_WORD = regex.compile(r"[A-Za-zÀ-ɏ][A-Za-zÀ-ɏ'’\-]*")
# not prose: web and mail addresses, standard and licence codes, units and nutrient abbreviations
_CODE = regex.compile(r"(?i)www\.|https?:|@|\.com|\.cn|\b(?:GB|GB/T|T/|Q/|SC)\s*[\dA-Z/]|^\s*[A-Z]{1,3}\s*\d")
_UNIT_WORDS = frozenset("g kg mg μg ug ml mL l L kJ kcal cal NRV Na pcs x".lower().split())
_PINYIN = regex.compile(
    r"(?i)^(?:(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?"
    r"(?:iang|iong|uang|ang|eng|ing|ong|ian|iao|uai|uan|van|ai|ei|ao|ou|an|en|in|un|vn|ia|ie|iu|ua|uo|ui|ve|ue|er|a|o|e|i|u|v|ü))+$")
_NUTRITION_HEAD = regex.compile(r"营\s*养\s*成\s*分\s*表|Nutrition\s+(?:Facts|Information)", regex.I)


@cache
def _cfg() -> dict:
    return lexicon("artwork")


def script(span: Span) -> str | None:
    """"han", "pinyin", "foreign" or None (codes, units, numbers: no script to compare)."""
    text = span.text
    if _HAN.search(text):
        return "han"
    if _CODE.search(text):
        return None
    words = [w for w in _WORD.findall(text) if w.lower() not in _UNIT_WORDS]
    if sum(len(w) for w in words) < 3:
        return None
    if all(_PINYIN.match(w.replace("’", "").replace("'", "")) for w in words):
        return "pinyin"
    return "foreign"


@dataclass
class Line:
    spans: list[int]
    panel: str | None
    page: int | None
    baseline: float | None


def lines_of(spans: list[Span]) -> list[Line]:
    out: list[Line] = []
    for i, s in enumerate(spans):
        base = s.bbox[3] if s.bbox else None
        last = out[-1] if out else None
        if (last and last.panel == s.panel and last.page == s.page and base is not None and last.baseline is not None
                and abs(last.baseline - base) <= 0.35 * (s.height_mm or 3)):
            last.spans.append(i)
        else:
            out.append(Line([i], s.panel, s.page, base))
    return out


def nutrition_lines(spans: list[Span], lines: list[Line]) -> set[int]:
    """Indexes of the lines of the nutrition table: from its header while lines hold figures."""
    out: set[int] = set()
    for k, line in enumerate(lines):
        if any(_NUTRITION_HEAD.search(spans[i].text) for i in line.spans):
            out.add(k)
            for j in range(k + 1, len(lines)):
                if lines[j].panel != line.panel:
                    break
                text = "".join(spans[i].text for i in lines[j].spans)
                if not regex.search(r"\d|项目|NRV|营养素参考值|Items?\b", text):
                    break
                out.add(j)
    return out


def oversized(ctx: Context, in_table: bool, glyph_height: bool) -> Iterator[tuple[int, int, str, float, float]]:
    """(foreign span, Chinese span, kind, foreign size, Chinese size) for each foreign or pinyin span set
    larger than the Chinese on its own line or the nearest lines of its panel."""
    spans = ctx.spans
    if not spans or not any(s.height_mm for s in spans):
        return
    cfg = _cfg()["foreign"]
    lines = lines_of(spans)
    table = nutrition_lines(spans, lines)
    named_panels = {s.panel for s in spans if s.role == "name"}
    for k, line in enumerate(lines):
        if (k in table) != in_table:
            continue
        # on the front with the name not live text (outlined), a foreign line off the Chinese lines most likely
        # renders that name: the Chinese beside it (a tagline) is not its counterpart, so it is paired on its own
        # line only
        same_line_only = not in_table and line.panel == "front" and "front" not in named_panels
        for i in line.spans:
            s = spans[i]
            kind = script(s)
            if kind not in ("foreign", "pinyin") or s.role == "brand" or not s.height_mm:
                continue
            near = [j for j in line.spans if script(spans[j]) == "han" and spans[j].role != "brand"]
            if not near and not same_line_only:
                for d in range(1, cfg["max_line_distance"] + 1):
                    for kk in (k - d, k + d):
                        if 0 <= kk < len(lines) and lines[kk].panel == line.panel and (kk in table) == in_table:
                            near += [j for j in lines[kk].spans if script(spans[j]) == "han" and spans[j].role != "brand"]
                    if near:
                        break
            han = [j for j in near if spans[j].height_mm]
            if not han:
                continue
            j = max(han, key=lambda j: spans[j].height_mm)
            fs, cs = s.height_mm, spans[j].height_mm
            if glyph_height:
                fs, cs = fs * cfg["latin_height_em"], cs * cfg["cjk_height_em"]
            if fs > cs * (1 + cfg["size_tolerance"]):
                yield i, j, kind, fs, cs


def _evidence(ctx: Context, i: int) -> Evidence:
    piece = ctx.spans[i].text
    text = ctx.doc.text if ctx.doc and ctx.doc.text else ""
    pos = text.find(piece)
    if pos >= 0:
        return Evidence(text=piece, start=pos, end=pos + len(piece), source="text", spans=[i])
    return Evidence(text=piece, start=0, end=len(piece), source="spans", spans=[i])


@procedure("LC801")
def outlined_text(ctx: Context, rule: RuleRecord) -> Iterator[Finding]:
    notes = (ctx.doc._artwork_notes or {}) if ctx.doc else {}
    if notes.get("no_live_text"):
        if notes.get("hidden_text"):
            yield rule.finding(ctx, variant="hidden", hidden=notes["hidden_text"])
        else:
            yield rule.finding(ctx, shapes=notes.get("shapes", 0))


@procedure("LC802")
def package_area_unknown(ctx: Context, rule: RuleRecord) -> Iterator[Finding]:
    doc = ctx.doc
    if not doc or doc._artwork is None or (doc._artwork_notes or {}).get("no_live_text"):
        return
    if doc.package is None or doc.package.largest_surface_cm2 is None:
        yield rule.finding(ctx)


@procedure("LC803")
def foreign_larger_than_chinese(ctx: Context, rule: RuleRecord) -> Iterator[Finding]:
    if ctx.edition != "2011":
        return
    for i, j, kind, fs, cs in oversized(ctx, in_table=False, glyph_height=False):
        yield rule.finding(ctx, variant=kind, foreign=ctx.spans[i].text[:30], size=fs, chinese=ctx.spans[j].text[:12],
                           chinese_size=cs, evidence=_evidence(ctx, i), edition="2011")


@procedure("LC804")
def nutrition_foreign_larger(ctx: Context, rule: RuleRecord) -> Iterator[Finding]:
    glyph = ctx.edition == "2025"
    for i, j, kind, fs, cs in oversized(ctx, in_table=True, glyph_height=glyph):
        yield rule.finding(ctx, variant="glyph" if glyph else None, foreign=ctx.spans[i].text[:30], size=fs,
                           chinese=ctx.spans[j].text[:12], chinese_size=cs, evidence=_evidence(ctx, i), edition=ctx.edition)
