"""Font size and colour of the qualifier within the displayed name (T/CEAC 123—2025 7.1.3 注1)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

from ..annotate import find_terms
from ..context import Context
from ..models import Evidence, Finding
from ..normalize import normalize
from ..resources import thresholds
from .base import Rule, register


@dataclass
class NameLayout:
    """The role:name spans joined, with each character's height, colour and span."""

    text: str
    heights: list[float | None]
    colours: list[str | None]
    span_of: list[int]
    unit: str = "mm"      # "px" for a photo without a scale: the 注1 rules need only the ratio


def _spans_spelling_name(ctx: Context) -> list[int]:
    """Without role:name spans: up to four consecutive spans whose text together is the displayed name."""
    if not ctx.doc or not ctx.doc.name:
        return []
    want = normalize(ctx.doc.name).text
    spans = ctx.spans
    for i in range(len(spans)):
        joined = ""
        for j in range(i, min(i + 4, len(spans))):
            joined += normalize(spans[j].text).text
            if joined == want:
                return list(range(i, j + 1))
            if not want.startswith(joined):
                break
    return []


def name_layout(ctx: Context) -> NameLayout | None:
    idx = [i for i, s in enumerate(ctx.spans) if s.role == "name"] or _spans_spelling_name(ctx)
    if len(idx) < 1:
        return None
    text, heights, colours, span_of = "", [], [], []
    use_px = any(ctx.spans[i].height_mm is None for i in idx) and all(ctx.spans[i].height_px for i in idx)
    for i in idx:
        s = ctx.spans[i]
        text += s.text
        heights += [s.height_px if use_px else s.height_mm] * len(s.text)
        colours += [s.color] * len(s.text)
        span_of += [i] * len(s.text)
    return NameLayout(text, heights, colours, span_of, "px" if use_px else "mm")


def qualifier_and_meat(layout: NameLayout, qualifier_cats: tuple[str, ...]):
    shadow = normalize(layout.text)
    matches = find_terms(shadow.text)
    quals = [m for m in matches if m.has(*qualifier_cats)]
    if not quals:
        return None
    q = quals[0]
    qs, qe = shadow.orig_span(q.start, q.end)
    meat = [m for m in matches if m.has("animal_meat")]
    if meat:
        ms, me = shadow.orig_span(meat[0].start, meat[-1].end)
        # the whole imitated-food word: extend to the end of the name run that holds the meat term
        me = max(me, len(layout.text))
    else:
        ms, me = qe, len(layout.text)
    if ms >= me:
        return None
    return (qs, qe), (ms, me)


def dairy_name_parts(ctx: Context):
    """(layout, qualifier range, meat-words range) of the displayed name, or None when it cannot be measured."""
    layout = name_layout(ctx)
    found = layout and qualifier_and_meat(layout, ("dairy_qualifier",))
    return (layout, *found) if found else None


def _evidence(ctx: Context, layout: NameLayout, s: int, e: int) -> Evidence:
    piece = layout.text[s:e]
    text = ctx.doc.text or ""
    pos = text.find(piece) if text else -1
    spans = sorted(set(layout.span_of[s:e]))
    if pos >= 0:
        return Evidence(text=piece, start=pos, end=pos + len(piece), source="text", spans=spans)
    return Evidence(text=piece, start=s, end=e, source="spans", spans=spans)


@register
class DairyQualifierSmaller(Rule):
    """Within the displayed name, 乳基蛋白 is set smaller than the imitated-meat words.

    Why: T/CEAC 123—2025 7.1.3 注1 "如因字体大小和颜色不同，易导致消费者误解食品的真实属性时，应使用相同的
    字号和字体颜色". RULES.md §2 reads it as: a qualifier under 95 % of the meat words' character height is
    an error. Heights come from the spans (`size_mm`, or `size_pt` × 0.3528).
    Fails: 乳基蛋白 at 3 mm beside 牛肉饼 at 9 mm
    Passes: 乳基蛋白 at 8.6 mm beside 牛肉饼 at 9 mm (within 5 %)
    """
    id, severity, standard, clause = "LC113", "error", "ceac-123", "7.1.3"
    classes = frozenset({"dairy_meat"})

    def check(self, ctx: Context) -> Iterator[Finding]:
        parts = dairy_name_parts(ctx)
        if not parts:
            return
        layout, (qs, qe), (ms, me) = parts
        qh = [h for h in layout.heights[qs:qe] if h]
        mh = [h for h in layout.heights[ms:me] if h]
        if not qh or not mh:
            return
        tol = thresholds()["typography"]["qualifier_height_tolerance"]
        q, m = min(qh), max(mh)
        if q < m * (1 - tol):
            u = layout.unit
            yield self.finding(f"名称中“乳基蛋白”字高{q:.1f} {u}，小于所模拟肉类名称的{m:.1f} {u}（{q / m:.0%}），易误导消费者（7.1.3 注1）",
                               message_en=f"乳基蛋白 is {q:.1f} {u} high against {m:.1f} {u} for the meat words ({q / m:.0%})",
                               evidence=_evidence(ctx, layout, qs, qe))


@register
class DairyQualifierColour(Rule):
    """Within the displayed name, 乳基蛋白 is in another colour than the imitated-meat words.

    Why: T/CEAC 123—2025 7.1.3 注1: 相同的字号和字体颜色 where a difference could mislead; RULES.md §2
    treats any different colour as an error.
    Fails: 乳基蛋白 in #999999 beside 牛排 in #000000
    Passes: both in #000000
    """
    id, severity, standard, clause = "LC114", "error", "ceac-123", "7.1.3"
    classes = frozenset({"dairy_meat"})

    def check(self, ctx: Context) -> Iterator[Finding]:
        parts = dairy_name_parts(ctx)
        if not parts:
            return
        layout, (qs, qe), (ms, me) = parts
        qc = {c for c in layout.colours[qs:qe] if c}
        mc = {c for c in layout.colours[ms:me] if c}
        if qc and mc and qc != mc:
            yield self.finding(f"名称中“乳基蛋白”颜色（{', '.join(sorted(qc))}）与所模拟肉类名称颜色（{', '.join(sorted(mc))}）不同（7.1.3 注1）",
                               message_en=f"乳基蛋白 is coloured {sorted(qc)} against {sorted(mc)} for the meat words",
                               evidence=_evidence(ctx, layout, qs, qe))
