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
from .base import Rule, register

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
    for k, line in enumerate(lines):
        if (k in table) != in_table:
            continue
        for i in line.spans:
            s = spans[i]
            kind = script(s)
            if kind not in ("foreign", "pinyin") or s.role == "brand" or not s.height_mm:
                continue
            near = [j for j in line.spans if script(spans[j]) == "han" and spans[j].role != "brand"]
            if not near:
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


@register
class OutlinedText(Rule):
    """The artwork holds no live text (outlined to paths), so nothing on it could be read or checked.

    Why: every check reads the label's words; outlined text is drawing, not text. Saying so is better
    than a silent pass or a list of "missing" items that are in fact on the pack. Export the artwork
    with live text (or check the designer's source file).
    Fails: an SVG whose wording is all <path> elements
    Passes: an SVG or PDF with live text
    """
    id, severity, standard, clause = "LC701", "info", "gb-7718", "—"
    artwork_only = True

    def check(self, ctx: Context) -> Iterator[Finding]:
        notes = (ctx.doc._artwork_notes or {}) if ctx.doc else {}
        if notes.get("no_live_text"):
            yield self.finding(f"版面中没有可读取的文字（{notes.get('shapes', 0)}个图形，文字已转曲），无法检查；请导出保留文字的文件",
                               message_en="the artwork has no live text (outlined to paths): nothing could be read or checked; "
                                          "export it with live text")


@register
class PackageAreaUnknown(Rule):
    """Artwork whose package area cannot be known: the rules that depend on it are not judged.

    Why: GB 7718-2011 3.9 (1.8 mm above 35 cm²) and the small-package exemptions need the largest
    surface; without an artboard, trim box, dieline or a `package` given, it is unknown and the
    report says so rather than guess.
    Fails: an SVG with neither viewBox nor width/height, and no package given
    Passes: a PDF (its trim or media box), an SVG with a viewBox, a document giving package.largest_surface_cm2
    """
    id, severity, standard, clause = "LC702", "info", "gb-7718", "3.9"

    def check(self, ctx: Context) -> Iterator[Finding]:
        doc = ctx.doc
        if not doc or doc._artwork is None or (doc._artwork_notes or {}).get("no_live_text"):
            return
        if doc.package is None or doc.package.largest_surface_cm2 is None:
            yield self.finding("无法从版面得知包装面积（无画板、裁切框或刀版），字高1.8 mm要求与小包装豁免未判断",
                               message_en="the package area cannot be known from the artwork (no artboard, trim box or "
                                          "dieline): the 1.8 mm rule and small-package exemptions were not judged")


@register
class ForeignLargerThanChinese(Rule):
    """Foreign text or pinyin is set larger than the Chinese it accompanies (GB 7718-2011 3.8.1, 3.8.2).

    Why: GB 7718-2011 3.8.1 "拼音不得大于相应汉字"; 3.8.2 "所有外文不得大于相应的汉字(商标除外)". Measured
    on artwork spans: the foreign line against the Chinese on its line or the nearest lines of its
    panel, font size against font size with a 5 % margin; brands are exempt. GB 7718-2025 keeps only
    3.6 (foreign text allowed), so from 2027-03-16 this is not asked. A warning: the pairing of a
    foreign line with "its" Chinese is read from the layout.
    Fails: 植物基牛肉饼 at 6 mm over "Plant-based Beef Patty" at 8 mm
    Passes: the English at 4 mm under the Chinese at 6 mm; a brand in Latin letters at any size
    """
    id, severity, standard, clause = "LC703", "warning", "gb-7718", "3.8.2 (2011)"

    def check(self, ctx: Context) -> Iterator[Finding]:
        if ctx.edition != "2011":
            return
        for i, j, kind, fs, cs in oversized(ctx, in_table=False, glyph_height=False):
            what, clause = ("拼音", "3.8.1") if kind == "pinyin" else ("外文", "3.8.2")
            yield self.finding(f"{what}“{ctx.spans[i].text[:30]}”字号{fs:.1f} mm，大于相应汉字“{ctx.spans[j].text[:12]}”的{cs:.1f} mm",
                               message_en=f"{'pinyin' if kind == 'pinyin' else 'foreign text'} at {fs:.1f} mm is larger "
                                          f"than the Chinese beside it at {cs:.1f} mm",
                               evidence=_evidence(ctx, i), clause=clause, edition="2011")


@register
class NutritionForeignLarger(Rule):
    """In the nutrition table, foreign text is larger than the Chinese (GB 28050 3.2 of both editions).

    Why: GB 28050-2011 3.2 "外文字号不得大于中文字号"; GB 28050-2025 3.2 "字高不得大于汉字的字高" (glyph
    heights: Latin about 0.72 em, CJK about 0.88 em of the font size). Measured on artwork spans of the
    table, with a 5 % margin. A warning: cells are paired from the layout.
    Fails: 蛋白质 at 2 mm beside "Protein" at 3 mm
    Passes: 蛋白质 at 2 mm beside "Protein" at 2 mm
    """
    id, severity, standard, clause = "LC704", "warning", "gb-28050", "3.2"

    def check(self, ctx: Context) -> Iterator[Finding]:
        glyph = ctx.edition == "2025"
        for i, j, kind, fs, cs in oversized(ctx, in_table=True, glyph_height=glyph):
            yield self.finding(f"营养成分表中外文“{ctx.spans[i].text[:30]}”{'字高' if glyph else '字号'}{fs:.1f} mm，"
                               f"大于中文“{ctx.spans[j].text[:12]}”的{cs:.1f} mm",
                               message_en=f"in the nutrition table, foreign text at {fs:.1f} mm is larger than the Chinese at {cs:.1f} mm",
                               evidence=_evidence(ctx, i), edition=ctx.edition)
