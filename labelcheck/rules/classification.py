"""Which product this is, and whether the declared standard fits it (records: rules/records/classification.toml).
Class names, standards and protein sources come from the class table (lexicons/classes.toml)."""
from __future__ import annotations

from typing import Iterator

from ..classes import spec
from ..context import Context, names_analogue
from ..extract.ingredients import holds_source
from ..models import Finding
from .base import procedure
from .records import RuleRecord


@procedure("LC001")
def product_class_info(ctx: Context, rule: RuleRecord) -> Iterator[Finding]:
    c = ctx.classification
    cls = spec(c.product_class)
    evidence = f"：{c.evidence}" if c.evidence and c.basis not in ("none", "user") else ""
    yield rule.finding(ctx, class_zh=cls.zh, product_class=c.product_class, basis=c.basis,
                       basis_zh=rule.params["basis_zh"][c.basis], evidence_text=evidence,
                       standard=cls.standard or rule.standard)


def _declared(ctx: Context) -> tuple[str, str] | None:
    """(class, standard) the label's declared product standard points to."""
    cls = ctx.classification.declared
    return (cls, spec(cls).standard) if cls else None


def _standard_evidence(ctx: Context):
    fv = ctx.field("standard")
    return ctx.evidence_layout(fv.start, fv.end) if fv else None


def _has_source(ctx: Context, source: str) -> bool:
    return any(holds_source(i, source) for i in ctx.ingredients)


@procedure("LC002")
def declared_standard_without_its_protein(ctx: Context, rule: RuleRecord) -> Iterator[Finding]:
    declared = _declared(ctx)
    if not declared or not ctx.ingredients:
        return
    cls, std = declared
    need = spec(cls).protein_source
    ing_class = ctx.classification.ingredient_class
    if _has_source(ctx, need) or (ing_class and ing_class != cls):
        return   # LC003 speaks when the ingredients point to another class
    yield rule.finding(ctx, declared=ctx.classification.declared_text or std, source_zh=spec(cls).protein_source_zh, source=need.replace("_", " "),
                       standard=std, evidence=_standard_evidence(ctx))


@procedure("LC003")
def declared_standard_of_another_class(ctx: Context, rule: RuleRecord) -> Iterator[Finding]:
    declared = _declared(ctx)
    ing_class = ctx.classification.ingredient_class
    if not declared or not ing_class or ing_class == declared[0]:
        return
    cls, std = declared
    need = spec(cls).protein_source
    if any(holds_source(i, need) for i in ctx.ingredients[:rule.params["main_ingredients"]]):
        return   # the declared protein is among the main ingredients (or a compound's): a blend, not another class
    if any(any(need in c.sources for c in i.children) and names_analogue(i.name) for i in ctx.ingredients):
        return   # a dish made with the analogue as a compound ingredient (披萨: 奶酪… 植物肉（大豆组织蛋白…）): that is its class
    shown = spec(ing_class)
    # the code as the label prints it (T/CEAC 123—2025), not the standard's id
    yield rule.finding(ctx, declared=ctx.classification.declared_text or std, declared_class=cls, declared_zh=spec(cls).zh, shown_class=ing_class,
                       shown_zh=shown.zh, shown_source_zh=shown.protein_source_zh or ing_class,
                       standard=std, evidence=_standard_evidence(ctx))


@procedure("LC009")
def excerpt_not_checked(ctx: Context, rule: RuleRecord) -> Iterator[Finding]:
    if not ctx.is_complete_label:
        yield rule.finding(ctx, n=ctx.labelled_items)


@procedure("LC017")
def analogue_in_dish(ctx: Context, rule: RuleRecord) -> Iterator[Finding]:
    ingredient = ctx.analogue_in_dish
    if ingredient:
        std = rule.params["standards"][0 if ctx.classification.product_class == "dairy_meat" else 1]
        dish = ctx.name.matches("dish")[-1].term
        yield rule.finding(ctx, ingredient=ingredient, dish=dish, standard=std)


@procedure("LC018")
def assortment(ctx: Context, rule: RuleRecord) -> Iterator[Finding]:
    if ctx.assortment:
        yield rule.finding(ctx, count=ctx.assortment)


@procedure("LC016")
def bulk_food(ctx: Context, rule: RuleRecord) -> Iterator[Finding]:
    if ctx.is_bulk:
        heads = rule.params["headings"]
        said = next((h for h in heads if h in (ctx.layout.text if ctx.layout else "")), heads[0])
        yield from rule.by_edition(ctx, value=said)
