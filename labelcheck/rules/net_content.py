"""Net content marking and character heights (records: rules/records/net_content.toml)."""
from __future__ import annotations

from typing import Iterator

import regex

from ..context import Context
from ..models import Evidence, Finding
from ..resources import pattern
from .base import procedure
from .records import RuleRecord

_QTY = regex.compile(r"(?P<num>\d+(?:\.\d+)?)\s*(?P<unit>kg|KG|Kg|千克|公斤|g|G|克|mL|ml|ML|毫升|L|l|升|斤|两|磅|盎司|oz|lb)(?![a-zA-Z])")
_MASS = {"g": 1, "G": 1, "克": 1, "kg": 1000, "KG": 1000, "Kg": 1000, "千克": 1000}
_VOLUME = {"mL": 1, "ml": 1, "ML": 1, "毫升": 1, "L": 1000, "l": 1000, "升": 1000}
_NON_LEGAL = {"斤", "两", "磅", "盎司", "oz", "lb", "公斤"}


def _quantity(ctx: Context):
    fv = ctx.field("net_content")
    if not fv or not fv.value:
        return None
    m = _QTY.search(fv.value)
    return fv, m


def declared_quantity(ctx: Context) -> float | None:
    """The net content in g or mL as its field states it (the first quantity), or None."""
    got = _quantity(ctx)
    if not got or not got[1]:
        return None
    return base_quantity(float(got[1]["num"]), got[1]["unit"])


def base_quantity(num: float, unit: str) -> float | None:
    """The quantity in g or mL."""
    if unit in _MASS:
        return num * _MASS[unit]
    if unit in _VOLUME:
        return num * _VOLUME[unit]
    return None


@procedure("LC580")
def net_content_unit(ctx: Context, rule: RuleRecord) -> Iterator[Finding]:
    got = _quantity(ctx)
    if not got:
        return
    fv, m = got
    from ..extract.fields import is_reference
    ev = ctx.evidence_layout(fv.start, fv.end)
    if m is None:
        if not is_reference(fv.value) and not pattern(r"\d").search(fv.value):
            yield rule.finding(ctx, variant="no_number", value=fv.value, evidence=ev)
        return
    if m.group("unit") in _NON_LEGAL:
        yield rule.finding(ctx, unit=m.group("unit"), evidence=ev)


@procedure("LC581")
def net_content_unit_step(ctx: Context, rule: RuleRecord) -> Iterator[Finding]:
    got = _quantity(ctx)
    if not got or got[1] is None:
        return
    fv, m = got
    num, unit = float(m.group("num")), m.group("unit")
    q = base_quantity(num, unit)
    if q is None:
        return
    step = rule.params["step"]
    small = unit in ("g", "G", "克", "mL", "ml", "ML", "毫升")
    ev = ctx.evidence_layout(fv.start, fv.end)
    if small and q >= step:
        big = "kg" if unit in _MASS else "L"
        yield rule.finding(ctx, variant="too_small_unit", value=m.group(0), unit=big, converted=q / step, evidence=ev,
                           suggestions=[f"净含量：{q / step:g}{big}"])
    elif not small and q < step:
        little = "g" if unit in _MASS else "mL"
        yield rule.finding(ctx, value=m.group(0), unit=little, converted=q, evidence=ev,
                           suggestions=[f"净含量：{q:g}{little}"])


def _required_height(q: float, steps: list) -> float:
    for upper, height in steps:
        if q <= upper:
            return height
    return steps[-1][1]


@procedure("LC582")
def net_content_height(ctx: Context, rule: RuleRecord) -> Iterator[Finding]:
    marks = []
    spans = ctx.spans
    for i, span in enumerate(spans):
        if span.height_mm is None or ("净" not in span.text and "淨" not in span.text):
            continue                     # (the label starts in this run, so its first character is here)
        # the label and its quantity may run over several runs: 净含量： small and 250克 large, the number large and its
        # unit small (净含量 | 200 | 克), or glyph runs an exporter cut anywhere (净含 | 量：2 | 00克). The label starts in
        # this run; the quantity is judged by the run its number starts in
        joined, owners = "", []
        for j in range(i, min(i + 6, len(spans))):
            nxt = spans[j]
            if nxt.height_mm is None or nxt.panel != span.panel:
                break
            owners += [j] * len(nxt.text)
            joined += nxt.text
            if len(joined) >= len(span.text) + 24:
                break
        at = min((k for k in (joined.find("净含量"), joined.find("淨含量")) if k >= 0), default=-1)
        if at < 0 or at >= len(span.text):
            continue
        m = _QTY.search(joined, at + 3)
        if m is None or m.start() - at > 12:
            continue
        k = owners[m.start("num")]
        q = base_quantity(float(m.group("num")), m.group("unit"))
        if q is not None:
            marks.append((spans[k].height_mm, k, spans[k], q))
    if not marks:
        return
    # the declaration is the tallest mark (the one beside the name, 4.1.5.5); the same quantity repeated in a back
    # panel's information block is no second declaration and is not judged by its size
    height, i, span, q = max(marks, key=lambda mark: mark[0])
    need = _required_height(q, rule.params["steps"])
    evidence = Evidence(text=span.text, start=0, end=len(span.text), source="spans", spans=[i])
    if height < need - 1e-9:
        yield rule.finding(ctx, height=height, quantity=q, need=need, evidence=evidence)
    elif _font_size(ctx, span) and (ink := height * rule.params["latin"]) < need - 1e-9:
        # a font size passes; the digits an inspector measures stand lower (a photo's height is already the ink's)
        yield rule.finding(ctx, height=height, quantity=q, need=need, ink=ink, variant="ink", severity="info",
                           evidence=evidence)


@procedure("LC583")
def mandatory_text_height(ctx: Context, rule: RuleRecord) -> Iterator[Finding]:
    if ctx.edition != "2011" or not ctx.doc or not ctx.doc.package or not ctx.doc.package.largest_surface_cm2:
        return
    t = rule.params
    if ctx.doc.package.largest_surface_cm2 <= t["min_surface"]:
        return
    # only mandatory content counts: the name, labelled fields and the nutrition table (artwork also
    # carries slogans and disclaimers in small type, which 3.9 does not govern)
    held = [ctx.layout.orig_text(fv.label_start, fv.end) for vs in ctx.fields.values() for fv in vs] if ctx.layout else []
    if ctx.nutrition and ctx.layout:
        held.append(ctx.layout.orig_text(ctx.nutrition.start, ctx.nutrition.end))
    small = [(i, s) for i, s in enumerate(ctx.spans) if s.height_mm is not None and s.height_mm < t["min_height"] - 1e-9
             and pattern(r"\p{Han}").search(s.text) and s.role not in ("decoration", "brand")
             and (s.role == "name" or any(s.text.strip() and s.text.strip() in h for h in held))]
    if small:
        i, s = small[0]
        more = f"等{len(small)}处" if len(small) > 1 else ""
        # the clause keeps its edition mark: only the 2011 edition has it
        pkg = ctx.doc.package
        # an area the artwork gave (its boards, panels or folds), not the pack's measured one, says so; near the limit it
        # may be the sheet rather than the face — a warning then, for the pack to be measured
        estimated = bool(pkg.surface_source)
        close = estimated and pkg.largest_surface_cm2 <= t["estimated_margin"] * t["min_surface"]
        yield rule.finding(ctx, surface=pkg.largest_surface_cm2, text=s.text[:20], more=more, height=s.height_mm,
                           how="（面积由设计稿尺寸估算，请以实际包装核对）" if estimated else "",
                           how_en=f" (area estimated from the artwork: {pkg.surface_source})" if estimated else "",
                           severity="warning" if close else None,
                           count=len(small), edition="2011", clause=rule.clause_label,
                           evidence=Evidence(text=s.text, start=0, end=len(s.text), source="spans", spans=[j for j, _ in small]))


def _font_size(ctx: Context, span) -> bool:
    """Is the span's height a font size (an SVG's or PDF's, or size_pt), whose digits stand lower than it — not the
    character height a label document declares in size_mm (CONTRACT: "the character height"), nor a photo's ink?"""
    if span.height_px is not None:
        return False
    from_artwork = ctx.doc is not None and ctx.doc._artwork is not None
    return (span.size_mm is not None and from_artwork) or (span.size_mm is None and span.size_pt is not None)
