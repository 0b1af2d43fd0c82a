"""classify: which product this is (RULES.md §1), the evidence used, and the standards that apply."""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import Iterator

import regex

from .extract.ingredients import first_protein_source, holds_source
from .annotate import Match
from .extract.name import MADE_OF_JOINTS, NameInfo
from .extract.terms import category_words, standing_brands
from .resources import lexicon
from .wordscan import WordScanner
from .models import Ingredient
from .normalize import misspelt

from .classes import CLASS_STANDARD, by_protein_source, declared_patterns, spec  # noqa: E402,F401  (lexicons/classes.toml)


def _source_class(source: str) -> str:
    """The class a first protein source defines (classes.toml `protein_source`); animal meat, egg… → other."""
    return by_protein_source(source) or "other"


@dataclass
class Classification:
    product_class: str
    basis: str                       # declared_standard | ingredients | name | category | user | none | not_food
    evidence: str = ""
    declared: str | None = None      # the class a declared standard points to
    declared_text: str | None = None
    ingredient_class: str | None = None
    imitates_meat: bool = False
    notes: list[str] = field(default_factory=list)
    confidence: str = "high"         # "low" when the class rests on weak evidence (a title alone, one ambiguous word, a brand)
    confidence_evidence: str = ""
    imported: bool | None = None     # imported prepackaged food (extract/origin.py)
    import_evidence: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        d = {"product_class": self.product_class, "basis": self.basis, "evidence": self.evidence,
             "confidence": self.confidence}
        if self.confidence_evidence:
            d["confidence_evidence"] = self.confidence_evidence
        if self.declared:
            d["declared_standard"] = self.declared_text
        if self.ingredient_class:
            d["ingredient_class"] = self.ingredient_class
        return d


def _terms(name: NameInfo | None, *cats: str):
    return name.matches(*cats) if name else []


_POWDER_CATS = ("plant_milk_powder_name", "standard_milk_powder_name", "milk_powder")


def name_signals(name: NameInfo | None, extra: NameInfo | None = None) -> dict:
    """What the name's own words say (RULES.md §1.3), and whether it imitates meat."""
    infos = [n for n in (name, extra) if n is not None]
    if len(infos) == 1:
        present = infos[0].ann._by_cat           # the categories found (only membership is asked)
    else:
        present = set()
        for n in infos:
            present.update(n.ann._by_cat)
    # 蛋白肉 (protein meat) names a meat analogue as 植物肉 does: 大豆蛋白肉, 豌豆蛋白肉饼
    plant_meat = "plant_meat" in present or "plant_meat_equivalent" in present
    meat = "animal_meat" in present
    # …but a bare 蛋白肉 beside a real meat's name (鸡胸肉 0脂 蛋白肉 健身, 手撕牛肉 蛋白肉类) is how real meat is sold
    # to gym-goers as much as an analogue's name: no class from it (low confidence, for a person to look at)
    protein_meat_beside_meat = plant_meat and meat and all(_bare_protein_meat(n) or not n.matches(
        "plant_meat", "plant_meat_equivalent") for n in infos)
    if protein_meat_beside_meat:
        plant_meat = False
    # a named plant protein set straight before the meat word (豌豆蛋白牛肉饼): a plant meat; apart from it (牛肉丸 含豌豆蛋白)
    # it may be a real meat's filler
    plant_meat = plant_meat or ("plant_protein_name" in present and meat
                                and any(_qualifies_meat(n, "plant_protein_name") for n in infos))
    # an English-only name (PLANT-BASED BURGER PATTIES on an import list): its plant word leads into English meat words
    latin_only = "latin_plant_qualifier" in present and any(_latin_only_analogue(n) for n in infos)
    meat = meat or latin_only
    qualifier = "plant_qualifier" in present or ("latin_plant_qualifier" in present
                                                 and (latin_only or any(_latin_qualifies(n) for n in infos)))
    # a soy protein set straight before the meat word (大豆蛋白鸡块, 大豆拉丝蛋白牛排: LC102's own example) names a soy
    # analogue as 豌豆蛋白 does a plant one — but real meat with soy protein added is sold so too: low confidence
    # …and so does a bare 大豆 before a made form (大豆牛排, 黄豆鸡块), not before a cut or a dish (黄豆猪蹄, 大豆排骨汤)
    soy_protein_only = (not plant_meat and not qualifier and meat and "soy_word" in present
                        and any(_qualifies_meat(n, "soy_partial", "soy_word", apart=True)
                                or _qualifies_meat(n, "soy_word", apart=True, forms=True) for n in infos))
    plant_meat = plant_meat or soy_protein_only
    # 植物基/植物蛋白 name the plant protein; 素/仿/斋 only say vegetarian (大豆 素牛排 is a plant meat, not cnfia-165's)
    protein_qualifier = qualifier and any(m.has("plant_qualifier") and not m.has("plain_qualifier")
                                          for n in infos for m in n.matches("plant_qualifier"))
    traditional = "traditional_soy" in present
    dairy_qualifier = "dairy_qualifier" in present
    # a dairy-protein word set against a meat term, before it (乳蛋白牛排, 奶基蛋白 鸡块) or after it (鸡块 牛奶蛋白)
    # (in either order whatever the spaces: dairy makers title their analogues so — 牛奶蛋白 鸡胸肉块 — as much as real
    # meat is sold with milk protein; the class is then of low confidence, LC111 a warning and the report for review)
    dairy_tight = "dairy_partial_name" in present and any(
        _qualifies_meat(n, "dairy_partial_name") or _follows_meat(n, "dairy_partial_name")
        or _assisted_by_su(n, "dairy_partial_name") for n in infos)
    # …or elsewhere in the name (鸡块 添加牛奶蛋白): real meat with added milk protein is as likely — low confidence, no class
    dairy_loose = meat and "dairy_partial_name" in present and not dairy_tight
    # 乳基蛋白 with no meat, dish or 肉 beside it (乳基蛋白脆片, a crisp): the dairy word, but nothing imitated
    dairy_alone = dairy_qualifier and not (meat or plant_meat or "dish" in present
                                           or any("肉" in n.text for n in infos))
    sig = {
        # a dairy-protein word with a meat term, in either order and whatever noise lies between (奶基蛋白 鸡块,
        # 鸡块 牛奶蛋白): a dairy analogue by name, but only a loose one (low confidence) unless it leads the meat word
        "dairy": dairy_qualifier or dairy_tight,
        "dairy_loose": dairy_loose and not dairy_qualifier,
        "plant_brand": [b.text for n in infos for b in n.brands if b.plant_based],
        "soy_word": "soy_word" in present,
        "plant_meat": plant_meat or (qualifier and meat) or (protein_qualifier and "flavour" in present),
        "soy_analogue": plant_meat or (protein_qualifier and meat),
        # 植物基牛肉风味丸: a meat flavour under a plant-protein qualifier names the meat imitated
        "flavoured_analogue": protein_qualifier and not meat and "flavour" in present,
        "meat": meat,
        "traditional": traditional and not plant_meat and not meat,
        "imitates_meat": plant_meat or meat or (dairy_qualifier and not dairy_alone)
                         or (protein_qualifier and "flavour" in present),
        "dairy_alone": dairy_alone,
        "protein_meat_beside_meat": protein_meat_beside_meat,
        "cultured": "cultured_meat" in present and any(_cultured_said(n) for n in infos),
        # the plant word and a bare 肉 apart from it (食肉植物, 有机肥 肉骨粉 植物通用, 肉色 植物染发剂): 肉 in some other word
        # as much as a meat imitated — low confidence
        "bare_meat_apart": qualifier and meat and not plant_meat and not latin_only and all(_bare_meat_apart(n) for n in infos
                                                                         if n.matches("animal_meat")),
        # …and every plant word a tag: after the meat word (猪肉水饺 素食 家用) or inside a promotion's bracket
        # (【素食节特惠】牛肉饼) — a keyword beside real meat as much as an analogue's name, low confidence. Flavours and
        # forms between a leading qualifier and the meat (植物基黑椒牛排, 植物蛋白 嫩 鸡块) are an analogue's own naming
        "qualifier_apart": qualifier and meat and not plant_meat and not latin_only and all(_qualifiers_tagged(n) for n in infos
                                                                         if n.matches("animal_meat")),
        "soy_protein_only": soy_protein_only,
        "milk_powder": None,
    }
    # (植物基牛奶粉: the 奶粉 inside 牛奶 is read only where a plant word may make the powder plant-made — elsewhere 牛奶粉 is
    # no cue, and the name stays what the no-cue screen makes of it)
    if any(c in present for c in _POWDER_CATS) or ("plant_qualifier" in present and any(
            m.term in _animal_milk_words() for n in infos for m in n.ann.matches)):
        for n in infos:
            pmp = _milk_powder_kind(n)
            if pmp:
                sig["milk_powder"] = pmp
    return sig


def _cultured_said(name: NameInfo) -> bool:
    """A cultured-meat word not denied (植物肉汉堡饼（非细胞培养肉）, 不是培养肉: a plant meat that says what it is not)."""
    return any(not _DENIED_BEFORE.search(name.text, max(0, m.start - 3), m.start) for m in name.matches("cultured_meat"))


_DENIED_BEFORE = regex.compile(r"(?:非|不是|并非|不含|无|no |not |non-?)\s*$", regex.IGNORECASE)


BARE_MEAT = "肉"


_ANIMAL_MEAT_WORD = regex.compile(r"\p{Han}{1,2}肉")      # 猪肉, 牛肉, 鸡肉: an animal's meat named as such
_PROMO_BRACKET = regex.compile(r"[【\[〔]([^】\]〕]*)[】\]〕]")


def _qualifiers_tagged(name: NameInfo) -> bool:
    """Every plant qualifier of the name comes after its first meat word, or sits in a bracket that says more than the
    qualifier (【素食节特惠】, not 【植物基】)."""
    first_meat = min(m.start for m in name.matches("animal_meat"))
    brackets = [(b.start(), b.end()) for b in _PROMO_BRACKET.finditer(name.text)]
    # a typed space after a diet word, before an animal's meat named as such (素食 猪肉水饺): a keyword of the listing as
    # much as the name's qualifier — not before a form or dish (素食 黑椒 牛排, 纯素 鸡块: an analogue's own naming),
    # and a named plant protein across a space (植物蛋白 嫩 鸡块) still names the analogue's protein
    gaps = name.shadow.gaps
    animal_meat_named = any(_ANIMAL_MEAT_WORD.fullmatch(m.term) for m in name.matches("animal_meat"))
    for q in name.matches("plant_qualifier", "latin_plant_qualifier"):
        if q.start >= first_meat or (animal_meat_named and q.has("plain_qualifier") and q.end in gaps):
            continue
        inside = next(((a, b) for a, b in brackets if a < q.start and q.end < b), None)
        if inside is None or (inside[1] - inside[0] - 2) - (q.end - q.start) < 2:
            return False
    return True


def _bare_meat_apart(name: NameInfo) -> bool:
    """The name's only meat word is a bare 肉, and no plant qualifier stands straight before it (植物肉 would be one word)."""
    meat = name.matches("animal_meat")
    ends = {m.end for m in name.matches("plant_qualifier")}
    return all(m.term == BARE_MEAT and m.start not in ends for m in meat)


def _qualifies_meat(name: NameInfo, cat: str, also: str | None = None, apart: bool = False,
                    forms: bool = False) -> bool:
    """A term of `cat` (and of `also`, when given) set straight before an animal-meat term (乳蛋白|牛排), or joined to
    it as what it is made of (牛奶蛋白制成的|牛肉饼: the pattern of ceac-123 A.1.1). With `apart`, not across a space
    the user typed in a title, whose spaces part its phrases (大豆蛋白 猪肉丸: a filler named as a selling point); in a
    bare name a space is layout. With `forms`, only a meat word naming a made form (lexicons/terms.toml analogue_form)."""
    meat = name.matches("animal_meat")
    if forms:
        meat = [m for m in meat if m.term.endswith(_analogue_forms())]
    meat_starts = {m.start for m in meat}
    gaps = name.shadow.gaps if apart and name.core is not None else ()
    text = name.text
    return any((m.end in meat_starts and m.end not in gaps)
               or any(text.startswith(j, m.end) and m.end + len(j) in meat_starts for j in MADE_OF_JOINTS)
               for m in name.matches(cat) if also is None or m.has(also))


@cache
def _analogue_forms() -> tuple[str, ...]:
    return tuple(lexicon("terms")["analogue_form"]["endings"])


_LATIN_DENIED = regex.compile(r"(?:\bnot|\bnon|\bno)[\s-]*$", regex.IGNORECASE)


def _latin_qualifies(name: NameInfo) -> bool:
    """An English plant word set straight before a meat word, spaces and English words for the meat between at most
    (Plant Based 牛肉饼, Vegan 牛排, Vegan Chicken Nuggets 鸡块),
    and not denied (NOT VEGAN 牛肉干): Vegan Leather, vegan friendly packaging or a Vegan sauce beside a beef patty
    say nothing of the food."""
    meat_starts = {m.start for m in name.matches("animal_meat")}
    # (Vegan Chicken Nuggets 鸡块: the English names the meat the Chinese word does)
    return any(end in meat_starts for end, _ in _latin_meat_runs(name))


def _latin_meat_runs(name: NameInfo) -> Iterator[tuple[int, list[str]]]:
    """For each English plant word not denied: where the English meat words after it end, and those words."""
    text = name.text
    for m in name.matches("latin_plant_qualifier"):
        if _LATIN_DENIED.search(text, 0, m.start):
            continue
        k, words = m.end, []
        while True:
            while k < len(text) and (text[k].isspace() or text[k] == "-"):
                k += 1
            word = _LATIN_WORD.match(text, k)
            if word is None or word.group(0).lower() not in _latin_meat_words():
                break
            words.append(word.group(0).lower())
            k = word.end()
        yield k, words


_LATIN_WORD = regex.compile(r"[A-Za-z]+")
_HAN = regex.compile(r"\p{Han}")


def _latin_only_analogue(name: NameInfo) -> bool:
    """A name in English alone whose plant word, not denied, leads into English words for meat, one of them a meat
    food's own (lexicons/terms.toml latin_meat_words heads): PLANT-BASED BURGER PATTIES, Vegan Chicken Nuggets."""
    if _HAN.search(name.text):
        return False
    heads = _latin_meat_heads()
    return any(not heads.isdisjoint(words) for _, words in _latin_meat_runs(name))


@cache
def _latin_meat_heads() -> frozenset[str]:
    return frozenset(lexicon("terms")["latin_meat_words"]["heads"])


@cache
def _latin_meat_words() -> frozenset[str]:
    """Every English meat word: the list's words and its heads (a head is one of them wherever it is listed)."""
    words = lexicon("terms")["latin_meat_words"]
    return frozenset(words["words"]) | frozenset(words["heads"])


def _assisted_by_su(name: NameInfo, cat: str) -> bool:
    """A term of `cat` set straight before 素 or 素肉 that leads into an animal-meat term (酪蛋白|素肉|鸡块, 乳蛋白|素|鸡块):
    ceac-123 A.2 lets 素 assist a dairy analogue's name, so the dairy word still names the protein."""
    meat_starts = {m.start for m in name.matches("animal_meat")}
    su_starts = {m.start for m in name.matches("plant_qualifier", "plant_meat_equivalent")
                 if m.term.startswith("素") and m.end in meat_starts}
    return any(m.end in su_starts for m in name.matches(cat))


def _follows_meat(name: NameInfo, cat: str) -> bool:
    """A term of `cat` set straight after an animal-meat term (鸡块|牛奶蛋白)."""
    meat_ends = {m.end for m in name.matches("animal_meat")}
    return any(m.start in meat_ends for m in name.matches(cat))


@cache
def _modifier_tail() -> "regex.Pattern[str]":
    words = sorted(lexicon("sources")["powder_modifier"]["terms"], key=len, reverse=True)
    return regex.compile("(?:" + "|".join(map(regex.escape, words)) + ")+$")


def _modifiers_start(text: str, start: int) -> int:
    """Where the describing words just before 奶粉 begin (start itself when there are none)."""
    m = _modifier_tail().search(text[max(0, start - 12):start])
    return start - len(m.group(0)) if m else start


def standard_powder_names(name: NameInfo) -> list:
    """The name's 豆奶粉-style names of another standard (GB/T 18738), less a 豆奶粉 that is another bean's 豆 and a 奶粉
    (豌豆奶粉, 绿豆奶粉: sources.toml other_bean)."""
    return [m for m in name.matches("standard_milk_powder_name")
            if not _other_bean_powder(name.text, m, name.shadow.gaps)]


def milk_powder_words(name: NameInfo) -> list:
    """The name's 奶粉/乳粉, with the 奶粉 of another bean's 豆奶粉 (豌豆|奶粉) and of an animal's milk word and 粉
    (牛奶|粉, 羊奶|粉: the word 牛奶 hides the 奶粉 in it)."""
    beans = [Match(m.start + 1, m.end, m.term[1:], frozenset({"milk_powder"}))
             for m in name.matches("standard_milk_powder_name") if _other_bean_powder(name.text, m, name.shadow.gaps)]
    text = name.text
    beans += [Match(m.end - 1, m.end + 1, text[m.end - 1:m.end + 1], frozenset({"milk_powder"}))
              for m in name.ann.matches if m.term in _animal_milk_words() and text.startswith("粉", m.end)]
    return sorted(name.matches("milk_powder") + beans) if beans else name.matches("milk_powder")


@cache
def _animal_milk_words() -> frozenset[str]:
    return frozenset(lexicon("sources")["animal_milk_source"]["milk_words"])


def _other_bean_powder(text: str, m, gaps: tuple[int, ...] = ()) -> bool:
    if m.term != _SOY_MILK_POWDER or m.start in gaps:
        return False                   # 红 豆奶粉: a word typed apart from the powder is no bean of it
    bean = next((b for b in _other_beans() if text.endswith(b, 0, m.start)), None)
    before = m.start - len(bean) - 1 if bean else -1
    return bean is not None and (before < 0 or not _HAN_CHAR.match(text[before]) or before + 1 in gaps)


_HAN_CHAR = regex.compile(r"\p{Han}")


_SOY_MILK_POWDER = "豆奶粉"


@cache
def _other_beans() -> tuple[str, ...]:
    return tuple(lexicon("sources")["other_bean"]["terms"])


def _milk_powder_kind(name: NameInfo) -> str | None:
    """plant / standard / dairy for a name with 奶粉, or None."""
    if name.matches("plant_milk_powder_name"):
        return "plant"
    if standard_powder_names(name):
        return "standard"
    powders = milk_powder_words(name)
    if not powders:
        return None
    if _dairy_brand(name.text, name.shadow.gaps):
        return "dairy"                      # 蒙牛 核桃奶粉: a dairy maker's powder with walnut in it
    start = powders[0].start
    # 植物基配方奶粉, 燕麦高钙奶粉: describing words between the plant word and 奶粉 (sources.toml [powder_modifier])
    start = _modifiers_start(name.text, start)
    sources = _sources_before(name, start)
    if sources and sources[-1].has("animal_milk_source"):
        if _plant_word_before(name, sources[-1].start):
            return "plant"                  # 植物基牛奶粉: the draft's plant word on the animal's milk (low confidence)
        return "dairy"                      # 蛋奶素 羊奶粉, 素食 驼奶粉: the animal's milk, whatever is said before it
    if name.text.endswith(category_words("flavour_marker"), 0, start):
        return "dairy"                      # 椰子味奶粉: a flavour of a milk powder, not what it is made of
    before = [m for m in name.ann.matches if m.end <= start]
    says_plant = bool(before) and before[-1].end >= start - 1 and before[-1].has("plant_qualifier", "soy_word",
                                                                                 "plant_protein_name")
    if says_plant and not before[-1].has("plain_qualifier"):
        return "plant"                      # 植物基奶粉, 大豆奶粉: said outright
    if any(m.term in PLANT_POWDER_WORDS for m in name.matches("plant_qualifier")):
        return "plant"                      # 燕麦奶粉 牛奶风味 植物基: the draft's own word, wherever a title sets it
    if _says_milk(name.text):
        return "dairy"                      # 素奶粉 牛奶 全脂, 全脂燕麦奶粉: the title says milk
    if says_plant or (sources and sources[-1].has("plant_source")):
        return "plant"
    return "dairy"


PLANT_POWDER_WORDS = ("植物基", "植物")       # chc-pbf-1's names: 植物基奶粉


def _plant_word_before(name: NameInfo, at: int) -> bool:
    """The draft's own plant word (植物基, 植物) set straight before `at` (植物基|牛奶粉), no space between."""
    return any(m.term in PLANT_POWDER_WORDS and m.end == at and at not in name.shadow.gaps
               for m in name.matches("plant_qualifier"))


def _sources_before(name: NameInfo, start: int) -> list:
    """The source words (sources.toml) that end at `start`, where the name's 奶粉 and its describing words begin — not
    one inside a longer word of the name (大豆 of 大豆肽 中老年奶粉: a peptide added), but the animal of 牛奶|粉."""
    from .annotate import find_terms
    words = [w for w in name.ann.matches if not _other_bean_powder(name.text, w, name.shadow.gaps)
             and not (w.term in _animal_milk_words() and name.text.startswith("粉", w.end))]
    return [m for m in find_terms(name.text[:start], "sources") if m.end >= start - 1
            and not any(w.start <= m.start and m.end < w.end for w in words)]


def animal_milk_called_plant(name: NameInfo) -> str | None:
    """植物基牛奶粉: the animal milk word a plant word qualifies (牛), when the name's powder reads as plant-made only so."""
    powders = milk_powder_words(name)
    if not powders:
        return None
    sources = _sources_before(name, _modifiers_start(name.text, powders[0].start))
    if sources and sources[-1].has("animal_milk_source") and _plant_word_before(name, sources[-1].start):
        return sources[-1].term
    return None


@cache
def _milk_word_context() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """What before a milk word denies it or makes it a yardstick, and what after it makes it one or a flavour."""
    terms = lexicon("terms")
    denied = tuple(terms["negation_marker"]["terms"]) + tuple(terms["comparison_marker"]["before"]) + ("比",)
    after = tuple(terms["comparison_marker"]["after"]) + tuple(terms["flavour_marker"]["terms"])
    return denied, after


def _milk_words(text: str):
    """Each milk word of the name as (denied or a yardstick before it, a yardstick or a flavour after it)."""
    denied, after = _milk_word_context()
    for m in _dairy_words().finditer(text):
        yield text[max(0, m.start() - 4):m.start()].endswith(denied), text.startswith(after, m.end())


def _says_milk(text: str) -> bool:
    """Does the name say the powder is milk: a milk word not denied (不含牛奶, 无乳清), not a yardstick (比牛奶更香,
    媲美牛奶, 牛奶平替) and not a flavour (牛奶风味)?"""
    return any(not before and not after for before, after in _milk_words(text))


def denies_milk(text: str) -> bool:
    """Does the name deny milk (不含牛奶, 无乳清, 零乳)?"""
    return any(before for before, _ in _milk_words(text))


@cache
def _dairy_words() -> "regex.Pattern[str]":
    return regex.compile("|".join(map(regex.escape, sorted(lexicon("sources")["dairy_word"]["terms"], key=len, reverse=True))))


@cache
def _dairy_brands() -> WordScanner:
    return WordScanner(lexicon("sources")["dairy_brand"]["terms"])


def _dairy_brand(text: str, gaps: tuple[int, ...]) -> bool:
    """Does the name name a maker of dairy milk powders (lexicons/sources.toml dairy_brand)?"""
    return bool(standing_brands(_dairy_brands(), text, gaps))


def source_word_powder(name: NameInfo) -> bool:
    """Is the name's only plant word an ingredient set before 奶粉 (燕麦奶粉, 核桃 奶粉)? Dairy powders with oats or
    walnut added are named so too."""
    return not (name.matches("plant_milk_powder_name", "plant_qualifier", "soy_word") or standard_powder_names(name))


def _plain_word_powder(name: NameInfo) -> bool:
    """Is the name's only plant word a plain qualifier that does not rule out milk (素奶粉, 素食 奶粉, 斋 奶粉)?"""
    if name.matches("plant_milk_powder_name", "standard_milk_powder_name", "soy_word"):
        return False
    quals = name.matches("plant_qualifier")
    vegan = vegan_words()
    return bool(quals) and all(m.has("plain_qualifier") and m.term not in vegan for m in quals)


@cache
def vegan_words() -> frozenset[str]:
    """The plain qualifiers that rule out every animal ingredient (纯素, 全素: lexicons/sources.toml vegan_word)."""
    return frozenset(lexicon("sources")["vegan_word"]["terms"])


@cache
def _mixed_pattern() -> "regex.Pattern[str]":
    words = lexicon("review")["mixed_with_meat"]

    def alt(ws: list[str]) -> str:
        return "|".join(map(regex.escape, sorted(ws, key=len, reverse=True)))
    return regex.compile(f"(?<!{alt(words['not_after'])})(?P<always>{alt(words['always'])})"
                         f"|(?P<mixed>{alt(words['mixed'])})(?!{alt(words['not_before'])})")


def _mixed_with_meat(name: NameInfo) -> str | None:
    """The word of a name that says it is mixed with real meat (lexicons/review.toml [mixed_with_meat]), or None."""
    near = lexicon("review")["mixed_with_meat"]["beside"]
    for hit in _mixed_pattern().finditer(name.text):
        s, e = hit.span()
        if any(s < g < e for g in name.shadow.gaps) or \
                any(t.start < e and t.end > s and not (t.start <= s and e <= t.end) for t in name.ann.matches):
            continue             # 仿荤 ⎵ 素鸡腿: a space the seller typed, or part of another word — not 荤素
        if hit.group("always") or any(m.end >= s - near and m.start <= e + near for m in name.matches("animal_meat")):
            return hit.group(0)
    return None


def _misspelt_cue(name: NameInfo) -> tuple[str, str] | None:
    """A class cue of the name that the shadow reads through a misspelling fixed (植勿肉 as 植物肉): (as written, as read)."""
    if misspelt(name.original) is None:
        return None                  # (most names: one search of the name as written)
    for m in name.matches(*_ANALOGUE_CUES):
        if (typo := misspelt(name.shadow.orig_text(m.start, m.end))) is not None:
            return typo
    return None


_ANALOGUE_CLASSES = frozenset({"plant_meat", "soy_meat", "dairy_meat", "plant_milk_powder"})
# the cue words of an analogue (lexicons/review.toml [brand_cue] cue_categories) and a plant powder's own name
_ANALOGUE_CUES = (*lexicon("review")["brand_cue"]["cue_categories"], "plant_milk_powder_name")


def _terms_of(infos, *cats: str) -> str:
    return "、".join(dict.fromkeys(m.term for n in infos if n for m in n.matches(*cats)))


def _name_class(sig: dict, infos) -> tuple[str, str] | None:
    if sig["milk_powder"] in ("plant", "standard"):
        return "plant_milk_powder", _terms_of(infos, "plant_milk_powder_name", "standard_milk_powder_name", "milk_powder")
    # 乳基蛋白 with nothing imitated (乳基蛋白粉 固体饮料, 乳基蛋白脆片): the dairy word, but no meat analogue (RULES.md §1)
    if sig["dairy"] and not sig["dairy_alone"]:
        return "dairy_meat", _terms_of(infos, *spec("dairy_meat").cues)
    if sig["traditional"]:
        return "traditional_soy", _terms_of(infos, *spec("traditional_soy").cues)
    if sig["soy_word"] and sig["soy_analogue"]:
        return "soy_meat", _terms_of(infos, *spec("soy_meat").cues)
    if sig["plant_meat"]:
        return "plant_meat", _terms_of(infos, *spec("plant_meat").cues)
    return None


_SUBCLASS = (
    # declared facts that settle the sub-class (chc-pbf-3 4: 干制品 水分≤13 %, 湿制品 ≥30 %; ceac-123 7.1.3 生/熟制品)
    (regex.compile(r"干制品|(?:水分|含水量)\s*(?:≤|<=|<|不超过|不高于)\s*(?:1[0-3]|[0-9])(?:\.\d+)?\s*%"), "moisture", "dry"),
    (regex.compile(r"半湿制品"), "moisture", "semi"),
    (regex.compile(r"(?<!半)湿制品|(?:水分|含水量)\s*(?:≥|>=|>|不低于)\s*(?:[3-9]\d)(?:\.\d+)?\s*%"), "moisture", "wet"),
    (regex.compile(r"(?<![非未需])熟制品|已熟制"), "cooked", "cooked"),
    (regex.compile(r"生制品|未熟制|需熟制"), "cooked", "raw"),
)


def declared_subclass(text: str) -> dict[str, str]:
    """产品类型：干制品, 水分≤12%, 熟制品 … as the label declares them (first statement of each kind wins)."""
    out: dict[str, str] = {}
    for pat, key, value in _SUBCLASS:
        if key not in out and pat.search(text or ""):
            out[key] = value
    return out


_PLANT_SOURCES = ("soy_protein", "plant_protein", "whole_food")
_ANIMAL_SOURCES = ("dairy_protein", "dairy_other", "animal_meat", "egg", "animal_fat", "animal_protein_other")


def _plant_made(ingredients: list[Ingredient]) -> bool:
    """The list names a plant raw material and no animal one (a compound's parts counted)."""
    def sources(i: Ingredient) -> list[str]:
        return i.sources + [s for c in i.children for s in c.sources]
    return any(s in _PLANT_SOURCES for i in ingredients for s in sources(i)) \
        and not any(s in _ANIMAL_SOURCES for i in ingredients for s in sources(i))


def _has_animal_meat(ingredients: list[Ingredient]) -> str | None:
    for i in ingredients:
        if "animal_meat" in i.sources:
            return i.name
    return None


def _confidence(cls: Classification, sig: dict, name: NameInfo | None) -> Classification:
    """Mark a class that rests on weak evidence (RULES.md: weak evidence → low confidence, never an asserted error)."""
    if cls.basis != "name" and cls.basis != "none":
        return cls
    why = ""
    analogue = name is not None and cls.product_class in _ANALOGUE_CLASSES
    typo = _misspelt_cue(name) if analogue else None
    if typo:
        # 植勿肉鸡块: the shadow reads 植物肉, but the name as printed does not say it — a slip, or a word dodging a filter
        why = f"名称中的“{typo[0]}”按“{typo[1]}”读（疑似错字），名称本身未写明，仅凭名称判断"
    elif analogue and (mixed := _mixed_with_meat(name)):
        why = f"名称含“{mixed}”：可能为与真肉混合的产品（植物基/乳基蛋白肉制品不得添加动物来源蛋白），需核实"
    elif cls.product_class == "other" and sig.get("protein_meat_beside_meat"):
        why = "名称含“蛋白肉”，也含动物肉名称（真肉产品也以“高蛋白肉”宣传）：未说明植物来源，需看配料表"
    elif cls.product_class == "other" and sig.get("dairy_loose"):
        why = "名称含乳蛋白类词语但未紧接所模拟的肉类名称：可能是乳基蛋白肉制品，也可能是添加乳蛋白的真肉制品，需看配料表"
    elif cls.product_class == "other" and sig.get("dairy_alone"):
        why = "名称含“乳基蛋白”，但未以所模拟的肉制品命名（也可能是乳蛋白零食等其他食品），仅凭名称判断"
    elif cls.product_class == "dairy_meat" and name is not None and not name.matches("dairy_qualifier") \
            and name.matches("added_milk_protein"):
        # 乳蛋白香肠, 鸡块 牛奶蛋白: real meat with milk protein added is named so too
        why = "名称以乳蛋白类词语修饰动物肉名称（可能为添加乳蛋白的真肉制品），仅凭名称判断，需看配料表"
    elif cls.product_class == "other" and sig.get("plant_brand"):
        why = f"名称含植物肉品牌“{'、'.join(sig['plant_brand'])}”，但名称本身未说明植物来源"
    elif cls.product_class == "plant_meat" and name is not None and _bare_protein_meat(name):
        # 蛋白肉 alone says protein, not plant: sellers of chicken breast write 高蛋白肉, 蛋白肉 健身
        why = "仅凭“蛋白肉”判断为植物肉（未说明植物来源，真肉产品也有以“蛋白肉”宣传者）"
    elif cls.product_class == "soy_meat" and sig.get("soy_protein_only"):
        why = "仅凭紧接肉类名称的大豆蛋白类词语判断为大豆植物肉（添加大豆蛋白的真肉制品也这样命名），需看配料表"
    elif cls.product_class == "plant_meat" and sig.get("flavoured_analogue"):
        why = "名称以植物基/植物蛋白修饰肉类风味（如牛肉风味丸），仅凭名称判断为植物肉"
    elif cls.product_class in ("plant_meat", "soy_meat") and (sig.get("bare_meat_apart") or sig.get("qualifier_apart")):
        quals = "、".join(dict.fromkeys(m.term for m in name.matches("plant_qualifier"))) if name is not None else ""
        why = (f"仅凭分开出现的“{quals}”与“肉”判断为植物肉（“肉”也可能属于别的词：肉骨粉、食肉植物、肉色）"
               if sig.get("bare_meat_apart") else
               f"“{quals}”未紧接所模拟的肉类名称（可能是标签词或促销语，真肉产品也这样写），仅凭名称判断为植物肉")
    elif cls.product_class in ("plant_meat", "soy_meat") and name is not None and not sig.get("plant_meat_word"):
        quals = [m.term for m in name.matches("plant_qualifier")]
        if quals and all(m.has("plain_qualifier") for m in name.matches("plant_qualifier")):
            why = f"仅凭单字限定词“{'、'.join(quals)}”判断为植物肉"
        elif not quals and not name.matches("plant_meat", "plant_meat_equivalent", "plant_protein_name", "soy_word") \
                and name.matches("latin_plant_qualifier"):
            latin = "、".join(dict.fromkeys(m.term for m in name.matches("latin_plant_qualifier")))
            why = f"仅凭英文“{latin}”判断为植物肉（中文名称未说明植物来源）"
    elif cls.product_class == "plant_milk_powder" and name is not None and (animal := animal_milk_called_plant(name)):
        why = f"名称以植物原料词修饰“{animal}奶粉”：可能是植物基奶粉误称{animal}奶粉，也可能是{animal}奶粉，需看配料表"
    elif cls.product_class == "plant_milk_powder" and name is not None and source_word_powder(name):
        why = "名称仅以配料词修饰“奶粉”（添加燕麦、核桃等的乳粉也这样命名），仅凭名称判断，需看配料表"
    elif cls.product_class == "plant_milk_powder" and name is not None and _plain_word_powder(name):
        quals = "、".join(dict.fromkeys(m.term for m in name.matches("plant_qualifier")))
        why = f"仅凭“{quals}”判断为植物基奶粉（素食、蛋奶素者也食用乳粉），需看配料表"
    elif cls.product_class == "traditional_soy" and name is not None:
        trad = [m.term for m in name.matches("traditional_soy")]
        if trad and all(t in spec("traditional_soy").weak_alone for t in trad) and name.core is not None:
            why = f"仅凭标题中的“{'、'.join(trad)}”判断为传统豆制品"
    if why:
        cls.confidence, cls.confidence_evidence = "low", why
    return cls


BARE_PROTEIN_MEAT = "蛋白肉"


def _bare_protein_meat(name: NameInfo) -> bool:
    """The name's only analogue word is a bare 蛋白肉: no plant word names where its protein comes from."""
    words = name.matches("plant_meat", "plant_meat_equivalent")
    return bool(words) and all(m.term == BARE_PROTEIN_MEAT for m in words) \
        and not name.matches("plant_qualifier", "soy_word")


def classify(name: NameInfo | None, category: NameInfo | None, standard_text: str,
             ingredients: list[Ingredient], forced: str | None = None, text: str = "") -> Classification:
    cls = _classify(name, category, standard_text, ingredients, forced)
    if category is not None and cls.confidence == "low" and cls.basis == "name" and cls.product_class != "other" \
            and forced is None:
        declared = _declared_other_category(category.text)
        if declared:
            # 魔芋爽 素毛肚 with 产品类别：蔬菜制品（魔芋制品）: the label's own category outweighs a weak name
            cls = Classification("other", "category", declared, ingredient_class=cls.ingredient_class,
                                 imitates_meat=cls.imitates_meat)
    if text:
        cls.notes.extend(f"{k}={v}" for k, v in declared_subclass(text).items())
    return cls


def _declared_other_category(text: str) -> str:
    """The category word of a declared 产品类别 that no meat analogue falls under (classes.toml), or ""."""
    return next((w for w in spec("other").declared_other_categories if w in text), "")


def subclass_of(cls: Classification) -> dict[str, str]:
    return dict(n.split("=", 1) for n in cls.notes if "=" in n)


def _classify(name: NameInfo | None, category: NameInfo | None, standard_text: str,
              ingredients: list[Ingredient], forced: str | None = None) -> Classification:
    sig = name_signals(name, category)
    sig["plant_meat_word"] = bool(name and (name.matches("plant_meat", "plant_meat_equivalent")
                                            or [m for m in name.matches("plant_qualifier") if len(m.term) > 1]))
    ing = first_protein_source(ingredients) if ingredients else None
    ing_class = None
    if ing:
        ing_class = _source_class(ing[0])
    if forced:
        return Classification(forced, "user", "--class", ingredient_class=ing_class, imitates_meat=sig["imitates_meat"])
    for pattern, cls, _ in (declared_patterns() if standard_text else ()):
        m = pattern.search(standard_text)
        if m:
            declared = Classification(cls, "declared_standard", m.group(0), declared=cls, declared_text=m.group(0),
                                      ingredient_class=ing_class, imitates_meat=sig["imitates_meat"])
            if contested_by_ingredients(declared, ingredients):
                declared.confidence = "low"
                declared.confidence_evidence = (f"所标示的产品标准{m.group(0)}属于{spec(cls).zh}，但配料表未见"
                                                f"{spec(cls).protein_source_zh}，首要蛋白来源为{ing[1].name}"
                                                f"（{spec(ing_class).zh}）：按所标示的标准归类，需核实")
            return declared
    if sig["traditional"]:
        return _confidence(Classification("traditional_soy", "name", _terms_of((name, category), "traditional_soy"),
                                          ingredient_class=ing_class), sig, name)
    if sig["milk_powder"]:
        kind = sig["milk_powder"]
        # a plant milk powder that lists animal protein stays a plant milk powder (its own rule says what is wrong)
        has_dairy = any("dairy_protein" in i.sources or any("dairy_protein" in c.sources for c in i.children)
                        for i in ingredients)
        # plant-only is read from what the list shows, not from what it lacks: a powder of 生驼乳 or of a word
        # labelcheck does not know is no plant powder for that
        plant_only = bool(ingredients) and not has_dairy and _plant_made(ingredients)
        if kind == "dairy" and not plant_only:
            return Classification("other", "name", _terms_of((name, category), "milk_powder"), ingredient_class=ing_class)
        own = spec("plant_milk_powder").other_product_standards
        declared_other = kind == "standard" and own and standard_text and regex.search(own, standard_text, regex.IGNORECASE)
        if declared_other:
            # 豆奶粉 under GB/T 18738: the product of that standard, which the plant-based powder draft sets apart
            return Classification("other", "declared_standard", declared_other.group(0), ingredient_class=ing_class)
        if kind == "standard" and has_dairy:
            # 豆奶粉 of soy and milk powder, as GB/T 18738 makes it: a name of its own standard that claims no plant
            # base, on a powder that is not plant-only — not a plant-based milk powder
            dairy = next(i.name for i in ingredients
                         if "dairy_protein" in i.sources or any("dairy_protein" in c.sources for c in i.children))
            return Classification("other", "name", f"{_terms_of((name, category), 'standard_milk_powder_name')}（配料含{dairy}）",
                                  ingredient_class=ing_class)
        if ing and ing[0] == "dairy_protein":
            # dairy is the main protein (燕麦奶粉 of 全脂乳粉 and oats): a dairy powder with a plant word, not a plant one
            return Classification("other", "ingredients", ing[1].name, ingredient_class=ing_class)
        return _confidence(Classification("plant_milk_powder", "ingredients" if plant_only else "name",
                                          "配料均为植物原料" if plant_only else _terms_of((name, category), "plant_milk_powder_name", "standard_milk_powder_name", "milk_powder"),
                                          ingredient_class=ing_class), sig, name)
    real_meat = _has_animal_meat(ingredients) if ingredients else None
    # 大豆 or 黄豆 alone names an ingredient (黄豆排骨汤, 黄豆猪蹄): with the meat in the list, a real meat dish
    if real_meat and sig["meat"] and not (sig["plant_meat"] or sig["dairy"]):
        # the name says meat and nothing else, and the label lists animal meat: a real meat product
        # (麻婆豆腐 with 牛肉末, a dumpling of 小麦粉 and 猪肉), whatever protein comes first
        return Classification("other", "ingredients", real_meat, ingredient_class=ing_class, imitates_meat=True)
    if ing and sig["imitates_meat"] and ing_class == "dairy_meat" and sig["plant_meat"] and not sig["dairy"] \
            and _plant_protein_listed(ingredients):
        # a plant meat's dish with cheese or milk listed before its plant meat (植物肉披萨: 马苏里拉奶酪（生牛乳…）…
        # 植物肉（15%）): the name's plant meat, not the topping, says what the food imitates
        by_name = _name_class(sig, (name, category))
        if by_name:
            return _confidence(Classification(by_name[0], "name", by_name[1], ingredient_class=ing_class,
                                              imitates_meat=True), sig, name)
    if ing and sig["imitates_meat"]:
        cls = ing_class
        if cls == "other" and (sig["plant_meat"] or sig["dairy"]) and ing[0] != "animal_meat":
            cls = "dairy_meat" if sig["dairy"] else "plant_meat"
        return Classification(cls, "ingredients", ing[1].name, ingredient_class=ing_class, imitates_meat=True)
    if sig["cultured"]:
        # grown from animal cells: no plant-based food, whatever 人造肉 says beside it (terms.toml cultured_meat)
        return Classification("other", "name", _terms_of((name, category), "cultured_meat"), ingredient_class=ing_class,
                              imitates_meat=True)
    by_name = _name_class(sig, (name, category))
    if by_name:
        return _confidence(Classification(by_name[0], "name", by_name[1], ingredient_class=ing_class,
                                          imitates_meat=sig["imitates_meat"]), sig, name)
    return _confidence(Classification("other", "none", "", ingredient_class=ing_class, imitates_meat=sig["imitates_meat"]),
                       sig, name)


_PLANT_PROTEINS = ("soy_protein", "plant_protein")


def contested_by_ingredients(cls: Classification, ingredients: list[Ingredient]) -> bool:
    """A class taken from a declared standard whose protein the ingredient list never shows, while its first protein
    source is another analogue's (a soy patty that declares T/CEAC 123): the code may be the label's mistake as much as
    the food's, so the class is weak evidence (RULES.md §1.1: the contradiction is itself a warning, LC003)."""
    own = spec(cls.product_class).protein_source
    return bool(own) and cls.ingredient_class not in (None, "other", cls.product_class) \
        and not any(holds_source(i, own) for i in ingredients)


def _plant_protein_listed(ingredients: list[Ingredient]) -> bool:
    """A plant protein among the ingredients or a compound's parts (the plant meat of a dish with cheese on it)."""
    return any(holds_source(i, *_PLANT_PROTEINS) for i in ingredients)


def not_food_evidence(text: str, name: str) -> str:
    """The words that make a label pet food or feed, or goods that are no food (a book, a machine), not food for
    people (lexicons/not_food.toml); "" if none."""
    not_if, anywhere, in_name = _not_food_words()
    if any(w in name for w in not_if):
        name = ""
    hit = next((w for w in anywhere if w in text), None) if text else None
    if hit or not name or not _in_name_scanner().spans(name):
        return hit or ""               # most names hold none of the words: one automaton pass, not sixty searches
    return next((w for w in in_name if w in name), "")      # the list's first word the name holds


@cache
def _in_name_scanner() -> WordScanner:
    """The words not_food_evidence looks for in a name, found in one pass (ignoring case: a superset of the
    occurrences, which the list then confirms)."""
    return WordScanner(_not_food_words()[2])


@cache
def _not_food_words() -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    nf = lexicon("not_food")
    return tuple(nf["not_if"]), tuple(nf["anywhere"]), tuple(nf["in_name"] + nf["goods_in_name"])

