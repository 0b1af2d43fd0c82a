"""Imported prepackaged foods: origin, importer, registration number (GB 7718-2011 4.1.6.3; 2025 8.3, 8.4).

These rules only bite on an import — a label that carries an importer/agent label (进口商, 进口代理商…),
an overseas producer's registration number, or an origin naming a country other than China. An
import owes no SC number or product standard code (2011 4.1.9/4.1.10, 2025 8.7; see exemptions.py).
Words and countries: lexicons/imports.toml.
"""
from __future__ import annotations

from functools import cache
from typing import Iterator

import regex

from ..context import Context
from ..models import Finding
from ..resources import lexicon
from .base import procedure
from .engine import listing_note
from .records import RuleRecord
from ..extract.contacts import find_phones


@cache
def _imp() -> dict:
    return lexicon("imports")


@cache
def _rx(key: str):
    return regex.compile(_imp()[key], regex.IGNORECASE)


@cache
def _countries():
    words = sorted(_imp()["countries"], key=len, reverse=True)
    return regex.compile(r"(?<![A-Za-z])(" + "|".join(regex.escape(w) for w in words) + r")(?![A-Za-z])", regex.IGNORECASE)


def foreign_origin(ctx: Context) -> tuple[int, int, str] | None:
    """An origin line naming a country other than China: (start, end, country) in the layout shadow."""
    text = ctx.layout.text if ctx.layout else ""
    for m in _rx("origin_label").finditer(text):
        seg = text[m.end():m.end() + 30].split("\n")[0]
        c = _countries().search(seg)
        if c and not regex.match(r"\s*[:：]?\s*中国(?!香港|澳门|台湾)", seg):
            return m.start(), m.end() + c.end(), c.group(0)
    return None


def import_signals(ctx: Context) -> list[tuple[int, int]]:
    """Where the label shows it is an import (layout offsets); empty for a domestic label.

    Whether it is an import is decided once, by extraction (classification.imported, extract/origin.py);
    this only finds where the label says so, for the evidence."""
    if ctx.layout is None or not ctx.classification.imported:
        return []
    cached = ctx.hints.get("_import")
    if cached is not None:
        return cached
    text = ctx.layout.text
    out = [(m.start(), m.end()) for m in _rx("strong_import").finditer(text)]
    fo = foreign_origin(ctx)
    if fo:
        out.append(fo[:2])
    for ev in ctx.classification.import_evidence:
        at = text.find(ev)
        if at >= 0:
            out.append((at, at + len(ev)))
    ctx.hints["_import"] = out or [(0, 0)]
    return ctx.hints["_import"]


def importer_present(ctx: Context) -> bool:
    text = ctx.layout.text
    return any(regex.match(r"\s*(名称)?\s*[:：]?\s*\S", text[m.end():m.end() + 20])
               for m in _rx("importer_labels").finditer(text))


def _origin_present(ctx: Context) -> bool:
    text = ctx.layout.text
    return any(regex.match(r"\s*[:：]?\s*\S", text[m.end():m.end() + 20]) for m in _rx("origin_label").finditer(text))


def _origin_in_chinese(ctx: Context) -> tuple[bool, str]:
    """(is the origin written in Chinese anywhere — a Chinese label or a Chinese value, the first origin value read).
    PRODUCT OF USA alone names the country only in the original's language."""
    text = ctx.layout.text
    first = ""
    for m in _rx("origin_label").finditer(text):
        # the country, not the sentence after it (PRODUCT OF USA. Distributed by …)
        value = regex.split(r"[.,;，。；]\s|[.。]$", text[m.end():m.end() + 30].split("\n")[0])[0].strip(" :：\t")
        first = first or value
        if _HAN.search(m.group(0)) or _HAN.search(value):
            return True, first
    return not first, first


def _ev(ctx: Context):
    s, e = import_signals(ctx)[0]
    return ctx.evidence_layout(s, e)


@procedure("LC720")
def import_origin_missing(ctx: Context, rule: RuleRecord) -> Iterator[Finding]:
    if not ctx.is_complete_label or not import_signals(ctx):
        return
    if _origin_present(ctx):
        chinese, origin = _origin_in_chinese(ctx)
        if not chinese:
            # the country is there, in the original's words only: the Chinese label owes it in 规范汉字 (2011 3.8,
            # 2025 8.1.2) — a warning, the item is not missing
            kw = {"severity": "warning", **listing_note(ctx)}
            yield from rule.by_edition(ctx, variant="foreign_only", origin=origin, evidence=_ev(ctx), **kw)
        return
    yield from rule.by_edition(ctx, evidence=_ev(ctx), **listing_note(ctx))


@procedure("LC721")
def importer_missing(ctx: Context, rule: RuleRecord) -> Iterator[Finding]:
    if not ctx.is_complete_label or not import_signals(ctx):
        return
    if importer_present(ctx):
        # the contact is owed with the name and address; a foreign producer's is no substitute, but any
        # contact at all is taken as present (which one it is, the layout cannot always tell)
        if not ctx.fields.get("contact") and not find_phones(ctx.layout.text):
            m = _rx("importer_labels").search(ctx.layout.text)
            yield from rule.by_edition(ctx, variant="no_contact", evidence=ctx.evidence_layout(m.start(), m.end()),
                                       **listing_note(ctx))
        return
    if not foreign_origin(ctx):
        return
    s, e, country = foreign_origin(ctx)
    yield from rule.by_edition(ctx, country=country, evidence=ctx.evidence_layout(s, e), **listing_note(ctx))


@procedure("LC722")
def import_registration_missing(ctx: Context, rule: RuleRecord) -> Iterator[Finding]:
    if not ctx.is_complete_label or not import_signals(ctx) or _rx("registration").search(ctx.layout.text):
        return
    yield from rule.by_edition(ctx, evidence=_ev(ctx), **listing_note(ctx))


_HAN = regex.compile(r"\p{Han}")
_FOREIGN_INGREDIENTS = regex.compile(r"(?i)(?<![A-Za-z])(ingredients?|zutaten|ingrédients|ingredientes|ingredienti|原材料名)\s*[:：]")


@procedure("LC723")
def foreign_text_without_chinese(ctx: Context, rule: RuleRecord) -> Iterator[Finding]:
    if not import_signals(ctx) or any(_HAN.search(fv.value) for fv in ctx.fields.get("ingredients", [])):
        return
    m = _FOREIGN_INGREDIENTS.search(ctx.layout.text)
    if m:
        yield from rule.by_edition(ctx, evidence=ctx.evidence_layout(m.start(), m.end()))
