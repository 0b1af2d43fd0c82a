"""Net content on the same display panel as the food's name (GB 7718-2011 4.1.5.5; 2025 4.5).

Only bites where the spans carry panels (artwork, label documents with `panel`): a plain text label
says nothing about panels and is never judged here.
"""
from __future__ import annotations

from typing import Iterator

import regex

from ..context import Context
from ..extract.name import name_span_indices
from ..models import Evidence, Finding
from ..normalize import normalize
from .base import procedure
from .records import RuleRecord

_NET = regex.compile(r"(净含量|净重|净含|内容量|Net\s*(Wt|Weight|Content))", regex.IGNORECASE)


@procedure("LC780")
def net_content_not_on_name_panel(ctx: Context, rule: RuleRecord) -> Iterator[Finding]:
    spans = ctx.spans
    names = name_span_indices(spans)
    nets = [i for i, s in enumerate(spans) if _NET.search(normalize(s.text).text)]
    if not names or not nets or any(spans[i].panel is None for i in names + nets):
        return
    name_panels = {spans[i].panel for i in names}
    if any(spans[i].panel in name_panels for i in nets):
        return
    j = nets[0]
    yield from rule.by_edition(ctx, panel=spans[j].panel, name_panels="、".join(sorted(name_panels)),
                               evidence=Evidence(text=spans[j].text, start=0, end=len(spans[j].text), source="spans", spans=[j]))
