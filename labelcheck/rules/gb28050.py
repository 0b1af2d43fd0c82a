"""GB 28050 nutrition labelling, both editions: the table's rows, units, rounding, NRV%, energy,
the 2025 sentence, and nutrient claims against Table C.1 (RULES.md §5)."""
from __future__ import annotations

import math
from functools import cache
from typing import Iterator

import regex

from ..context import Context
from ..models import Finding
from ..resources import lexicon, pattern
from .base import Rule, register

_ROW_ZH = {"energy": "能量", "protein": "蛋白质", "fat": "脂肪", "saturated_fat": "饱和脂肪", "carbohydrate": "碳水化合物",
           "sugar": "糖", "sodium": "钠", "trans_fat": "反式脂肪", "cholesterol": "胆固醇", "fibre": "膳食纤维", "calcium": "钙"}


@cache
def _nut() -> dict:
    return lexicon("nutrition")


def _table(ctx: Context):
    return ctx.nutrition if ctx.nutrition and ctx.nutrition.has_header else None


def _row_ev(ctx: Context, row):
    return ctx.evidence_layout(row.start, row.end)


@register
class NutritionTableMissing(Rule):
    """A complete label has no nutrition table.

    Why: GB 28050 2011 4.1 / 2025 4.1: every prepackaged food shows energy and the core nutrients
    (exemptions of §7 — fresh produce, single-ingredient seasonings, packs ≤ 40 cm² in 2025 — are
    rarely meat analogues; the package area is honoured when given).
    Fails: a complete label with no 营养成分表
    Passes: a label with 营养成分表 能量 … 钠 …
    """
    id, severity, standard, clause = "LC601", "error", "gb-28050", "4.1"

    def check(self, ctx: Context) -> Iterator[Finding]:
        if not ctx.is_complete_label or ctx.nutrition:
            return
        area = ctx.doc.package.largest_surface_cm2 if ctx.doc and ctx.doc.package else None
        if area is not None and area <= (40 if ctx.edition == "2025" else 100) and ctx.edition == "2025":
            return
        yield from self.by_edition(ctx, "标签未标示营养成分表", clause_2011="4.1", clause_2025="4.1",
                                   message_en="no nutrition table")


@register
class CoreNutrientMissing(Rule):
    """The nutrition table lacks a core row (能量, 蛋白质, 脂肪, 碳水化合物, 钠; from 2025 also 饱和脂肪 and 糖).

    Why: GB 28050-2011 4.1: energy and the four core nutrients; GB 28050-2025 4.1 "1+6": adds 饱和脂肪
    (酸) and 糖 — a warning naming 2027-03-16 until then.
    Fails: 营养成分表 能量 … 蛋白质 … 脂肪 … (no 碳水化合物, 钠)
    Passes: 营养成分表 with all five rows (2026), with all seven (2027)
    """
    id, severity, standard, clause = "LC602", "error", "gb-28050", "4.1"

    def check(self, ctx: Context) -> Iterator[Finding]:
        t = _table(ctx)
        if not t or not ctx.is_complete_label:
            return
        core = _nut()["core"]
        for key in core["edition_2025"]:
            if key in t.rows or key in t.unreadable:
                continue
            in_2011 = key in core["edition_2011"]
            yield from self.by_edition(ctx, f"营养成分表缺少“{_ROW_ZH[key]}”", clause_2011="4.1" if in_2011 else None,
                                       clause_2025="4.1", message_en=f"nutrition table lacks {key}")


@register
class NutrientUnit(Rule):
    """A nutrition row is in the wrong unit (energy not in kJ, sodium not in mg, macronutrients not in g).

    Why: GB 28050 Table 1 (2011 6.2, 2025 6.1): 能量 kJ; 蛋白质/脂肪/碳水化合物/糖 g; 钠 mg. Energy shown only
    in kcal is wrong (kcal may follow kJ).
    Fails: 能量 193 kcal; 钠 0.6 g
    Passes: 能量 807 kJ; 钠 600 mg
    """
    id, severity, standard, clause = "LC603", "error", "gb-28050", "6.2 (2011) / 6.1 (2025)"

    _UNITS = {"kJ": {"kJ", "KJ", "kj", "Kj", "千焦"}, "g": {"g", "克"}, "mg": {"mg", "毫克"}}

    def check(self, ctx: Context) -> Iterator[Finding]:
        t = _table(ctx)
        if not t:
            return
        rows = _nut()["rows"]
        for key, row in t.rows.items():
            want = rows[key]["unit"]
            if not row.unit or key == "moisture" or want not in self._UNITS:
                continue
            if row.unit not in self._UNITS[want]:
                yield from self.by_edition(ctx, f"“{row.label}”的单位应为{want}，标示为{row.unit}", clause_2011="6.2", clause_2025="6.1",
                                           message_en=f"{key} must be in {want}, not {row.unit}", evidence=_row_ev(ctx, row))


@register
class NutrientRounding(Rule):
    """A declared value is not a multiple of its rounding interval, or is at or under the "0" threshold but not shown as 0.

    Why: GB 28050 Table 1 (2011 6.2; 2025 6.1 and note c "标示值应为修约间隔的整数倍", 6.5): energy and sodium
    in whole numbers, g values to 0.1; 能量 ≤ 17 kJ, 蛋白质/脂肪/碳水化合物/糖 ≤ 0.5 g, 钠 ≤ 5 mg must be 0.
    Fails: 钠 480.5 mg; 脂肪 0.3 g
    Passes: 钠 480 mg; 脂肪 0 g
    """
    id, severity, standard, clause = "LC604", "error", "gb-28050", "6.2 (2011) / 6.1 (2025)"

    def check(self, ctx: Context) -> Iterator[Finding]:
        t = _table(ctx)
        if not t:
            return
        rows = _nut()["rows"]
        for key, row in t.rows.items():
            spec = rows[key]
            if "interval" not in spec or row.unit not in ("", "kJ", "KJ", "千焦", "g", "克", "mg", "毫克"):
                continue
            interval, zero = spec["interval"], spec["zero"]
            v = row.value
            steps = v / interval
            if abs(steps - round(steps)) > 1e-6:
                yield from self.by_edition(ctx, f"“{row.label} {row.value:g}”不是修约间隔{interval:g}的整数倍", clause_2011="6.2",
                                           clause_2025="6.1", message_en=f"{key} {v:g} is not a multiple of {interval:g}",
                                           evidence=_row_ev(ctx, row))
            elif 0 < v <= zero and t.basis != "serving":
                yield from self.by_edition(ctx, f"“{row.label} {row.value:g}”不高于“0”界限值{zero:g}，应标示为0", clause_2011="6.2",
                                           clause_2025="6.5", message_en=f"{key} {v:g} is at or under the 0 threshold {zero:g}: show 0",
                                           evidence=_row_ev(ctx, row))


@register
class NRVPercent(Rule):
    """A declared NRV% differs by more than 1 from the value recomputed from the declared content.

    Why: GB 28050 Annex A (A.3): NRV% = content ÷ NRV × 100, rounded to a whole number; NRVs 8400 kJ,
    蛋白质 60 g, 脂肪 60 g, 饱和脂肪 20 g, 碳水化合物 300 g, 钠 2000 mg. ±1 allows for rounding.
    Fails: 蛋白质 26.0 g 35%
    Passes: 蛋白质 26.0 g 43%
    """
    id, severity, standard, clause = "LC605", "error", "gb-28050", "附录A"

    def check(self, ctx: Context) -> Iterator[Finding]:
        t = _table(ctx)
        if not t:
            return
        rows = _nut()["rows"]
        tol = _nut()["nrv_tolerance"]["points"]
        for key, row in t.rows.items():
            nrv = rows[key].get("nrv")
            if row.nrv_percent is None or not nrv or row.unit in ("kcal", "Kcal", "千卡", "大卡"):
                continue
            value = row.value * (1000 if row.unit in ("g", "克") and rows[key]["unit"] == "mg" else 1)
            expected = math.floor(value / nrv * 100 + 0.5)
            if abs(row.nrv_percent - expected) > tol:
                yield from self.by_edition(ctx, f"“{row.label}”NRV%标示{row.nrv_percent:g}%，按{row.value:g}{row.unit}计算应为{expected}%",
                                           clause_2011="附录A", clause_2025="附录A",
                                           message_en=f"{key} NRV% {row.nrv_percent:g} should be {expected}", evidence=_row_ev(ctx, row))


@register
class EnergyMismatch(Rule):
    """The declared energy is far from 17 × protein + 37 × fat + 17 × carbohydrate (+ 8 × fibre).

    Why: GB 28050-2025 2.3 (and the 2011 method): energy is computed from the declared values with these
    factors. Declared values are rounded, and alcohols, polyols or organic acids add energy we cannot
    see, so only a gap above both 10 % and 20 kJ is flagged — as a warning.
    Fails: 能量 1200 kJ with 蛋白质 17.0 g, 脂肪 14.0 g, 碳水化合物 5.0 g (computed 892 kJ)
    Passes: 能量 892 kJ with the same
    """
    id, severity, standard, clause = "LC606", "warning", "gb-28050", "3.4 (2011) / 2.3 (2025)"

    def check(self, ctx: Context) -> Iterator[Finding]:
        t = _table(ctx)
        if not t or not all(k in t.rows for k in ("energy", "protein", "fat", "carbohydrate")):
            return
        e = _nut()["energy"]
        energy = t.rows["energy"]
        if energy.unit not in ("kJ", "KJ", "kj", "Kj", "千焦", "kcal", "Kcal", "千卡", "大卡", ""):
            return
        declared = energy.value * (e["kcal_to_kj"] if energy.unit in ("kcal", "Kcal", "千卡", "大卡") else 1)
        f = e["factors"]
        computed = sum(f[k] * t.rows[k].value for k in ("protein", "fat", "carbohydrate"))
        if "fibre" in t.rows:
            computed += f["fibre"] * t.rows["fibre"].value
        gap = abs(declared - computed)
        if gap > e["tolerance_kj"] and gap > e["tolerance_ratio"] * max(computed, 1):
            yield from self.by_edition(ctx, f"能量标示{declared:.0f} kJ，与按蛋白质、脂肪、碳水化合物计算的{computed:.0f} kJ相差{gap:.0f} kJ",
                                       clause_2011="3.4", clause_2025="2.3", severity="warning",
                                       message_en=f"declared energy {declared:.0f} kJ vs computed {computed:.0f} kJ",
                                       evidence=_row_ev(ctx, energy))


@register
class ChildrenSentenceMissing(Rule):
    """The nutrition table is not followed by 儿童青少年应避免过量摄入盐油糖.

    Why: GB 28050-2025 4.5 "预包装食品应在营养成分表下方标示'儿童青少年应避免过量摄入盐油糖'". New in 2025:
    a warning naming 2027-03-16 until then.
    Fails: a nutrition table without the sentence
    Passes: the same with 儿童青少年应避免过量摄入盐油糖 below it
    """
    id, severity, standard, clause = "LC607", "warning", "gb-28050", "4.5 (2025)"

    def check(self, ctx: Context) -> Iterator[Finding]:
        t = _table(ctx)
        if not t or not ctx.is_complete_label:
            return
        sentence = _nut()["children_sentence"]["text"]
        if sentence not in ctx.text.text:
            yield from self.by_edition(ctx, f"营养成分表下方未标示“{sentence}”", clause_2011=None, clause_2025="4.5",
                                       message_en="the 2025 sentence about salt, oil and sugar for children is missing")


@cache
def _claim_patterns():
    out = []
    for c in lexicon("claims")["claims"]:
        out.append((c, regex.compile(c["pattern"])))
    return out


def _claim_zone(ctx: Context) -> list[tuple[int, int]]:
    """Where claims may be: everywhere but the ingredient list and the nutrition table itself."""
    skip = []
    if ctx.ingredients_field:
        skip.append((ctx.ingredients_field.start, ctx.ingredients_field.end))
    if ctx.nutrition and ctx.nutrition.has_header:
        skip.append((ctx.nutrition.start, ctx.nutrition.end))
    return skip


@register
class NutrientClaimUnmet(Rule):
    """A nutrient content claim (高蛋白, 低脂, 无糖, 低钠 …) is not met by the declared values, or the nutrient is not declared.

    Why: GB 28050 Table C.1 (2011 5.2, 2025 7.1): 高蛋白 ≥ 12 g/100 g (≥ 6 g/100 mL), 蛋白质来源 ≥ 6 g, 低脂
    ≤ 3 g, 无糖 ≤ 0.5 g, 低钠 ≤ 120 mg …; 2011 4.2: a claimed nutrient must itself be declared.
    Fails: 高蛋白 with 蛋白质 8.2 g/100 g; 无糖 with no 糖 row
    Passes: 高蛋白 with 蛋白质 17.0 g/100 g
    """
    id, severity, standard, clause = "LC610", "error", "gb-28050", "C.1"

    def check(self, ctx: Context) -> Iterator[Finding]:
        skip = _claim_zone(ctx)
        text = ctx.layout.text
        per_ml = bool(ctx.nutrition and ctx.nutrition.basis == "100ml")
        seen = set()
        for claim, claim_re in _claim_patterns():
            for m in claim_re.finditer(text):
                if any(a <= m.start() < b for a, b in skip) or claim["id"] in seen:
                    continue
                seen.add(claim["id"])
                ev = ctx.evidence_layout(m.start(), m.end())
                value = ctx.nutrition.per100(claim["nutrient"]) if ctx.nutrition else None
                if value is None:
                    if ctx.nutrition and ctx.nutrition.has_header:
                        yield from self.by_edition(ctx, f"声称“{m.group(0)}”，但营养成分表未标示{_ROW_ZH.get(claim['nutrient'], claim['nutrient'])}含量",
                                                   clause_2011="4.2", clause_2025="4.2", message_en=f"claim {claim['label']} but the nutrient is not declared",
                                                   evidence=ev)
                    continue
                lo = claim.get("min_ml" if per_ml and "min_ml" in claim else "min")
                hi = claim.get("max_ml" if per_ml and "max_ml" in claim else "max")
                unit = "mL" if per_ml else "g"
                if lo is not None and value < lo - 1e-9:
                    yield from self.by_edition(ctx, f"“{m.group(0)}”声称要求≥{lo:g}/100 {unit}，标示为{value:g}", clause_2011="C.1",
                                               clause_2025="C.1", message_en=f"{claim['label']} needs ≥ {lo:g}, declared {value:g}", evidence=ev)
                if hi is not None and value > hi + 1e-9:
                    yield from self.by_edition(ctx, f"“{m.group(0)}”声称要求≤{hi:g}/100 {unit}，标示为{value:g}", clause_2011="C.1",
                                               clause_2025="C.1", message_en=f"{claim['label']} needs ≤ {hi:g}, declared {value:g}", evidence=ev)


@register
class DairyOnlyClaim(Rule):
    """A non-dairy product claims 脱脂, 无乳糖 or 低乳糖, which Table C.1 keeps for dairy products.

    Why: GB 28050 Table C.1: 脱脂 applies to liquid milk and milk powder only; 无乳糖/低乳糖 "仅指乳品类".
    A plant-based milk powder or meat analogue saying them misleads.
    Fails: 植物基奶粉 labelled 无乳糖
    Passes: 乳基蛋白香肠 labelled 低乳糖 (a dairy product)
    """
    id, severity, standard, clause = "LC611", "error", "gb-28050", "C.1"

    def check(self, ctx: Context) -> Iterator[Finding]:
        if ctx.product_class == "dairy_meat":
            return
        skip = _claim_zone(ctx)
        for claim in lexicon("claims")["dairy_only_claims"]:
            for m in pattern(claim["pattern"]).finditer(ctx.layout.text):
                if not any(a <= m.start() < b for a, b in skip):
                    yield from self.by_edition(ctx, f"非乳制品使用了“{m.group(0)}”声称（{claim['why']}）", clause_2011="C.1", clause_2025="C.1",
                                               message_en=f"dairy-only claim on a non-dairy product: {m.group(0)}",
                                               evidence=ctx.evidence_layout(m.start(), m.end()))
                    break
