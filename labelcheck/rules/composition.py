"""Composition and nutrition thresholds of the seed standards, from what the label declares
(records: rules/records/composition.toml; the numbers: each class's `composition` in lexicons/classes.toml)."""
from __future__ import annotations

from functools import cache
from typing import Iterator

import regex

from ..classify import subclass_of
from ..context import Context
from ..extract.name import TRAILING_NOTES
from ..models import Finding, Ingredient
from ..resources import lexicon
from .base import procedure
from .engine import nutrient_limit
from .records import RuleRecord

@cache
def water_or_salt() -> frozenset[str]:
    """The ingredient names that are water or salt (lexicons/ingredients.toml [water_salt])."""
    return frozenset(lexicon("ingredients")["water_salt"]["names"])
_EPS = 1e-9


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


# ---- soy_meat ---------------------------------------------------------------------------------

@procedure("LC401")
def soy_protein_minimum(ctx: Context, rule: RuleRecord) -> Iterator[Finding]:
    protein = _per100(ctx, "protein")
    if protein is None:
        return
    p = rule.params
    is_product = bool(ctx.name and ctx.name.matches(*p["product_cues"]))
    if not is_product and ctx.name:
        # a bun or a bowl named by its end (大豆植物肉包), or a 产品类别 that says 大豆植物肉制品 (3.2)
        core = TRAILING_NOTES.sub("", ctx.name.core_text())
        category = ctx.field("category")
        is_product = core.endswith(tuple(p["product_name_endings"])) or bool(
            category and any(w in category.value for w in p["product_category_words"]))
    need = p["min_products"] if is_product else p["min"]
    if protein < need - _EPS:
        yield rule.finding(ctx, variant="products" if is_product else None, value=protein, need=need,
                           evidence=_row_evidence(ctx, "protein"))


# a degree sign, or a bare C straight after the digits (-12C以下, and OCR's -12 C for ℃)
_DEGREE = r"(?:℃|°C|°|度|(?<=\d)\s?C(?![A-Za-z]))"
_RANGE = regex.compile(r"(?P<a>-?\d+(?:\.\d+)?)\s*" + _DEGREE + r"?\s*(?:~|至|到|-|—)\s*(?P<b>-?\d+(?:\.\d+)?)\s*" + _DEGREE)
# (一 before the digits is a minus sign OCR or a typist read as the character for one: 一18℃以下冷冻)
_SINGLE = regex.compile(r"(?P<le>≤|<=|<|不高于|不超过|低于)?\s*(?P<neg>零下|-|一(?=\s*\d))?\s*(?P<v>\d+(?:\.\d+)?)\s*" + _DEGREE + r"\s*(?P<below>以下|及以下|以内)?")


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


# a statement of two ways to store (-18℃以下冷冻保存，解冻后0-4℃冷藏; 0-4℃冷藏或-18℃冷冻): each clause holds one
# temperature and its own word (or 或 in "-18℃或以下" joins no two ways)
_CLAUSE = regex.compile(r"[，,；;。]|或(?!以下|以上|更低|更高)|(?=解冻后|开封后|开袋后|如需)")


@procedure("LC402")
def soy_storage_temperature(ctx: Context, rule: RuleRecord) -> Iterator[Finding]:
    fv = ctx.field("storage")
    if not fv:
        return
    t = rule.params
    value = fv.value
    says_frozen = any(w in value for w in t["frozen_words"])
    says_chilled = any(w in value for w in t["chilled_words"])
    ev = ctx.evidence_layout(fv.start, fv.end)
    for clause in _CLAUSE.split(value):
        if any(w in clause for w in t["other_stage_words"]):
            continue        # 家用冰箱冷冻室（-12℃以下）可保存1个月, 运输温度: a consumer's freezer or the truck, not 8.3's store
        lo, hi = storage_bounds(clause)
        if lo is None and hi is None:
            continue
        # the clause's own word; without one, the statement's only word, else the temperature itself
        own_frozen = any(w in clause for w in t["frozen_words"])
        own_chilled = any(w in clause for w in t["chilled_words"])
        if not (own_frozen or own_chilled):
            own_frozen = says_frozen and not says_chilled or (says_frozen == says_chilled and hi is not None and hi < -5)
            own_chilled = says_chilled and not says_frozen
        # below -5 ℃ is a freezer's, whatever word (-18°C或以下冷藏)
        frozen = own_frozen or (hi is not None and hi < -5)
        chilled = not frozen and (own_chilled or (hi is not None and hi <= t["chilled_max"] + 10))
        if frozen and own_frozen and hi is not None and hi > 0:
            continue        # 18℃以下冷冻: no freezer runs above 0 ℃ — a minus sign lost to the scan, not a temperature to judge
        if frozen and hi is not None and hi > t["frozen_max"]:
            yield rule.finding(ctx, variant="frozen", value=hi, evidence=ev)
            return
        if chilled and ((hi is not None and hi > t["chilled_max"]) or (lo is not None and lo < t["chilled_min"])):
            yield rule.finding(ctx, value=clause.strip(" ：:") or value, evidence=ev)
            return


# ---- plant_meat ---------------------------------------------------------------------------------

def _animal_source(ctx: Context, rule: RuleRecord) -> Iterator[Finding]:
    """Each ingredient of params `sources` once; one only named by a taste of them (鸡肉风味调味料,
    `maybe_sources`) as a warning: it may or may not hold the meat (lexicons/ingredients.toml [flavour_name])."""
    seen: set[str] = set()
    for item in _walk(ctx.ingredients):
        if item.name in seen:
            continue
        if any(s in rule.params["sources"] for s in item.sources):
            kw = {}
        elif any(s in rule.params.get("maybe_sources", ()) for s in item.sources):
            kw = {"variant": "flavour", "severity": "warning"}
        else:
            continue
        seen.add(item.name)
        seen.update(c.name for c in _walk(item.children))    # the compound said once, not each of its parts again
        yield rule.finding(ctx, item=item.name, evidence=_ing_evidence(ctx, item), **kw)


@procedure("LC411")
def plant_animal_ingredient(ctx: Context, rule: RuleRecord) -> Iterator[Finding]:
    yield from _animal_source(ctx, rule)


def _declared_share(items: list[Ingredient], counts) -> tuple[float, list[Ingredient]]:
    total, which = 0.0, []
    for item in items:
        if item.percent is not None and item.name.strip() not in water_or_salt() and counts(item):
            total += item.percent
            which.append(item)
    return total, which


@procedure("LC412")
def plant_non_plant_share(ctx: Context, rule: RuleRecord) -> Iterator[Finding]:
    total, which = _declared_share(ctx.ingredients, lambda i: any(s in rule.params["sources"] for s in i.sources))
    if total > rule.params["limit"]:
        yield rule.finding(ctx, total=total, items=[i.name for i in which], evidence=_ing_evidence(ctx, which[0]))


def moisture_class(ctx: Context, t: dict) -> str | None:
    m = _per100(ctx, "moisture")
    if m is None:
        return subclass_of(ctx.classification).get("moisture")    # 产品类型：干制品 / 水分≤12% as declared
    return "dry" if m <= t["moisture_dry_max"] else ("wet" if m >= t["moisture_wet_min"] else "semi")


@procedure("LC413")
def plant_protein_minimum(ctx: Context, rule: RuleRecord) -> Iterator[Finding]:
    protein = _per100(ctx, "protein")
    if protein is None:
        return
    t = rule.params
    mc = moisture_class(ctx, t)
    need = t["min_dry"] if mc == "dry" else t["min_other"]
    if protein < need - _EPS:
        yield rule.finding(ctx, variant=mc or "undeclared", value=protein, need=need, evidence=_row_evidence(ctx, "protein"))


# ---- dairy_meat ---------------------------------------------------------------------------------

@procedure("LC421")
def dairy_non_dairy_animal_protein(ctx: Context, rule: RuleRecord) -> Iterator[Finding]:
    yield from _animal_source(ctx, rule)


def _protein_ingredients(items: list[Ingredient], p: dict):
    """Items that are plant protein ingredients: not flours, grains, seeds, fibres (`not_sources`), and not
    the parts of a condiment (酱油（水、大豆、小麦）, `not_within`) — the 大豆 in soy sauce is no protein added."""
    for i in items:
        if any(s in p["sources"] for s in i.sources) and not set(p["not_sources"]) & set(i.sources):
            yield i
        if not set(p["not_within"]) & set(i.sources):
            yield from _protein_ingredients(i.children, p)


@procedure("LC422")
def dairy_plant_protein(ctx: Context, rule: RuleRecord) -> Iterator[Finding]:
    seen: set[str] = set()
    for item in _protein_ingredients(ctx.ingredients, rule.params):
        if item.name not in seen:
            seen.add(item.name)
            yield rule.finding(ctx, item=item.name, evidence=_ing_evidence(ctx, item))


@procedure("LC423")
def dairy_non_dairy_share(ctx: Context, rule: RuleRecord) -> Iterator[Finding]:
    dairy = set(rule.params["dairy_sources"])
    total, which = _declared_share(ctx.ingredients, lambda i: not (dairy & set(i.sources)))
    if total > rule.params["limit"]:
        yield rule.finding(ctx, total=total, items=[i.name for i in which], evidence=_ing_evidence(ctx, which[0]))


# ---- plant_milk_powder ---------------------------------------------------------------------------

def _powder_is_modified(ctx: Context) -> bool:
    if ctx.name and any(m.term.startswith("调制") for m in ctx.name.matches("plant_milk_powder_name")):
        return True
    if ctx.name and ctx.name.matches("plant_milk_powder_name"):
        return bool(ctx.milk_powder_modified())
    modified = ctx.milk_powder_modified()
    return True if modified is None else modified


def _moisture(ctx: Context, assumed: float) -> tuple[float, bool]:
    m = _per100(ctx, "moisture")
    return (m, True) if m is not None else (assumed, False)


@procedure("LC431")
def powder_protein_dry_basis(ctx: Context, rule: RuleRecord) -> Iterator[Finding]:
    protein = _per100(ctx, "protein")
    if protein is None:
        return
    t = rule.params
    modified = _powder_is_modified(ctx)
    need = t["min_modified"] if modified else t["min_plain"]
    moisture, declared = _moisture(ctx, t["assumed_moisture"])
    dry = protein / (1 - moisture / 100.0) if moisture < 100 else protein
    if dry < need - _EPS:
        variant = ("modified" if modified else "plain") + ("" if declared else "_assumed")
        yield rule.finding(ctx, variant=variant, value=dry, declared=protein, moisture=moisture, need=need,
                           evidence=_row_evidence(ctx, "protein"))


@procedure("LC432")
def powder_fat_minimum(ctx: Context, rule: RuleRecord) -> Iterator[Finding]:
    if not _powder_is_modified(ctx):
        yield from nutrient_limit(ctx, rule)


@procedure("LC433")
def powder_moisture_maximum(ctx: Context, rule: RuleRecord) -> Iterator[Finding]:
    if not _powder_is_modified(ctx):
        yield from nutrient_limit(ctx, rule)
