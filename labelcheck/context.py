"""What every rule can read: the document, its shadows, annotations, extracted fields and class."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from .annotate import Annotation
from .classify import Classification
from .extract.fields import FieldValue
from .extract.name import NameInfo
from .lazy import cached_attribute
from .models import Evidence, Ingredient, LabelDocument, NutritionTable, Span
from .normalize import Shadow
from .resources import lexicon, thresholds
from .rules.records import new_editions_date  # noqa: F401  (rules.records imports no context: no circle)


@dataclass
class Context:
    kind: str                                   # "label" | "name" | "title"
    as_of: dt.date
    name: NameInfo | None
    classification: Classification
    doc: LabelDocument | None = None
    text: Shadow | None = None                  # compact shadow of the label text
    layout: Shadow | None = None                # layout shadow (fields, tables)
    ann: Annotation | None = None
    fields: dict[str, list[FieldValue]] = field(default_factory=dict)
    ingredients: list[Ingredient] = field(default_factory=list)
    ingredients_field: FieldValue | None = None
    nutrition: NutritionTable | None = None
    hints: dict = field(default_factory=dict)     # e.g. {"modified": True} for a re-checked suggestion
    edition_date: dt.date | None = None          # the date whose edition governs, where not the check date's (made then)

    def milk_powder_modified(self) -> bool | None:
        """调制: ingredients beyond the plant raw materials and their protein and fat (sugar, additives, fortificants…)."""
        if "modified" in self.hints:
            return self.hints["modified"]
        if not self.ingredients:
            return True if self.name is not None and added_in_name(self.name.text) else None
        # plant protein and plant fat are the powder's own sources (chc-pbf-1: 蛋白质、脂肪等来源); anything else is added
        return any(not ({"plant_protein", "soy_protein", "plant_fat"} & set(i.sources)) for i in self.ingredients)

    @property
    def product_class(self) -> str:
        return self.classification.product_class

    @property
    def is_label(self) -> bool:
        return self.kind == "label"

    @property
    def spans(self) -> list[Span]:
        return self.doc.spans if self.doc else []

    @cached_attribute
    def edition(self) -> str:
        """The GB 7718 / GB 28050 edition in force on the check date (or on `edition_date`: the production date of a
        label judged by the edition it was made under)."""
        return "2025" if (self.edition_date or self.as_of) >= new_editions_date() else "2011"

    @cached_attribute
    def is_complete_label(self) -> bool:
        """A label that presents itself as the whole pack copy, not an excerpt: enough labelled items
        (thresholds.toml [labels]; the name counts).

        Mandatory-item rules run only on these, so that a pasted ingredient list or nutrition table
        is not told it lacks a licence number.
        """
        if self.labelled_items >= thresholds()["labels"]["complete_items"]:
            return True
        # a document that gives its package's surface is a whole pack, however few items its small print labels (a
        # sachet prints its producer and address without 生产者：)
        # (the designer's own figure: one read off an artwork's page says nothing of whether the page is all the pack)
        package = self.doc.package if self.doc is not None else None
        return bool(package and package.largest_surface_cm2 and not package.surface_source) and self.labelled_items >= 2

    @cached_attribute
    def is_listing(self) -> bool:
        """A shop listing's parameter block (lexicons/fields.toml [listing_block]), not the pack's own label: a
        heading that says so at a line start, or enough listing-only fields (品牌, 系列, 包装方式 …)."""
        spec = lexicon("fields")["listing_block"]
        if sum(1 for k in spec["keys"] if self.fields.get(k)) >= spec["min_keys"]:
            return True
        return self._headed_by(spec["headings"])

    @cached_attribute
    def is_bulk(self) -> bool:
        """A bulk food's or a made-on-site food's sign (lexicons/fields.toml [bulk_block]): a heading at a line start."""
        return self._headed_by(lexicon("fields")["bulk_block"]["headings"])

    @cached_attribute
    def analogue_in_dish(self) -> str:
        """The compound ingredient that is the analogue, where the product is a dish made with it (植物肉意式香肠片［…］
        in a 披萨, 乳基蛋白叉烧馅［…］ in a 叉烧包): the name ends in a dish word, and the list names the analogue as a
        compound ingredient with its own parts. "" otherwise — and for soy, whose standard covers its 制品 (cnfia-165
        3.2, 5.3)."""
        if not self.is_label or self.name is None or self.classification.product_class not in ("plant_meat",
                                                                                                "dairy_meat"):
            return ""
        dishes = self.name.matches("dish")
        if not dishes or any(m.start >= dishes[-1].end for m in self.name.matches("animal_meat")):
            return ""
        return next((i.name for i in self.ingredients if i.children and names_analogue(i.name)), "")

    @cached_attribute
    def assortment(self) -> int:
        """How many foods a gift box or assortment label describes, each with its own ingredient list and nutrition
        table (【燕麦饮】 配料：… 营养成分表 … 【大豆植物肉鸡胸块】 配料：… 营养成分表 …); 0 for one food. Only the first
        list and table are read as the product's, so what is read is not the product's own."""
        if not self.is_label or self.layout is None:
            return 0
        spec = lexicon("fields")["assortment"]
        foods = min(self._lines_headed(spec["list_heads"]), self._lines_headed(spec["table_heads"]))
        return foods if foods >= 2 else 0

    def _headed_by(self, headings: list[str]) -> bool:
        """One of these headings at the start of a line of the label's first 80 (after an opening bracket)."""
        return self._lines_headed(headings, first=80) > 0

    def _lines_headed(self, headings: list[str], first: int | None = None) -> int:
        """How many of the label's lines (of its first `first`) start with one of these, after an opening bracket."""
        text = self.layout.text if self.layout else ""
        heads = tuple(headings)
        return sum(1 for line in text.splitlines()[:first] if line.lstrip(" \t【[〔「").startswith(heads))

    @cached_attribute
    def labelled_items(self) -> int:
        """Labelled fields with a value, the displayed name counting as one."""
        keys = {k for k, v in self.fields.items() if k not in ("nutrition", "statement") and any(f.value for f in v)}
        if self.name is not None:
            keys.add("name")
        return len(keys)

    def field(self, key: str) -> FieldValue | None:
        vals = self.fields.get(key)
        return vals[0] if vals else None

    def field_text(self, key: str) -> str:
        fv = self.field(key)
        return fv.value if fv else ""

    # -- evidence: always offsets into the ORIGINAL string ---------------------------------
    def evidence_layout(self, start: int, end: int) -> Evidence:
        s, e = self.layout.orig_span(start, end)
        return Evidence(text=self.layout.original[s:e], start=s, end=e, source="text")

    def evidence_found(self, printed: str, after: int = 0) -> Evidence | None:
        """Where the layout shows `printed` (a table row kept as it reads), searching from `after`; None if nowhere."""
        if self.layout is None:
            return None
        pos = self.layout.text.find(printed, after)
        return self.evidence_layout(pos, pos + len(printed)) if pos >= 0 else None

    def evidence_text(self, start: int, end: int) -> Evidence:
        s, e = self.text.orig_span(start, end)
        return Evidence(text=self.text.original[s:e], start=s, end=e, source="text")

    def evidence_name(self, start: int | None = None, end: int | None = None) -> Evidence | None:
        n = self.name
        if n is None:
            return None
        if start is None:
            start, end = n.core or (0, len(n.text))
        s, e = n.shadow.orig_span(start, end)
        return Evidence(text=n.original[s:e], start=n.base + s, end=n.base + e, source=n.source, spans=n.spans)


def added_in_name(name: str) -> list[str]:
    """What a powder's name says was added to the plant material (加钙, 高钙, 香草味), leaving out what it denies
    (无添加, 不加糖)."""
    added = lexicon("sources")["added_in_name"]
    found = []
    for word in added["terms"]:
        at = name.find(word)
        while at >= 0:
            if name[max(0, at - 1):at] not in added["negations"]:
                found.append(word)
                break
            at = name.find(word, at + 1)
    return found


def names_analogue(name: str) -> bool:
    """Does an ingredient's name name a meat analogue (植物肉意式香肠片, 乳基蛋白叉烧馅)?"""
    from .annotate import find_terms
    from .normalize import normalize
    return any(m.has("plant_meat", "plant_meat_equivalent", "dairy_qualifier") for m in find_terms(normalize(name).text))
