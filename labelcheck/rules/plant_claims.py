"""Claims that a food holds nothing of animals (不含动物成分, 100%植物蛋白, 纯植物) on a label whose own ingredient list
names an animal ingredient: GB 7718-2011 3.4 (真实、准确), GB 7718-2025 4.4.2.1 (无/不含 only where the content is 0).
The claim's words are data (lexicons/claims.toml [plant_only]); the animal sources are the ingredient reader's."""
from __future__ import annotations

from functools import cache
from typing import Iterator

import regex

from ..context import Context
from ..models import Finding, Ingredient
from ..resources import lexicon
from .base import procedure
from .records import RuleRecord


@cache
def _claim() -> "regex.Pattern[str]":
    return regex.compile(lexicon("claims")["plant_only"]["pattern"])


def _animal(items: list[Ingredient], sources: frozenset[str]) -> Ingredient | None:
    """The first ingredient (or part of one) made of an animal; flavours (牛肉味香精) are no animal source."""
    for item in items:
        if sources.intersection(item.sources):
            return item
        part = _animal(item.children, sources)
        if part is not None:
            return part
    return None


@procedure("LC743")
def plant_only_claim_contradicted(ctx: Context, rule: RuleRecord) -> Iterator[Finding]:
    if not ctx.ingredients or ctx.layout is None:
        return
    animal = _animal(ctx.ingredients, frozenset(rule.params["animal_sources"]))
    if animal is None:
        return
    listed = ctx.ingredients_field
    for m in _claim().finditer(ctx.layout.text):
        if listed is not None and listed.start <= m.start() < listed.end:
            continue                 # the list itself (大豆分离蛋白（不含动物成分）) is no claim on the food
        yield from rule.by_edition(ctx, value=m.group(0), item=animal.name,
                                   evidence=ctx.evidence_layout(m.start(), m.end()))
        return
