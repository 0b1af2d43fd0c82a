"""Net content on the same display panel as the food's name (GB 7718-2011 4.1.5.5; 2025 4.5).

Only bites where the spans carry panels (artwork, label documents with `panel`): a plain text label
says nothing about panels and is never judged here.
"""
from __future__ import annotations

from typing import Iterator

import regex

from ..context import Context
from ..models import Evidence, Finding
from ..normalize import normalize
from .base import Rule, register

_NET = regex.compile(r"(净含量|净重|净含|内容量|Net\s*(Wt|Weight|Content))", regex.IGNORECASE)


@register
class NetContentNotOnNamePanel(Rule):
    """The net content is not on the display panel that carries the food's name.

    Why: GB 7718-2011 4.1.5.5 "净含量应与食品名称在包装物或容器的同一展示版面标示"; GB 7718-2025 4.5 (the same).
    Judged only when both the name spans (role "name") and the net-content spans name their panel.
    Fails: name "大豆植物肉饼" on panel front, "净含量：200克" on panel back only
    Passes: "净含量：200克" also on panel front
    """
    id, severity, standard, clause = "LC780", "error", "gb-7718", "4.1.5.5 (2011) / 4.5 (2025)"

    def check(self, ctx: Context) -> Iterator[Finding]:
        spans = ctx.spans
        names = [i for i, s in enumerate(spans) if s.role == "name"]
        nets = [i for i, s in enumerate(spans) if _NET.search(normalize(s.text).text)]
        if not names or not nets or any(spans[i].panel is None for i in names + nets):
            return
        name_panels = {spans[i].panel for i in names}
        if any(spans[i].panel in name_panels for i in nets):
            return
        j = nets[0]
        yield from self.by_edition(ctx, f"净含量（{spans[j].panel}版面）未与食品名称（{'、'.join(sorted(name_panels))}版面）标示在同一展示版面",
                                   clause_2011="4.1.5.5", clause_2025="4.5",
                                   evidence=Evidence(text=spans[j].text, start=0, end=len(spans[j].text), source="spans", spans=[j]),
                                   message_en="net content is not on the name's display panel")
