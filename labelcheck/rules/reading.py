"""What reading the label found that a person should know: numbers that could not be read, an imported
food recognised, a class that rests on weak evidence, a plant-meat brand whose name does not say so.
Records: rules/records/reading.toml."""
from __future__ import annotations

from typing import Iterator

from ..context import Context
from ..models import Finding
from ..extract.nutrition import row_name_zh
from .base import procedure
from .records import RuleRecord

@procedure("LC010")
def unreadable_number(ctx: Context, rule: RuleRecord) -> Iterator[Finding]:
    t = ctx.nutrition
    if not t:
        return
    for key, raw in t.unreadable.items():
        yield from rule.by_edition(ctx, row=row_name_zh(key), key=key, raw=raw, evidence=ctx.evidence_found(raw, t.start))
    if ctx.doc is not None and ctx.doc.photo is not None:
        return              # a photo's letters for digits are the OCR's, which the photo step weighs
    for key, row in t.rows.items():
        if row.letters_read:
            # label copy a designer will print: 8l8 kJ is a typo the pack would carry, read here as 818
            ev = ctx.evidence_layout(row.start, row.end)
            yield from rule.by_edition(ctx, variant="letters", row=row_name_zh(key), key=key,
                                       raw=" ".join(ev.text.split()), value=row.value, evidence=ev)


@procedure("LC011")
def imported_food(ctx: Context, rule: RuleRecord) -> Iterator[Finding]:
    c = ctx.classification
    if ctx.is_label and c.imported:
        yield from rule.by_edition(ctx, evidence_zh="；".join(c.import_evidence[:4]), evidence_en="; ".join(c.import_evidence[:4]))


@procedure("LC012")
def low_class_confidence(ctx: Context, rule: RuleRecord) -> Iterator[Finding]:
    c = ctx.classification
    if c.confidence == "low":
        yield rule.finding(ctx, why_zh=c.confidence_evidence, evidence=ctx.evidence_name())


@procedure("LC015")
def plant_brand_name_says_meat(ctx: Context, rule: RuleRecord) -> Iterator[Finding]:
    n = ctx.name
    if not n or ctx.product_class != "other" or ctx.classification.basis not in ("name", "none"):
        return
    brands = [b.text for b in n.brands if b.plant_based]
    if brands and n.matches("animal_meat"):
        yield from rule.by_edition(ctx, brands="、".join(brands), evidence=ctx.evidence_name())
