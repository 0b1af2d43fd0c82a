"""Name rules: the attribute name each product class must carry (records: rules/records/names.toml).

LC101, LC102, LC111 and LC121 are table rows (kind = "name_lacks"); the rules here need word order or
the ingredient list. Rewrites are offered by the suggest stage, after the rules.
"""
from __future__ import annotations

from typing import Iterator

import regex

from ..classify import PLANT_POWDER_WORDS, denies_milk, milk_powder_words, source_word_powder, standard_powder_names, vegan_words
from ..context import Context, added_in_name
from ..models import Finding
from .base import procedure
from .records import RuleRecord


def _qualifier_trails_food(ctx: Context, first_q: int, last_q: int) -> bool:
    """The qualifier words (first_q..last_q) come after an imitated-food word: set in a bracket note of their own
    (牛排（大豆植物肉）黑椒味), or with no food-type word following them."""
    food_before = [m for m in ctx.name.matches("animal_meat", "dish") if m.end <= first_q]
    if not food_before:
        return False
    if _FOR_USE.fullmatch(ctx.name.text, max(m.end for m in food_before), first_q):
        return False        # 饺子馅用大豆植物肉, 汉堡用乳基蛋白: the food word names what the product is for, not its type
    return ctx.name.in_bracket_note(first_q, last_q) or not _food_word_after(ctx, last_q)


# what joins a food word to the product it is for: 饺子馅用, 汉堡专用, 火锅料用
_FOR_USE = regex.compile(r"[馅料]?专?用")


def _spaced_apart(ctx: Context, first_q: int) -> dict:
    """A space the user typed between the food word and the qualifier after it (香肠 大豆植物肉): words laid out as a
    listing lays them out more than a name in that order — a warning, not an error."""
    n = ctx.name
    if n.in_bracket_note(first_q, first_q + 1):
        return {}
    food_end = max((m.end for m in n.matches("animal_meat", "dish") if m.end <= first_q), default=first_q)
    return {"severity": "warning"} if any(food_end <= g <= first_q for g in n.shadow.gaps) else {}


def _food_word_after(ctx: Context, pos: int) -> bool:
    """Is there a word after `pos` to be the food-type word? jieba decides where words end; a flavour (黑椒味,
    香辣口味) names no food type."""
    end = (ctx.name.core or (0, len(ctx.name.text)))[1]
    text = ctx.name.text
    if _FLAVOUR_ONLY.match(text[pos:end]):
        return False
    return any(e > pos and s < end and any("\u4e00" <= ch <= "\u9fff" for ch in text[max(s, pos):min(e, end)])
               for s, e, _ in ctx.name.ann.tokens)


# what is left after the qualifier is a flavour alone (香肠大豆植物肉 香辣味, 牛排（大豆植物肉）黑椒口味)
_FLAVOUR_ONLY = regex.compile(r"[\W_]*[\p{Han}]{0,5}(?:口味|风味|味)[\W_]*$")


@procedure("LC103")
def soy_qualifier_after_food(ctx: Context, rule: RuleRecord) -> Iterator[Finding]:
    n = ctx.name
    if not n:
        return
    soy, equiv = n.matches(*rule.params["qualifier"]), n.matches(*rule.params["equivalent"])
    if not soy or not equiv:
        return
    first_q = min(soy[0].start, equiv[0].start)
    last_q = max(soy[-1].end, equiv[-1].end)
    if (ctx.kind != "title" or _noted_on_food(ctx, first_q, last_q)) and _qualifier_trails_food(ctx, first_q, last_q):
        yield rule.finding(ctx, evidence=ctx.evidence_name(), **_in_title_or_spaced(ctx, first_q))


@procedure("LC112")
def dairy_qualifier_after_food(ctx: Context, rule: RuleRecord) -> Iterator[Finding]:
    n = ctx.name
    if not n:
        return
    quals = n.matches(*rule.params["qualifier"])
    if quals and (ctx.kind != "title" or _noted_on_food(ctx, quals[0].start, quals[0].end)) \
            and _qualifier_trails_food(ctx, quals[0].start, quals[0].end):
        yield rule.finding(ctx, evidence=ctx.evidence_name(), **_in_title_or_spaced(ctx, quals[0].start))


def _noted_on_food(ctx: Context, first_q: int, last_q: int) -> bool:
    """In a title, whose word order is the seller's layout, the qualifier set in a bracket note glued to the food word
    (牛排(乳基蛋白) 180g, 汉堡饼（大豆植物肉）200g — as shelf tags and tender lines write the name itself)."""
    n = ctx.name
    if not n.in_bracket_note(first_q, last_q):
        return False
    opener = n.text.rfind("(", 0, first_q), n.text.rfind("（", 0, first_q)
    at = max(opener)
    return at > 0 and any(m.end == at for m in n.matches("animal_meat", "dish"))


def _in_title_or_spaced(ctx: Context, first_q: int) -> dict:
    return {"severity": "warning"} if ctx.kind == "title" else _spaced_apart(ctx, first_q)


def _plant_before_powder(ctx: Context, powders) -> bool:
    """植物基 or 植物 (the draft's names), not 素/人造 (素奶粉 is not its name): before 奶粉 — or after it as a tag,
    anywhere in a title, whose word order is the seller's layout (燕麦奶粉 植物基 800g), and in a name set apart by a
    space the user typed (纯素 燕麦奶粉 植物基)."""
    gaps = ctx.name.shadow.gaps
    title = ctx.kind == "title"
    # set after, only the draft's own words (植物基, 植物) name the powder: 植物蛋白 there describes an ingredient
    # (纯素奶粉 vegan 植物蛋白), no tag of its name
    return any(not m.has("plain_qualifier") and (m.end <= powders[0].start
                                                 or ((title or m.start in gaps) and m.start >= powders[0].end
                                                     and m.term in PLANT_POWDER_WORDS))
               for m in ctx.name.matches("plant_qualifier"))


@procedure("LC131")
def milk_powder_name_lacks_plant(ctx: Context, rule: RuleRecord) -> Iterator[Finding]:
    n = ctx.name
    if not n or n.matches("plant_milk_powder_name") or standard_powder_names(n):
        return
    powders = milk_powder_words(n)
    if not powders or _plant_before_powder(ctx, powders):
        return
    # a name alone whose only plant word is an ingredient before 奶粉 may be a dairy powder (low class confidence):
    # said as a warning, not asserted
    weak = ctx.classification.confidence == "low"
    # …and where that word is all there is (花生奶粉, 核桃奶粉 中老年: mostly milk powders with the nut added), no label
    # list to say otherwise and no milk denied (杏仁奶粉 不含牛奶 says more): a note for the person the report is
    # flagged for, not a finding
    alone = not ctx.ingredients and source_word_powder(n) and not denies_milk(n.text)
    severity = "info" if weak and alone else "warning" if weak else None
    vegan = [m for m in n.matches("plain_qualifier") if m.end <= powders[0].start and m.term in vegan_words()]
    if severity is None and vegan:
        # 纯素奶粉 says the powder is plant-made as plainly as 植物 would: only the draft's own word 植物基 is missing,
        # which a draft standard asks for — a warning (RULES.md §6), not an error
        yield rule.finding(ctx, variant="vegan", evidence=ctx.evidence_name(), severity="warning", word=vegan[0].term)
        return
    variant = "uncertain" if severity == "info" else "modified" if ctx.milk_powder_modified() else None
    yield rule.finding(ctx, variant=variant, evidence=ctx.evidence_name(), severity=severity)


@procedure("LC132")
def milk_powder_needs_modified(ctx: Context, rule: RuleRecord) -> Iterator[Finding]:
    n = ctx.name
    if not n or not ctx.milk_powder_modified():
        return
    powders = n.matches("milk_powder")
    # a powder named 奶粉 with no plant word before it is LC131's (its message names 调制植物基奶粉 already)
    named = n.matches("plant_milk_powder_name") or (powders and _plant_before_powder(ctx, powders))
    if named and rule.params["modified_word"] not in n.text:
        if ctx.ingredients or "modified" in ctx.hints:
            yield rule.finding(ctx, evidence=ctx.evidence_name())
        else:
            yield rule.finding(ctx, variant="named", added="、".join(added_in_name(n.text)), evidence=ctx.evidence_name())


@procedure("LC150")
def order100_prefix(ctx: Context, rule: RuleRecord) -> Iterator[Finding]:
    n = ctx.name
    if not n or not (n.matches("animal_meat") or n.matches("plant_meat")):
        return
    # 人造 is not among the reported words (仿, 素, a plant's name): 人造肉 alone does not satisfy it
    says_plant = [m for m in n.ann.matches if m.has(*rule.params["plant_words"])
                  and not any(m.term.startswith(w) for w in rule.params["not_plant"])]
    if not says_plant:
        yield rule.finding(ctx, evidence=ctx.evidence_name(), effective=rule.params["effective"])
