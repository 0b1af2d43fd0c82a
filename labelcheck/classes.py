"""Product classes: the one table (lexicons/classes.toml) of what each class's cues, standards,
required items, composition thresholds and name templates are. Everything that needs class
knowledge reads it here; nothing else spells a class's standard, words or numbers."""
from __future__ import annotations

from functools import cache

import regex
from pydantic import BaseModel, ConfigDict, Field

from .models import PRODUCT_CLASSES
from .resources import lexicon

GENERAL_STANDARDS = ("gb-7718", "gb-28050", "net-content")   # every label, whatever its class


class MinimalEdit(BaseModel):
    """Insert `insert` before the first `before` term or after the last `after` term of a name."""

    model_config = ConfigDict(extra="forbid")
    insert: str
    before: str | None = None
    after: str | None = None
    unless: list[str] = Field(default_factory=list)
    skip: list[str] = Field(default_factory=list)
    terms: list[str] | None = None


class ProductClassSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")

    key: str
    zh: str
    standard: str | None = None
    name_standards: list[str] = Field(default_factory=list)
    declared: str | None = None
    protein_source: str | None = None
    protein_source_zh: str | None = None
    cues: list[str] = Field(default_factory=list)
    required_items: str | None = None
    composition: dict[str, float] = Field(default_factory=dict)
    name_template: str | None = None
    name_anchor: list[str] = Field(default_factory=lambda: ["animal_meat"])
    name_drop: list[str] = Field(default_factory=list)
    minimal_edits: list[MinimalEdit] = Field(default_factory=list)
    # cue words that, alone in a title, give this class only on weak evidence (low class confidence)
    weak_alone: list[str] = Field(default_factory=list)
    # national standards of a neighbouring product a label of this class's names may declare instead (GB/T 18738
    # 豆奶粉): declared, they make the product that one, not this class
    other_product_standards: str | None = None
    # (other only) 产品类别 words no meat analogue is licensed under: declared, they outweigh a weak name
    declared_other_categories: list[str] = Field(default_factory=list)


@cache
def classes() -> dict[str, ProductClassSpec]:
    data = lexicon("classes")
    if set(data) != set(PRODUCT_CLASSES):
        raise ValueError(f"lexicons/classes.toml: classes {sorted(data)} are not {sorted(PRODUCT_CLASSES)}")
    return {k: ProductClassSpec.model_validate({"key": k, **v}) for k, v in data.items()}


def spec(product_class: str) -> ProductClassSpec:
    return classes()[product_class]


def class_standards() -> dict[str, str]:
    """class → the standard it brings (only classes that bring one)."""
    return {k: c.standard for k, c in classes().items() if c.standard}


def standards_for(product_class: str, *, label: bool) -> list[str]:
    """The standards a report lists: the class's own, then what a label (or a name alone) brings."""
    c = spec(product_class)
    own = [c.standard] if c.standard else []
    return own + (list(GENERAL_STANDARDS) if label else list(c.name_standards))


@cache
def declared_patterns() -> tuple[tuple[regex.Pattern[str], str, str], ...]:
    """(pattern of the product standard code, class, standard) for each class a label can declare."""
    return tuple((regex.compile(c.declared, regex.IGNORECASE), k, c.standard)
                 for k, c in classes().items() if c.declared and c.standard)


@cache
def _any_declared() -> "regex.Pattern[str]":
    return regex.compile("|".join(f"(?:{p.pattern})" for p, _, _ in declared_patterns()), regex.IGNORECASE)


def declares_standard(text: str) -> bool:
    """Does the text name a product standard that decides a class (T/CNFIA 165, T/CEAC 123)?"""
    return "/" in text and _any_declared().search(text) is not None


def by_protein_source(source: str) -> str | None:
    return next((k for k, c in classes().items() if c.protein_source == source), None)


CLASS_STANDARD = class_standards()
