"""Composition and nutrition thresholds of the seed standards, from what the label declares (RULES.md §4)."""
from __future__ import annotations

from typing import Iterator

import regex

from ..context import Context
from ..models import Finding, Ingredient
from ..classify import subclass_of
from ..resources import thresholds
from .base import Rule, register

WATER_SALT = regex.compile(r"^(饮用水|水|纯净水|生活饮用水|食用盐|盐|精制盐|海盐|食盐)$")
ANIMAL_SOURCES = ("animal_meat", "egg", "animal_fat", "animal_protein_other", "dairy_protein", "dairy_other")
NON_DAIRY_ANIMAL_PROTEIN = ("animal_meat", "egg", "animal_protein_other")


def _walk(items: list[Ingredient]):
    for i in items:
        yield i
        yield from _walk(i.children)


def _row_evidence(ctx: Context, key: str):
    row = ctx.nutrition.rows.get(key) if ctx.nutrition else None
    return ctx.evidence_layout(row.start, row.end) if row else None


def _per100(ctx: Context, key: str) -> float | None:
    return ctx.nutrition.per100(key) if ctx.nutrition else None


def _ing_evidence(ctx: Context, item: Ingredient):
    return ctx.evidence_layout(item.start, item.end)


def _outside_limit(rule: Rule, ctx: Context, key: str, limit: float, bound: str, product: str) -> Iterator[Finding]:
    """One finding when the declared per-100 g value of `key` is below a minimum or above a maximum."""
    value = _per100(ctx, key)
    if value is None:
        return
    zh = {"protein": "蛋白质", "fat": "脂肪", "moisture": "水分"}[key]
    unit = "%" if key == "moisture" else " g/100 g"
    if bound == "min" and value < limit - 1e-9:
        yield rule.finding(f"{product}{zh}{value:.1f}{unit}，低于≥{limit:g}{unit}",
                           message_en=f"{key} {value:.1f} below the minimum {limit:g}", evidence=_row_evidence(ctx, key))
    elif bound == "max" and value > limit + 1e-9:
        yield rule.finding(f"{product}{zh}{value:.1f}{unit}，高于≤{limit:g}{unit}",
                           message_en=f"{key} {value:.1f} above the maximum {limit:g}", evidence=_row_evidence(ctx, key))


# ---- soy_meat ---------------------------------------------------------------------------------

@register
class SoyProteinMinimum(Rule):
    """A soy-based meat declares less protein than T/CNFIA 165 requires.

    Why: T/CNFIA 165—2022 5.3 表2: 蛋白质 ≥ 10.0 g/100 g for 大豆植物肉, ≥ 5.0 g/100 g for 大豆植物肉制品
    (a dish made from it: 饺子, 包子, 披萨, 炒饭, 便当… or a name with 制品). Per-serving values are
    converted to per 100 g when the serving size is given; nothing declared, no finding.
    Fails: 大豆植物肉丸 with 蛋白质 8.2 g/100 g
    Passes: 大豆植物肉饺子 with 蛋白质 6.0 g/100 g
    """
    id, severity, standard, clause = "LC401", "error", "cnfia-165", "5.3"
    classes = frozenset({"soy_meat"})

    def check(self, ctx: Context) -> Iterator[Finding]:
        protein = _per100(ctx, "protein")
        if protein is None:
            return
        t = thresholds()["soy_meat"]
        is_product = bool(ctx.name and ctx.name.matches("dish"))
        need = t["protein_min_products"] if is_product else t["protein_min"]
        kind = "大豆植物肉制品" if is_product else "大豆植物肉"
        if protein < need - 1e-9:
            yield self.finding(f"{kind}蛋白质含量{protein:.1f} g/100 g，低于T/CNFIA 165—2022 5.3 要求的≥{need:.1f} g/100 g",
                               message_en=f"protein {protein:.1f} g/100 g is below {need:.1f} for {kind}",
                               evidence=_row_evidence(ctx, "protein"))


_RANGE = regex.compile(r"(?P<a>-?\d+(?:\.\d+)?)\s*(?:℃|°C|°|度)?\s*(?:~|至|到|-|—)\s*(?P<b>-?\d+(?:\.\d+)?)\s*(?:℃|°C|°|度)")
_SINGLE = regex.compile(r"(?P<le>≤|<=|<|不高于|不超过|低于)?\s*(?P<neg>零下|-)?\s*(?P<v>\d+(?:\.\d+)?)\s*(?:℃|°C|°|度)\s*(?P<below>以下|及以下|以内)?")


def storage_bounds(value: str) -> tuple[float | None, float | None]:
    """(lowest, highest) temperature a storage statement allows; None where it sets none."""
    m = _RANGE.search(value)
    if m:
        a, b = float(m.group("a")), float(m.group("b"))
        return min(a, b), max(a, b)
    m = _SINGLE.search(value)
    if m:
        v = float(m.group("v")) * (-1 if m.group("neg") else 1)
        if m.group("le") or m.group("below"):
            return None, v
        return v, v
    return None, None


@register
class SoyStorageTemperature(Rule):
    """A soy-based meat's storage statement is outside the temperatures T/CNFIA 165 sets.

    Why: T/CNFIA 165—2022 8.3 "需冷藏产品应存放在0℃~10℃库房内。需冷冻产品应储存在≤-18℃的冷库".
    Fails: 冷藏（0℃~15℃）; -12℃冷冻保存
    Passes: 冷藏（0℃~4℃）; -18℃以下冷冻保存; 常温保存
    """
    id, severity, standard, clause = "LC402", "error", "cnfia-165", "8.3"
    classes = frozenset({"soy_meat"})

    def check(self, ctx: Context) -> Iterator[Finding]:
        fv = ctx.field("storage")
        if not fv:
            return
        value = fv.value
        lo, hi = storage_bounds(value)
        if lo is None and hi is None:
            return
        t = thresholds()["soy_meat"]
        frozen = "冷冻" in value or "速冻" in value or (hi is not None and hi < -5)
        chilled = "冷藏" in value or (not frozen and hi is not None and hi <= t["chilled_max_c"] + 10)
        ev = ctx.evidence_layout(fv.start, fv.end)
        if frozen and hi is not None and hi > t["frozen_max_c"]:
            yield self.finding(f"冷冻贮存温度{hi:g}℃高于T/CNFIA 165—2022 8.3 要求的≤-18℃",
                               message_en=f"frozen storage at {hi:g} °C is warmer than -18 °C", evidence=ev)
        elif chilled and not frozen and ((hi is not None and hi > t["chilled_max_c"]) or (lo is not None and lo < t["chilled_min_c"])):
            yield self.finding(f"冷藏贮存温度范围（{value}）超出T/CNFIA 165—2022 8.3 要求的0℃~10℃",
                               message_en="chilled storage outside 0 °C–10 °C", evidence=ev)


# ---- plant_meat ---------------------------------------------------------------------------------

@register
class PlantAnimalIngredient(Rule):
    """A plant-based meat lists an animal-source protein or fat (egg, gelatine, lard, whey, meat…).

    Why: T/CHC 植物基食品 第3部分 (draft) 5.1 "蛋白质、脂肪应来源于植物原料，不得添加动物来源的蛋白质和脂肪".
    A draft standard, so a warning. Refined oils, soy lecithin and the like are not flagged.
    Fails: 植物基猪肉馅 with 猪油 in the ingredients
    Passes: 植物肉牛肉饼 with 豌豆分离蛋白, 椰子油, 菜籽油
    """
    id, severity, standard, clause = "LC411", "warning", "chc-pbf-3", "5.1"
    classes = frozenset({"plant_meat"})

    def check(self, ctx: Context) -> Iterator[Finding]:
        for item in _walk(ctx.ingredients):
            hit = [s for s in item.sources if s in ANIMAL_SOURCES]
            if hit:
                yield self.finding(f"植物基肉制品配料中含有动物来源的蛋白质或脂肪：{item.name}",
                                   message_en=f"animal-source ingredient in a plant-based meat: {item.name}",
                                   evidence=_ing_evidence(ctx, item))


def _declared_share(items: list[Ingredient], counts) -> tuple[float, list[Ingredient]]:
    total, which = 0.0, []
    for item in items:
        if item.percent is not None and not WATER_SALT.match(item.name) and counts(item):
            total += item.percent
            which.append(item)
    return total, which


@register
class PlantNonPlantShare(Rule):
    """Declared non-plant ingredients (other than water and salt) exceed 10 % of a plant-based meat.

    Why: T/CHC 植物基食品 第3部分 (draft) 5.3 "除水和食用盐外，其他非植物性配料的总添加量…不应超过产品总质量的10%".
    Checked only when the label declares percentages. A draft standard, so a warning.
    Fails: 植物基鸡块 with 鸡蛋清 (12%)
    Passes: 植物基鸡块 with 酵母抽提物 (2%)
    """
    id, severity, standard, clause = "LC412", "warning", "chc-pbf-3", "5.3"
    classes = frozenset({"plant_meat"})

    def check(self, ctx: Context) -> Iterator[Finding]:
        total, which = _declared_share(ctx.ingredients, lambda i: any(s in ANIMAL_SOURCES for s in i.sources))
        limit = thresholds()["plant_meat"]["non_plant_share_max"]
        if total > limit:
            yield self.finding(f"标示的非植物性配料合计{total:g}%，超过10%（{'、'.join(i.name for i in which)}）",
                               message_en=f"declared non-plant ingredients total {total:g} % (> 10 %)",
                               evidence=_ing_evidence(ctx, which[0]))


def moisture_class(ctx: Context) -> str | None:
    m = _per100(ctx, "moisture")
    if m is None:
        return subclass_of(ctx.classification).get("moisture")    # 产品类型：干制品 / 水分≤12% as declared
    t = thresholds()["plant_meat"]
    return "dry" if m <= t["moisture_dry_max"] else ("wet" if m >= t["moisture_wet_min"] else "semi")


@register
class PlantProteinMinimum(Rule):
    """A plant-based meat declares less protein than its moisture class requires.

    Why: T/CHC 植物基食品 第3部分 (draft) 4 and 6.3 表2: 干制品 (水分 ≤ 13 %) 蛋白质 ≥ 13.0 g/100 g;
    半湿制品 and 湿制品 ≥ 8.0. Without a declared moisture the lower figure is used. A warning (draft).
    Fails: 植物肉牛肉饼 with 蛋白质 6.5 g/100 g
    Passes: 植物肉牛肉饼 with 蛋白质 16.8 g/100 g
    """
    id, severity, standard, clause = "LC413", "warning", "chc-pbf-3", "6.3"
    classes = frozenset({"plant_meat"})

    def check(self, ctx: Context) -> Iterator[Finding]:
        protein = _per100(ctx, "protein")
        if protein is None:
            return
        t = thresholds()["plant_meat"]
        mc = moisture_class(ctx)
        need = t["protein_min_dry"] if mc == "dry" else t["protein_min_other"]
        label = {"dry": "干制品", "semi": "半湿制品", "wet": "湿制品", None: "（未标示水分，按半湿/湿制品）"}[mc]
        if protein < need - 1e-9:
            yield self.finding(f"植物基肉制品{label}蛋白质{protein:.1f} g/100 g，低于≥{need:.1f} g/100 g",
                               message_en=f"protein {protein:.1f} g/100 g below {need:.1f}", evidence=_row_evidence(ctx, "protein"))


@register
class PlantFatMaximum(Rule):
    """A plant-based meat declares more than 25.0 g fat per 100 g.

    Why: T/CHC 植物基食品 第3部分 (draft) 6.3 表2: 脂肪 ≤ 25.0 g/100 g for every moisture class. A warning (draft).
    Fails: 植物肉香肠 with 脂肪 28.0 g/100 g
    Passes: 植物肉香肠 with 脂肪 17.6 g/100 g
    """
    id, severity, standard, clause = "LC414", "warning", "chc-pbf-3", "6.3"
    classes = frozenset({"plant_meat"})

    def check(self, ctx: Context) -> Iterator[Finding]:
        yield from _outside_limit(self, ctx, "fat", thresholds()["plant_meat"]["fat_max"], "max", "植物基肉制品")


# ---- dairy_meat ---------------------------------------------------------------------------------

@register
class DairyNonDairyAnimalProtein(Rule):
    """A dairy-based protein meat lists a non-dairy animal protein (meat, egg, gelatine, collagen…).

    Why: T/CEAC 123—2025 4.1 "蛋白质应来源于乳基原料，不得添加非乳基动物来源的蛋白质".
    Fails: 乳基蛋白香肠 with 鸡蛋清 in the ingredients
    Passes: 乳基蛋白香肠 with 酪蛋白, 浓缩乳蛋白
    """
    id, severity, standard, clause = "LC421", "error", "ceac-123", "4.1"
    classes = frozenset({"dairy_meat"})

    def check(self, ctx: Context) -> Iterator[Finding]:
        for item in _walk(ctx.ingredients):
            if any(s in NON_DAIRY_ANIMAL_PROTEIN for s in item.sources):
                yield self.finding(f"乳基蛋白肉制品配料中含有非乳基动物来源的蛋白质：{item.name}",
                                   message_en=f"non-dairy animal protein in a dairy-based meat: {item.name}",
                                   evidence=_ing_evidence(ctx, item))


@register
class DairyPlantProtein(Rule):
    """A dairy-based protein meat lists a plant protein ingredient.

    Why: T/CEAC 123—2025 4.1 "蛋白质应来源于乳基原料" — a plant protein ingredient suggests protein
    from another source; suggestive, not certain (it may be a minor texturiser), so a warning.
    Fails: 乳基蛋白肉丸 with 大豆分离蛋白
    Passes: 乳基蛋白肉丸 with 大豆油 (an oil, not protein)
    """
    id, severity, standard, clause = "LC422", "warning", "ceac-123", "4.1"
    classes = frozenset({"dairy_meat"})

    def check(self, ctx: Context) -> Iterator[Finding]:
        for item in _walk(ctx.ingredients):
            if any(s in ("soy_protein", "plant_protein") for s in item.sources) and "dairy_protein" not in item.sources:
                yield self.finding(f"乳基蛋白肉制品配料中含有植物蛋白原料：{item.name}（蛋白质应来源于乳基原料）",
                                   message_en=f"plant protein ingredient in a dairy-based meat: {item.name}",
                                   evidence=_ing_evidence(ctx, item))


@register
class DairyNonDairyShare(Rule):
    """Declared non-dairy ingredients (other than water and salt) exceed 40 % of a dairy-based protein meat.

    Why: T/CEAC 123—2025 4.3 "除水和食用盐外，其他非乳基配料的总添加量或投料量的质量分数不应超过终产品总质量的40%".
    Checked only when the label declares percentages.
    Fails: 乳基蛋白牛排 with 马铃薯淀粉 (30%) and 大豆油 (15%)
    Passes: 乳基蛋白牛排 with 马铃薯淀粉 (10%)
    """
    id, severity, standard, clause = "LC423", "error", "ceac-123", "4.3"
    classes = frozenset({"dairy_meat"})

    def check(self, ctx: Context) -> Iterator[Finding]:
        total, which = _declared_share(ctx.ingredients, lambda i: not ({"dairy_protein", "dairy_other"} & set(i.sources)))
        limit = thresholds()["dairy_meat"]["non_dairy_share_max"]
        if total > limit:
            yield self.finding(f"标示的非乳基配料合计{total:g}%，超过40%（{'、'.join(i.name for i in which)}）",
                               message_en=f"declared non-dairy ingredients total {total:g} % (> 40 %)",
                               evidence=_ing_evidence(ctx, which[0]))


@register
class DairyProteinMinimum(Rule):
    """A dairy-based protein meat declares less than 25 g protein per 100 g.

    Why: T/CEAC 123—2025 5.3 表2: 蛋白质 ≥ 25 g/100 g.
    Fails: 乳基蛋白香肠 with 蛋白质 18.0 g/100 g
    Passes: 乳基蛋白香肠 with 蛋白质 27.5 g/100 g
    """
    id, severity, standard, clause = "LC424", "error", "ceac-123", "5.3"
    classes = frozenset({"dairy_meat"})

    def check(self, ctx: Context) -> Iterator[Finding]:
        yield from _outside_limit(self, ctx, "protein", thresholds()["dairy_meat"]["protein_min"], "min", "乳基蛋白肉制品")


@register
class DairyFatMaximum(Rule):
    """A dairy-based protein meat declares more than 6 g fat per 100 g.

    Why: T/CEAC 123—2025 5.3 表2: 脂肪 ≤ 6 g/100 g.
    Fails: 乳基蛋白培根 with 脂肪 9.0 g/100 g
    Passes: 乳基蛋白培根 with 脂肪 5.5 g/100 g
    """
    id, severity, standard, clause = "LC425", "error", "ceac-123", "5.3"
    classes = frozenset({"dairy_meat"})

    def check(self, ctx: Context) -> Iterator[Finding]:
        yield from _outside_limit(self, ctx, "fat", thresholds()["dairy_meat"]["fat_max"], "max", "乳基蛋白肉制品")


# ---- plant_milk_powder ---------------------------------------------------------------------------

def _powder_is_modified(ctx: Context) -> bool:
    if ctx.name and any(m.term.startswith("调制") for m in ctx.name.matches("plant_milk_powder_name")):
        return True
    if ctx.name and ctx.name.matches("plant_milk_powder_name"):
        return bool(ctx.milk_powder_modified())
    modified = ctx.milk_powder_modified()
    return True if modified is None else modified


def _moisture(ctx: Context) -> tuple[float, bool]:
    m = _per100(ctx, "moisture")
    return (m, True) if m is not None else (thresholds()["plant_milk_powder"]["assumed_moisture"], False)


@register
class PowderProteinDryBasis(Rule):
    """A plant-based milk powder declares less protein (dry basis) than the draft requires.

    Why: T/CHC 植物基食品 第1部分 explanatory notes §三(五)3: 蛋白质（以干基计）≥ 18.0 for 植物基奶粉,
    ≥ 15.0 for 调制植物基奶粉. Dry basis = declared / (1 − moisture); moisture 5 % when not declared.
    A draft standard, so a warning.
    Fails: 燕麦奶粉 with sugar added and 蛋白质 9.0 g/100 g (9.5 dry)
    Passes: 调制植物基奶粉 with 蛋白质 16.0 g/100 g (16.8 dry)
    """
    id, severity, standard, clause = "LC431", "warning", "chc-pbf-1", "三(五)3"
    classes = frozenset({"plant_milk_powder"})

    def check(self, ctx: Context) -> Iterator[Finding]:
        protein = _per100(ctx, "protein")
        if protein is None:
            return
        t = thresholds()["plant_milk_powder"]
        modified = _powder_is_modified(ctx)
        need = t["protein_min_dry_modified"] if modified else t["protein_min_dry_plain"]
        moisture, declared = _moisture(ctx)
        dry = protein / (1 - moisture / 100.0) if moisture < 100 else protein
        if dry < need - 1e-9:
            kind = "调制植物基奶粉" if modified else "植物基奶粉"
            basis = f"水分{moisture:g}%" + ("" if declared else "（未标示，按5%计）")
            yield self.finding(f"{kind}蛋白质（以干基计）{dry:.1f} g/100 g（标示{protein:g} g，{basis}），低于≥{need:.1f}",
                               message_en=f"protein {dry:.1f} g/100 g dry basis below {need:.1f}",
                               evidence=_row_evidence(ctx, "protein"))


@register
class PowderFatMinimum(Rule):
    """A 植物基奶粉 (nothing added) declares less than 8.0 g fat per 100 g.

    Why: T/CHC 植物基食品 第1部分 explanatory notes §三(五)3: 脂肪 ≥ 8.0 for 植物基奶粉; 调制植物基奶粉 has
    no fat limit. A draft standard, so a warning.
    Fails: 植物基奶粉 of soybeans only with 脂肪 5.0 g/100 g
    Passes: 植物基奶粉 with 脂肪 12.0 g/100 g; 调制植物基奶粉 with 脂肪 3.0 g/100 g
    """
    id, severity, standard, clause = "LC432", "warning", "chc-pbf-1", "三(五)3"
    classes = frozenset({"plant_milk_powder"})

    def check(self, ctx: Context) -> Iterator[Finding]:
        if not _powder_is_modified(ctx):
            yield from _outside_limit(self, ctx, "fat", thresholds()["plant_milk_powder"]["fat_min_plain"], "min", "植物基奶粉")


@register
class PowderMoistureMaximum(Rule):
    """A 植物基奶粉 (nothing added) declares more than 5.0 % moisture.

    Why: T/CHC 植物基食品 第1部分 explanatory notes §三(五)3: 水分 ≤ 5.0 for 植物基奶粉; not limited for
    调制植物基奶粉. A draft standard, so a warning.
    Fails: 植物基奶粉 with 水分 6.5 g/100 g
    Passes: 植物基奶粉 with 水分 4.0 g/100 g
    """
    id, severity, standard, clause = "LC433", "warning", "chc-pbf-1", "三(五)3"
    classes = frozenset({"plant_milk_powder"})

    def check(self, ctx: Context) -> Iterator[Finding]:
        if not _powder_is_modified(ctx):
            yield from _outside_limit(self, ctx, "moisture", thresholds()["plant_milk_powder"]["moisture_max_plain"], "max", "植物基奶粉")