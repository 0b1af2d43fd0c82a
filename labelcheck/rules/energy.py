"""Energy computed from the declared values (GB 28050-2025 2.3): beyond rounding, an error under 2025.

GB 28050-2025 2.3 "食品中能量的计算根据以下供能成分标示值与相应能量换算系数的乘积加和而得…蛋白质17、脂肪37、碳水化合物17
…膳食纤维…8kJ/g". The 2011 edition (3.4) allowed measured values, so under 2011 LC606 stays a warning
(> 10 % and a floor). Factors come from lexicons/nutrition.toml [energy]; the rounding intervals and
"0" limits from its rows (Table 1).
"""
from __future__ import annotations

from typing import Iterator

import regex

from ..context import Context
from ..extract.nutrition import unit_family
from ..models import Finding
from ..resources import lexicon
from .base import procedure
from .records import RuleRecord

# Energy from components the 2.3 factors do not cover (alcohol, polyols, organic acids): if the table
# lists one, the sum of the four factors is not the whole story and nothing is judged.
_OTHER_ENERGY = regex.compile(r"(酒精|乙醇|糖醇|多元醇|赤藓糖醇|木糖醇|麦芽糖醇|山梨糖醇|有机酸)")


def energy_gap(ctx: Context) -> tuple[float, float, float] | None:
    """(declared kJ, computed kJ, allowed gap) or None when the table cannot be judged."""
    t = ctx.nutrition
    if not t or not t.has_header or not all(k in t.rows for k in ("energy", "protein", "fat", "carbohydrate")):
        return None
    nut = lexicon("nutrition")
    e, rows = t.rows["energy"], nut["rows"]
    if (e.unit and unit_family(e.unit) != "kJ") or e.value <= rows["energy"]["zero"]:
        return None
    if _OTHER_ENERGY.search(ctx.layout.text[t.start:t.end]):
        return None
    f = nut["energy"]["factors"]
    keys = [k for k in ("protein", "fat", "carbohydrate", "fibre") if k in t.rows]
    computed = sum(f[k] * t.rows[k].value for k in keys)
    if "fibre" in keys:
        # whether 碳水化合物 was declared with or without the fibre in it is not on the label: of the
        # readings (fibre added at 8, fibre left out, fibre inside carbohydrate counted at 8) take the nearest
        fib = t.rows["fibre"].value
        readings = [computed, computed - f["fibre"] * fib, computed - f["carbohydrate"] * fib]
        computed = min(readings, key=lambda c: abs(e.value - c))
    # each declared value is rounded to its interval (half an interval either way); a value shown as 0
    # may be anything up to its "0" limit (not judged: it widens the allowance by that much)
    allowed = rows["energy"]["interval"] / 2
    for k in keys:
        v, spec = t.rows[k].value, rows[k]
        allowed += f[k] * (spec["zero"] if v == 0 else spec["interval"] / 2)
    return e.value, computed, allowed + 1.0       # +1 kJ: the computed sum is itself rounded once


@procedure("LC750")
def energy_not_from_declared_values(ctx: Context, rule: RuleRecord) -> Iterator[Finding]:
    if ctx.edition != "2025":
        return          # 2011: LC606's warning
    g = energy_gap(ctx)
    if g is None:
        return
    declared, computed, allowed = g
    if abs(declared - computed) > allowed:
        row = ctx.nutrition.rows["energy"]
        yield from rule.by_edition(ctx, declared=declared, computed=computed, allowed=allowed,
                                   evidence=ctx.evidence_layout(row.start, row.end))
