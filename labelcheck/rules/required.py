"""Required label items of T/CEAC 123—2025 7.1.3, one rule per item, generated from lexicons/required_items.toml."""
from __future__ import annotations

from functools import cache
from typing import Iterator

import regex

from ..context import Context
from ..models import Finding
from ..resources import lexicon
from .base import Rule, register


@cache
def _compiled(patterns: tuple[str, ...]) -> list["regex.Pattern[str]"]:
    return [regex.compile(p) for p in patterns]


def item_present(ctx: Context, spec: dict) -> bool:
    fields = spec.get("fields", [])
    have = [bool(ctx.field(k) and ctx.field(k).value.strip()) for k in fields]
    if "name" in fields and ctx.name is not None:
        have[fields.index("name")] = True
    if fields and (all(have) if spec.get("all") else any(have)):
        return True
    text = ctx.text.text if ctx.text else ""
    return any(p.search(text) for p in _compiled(tuple(spec.get("patterns", []))))


class DairyRequiredItem(Rule):
    standard, clause, severity = "ceac-123", "7.1.3", "error"
    classes = frozenset({"dairy_meat"})
    spec: dict = {}

    def check(self, ctx: Context) -> Iterator[Finding]:
        if not ctx.is_complete_label:
            return          # an excerpt (LC009 says so), not the whole label
        if not item_present(ctx, self.spec):
            item = self.spec["item"]
            yield self.finding(f"乳基蛋白肉制品标签未标示“{item}”（T/CEAC 123—2025 7.1.3）",
                               message_en=f"the label of a dairy-based protein meat does not show: {item}")


def _make(spec: dict) -> type[Rule]:
    item = spec["item"]
    doc = f"""The label of a dairy-based protein meat does not show {item}.

    Why: T/CEAC 123—2025 7.1.3 "标志标签应注明：产品名称、产品类别、产品标准号、厂名和厂址、产地、净含量、
    生产日期、保质期、生制品或熟制品类别、食用方法、本产品区别于动物肉制品的说明等" — each missing item is its
    own finding. Field labels are recognised in their many forms (lexicons/fields.toml); a 见包装-style
    reference counts as present. Runs on labels with five or more labelled fields (LC009 notes an excerpt).
    Fails: a 乳基蛋白香肠 label with no {item}
    Passes: the same label with {item} shown
    """
    cls = type(f"DairyRequired_{spec['rule']}", (DairyRequiredItem,), {"id": spec["rule"], "spec": spec, "__doc__": doc})
    return register(cls)


for _spec in lexicon("required_items")["dairy"]:
    _make(_spec)
