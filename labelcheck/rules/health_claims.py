"""Disease and health-function claims found as phrases on the normalised text (used by LC552).

The words are data (lexicons/health_claims.toml, each entry with its source). A phrase inside the
ingredient list (an ingredient's name), or negated earlier in its clause (本品不能代替药物治疗疾病, 不具有
降血压作用), is no claim.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import regex

from typing import Iterator

from ..context import Context
from ..models import Finding
from ..resources import lexicon
from .base import procedure
from .records import RuleRecord


@dataclass(frozen=True)
class ClaimHit:
    start: int            # compact-shadow offsets
    end: int
    text: str
    kind: str


@cache
def _data():
    d = lexicon("health_claims")
    alts = "|".join(f"(?:{c['pattern']})" for c in d["claim"])
    kinds = [(regex.compile(c["pattern"]), c["kind"]) for c in d["claim"]]
    return regex.compile(alts), kinds, regex.compile(d["negation"]), regex.compile(d["clause_end"])


def _negated(text: str, start: int) -> bool:
    _, _, neg, end = _data()
    head = text[max(0, start - 20):start]
    cut = max((m.end() for m in end.finditer(head)), default=0)
    return bool(neg.search(head[cut:]))


_WRAPPED = regex.compile(r"[,，、;；(（\[【:：]\s*$")


def ingredient_zone(ctx: Context) -> tuple[int, int] | None:
    """The ingredient list's extent in the layout shadow. The field reader runs a list on to the next
    field label; a line that does not end mid-list (a separator, an open bracket) ends it here, so that
    a claim printed on the line after the list is still read as a claim."""
    f = ctx.ingredients_field
    if f is None:
        return None
    text = ctx.layout.text
    end = f.start
    while True:
        nl = text.find("\n", end, f.end)
        if nl < 0:
            return f.start, f.end
        if not _WRAPPED.search(text[end:nl]) or text[end:nl].count("(") + text[end:nl].count("（") > \
                text[end:nl].count(")") + text[end:nl].count("）") and False:
            return f.start, nl
        end = nl + 1


def find_health_claims(ctx: Context) -> list[ClaimHit]:
    if ctx.text is None:
        return []
    text = ctx.text.text
    skip = []
    zone = ingredient_zone(ctx)
    if zone is not None:
        skip.append(ctx.layout.orig_span(*zone))
    alts, kinds, _, _ = _data()
    out = []
    for m in alts.finditer(text):
        o = ctx.text.orig_span(m.start(), m.end())
        if any(a <= o[0] < b for a, b in skip) or _negated(text, m.start()):
            continue
        kind = next((k for rx, k in kinds if rx.fullmatch(m.group(0))), "disease")
        out.append(ClaimHit(m.start(), m.end(), m.group(0), kind))
    return out


@procedure("LC552")
def disease_claim(ctx: Context, rule: RuleRecord) -> Iterator[Finding]:
    for h in find_health_claims(ctx):
        yield from rule.by_edition(ctx, value=h.text, evidence=ctx.evidence_text(h.start, h.end))
