"""Generic checkers: rules that are a row of a table run from their record's params alone.

    kind = "required_item"   params.list names a list of lexicons/required_items.toml; the entry
                             whose `rule` is the record's id says which fields/patterns show the item.
                             Runs on complete labels only (LC009 notes an excerpt). GB records
                             (clause per edition) follow the edition in force.
    kind = "nutrient_limit"  params: nutrient (a row key of lexicons/nutrition.toml), bound ("min" |
                             "max"), limit (a number, usually "@thresholds:…"), product (words for
                             the message). Compares the declared per-100 value.
    kind = "name_lacks"      params.categories: lexicon categories of which the name must carry one;
                             optional params.when: only names with a term of these categories;
                             optional params.near (words) and params.near_categories: a term that, set
                             straight before an animal-meat term (植物基午餐肉, 奶基蛋白牛排) — anywhere in
                             a title, whose order is the seller's layout — may stand for the missing one:
                             said as a warning, not an error; optional params.assist_only: terms of the
                             categories that may assist but not stand alone (乳基蛋白源): a warning too.
                             On a class read with low confidence (a name alone, weak evidence) it is a
                             warning too: the rule would assert what the class only guesses; so is a group
                             standard's naming on a label that declares another product standard (Q/…, GB/T …).
                             GB records (clause per edition) follow the edition in force.
    kind = "text_pattern"    params.pattern: a regular expression (usually "@claims:…") found in the
                             label text; params.outside_ingredients: ignore hits in the ingredient
                             list. One finding per hit, `value` the words found.
"""
from __future__ import annotations

from functools import cache
from typing import Iterator

import regex

from ..context import Context
from ..extract.fields import is_reference
from ..models import Finding
from ..classes import CLASS_STANDARD
from ..resources import lexicon, pattern
from .base import checker, rules_by_id
from .records import RuleRecord

_EPS = 1e-9


@cache
def _compiled(patterns: tuple[str, ...]) -> list["regex.Pattern[str]"]:
    return [regex.compile(p) for p in patterns]


def required_spec(rule: RuleRecord) -> dict:
    for spec in lexicon("required_items")[rule.params["list"]]:
        if spec["rule"] == rule.id:
            return spec
    raise KeyError(f"{rule.id}: no entry in required_items.{rule.params['list']}")


def item_present(ctx: Context, spec: dict) -> bool:
    fields = spec.get("fields", [])
    have = [bool(ctx.field(k) and ctx.field(k).value.strip()
                 and not (spec.get("no_reference") and is_reference(ctx.field(k).value))) for k in fields]
    if "name" in fields and ctx.name is not None:
        have[fields.index("name")] = True
    if fields and (all(have) if spec.get("all") else any(have)):
        return True
    text = ctx.text.text if ctx.text else ""
    return any(p.search(text) for p in _compiled(tuple(spec.get("patterns", []))))


@checker("required_item")
def required_item(ctx: Context, rule: RuleRecord) -> Iterator[Finding]:
    if not ctx.is_complete_label:
        return          # an excerpt (LC009 says so), not the whole label
    spec = required_spec(rule)
    if ctx.edition == "2025" and (without := spec.get("only_2025_without")):
        if ctx.field(without) is not None and ctx.field(without).value.strip():
            return                      # 2025: owed only where that item is left off (LC508: the production date)
        spec = {**spec, "fields": spec["fields_2025"]}
    if item_present(ctx, spec) or (spec.get("domestic_only") and ctx.classification.imported):
        return
    listing = listing_note(ctx)
    text = ctx.text.text if ctx.text else ""
    implied = next((m for p in _compiled(tuple(spec.get("implied_by", []))) if (m := p.search(text))), None)
    if implied is not None and "implied" in rule.messages and not listing:
        # a word that implies the item without saying it (即食 for 熟制品): the item asked for, as a warning
        yield rule.finding(ctx, variant="implied", severity="warning", item=spec["item"], seen=implied.group(0),
                           evidence=ctx.evidence_text(implied.start(), implied.end()))
    elif "seed" in rule.clause:
        yield rule.finding(ctx, item=spec["item"], **listing)
    else:
        yield from rule.by_edition(ctx, item=spec["item"], **listing)


def listing_note(ctx: Context) -> dict:
    """On a shop listing's parameter block an item it leaves out may be printed on the pack: info that says so, not
    an error (lexicons/fields.toml [listing_block])."""
    if not ctx.is_listing:
        return {}
    return {"severity": "info", "suffix_zh": lexicon("fields")["listing_block"]["missing_note_zh"]}


def on_assumed_scale(ctx: Context, findings: list[Finding]) -> list[Finding]:
    """Artwork whose print size is an assumption (an SVG sized in px): a size judged in mm is a warning that says so
    (lexicons/artwork.toml [scale])."""
    notes = (ctx.doc._artwork_notes or {}) if ctx.doc is not None else {}
    if not notes.get("scale_assumed"):
        return findings
    spec = lexicon("artwork")["scale"]
    rules = set(spec["absolute_size_rules"])
    return as_warnings(findings, lambda f: f.rule in rules, spec["assumed_note_zh"])


def on_listing(ctx: Context, findings: list[Finding]) -> list[Finding]:
    """A listing's errors under the GB standards are the seller's writing of the pack, not the pack: warnings that
    ask to check it (lexicons/fields.toml [listing_block]). Unchanged on a label."""
    if not ctx.is_label or not ctx.is_listing:
        return findings
    spec = lexicon("fields")["listing_block"]
    soft = set(spec["softened_standards"])
    return as_warnings(findings, lambda f: f.standard in soft, spec["written_note_zh"])


BULK_RULE = "LC016"


def on_bulk(ctx: Context, findings: list[Finding]) -> list[Finding]:
    """A bulk food's sign: the findings of the standards that do not apply to it are left out (lexicons/fields.toml
    [bulk_block]; LC016 says so). Unchanged on a prepackaged label."""
    if not ctx.is_label or not ctx.is_bulk:
        return findings
    gone = set(lexicon("fields")["bulk_block"]["not_applicable"])
    return [f for f in findings if f.rule == BULK_RULE or f.standard not in gone]


DISH_RULE = "LC017"


def on_dish(ctx: Context, findings: list[Finding]) -> list[Finding]:
    """A dish made with the analogue as a compound ingredient: the analogue standard's label findings (its
    composition, its label items) are the ingredient's, not the dish's, and are left out (LC017 says so). The name
    rules still run: the dish's name must not hide what its meat is."""
    if not ctx.analogue_in_dish:
        return findings
    rules = rules_by_id()
    gone = set(rules[DISH_RULE].params["standards"])
    return [f for f in findings if f.rule == DISH_RULE or f.standard not in gone or rules[f.rule].scope == "name"]


ASSORTMENT_RULE = "LC018"


def on_assortment(ctx: Context, findings: list[Finding]) -> list[Finding]:
    """A label of several foods (a gift box): the product standards' findings rest on the first food's list and table
    and on the box's title, not on each food — left out (LC018 says so, and the report asks for review)."""
    if not ctx.assortment:
        return findings
    gone = set(rules_by_id()[ASSORTMENT_RULE].params["standards"])
    return [f for f in findings if f.rule == ASSORTMENT_RULE or f.rule == "LC001" or f.standard not in gone]


def on_contested_standard(ctx: Context, findings: list[Finding]) -> list[Finding]:
    """A class read from a declared standard that the ingredient list contradicts (classify.contested_by_ingredients):
    that standard's errors rest on a code that may be the mistake, so they are warnings that say so (LC003 names the
    contradiction; the report asks for review)."""
    cls = ctx.classification
    if cls.basis != "declared_standard" or cls.confidence != "low" or not ctx.is_label:
        return findings
    own = CLASS_STANDARD.get(cls.product_class)
    return as_warnings(findings, lambda f: f.standard == own, lexicon("review")["contested_standard"]["note_zh"])


def as_warnings(findings: list[Finding], picked, note_zh: str = "") -> list[Finding]:
    """The errors `picked` takes as warnings, their message ending in `note_zh`; every other finding as it is."""
    return [f.model_copy(update={"severity": "warning", "message": f.message + note_zh})
            if f.severity == "error" and picked(f) else f for f in findings]


@checker("nutrient_limit")
def nutrient_limit(ctx: Context, rule: RuleRecord) -> Iterator[Finding]:
    p = rule.params
    key = p["nutrient"]
    row = ctx.nutrition.rows.get(key) if ctx.nutrition else None
    value = row.per100 if row else None
    if value is None:
        return
    low = p["bound"] == "min" and value < p["limit"] - _EPS
    high = p["bound"] == "max" and value > p["limit"] + _EPS
    if low or high:
        yield rule.finding(ctx, value=value, evidence=ctx.evidence_layout(row.start, row.end))


def _edition_aware(ctx: Context, rule: RuleRecord, **kw) -> Iterator[Finding]:
    """GB records cite the edition in force (RuleRecord.by_edition); seed standards their one clause."""
    if "seed" in rule.clause:
        yield rule.finding(ctx, **kw)
    else:
        yield from rule.by_edition(ctx, **kw)


@checker("name_lacks")
def name_lacks(ctx: Context, rule: RuleRecord) -> Iterator[Finding]:
    n = ctx.name
    when = rule.params.get("when")
    if n is None or (when and not n.matches(*when)) or _has_at_head(ctx, rule):
        return
    if rule.params.get("another_standard_only") and not _another_standard_followed(ctx):
        return                          # the class's group standard is followed: its own naming rules speak
    weak = ctx.classification.confidence == "low"
    assisted = _assisted(ctx, rule)
    soft = _near_term(ctx, rule) or weak or _follows_another_standard(ctx, rule) or assisted
    # 乳基蛋白源牛排: the word is there, as an assisting one only — its own wording (messages.assisted), where given
    variant = {"variant": "assisted"} if assisted and "assisted" in rule.messages else {}
    yield from _edition_aware(ctx, rule, evidence=ctx.evidence_name(), **({"severity": "warning"} if soft else {}),
                              **variant)


def _near_term(ctx: Context, rule: RuleRecord) -> bool:
    """A term that may stand for the missing one (params.near, params.near_categories): straight before an
    animal-meat term in a name, anywhere in a title; params.near_anywhere: anywhere in either."""
    words, cats = rule.params.get("near", ()), rule.params.get("near_categories", ())
    n = ctx.name
    anywhere = rule.params.get("near_anywhere", ())
    if anywhere and any(m.term in anywhere for m in n.ann.matches):
        return True                     # a whole word that may itself be read as the missing one (人造肉, 仿肉)
    if not (words or cats):
        return False
    found = [m for m in n.ann.matches if m.term in words or (cats and m.has(*cats))]
    if ctx.kind == "title" or n.shadow.gaps:
        return bool(found)              # words the seller set apart with spaces: their order is layout
    meat_starts = {m.start for m in n.matches("animal_meat")}
    return any(m.end in meat_starts for m in found)


def _assisted(ctx: Context, rule: RuleRecord) -> bool:
    """The name carries only a word that may assist the name, not make it (乳基蛋白源: ceac-123 A.2)."""
    assist = rule.params.get("assist_only")
    return bool(assist) and any(m.term in assist for m in ctx.name.ann.matches)


GROUP_STANDARDS = ("cnfia-", "ceac-", "chc-")
# the published group standards a maker adopts; the T/CHC drafts' few errors rest on GB 7718 as well (奶粉 for a
# plant-made powder misleads whatever standard the label follows: RULES.md §2)
ADOPTED_STANDARDS = ("cnfia-", "ceac-")


def group_standard_not_adopted(ctx: Context, findings: list[Finding]) -> list[Finding]:
    """A published group standard's errors (a protein minimum, a storage temperature) on a label that follows another
    product standard or is an imported food's: said as warnings, as its naming clause is (see
    _follows_another_standard). A label that declares the group standard, or says nothing of its standard, keeps
    them."""
    if not _another_standard_followed(ctx):
        return findings
    return as_warnings(findings, lambda f: f.standard.startswith(ADOPTED_STANDARDS))


def _has_at_head(ctx: Context, rule: RuleRecord) -> bool:
    """The name carries a word of the rule's categories — with `head_only`, outside a bracket note at its end: 植物蛋白
    肉碎（大豆蛋白） names its soy in a note, not at the head 8.2.2 asks for (冠以). A note that holds the whole
    qualifier (香肠（大豆植物肉）) is LC103's, and a title's words are the seller's layout: both read as before."""
    n = ctx.name
    found = n.matches(*rule.params["categories"])
    assist = rule.params.get("assist_only")
    if assist:
        found = [m for m in found if m.term not in assist]
    if not found or not rule.params.get("head_only") or ctx.kind == "title":
        return bool(found)
    note = n.trailing_notes_start()
    if note is None or any(m.start < note for m in found):
        return True
    return bool(n.matches("plant_meat_equivalent") and all(m.start >= note for m in n.matches("plant_meat_equivalent")))


def _follows_another_standard(ctx: Context, rule: RuleRecord) -> bool:
    """A group standard's own naming clause, on a label that declares another product standard (香辣素牛肉干 under
    Q/HNWL 0008S), or on an imported food's label, which declares none (植物基鸡块 on an importer's sticker: the
    standard code is a domestic item): a group standard binds only who adopts it, so what it asks is said as a
    warning. A name checked alone, or a domestic label silent on its standard, is held to the class it is read as."""
    return rule.standard.startswith(GROUP_STANDARDS) and _another_standard_followed(ctx)


def _another_standard_followed(ctx: Context) -> bool:
    """The label follows a product standard other than the group standard of its class: it declares one (a code with
    a number: Q/HNWL 0008S, SB/T 10379), or it is an imported food's, which declares none. Not where the class came
    from the declared group standard itself, nor for a name checked alone or a domestic label silent on it."""
    if ctx.classification.basis == "declared_standard":
        return False
    declared = ctx.field("standard")
    if declared is None:
        return ctx.kind == "label" and bool(ctx.classification.imported)
    return any(ch.isdigit() for ch in declared.value)


@checker("text_pattern")
def text_pattern(ctx: Context, rule: RuleRecord) -> Iterator[Finding]:
    ing = ctx.ingredients_field if rule.params.get("outside_ingredients") else None
    for m in pattern(rule.params["pattern"]).finditer(ctx.layout.text):
        if ing and ing.start <= m.start() < ing.end:
            continue
        yield from _edition_aware(ctx, rule, value=m.group(0), evidence=ctx.evidence_layout(m.start(), m.end()),
                                  # a seed-clause rule with a future date names it (GB rules: by_edition does)
                                  **({"effective": rule.params["effective"]} if "effective" in rule.params and "seed" in rule.clause else {}))
