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

# the layout's name for a face it found by a gap alone (ingest/layout.py), not one the artwork names
_GAP_PANEL = regex.compile(r"panel \d+")


def _found_by_gap(panel: str | None) -> bool:
    return panel is not None and _GAP_PANEL.fullmatch(panel) is not None


_NET = regex.compile(r"(净含量|净重|净含|内容量|Net\s*(Wt|Weight|Content))", regex.IGNORECASE)


@procedure("LC780")
def net_content_not_on_name_panel(ctx: Context, rule: RuleRecord) -> Iterator[Finding]:
    spans = ctx.spans
    names = name_span_indices(spans)
    nets = [i for i, s in enumerate(spans) if _NET.search(normalize(s.text).text)]
    if not names or not nets or any(spans[i].panel is None for i in names + nets):
        return
    # a panel is the page's: "panel 1" of page 1 is not "panel 1" of page 2
    name_panels = {(spans[i].page, spans[i].panel) for i in names}
    if any((spans[i].page, spans[i].panel) in name_panels for i in nets):
        return
    name_pages = {page for page, _ in name_panels}
    if any(spans[i].page in name_pages and (_found_by_gap(spans[i].panel)
                                            or any(_found_by_gap(p) for pg, p in name_panels if pg == spans[i].page))
           for i in nets):
        # the two parts of one page the layout told apart only by a gap (the name top left, 净含量 in the far corner
        # of the same front): weak evidence of two faces — no finding rather than a false one
        return
    j = nets[0]
    # the page said only where the panels' names alone would not tell them apart
    paged = spans[j].panel in {p for _, p in name_panels}
    where = (lambda page, panel: f"第{page}页{panel}" if paged and page is not None else panel)  # noqa: E731
    yield from rule.by_edition(ctx, panel=where(spans[j].page, spans[j].panel),
                               name_panels="、".join(sorted(where(pg, p) for pg, p in name_panels)),
                               evidence=Evidence(text=spans[j].text, start=0, end=len(spans[j].text), source="spans", spans=[j]))
