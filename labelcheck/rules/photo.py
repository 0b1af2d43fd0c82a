"""Honest uncertainty for labels read from photos (issue 19).

A photo's text comes with the OCR engine's confidence and its sizes and colours are measured on
pixels, so nothing read from it is as certain as typed copy or artwork. Three rules say so, and
`adjudicate` (called by the pipeline after the other rules, for photo inputs only) keeps every
other finding honest: one whose evidence was read below the confidence threshold is withdrawn
and replaced by an info finding (LC952), and the size and colour findings of T/CEAC 123 7.1.3 注1
stay errors only where the evidence is clear — otherwise they become warnings with
`needs_review`. The thresholds are in lexicons/photo.toml.
"""
from __future__ import annotations

import re
from typing import Iterator

from ..context import Context
from ..extract.nutrition import is_column_heading
from ..colour import hex_to_rgb
from ..models import Evidence, Finding
from ..resources import lexicon
from .base import get_rule, procedure
from .records import RuleRecord


def _photo(ctx: Context) -> dict | None:
    return ctx.doc.photo if ctx.doc is not None else None


@procedure("LC951")
def photo_unreadable(ctx: Context, rule: RuleRecord) -> Iterator[Finding]:
    photo = _photo(ctx)
    if not photo:
        return
    text = ctx.doc.text or ""
    for u in photo.get("unreadable", []):
        start, end = _line_of(text, u["start"], u["end"])
        yield rule.finding(ctx, line=text[start:end], read_as=u["read_as"], confidence=u["confidence"],
                           evidence=Evidence(text=u["read_as"], start=u["start"], end=u["end"], source="text", spans=[u["span"]]))


@procedure("LC952")
def photo_check_skipped(ctx: Context, rule: RuleRecord) -> Iterator[Finding]:
    return iter(())        # produced by adjudicate(), which sees the other rules' findings


@procedure("LC953")
def photo_height_unmeasured(ctx: Context, rule: RuleRecord) -> Iterator[Finding]:
    photo = _photo(ctx)
    if not photo or photo.get("sizes") == "mm":
        return
    for i, s in enumerate(ctx.spans):
        if ("净含量" in s.text or "淨含量" in s.text) and s.size_mm is None:
            text = ctx.doc.text or ""
            pos = text.find(s.text)
            ev = Evidence(text=s.text, start=max(pos, 0), end=max(pos, 0) + len(s.text),
                          source="text" if pos >= 0 else "spans", spans=[i])
            yield rule.finding(ctx, height_px=s.height_px or 0, evidence=ev)
            return


# --- the photo step ----------------------------------------------------------------------------

TYPOGRAPHY = {"LC113", "LC114"}


def _line_of(text: str, start: int, end: int) -> tuple[int, int]:
    a = text.rfind("\n", 0, start) + 1
    b = text.find("\n", end)
    return a, (b if b >= 0 else len(text))


def _quoted(message: str) -> list[str]:
    """The items a message names in “…” (a missing row, a field, a word)."""
    return [m for m in re.findall(r"“([^”]{2,20})”", message)]


def _rests_on(f: Finding, u: dict, line: tuple[int, int], readable: str, low_spans: set[int]) -> bool:
    """Does finding f rest on the unreadable stretch u (whose line spans `line`, readable part `readable`)?"""
    ev = f.evidence
    if ev is not None:
        if ev.spans and u["span"] in ev.spans:
            return True
        if ev.source == "text" and ev.start < line[1] and line[0] < ev.end:
            return True
    # a missing-item finding (no evidence of its own) that names what the unreadable row is about; one whose evidence
    # lies elsewhere (LC111 on the name line) does not rest on a line that merely holds the word it names
    return ev is None and any(q in readable for q in _quoted(f.message))


def _name_parts(ctx: Context):
    from .typography import dairy_name_parts
    parts = dairy_name_parts(ctx)
    if not parts:
        return None
    layout, (qs, qe), (ms, me) = parts
    q_spans = sorted(set(layout.span_of[qs:qe]))
    m_spans = sorted(set(layout.span_of[ms:me]))
    return layout, q_spans, m_spans


def _same_line(ctx: Context, a: list[int], b: list[int]) -> bool:
    """Both runs on one row of one photo: their heights and colours were measured side by side."""
    def band(i):
        s = ctx.spans[i]
        return s.page, s.bbox
    for i in a:
        for j in b:
            (pa, ba), (pb, bb) = band(i), band(j)
            if pa != pb or not ba or not bb:
                continue
            mid_a = (ba[1] + ba[3]) / 2
            if bb[1] <= mid_a <= bb[3]:
                return True
    return False


def _chroma(c: str) -> int:
    v = hex_to_rgb(c)
    return max(v) - min(v)


def _lightness_only(colours: list[str]) -> bool:
    """All the colours are greys (no hue to tell them apart, only lightness)."""
    return all(_chroma(c) <= lexicon("photo")["evidence"]["grey_chroma"] for c in colours)


def _hues_apart(these: list[str], those: list[str]) -> bool:
    """Every colour of each side strongly coloured, and each pair's hues far apart (gold #C9A227 beside #8B1A1A)."""
    import colorsys
    cfg = lexicon("photo")["evidence"]

    def hue_of(c: str) -> float | None:
        if _chroma(c) < cfg["hue_chroma"]:
            return None
        return colorsys.rgb_to_hsv(*(x / 255 for x in hex_to_rgb(c)))[0] * 360

    a, b = [hue_of(c) for c in these], [hue_of(c) for c in those]
    if None in a or None in b:
        return False
    return all(min(abs(x - y), 360 - abs(x - y)) >= cfg["hue_apart_degrees"] for x in a for y in b)


def _reassess(ctx: Context, f: Finding, reasons: list[str]) -> Finding | None:
    """An 注1 finding from a photo: an error only on clear evidence; a warning to review otherwise; dropped within noise."""
    from ..ingest.photo_pixels import colour_distance
    cfg = lexicon("photo")["evidence"]
    parts = _name_parts(ctx)
    if not parts:
        return f.model_copy(update={"severity": "warning", "needs_review": True})
    layout, q, m = parts
    spans = [ctx.spans[i] for i in q + m]
    confident = all((s.confidence or 0) >= cfg["clear_confidence"] for s in spans)
    one_line = _same_line(ctx, q, m)
    if f.rule == "LC113":
        qh = min(ctx.spans[i].height_px or ctx.spans[i].height_mm or 0 for i in q)
        mh = max(ctx.spans[i].height_px or ctx.spans[i].height_mm or 0 for i in m)
        ratio = qh / mh if mh else 1.0
        if ratio >= cfg["same_height_ratio"]:
            reasons.append(f"LC113: heights {ratio:.0%} apart are within what a photo can measure; not reported")
            return None
        clear = ratio < cfg["clear_height_ratio"] and confident and one_line
        why = f"qualifier/meat ink height {ratio:.0%}" + ("" if one_line else ", not on one line") + ("" if confident else ", low OCR confidence")
    else:
        qc = [ctx.spans[i].color for i in q if ctx.spans[i].color]
        mc = [ctx.spans[i].color for i in m if ctx.spans[i].color]
        if not qc or not mc:
            return None
        dist = max(colour_distance(a, b) for a in qc for b in mc)
        if dist < cfg["same_colour_distance"]:
            reasons.append(f"LC114: colours {dist:.0f} apart are one print colour under photo light; not reported")
            return None
        # a difference only in lightness, towards the paper, is what blur does to thin strokes of one ink:
        # it must be larger to count as clear than a difference in hue
        need = cfg["clear_lightness_distance"] if _lightness_only(qc + mc) else (
            cfg["clear_hue_distance"] if _hues_apart(qc, mc) else cfg["clear_colour_distance"])
        clear = dist >= need and confident and one_line
        why = f"colour distance {dist:.0f}" + ("" if one_line else ", not on one line") + ("" if confident else ", low OCR confidence")
    if clear:
        return f
    reasons.append(f"{f.rule}: evidence from the photo not clear ({why})")
    return f.model_copy(update={"severity": "warning", "needs_review": True})


def _table_range(ctx: Context) -> tuple[int, int] | None:
    if ctx.nutrition is None or ctx.layout is None or not ctx.nutrition.rows:
        return None
    return ctx.layout.orig_span(ctx.nutrition.start, ctx.nutrition.end)


# what a weakly read stretch may be without any finding resting on it: Chinese punctuation, brackets and quotes — not
# ASCII . , - or :, which are parts of numbers (1.5克, -18℃, 12:00)
_PUNCTUATION_ONLY = re.compile(r"[\s\u3000-\u3003\u3008-\u3011\uff01\uff08\uff09\uff0c\uff1a\uff1b\uff1f、。，；：！？（）【】“”‘’]*")


def adjudicate(ctx: Context, findings: list[Finding]) -> tuple[list[Finding], dict]:
    """The photo step: withdraw findings resting on unreadable text, grade the rest by evidence.

    - a finding whose evidence lies on a line with unreadable characters, or that names (“…”) an item
      read on such a line, is withdrawn and an LC952 info says which rule was not applied and why;
    - with part of the nutrition table unreadable, the table's other findings (sums, energy,
      missing rows) may rest on it: they stay, as warnings to review;
    - with a whole line unreadable (no word of it read), an absence finding may be wrong: a warning to review;
    - the 注1 size and colour findings are errors only on clear evidence (see _reassess).
    """
    photo = dict(_photo(ctx) or {})
    text = ctx.doc.text or ""
    unreadable = photo.get("unreadable", [])
    low_spans = set(photo.get("low_confidence_spans", []))
    table = _table_range(ctx)
    stretches = []
    for u in unreadable:
        if _PUNCTUATION_ONLY.fullmatch(u["read_as"]):
            continue        # a full stop read at 0.49: no word or figure any finding rests on
        line = _line_of(text, u["start"], u["end"])
        bad = {i for v in unreadable for i in range(v["start"], v["end"]) if line[0] <= v["start"] < line[1]}
        readable = "".join(ch for i, ch in enumerate(text[line[0]:line[1]], line[0]) if i not in bad)
        # (ink unread in the column headings' line, 项目 每100克 � NRV%, holds no figure a finding rests on)
        in_table = bool(table and table[0] <= line[0] < table[1] + 1) and not is_column_heading(text[line[0]:line[1]])
        stretches.append((u, line, readable, in_table, not re.search(r"[\u3400-\u9fff]", readable)))
    out, reasons, skipped = [], [], []
    for f in findings:
        if f.severity != "info" and f.rule not in REGISTRY_PHOTO:
            hit = next((st for st in stretches if _rests_on(f, st[0], st[1], st[2], low_spans)), None)
            if hit is not None:
                u = hit[0]
                skipped.append(get_rule("LC952").finding(
                    ctx, skipped_rule=f.rule, line=text[hit[1][0]:hit[1][1]], read_as=u["read_as"], confidence=u["confidence"],
                    evidence=Evidence(text=u["read_as"], start=u["start"], end=u["end"], source="text", spans=[u["span"]])))
                reasons.append(f"{f.rule} not applied: it rests on unreadable text")
                continue
            if f.rule in TYPOGRAPHY:
                f = _reassess(ctx, f, reasons)
                if f is None:
                    continue
            elif f.standard == "gb-28050" and any(st[3] for st in stretches) and (
                    f.evidence is None or (table and f.evidence.source == "text" and table[0] <= f.evidence.start <= table[1])):
                reasons.append(f"{f.rule}: part of the nutrition table is unreadable")
                f = f.model_copy(update={"severity": "warning", "needs_review": True})
            elif f.evidence is None and any(st[4] for st in stretches):
                reasons.append(f"{f.rule}: says something is absent, and a line of the photo could not be read at all")
                f = f.model_copy(update={"severity": "warning", "needs_review": True})
        out.append(f)
    if unreadable:
        reasons.append(f"{len(unreadable)} stretch(es) of text unreadable; {photo.get('read_fraction', 0):.1%} of the characters read reliably")
    photo["needs_review"] = bool(reasons) or any(f.needs_review for f in out)
    photo["review_reasons"] = list(dict.fromkeys(reasons))
    photo["skipped_rules"] = sorted({s.message_en.split(" ")[0] for s in skipped})
    return out + skipped, photo


REGISTRY_PHOTO = {"LC951", "LC952", "LC953"}
