"""classify: which product this is (RULES.md §1), the evidence used, and the standards that apply."""
from __future__ import annotations

from dataclasses import dataclass, field

import regex

from .extract.ingredients import first_protein_source
from .extract.name import NameInfo
from .models import Ingredient

DECLARED = (
    (regex.compile(r"T\s*/\s*CNFIA\s*165", regex.IGNORECASE), "soy_meat", "cnfia-165"),
    (regex.compile(r"T\s*/\s*CEAC\s*123", regex.IGNORECASE), "dairy_meat", "ceac-123"),
)
from .classes import CLASS_STANDARD  # noqa: E402,F401  (the class table, lexicons/classes.toml)
SOURCE_CLASS = {"soy_protein": "soy_meat", "dairy_protein": "dairy_meat", "plant_protein": "plant_meat"}


@dataclass
class Classification:
    product_class: str
    basis: str                       # declared_standard | ingredients | name | user | none
    evidence: str = ""
    declared: str | None = None      # the class a declared standard points to
    declared_text: str | None = None
    ingredient_class: str | None = None
    imitates_meat: bool = False
    notes: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        d = {"product_class": self.product_class, "basis": self.basis, "evidence": self.evidence}
        if self.declared:
            d["declared_standard"] = self.declared_text
        if self.ingredient_class:
            d["ingredient_class"] = self.ingredient_class
        return d


def _terms(name: NameInfo | None, *cats: str):
    return name.matches(*cats) if name else []


def name_signals(name: NameInfo | None, extra: NameInfo | None = None) -> dict:
    """What the name's own words say (RULES.md §1.3), and whether it imitates meat."""
    infos = [n for n in (name, extra) if n is not None]
    present = set()
    for n in infos:
        present.update(n.ann._by_cat)
    has = lambda *c: any(x in present for x in c)  # noqa: E731
    # 蛋白肉 (protein meat) names a meat analogue as 植物肉 does: 大豆蛋白肉, 豌豆蛋白肉饼
    plant_meat = has("plant_meat", "plant_meat_equivalent")
    meat = has("animal_meat")
    qualifier = has("plant_qualifier")
    traditional = has("traditional_soy")
    sig = {
        "dairy": has("dairy_qualifier") or any(_qualifies_meat(n, "dairy_partial_name") for n in infos),
        "soy_word": has("soy_word"),
        "plant_meat": plant_meat or (qualifier and meat),
        "meat": meat,
        "traditional": traditional and not plant_meat and not meat,
        "imitates_meat": plant_meat or meat or has("dairy_qualifier") or has("plant_meat_equivalent"),
        "milk_powder": None,
    }
    for n in infos:
        pmp = _milk_powder_kind(n)
        if pmp:
            sig["milk_powder"] = pmp
    return sig


def _qualifies_meat(name: NameInfo, cat: str) -> bool:
    """A term of `cat` set straight before an animal-meat term (乳蛋白|牛排)."""
    meat_starts = {m.start for m in name.matches("animal_meat")}
    return any(m.end in meat_starts for m in name.matches(cat))


def _milk_powder_kind(name: NameInfo) -> str | None:
    """plant / standard / dairy for a name with 奶粉, or None."""
    if name.matches("plant_milk_powder_name"):
        return "plant"
    if name.matches("standard_milk_powder_name"):
        return "standard"
    powders = name.matches("milk_powder")
    if not powders:
        return None
    start = powders[0].start
    before = [m for m in name.ann.matches if m.end <= start]
    if before and before[-1].end >= start - 1 and before[-1].has("plant_qualifier", "soy_word"):
        return "plant"
    from .annotate import find_terms
    sources = [m for m in find_terms(name.text[:start], "sources") if m.end >= start - 1]
    if sources and sources[-1].has("plant_source"):
        return "plant"
    return "dairy"


def _terms_of(infos, *cats: str) -> str:
    return "、".join(dict.fromkeys(m.term for n in infos if n for m in n.matches(*cats)))


def _name_class(sig: dict, infos) -> tuple[str, str] | None:
    if sig["milk_powder"] in ("plant", "standard"):
        return "plant_milk_powder", _terms_of(infos, "plant_milk_powder_name", "standard_milk_powder_name", "milk_powder")
    if sig["dairy"]:
        return "dairy_meat", _terms_of(infos, "dairy_qualifier")
    if sig["traditional"]:
        return "traditional_soy", _terms_of(infos, "traditional_soy")
    if sig["soy_word"] and sig["plant_meat"]:
        return "soy_meat", _terms_of(infos, "soy_word", "plant_meat", "plant_qualifier")
    if sig["plant_meat"]:
        return "plant_meat", _terms_of(infos, "plant_meat", "plant_qualifier", "animal_meat")
    return None


def classify(name: NameInfo | None, category: NameInfo | None, standard_text: str,
             ingredients: list[Ingredient], forced: str | None = None) -> Classification:
    sig = name_signals(name, category)
    ing = first_protein_source(ingredients) if ingredients else None
    ing_class = None
    if ing:
        ing_class = SOURCE_CLASS.get(ing[0], "other")
    if forced:
        return Classification(forced, "user", "--class", ingredient_class=ing_class, imitates_meat=sig["imitates_meat"])
    for pattern, cls, _ in DECLARED:
        m = pattern.search(standard_text or "")
        if m:
            return Classification(cls, "declared_standard", m.group(0), declared=cls, declared_text=m.group(0),
                                  ingredient_class=ing_class, imitates_meat=sig["imitates_meat"])
    if sig["traditional"]:
        return Classification("traditional_soy", "name", _terms_of((name, category), "traditional_soy"), ingredient_class=ing_class)
    if sig["milk_powder"]:
        kind = sig["milk_powder"]
        has_dairy = any("dairy_protein" in i.sources or any("dairy_protein" in c.sources for c in i.children)
                        for i in ingredients)
        plant_only = bool(ingredients) and not has_dairy
        if kind == "dairy" and not plant_only:
            return Classification("other", "name", _terms_of((name, category), "milk_powder"), ingredient_class=ing_class)
        if kind == "plant" and has_dairy:
            return Classification("other", "ingredients", "配料含乳", ingredient_class=ing_class)
        return Classification("plant_milk_powder", "ingredients" if ingredients else "name",
                              "配料均为植物原料" if ingredients else _terms_of((name, category), "plant_milk_powder_name", "standard_milk_powder_name", "milk_powder"),
                              ingredient_class=ing_class)
    if ing and sig["imitates_meat"]:
        cls = ing_class
        if cls == "other" and (sig["plant_meat"] or sig["dairy"]):
            cls = "dairy_meat" if sig["dairy"] else "plant_meat"
        return Classification(cls, "ingredients", ing[1].name, ingredient_class=ing_class, imitates_meat=True)
    by_name = _name_class(sig, (name, category))
    if by_name:
        return Classification(by_name[0], "name", by_name[1], ingredient_class=ing_class, imitates_meat=sig["imitates_meat"])
    return Classification("other", "none", "", ingredient_class=ing_class, imitates_meat=sig["imitates_meat"])
