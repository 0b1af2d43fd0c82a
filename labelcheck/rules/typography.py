"""Font size and colour of the qualifier within the displayed name (T/CEAC 123—2025 7.1.3 注1)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

from ..annotate import find_terms
from ..context import Context
from ..extract.name import name_span_indices
from ..models import Evidence, Finding
from ..normalize import normalize
from .base import procedure
from .records import RuleRecord


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
    # the document's own name, else the name read from its text (产品名称：乳基蛋白火腿) that the front spells large
    name = (ctx.doc.name if ctx.doc else None) or (ctx.name.original if ctx.name else None)
    if not ctx.doc or not name:
        return []
    want = normalize(name).text
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
    idx = name_span_indices(ctx.spans) or _spans_spelling_name(ctx)
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


@procedure("LC113")
def dairy_qualifier_smaller(ctx: Context, rule: RuleRecord) -> Iterator[Finding]:
    parts = dairy_name_parts(ctx)
    if not parts:
        return
    layout, (qs, qe), (ms, me) = parts
    qh = [h for h in layout.heights[qs:qe] if h]
    mh = [h for h in layout.heights[ms:me] if h]
    if not qh or not mh:
        return
    q, m = min(qh), max(mh)
    if q < m * (1 - rule.params["tolerance"]):
        yield rule.finding(ctx, qualifier=q, meat=m, ratio=q / m, unit=layout.unit, evidence=_evidence(ctx, layout, qs, qe))


@procedure("LC114")
def dairy_qualifier_colour(ctx: Context, rule: RuleRecord) -> Iterator[Finding]:
    parts = dairy_name_parts(ctx)
    if not parts:
        return
    layout, (qs, qe), (ms, me) = parts
    qc = {c for c in layout.colours[qs:qe] if c}
    # the meat words' own colour: a descriptor run of the name (烟熏风味, 切片) may be set in another and is no meat word
    shadow = normalize(layout.text)
    meat = [shadow.orig_span(m.start, m.end) for m in find_terms(shadow.text) if m.has("animal_meat")]
    mc = {c for s, e in meat for c in layout.colours[s:e] if c} or {c for c in layout.colours[ms:me] if c}
    if qc and mc and qc != mc:
        yield rule.finding(ctx, qualifier=", ".join(sorted(qc)), meat=", ".join(sorted(mc)),
                           qualifier_list=str(sorted(qc)), meat_list=str(sorted(mc)), evidence=_evidence(ctx, layout, qs, qe))
