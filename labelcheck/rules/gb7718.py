"""GB 7718 general labelling, both editions: formats, allergens, coined names, banned wording
(records: rules/records/gb7718.toml; the mandatory items LC501-LC513 are `required_item` rows).
An item both editions require is an error; one only the 2025 edition requires is a warning that
names the date it takes effect (RuleRecord.by_edition).
"""
from __future__ import annotations

from functools import cache
from typing import Iterator

import regex

from ..context import Context
from ..extract.name import name_span_indices
from ..models import Evidence, Finding
from ..extract.origin import above_prefecture
from ..normalize import normalize
from ..resources import lexicon, pattern
from .base import procedure
from .engine import listing_note
from .records import RuleRecord
from ..extract.numbers import CONFUSABLE_DIGITS, letter_spaced_joined


# (S C: OCR spaces the letters as it spaces the digits, S C 106 230 110 00389)
_SC = regex.compile(r"S ?C\s*(\d[\d\s]*)", regex.IGNORECASE)
_SC_CONFUSABLE = regex.compile(r"S ?C\s*([\dOolI][\dOolI\s]*)", regex.IGNORECASE)
_QS = regex.compile(r"QS\s*\d", regex.IGNORECASE)


@procedure("LC514")
def entrusted_maker_missing(ctx: Context, rule: RuleRecord) -> Iterator[Finding]:
    if not ctx.is_complete_label or ctx.classification.imported:
        return
    p = rule.params
    ordering = [fv for fv in ctx.fields.get("producer", []) if _bare_label(fv.label) in p["entrusting_labels"]]
    if not ordering:
        return
    if _maker_named(ctx, p, ordering):
        return                    # the maker is named (受委托方：…, 生产商：…, or 受托 said in a note)
    first = ordering[0]
    kw = dict(entrusting=first.value or first.label, evidence=ctx.evidence_layout(first.label_start, first.end),
              **listing_note(ctx))
    # the place of production: a 产地, or an address labelled as where it is made (生产地址：浙江省嘉兴市…)
    origins = [fv for fv in ctx.fields.get("origin", []) if fv.value] + [
        fv for fv in ctx.fields.get("address", []) if fv.value and _bare_label(fv.label) in p["production_place_labels"]]
    if not origins:
        yield from rule.by_edition(ctx, **kw)
    elif all(above_prefecture(fv.value) for fv in origins):
        # the place is there, only not as fine as asked: a warning
        kw.setdefault("severity", "warning")
        yield from rule.by_edition(ctx, variant="origin_not_city", origin=origins[0].value, **kw)


@procedure("LC515")
def distributor_only(ctx: Context, rule: RuleRecord) -> Iterator[Finding]:
    if not ctx.is_complete_label or ctx.classification.imported:
        return
    p = rule.params
    parties = ctx.fields.get("producer", [])
    sellers = [fv for fv in parties if _bare_label(fv.label) in p["distributor_labels"]]
    if not sellers or len(sellers) < len(parties) or _maker_named(ctx, p, sellers):
        return                    # a party labelled otherwise (生产商, 委托方 …) is there
    first = sellers[0]
    yield from rule.by_edition(ctx, distributor=first.value or first.label,
                               evidence=ctx.evidence_layout(first.label_start, first.end), **listing_note(ctx))


def _maker_named(ctx: Context, p: dict, others: list) -> bool:
    """A party other than `others` labelled as a maker (生产商, 受委托方, 加工厂 …), or the maker said in a note
    (生产商：…（受委托方）)."""
    if any(fv not in others and any(w in fv.label for w in p["maker_words"]) for fv in ctx.fields.get("producer", [])):
        return True
    text = ctx.layout.text
    return any(w in text for w in p["entrusted_words"])


def _bare_label(label: str) -> str:
    """委托方名称 → 委托方: the party a producer field's label names."""
    label = pattern(r"\s").sub("", label)
    return label[:-2] if label.endswith("名称") else label


@procedure("LC520")
def licence_number_format(ctx: Context, rule: RuleRecord) -> Iterator[Finding]:
    for fv in ctx.fields.get("licence", []):
        value = fv.value
        if not value or _see(value):
            continue
        value = letter_spaced_joined(value)      # S C 1 1 1 3 … as OCR leaves it
        m = _SC.search(value)
        digits = pattern(r"\s").sub("", m.group(1)) if m else ""
        ev = ctx.evidence_layout(fv.start, fv.end)
        if _QS.search(value):
            variant = "qs"
        elif not m or len(digits) != rule.params["digits"]:
            read = _SC_CONFUSABLE.search(value)
            read = "SC" + pattern(r"\s").sub("", read.group(1)).translate(CONFUSABLE_DIGITS) if read else ""
            if len(read) == 2 + rule.params["digits"] and read[2:].isdigit():
                yield from rule.by_edition(ctx, variant="confusable", severity="warning", value=value, read=read, evidence=ev)
                continue
            variant = None
        else:
            continue
        yield from rule.by_edition(ctx, variant=variant, value=value, evidence=ev)


# letters of one code that OCR set apart (G B/T, Q/H ZSH, T/C NFIA): the code's letters never hold a space
_LETTERS_SPACED = regex.compile(r"(?<=[A-Z/])[ \t]+(?=[A-Z/])")     # capitals: T/CNFIA l65 is a misread number, no letters
_STD_CODE = regex.compile(r"(GB|GB/T|T/\s*[A-Z]{2,}|Q/\s*[\w-]+|[A-Z]{2}/T|DB\d*/T?|DBS\d*)\s*\d+(\.\d+)?(\s*-\s*\d{4})?", regex.IGNORECASE)


@procedure("LC521")
def standard_code_format(ctx: Context, rule: RuleRecord) -> Iterator[Finding]:
    for fv in ctx.fields.get("standard", [])[:1]:
        if fv.value and not _see(fv.value) and not _STD_CODE.search(_LETTERS_SPACED.sub("", letter_spaced_joined(fv.value))) \
                and not ctx.classification.imported:
            yield from rule.by_edition(ctx, value=fv.value, evidence=ctx.evidence_layout(fv.start, fv.end))


def _see(value: str) -> bool:
    from ..extract.fields import is_reference
    return is_reference(value)


# 见包装（日/月/年）: the bracket says the date's order, not where it is
_ORDER_NOTE = regex.compile(r"\s*[（(]\s*(?:[年月日]|YYYY|YY|MM|DD|[/.\-\s])+[）)]\s*$", regex.IGNORECASE)
# (见喷码 / 见包装喷码 / 详见打印处 names how the date is printed, not where on the pack: 4.1.7.1 asks for the part —
# 见瓶身喷码 gives it)
_VAGUE_REF = regex.compile(r"^(?:见|详见)(?:包装|外包装|产品包装|标签)?上?的?(?:喷码|喷印|打印|打码|激光码|钢印)?"
                           r"(?:处|上|所示|标示)?\.?$")
_DATE = regex.compile(r"(?P<y>\d{2,4})\s*[年./-]\s*(?P<m>\d{1,2})\s*[月./-]\s*(?P<d>\d{1,2})|(?P<compact>\d{8})")


@procedure("LC522")
def date_reference_vague(ctx: Context, rule: RuleRecord) -> Iterator[Finding]:
    if ctx.is_listing:
        return          # a shop listing's 见包装 says the pack prints it: where on the pack is the pack's to say
    for key in ("production_date", "expiry_date"):
        fv = ctx.field(key)
        if fv and _VAGUE_REF.match(_ORDER_NOTE.sub("", fv.value.strip())):
            yield from rule.by_edition(ctx, value=fv.value, evidence=ctx.evidence_layout(fv.start, fv.end))


# 2026年03月, 2026.03: a year and a month and nothing after them
# (a digit OCR read as a letter — 2026-1l-20 — does not end the month: l, I, O and o stand for digits there)
_MONTH_ONLY = regex.compile(r"(?<!\d)(?:19|20)\d{2}\s*(?:年\s*\d{1,2}\s*月|[./-]\s*\d{1,2})(?![lIOo])(?!\s*[./-]?\s*[\dlIOo])(?!\s*日)")
_DMY = regex.compile(r"(?<!\d)(\d{1,2})[./-](\d{1,2})[./-](\d{2,4})(?!\d)")


@procedure("LC523")
def date_order(ctx: Context, rule: RuleRecord) -> Iterator[Finding]:
    fv = ctx.field("production_date")
    if not fv:
        return
    month_only = _MONTH_ONLY.search(fv.value)
    if month_only:
        yield from rule.by_edition(ctx, variant="no_day", value=month_only.group(0),
                                   evidence=ctx.evidence_layout(fv.start, fv.end))
        return
    from .exemptions import label_dates     # h15: a stated 年.月.日 order read by extract/dates.py is year first
    d = label_dates(ctx)
    if d and d.production and d.production.date and d.production.date.order == "ymd":
        return
    if ctx.edition == "2011" and d and d.production and d.production.date and \
            not (d.production.date.order_stated and d.stated_order):
        return              # LC703 reports this date as a 2011 error already; the 2025 warning would say it twice
    m = _DMY.search(fv.value)
    if m and int(m.group(1)) <= 31 and not pattern(r"\d{4}").match(m.group(0)):
        # 26.03.05: no four-digit year anywhere, so which part is the year cannot be told — said so, not "wrong order"
        two_digit = not pattern(r"\d{4}").search(m.group(0))
        yield from rule.by_edition(ctx, variant="two_digit_year" if two_digit else None, value=m.group(0),
                                   evidence=ctx.evidence_layout(fv.start, fv.end))


@cache
def _allergen_groups() -> dict:
    return lexicon("allergens")["groups"]


def _statement_text(ctx: Context) -> str:
    parts = [f.value for f in ctx.fields.get("allergen", [])]
    text = ctx.layout.text
    ing = ctx.ingredients_field
    for m in pattern(lexicon("allergens")["statement"]["pattern"]).finditer(text):
        if ing and ing.start <= m.start() < ing.end:
            continue
        parts.append(m.group(0))
    return " ".join(parts)


@cache
def _allergen_matchers() -> list[tuple[str, dict, tuple]]:
    """(key, group, (exempt, triggers, declare) as alternations), compiled once."""
    def alternation(words):
        return pattern("|".join(map(regex.escape, words))) if words else None
    return [(key, g, tuple(alternation(g[k]) for k in ("exempt", "triggers", "declare")))
            for key, g in _allergen_groups().items()]


_NOTE_STARTS = ("含", "内含")         # 酿造酱油（含小麦）: a note of what the ingredient holds


@procedure("LC512")
def allergen_not_declared(ctx: Context, rule: RuleRecord) -> Iterator[Finding]:
    if not ctx.ingredients:
        return
    declared = normalize(_statement_text(ctx)).text
    from .composition import _walk
    parts_decide = tuple(lexicon("allergens")["parts_decide"]["words"])
    # a compound whose parts are listed is read from them (酱油（水、黑豆、食用盐）): its own name is passed over
    # …unless the bracket only notes an allergen (酿造酱油（含小麦）): that is no list of its parts
    items = [(item, normalize(item.name).text) for item in _walk(ctx.ingredients)
             if not (item.children and item.name.endswith(parts_decide)
                     and not all(c.name.startswith(_NOTE_STARTS) for c in item.children))]
    for key, group, (exempt, triggers, declare) in _allergen_matchers():
        hit = None
        for item, name in items:
            if exempt and exempt.search(name) and name not in group["triggers"]:
                continue
            if triggers and triggers.search(name):
                if declare and declare.search(name):
                    hit = None
                    break          # named plainly in the list (D.2)
                hit = hit or item
        if hit and not (declare and declare.search(declared)):
            yield from rule.by_edition(ctx, item=hit.name, group=group["label"], key=key,
                                       evidence=ctx.evidence_layout(hit.start, hit.end))


@procedure("LC540")
def coined_name_outsizes_attribute_name(ctx: Context, rule: RuleRecord) -> Iterator[Finding]:
    spans = ctx.spans
    p = rule.params
    coined = [i for i, s in enumerate(spans) if s.role in p["coined_roles"] or any(mark in s.text for mark in p["marks"])]
    if not coined:
        return
    names = name_span_indices(spans)
    from ..annotate import find_terms
    for i in coined:
        c = spans[i]
        terms = find_terms(normalize(c.text).text)
        if not any(t.has(*p["misleading"]) for t in terms):
            continue          # only a name that could mislead about the food's nature is held to this
        same_panel = [j for j in names if spans[j].panel == c.panel or spans[j].panel is None or c.panel is None]
        ev = Evidence(text=c.text, start=0, end=len(c.text), source="spans", spans=[i])
        if not same_panel:
            yield from rule.by_edition(ctx, variant="no_name", coined=c.text, evidence=ev)
            continue
        name_h = max((spans[j].height_mm or 0) for j in same_panel)
        if c.height_mm and name_h and c.height_mm > name_h * (1 + p["height_tolerance"]):
            yield from rule.by_edition(ctx, coined=c.text, height=c.height_mm, name_height=name_h, evidence=ev)
        colours = {spans[j].color for j in same_panel if spans[j].color}
        if c.color and colours and c.color not in colours:
            yield from rule.by_edition(ctx, variant="colour", coined=c.text, evidence=ev)


@cache
def _claims() -> dict:
    return lexicon("claims")


@cache
def _free_of_forbidden():
    b = _claims()["banned"]
    return pattern(b["free_of_prefix"] + "(" + "|".join(map(regex.escape, b["free_of_forbidden"])) + ")")


def _outside_ingredients(ctx: Context, m) -> bool:
    ing = ctx.ingredients_field
    return not (ing and ing.start <= m.start() < ing.end)


@procedure("LC551")
def free_of_forbidden_substance(ctx: Context, rule: RuleRecord) -> Iterator[Finding]:
    for m in _free_of_forbidden().finditer(ctx.layout.text):
        if _outside_ingredients(ctx, m):
            yield from rule.by_edition(ctx, value=m.group(0), evidence=ctx.evidence_layout(m.start(), m.end()))


@procedure("LC524")
def ingredients_guide_word(ctx: Context, rule: RuleRecord) -> Iterator[Finding]:
    fv = ctx.field("ingredients")
    if not fv or fv.label.strip() not in rule.params["other_words"]:
        return
    # 酿造酱油, 米醋, 黄酒: the raw materials have become other substances, so 原料 is the standard's own word
    name = ctx.name.text if ctx.name else ""
    if any(w in name for w in rule.params["fermented"]):
        return
    yield from _about_the_label(ctx, rule, fv)


@procedure("LC525")
def net_content_word(ctx: Context, rule: RuleRecord) -> Iterator[Finding]:
    values = ctx.fields.get("net_content", [])
    if not values or ctx.text is None or rule.params["word"] in ctx.text.text:
        return
    fv = values[0]
    if fv.label.strip() in rule.params["other_words"]:
        yield from _about_the_label(ctx, rule, fv)


def _about_the_label(ctx: Context, rule: RuleRecord, fv) -> Iterator[Finding]:
    """A finding on the word a field is labelled with (原料：, 净重：), citing that word."""
    yield from rule.by_edition(ctx, value=fv.label.strip(),
                               evidence=ctx.evidence_layout(fv.label_start, fv.label_start + len(fv.label)))


@cache
def _grade_line() -> "regex.Pattern[str]":
    """质量等级：优级品, 产品等级：一级 — a grade stated as a label item (a line's label and its value)."""
    labels = "|".join(map(regex.escape, sorted(lexicon("fields")["grade"]["labels"], key=len, reverse=True)))
    return regex.compile(rf"(?m)^[ \t]*(?:{labels})[ \t]*[:：][ \t]*(?P<grade>[^\n，,；;]{{1,10}})")


@procedure("LC554")
def quality_grade_not_defined(ctx: Context, rule: RuleRecord) -> Iterator[Finding]:
    """GB 7718-2025 4.11: a quality grade only where the food's standard defines one. Judged only where the label
    declares a standard known to define none (rule params `standards`: the group standards of the classes, none of
    which grades its products); under any other standard the grade may be the standard's own, and nothing is said."""
    if ctx.layout is None or ctx.classification.declared is None:
        return
    from ..classes import CLASS_STANDARD
    if CLASS_STANDARD.get(ctx.classification.declared) not in rule.params["standards"]:
        return
    m = _grade_line().search(ctx.layout.text)
    if m is None or m.group("grade").strip() in lexicon("fields")["grade"]["none_values"]:
        return              # no grade line, or one that says there is none (质量等级：无)
    yield from rule.by_edition(ctx, grade=m.group("grade").strip(), standard_text=ctx.classification.declared_text,
                               evidence=ctx.evidence_layout(m.start(), m.end()))


@cache
def _ins_in_place_of_names() -> "regex.Pattern[str]":
    """A functional class followed by a bracket of INS numbers only: 增稠剂（415）, 着色剂（150a, 160b(ii)）."""
    classes = "|".join(map(regex.escape, sorted(lexicon("ingredients")["additive_function_class"]["terms"],
                                                    key=len, reverse=True)))
    code = r"(?:INS[ \t]*)?\d{3,4}[a-z]?(?:[ \t]*\([ivx]+\))?"
    return regex.compile(rf"(?:{classes})[ \t]*[（(][ \t]*{code}(?:[ \t]*[,，、][ \t]*{code})*[ \t]*[）)]")


@procedure("LC744")
def ins_numbers_on_a_large_pack(ctx: Context, rule: RuleRecord) -> Iterator[Finding]:
    """GB 7718-2025 4.3.4.3: INS numbers may stand for additives' names only on packs of at most 60 cm² (2011
    4.1.3.1.4 allowed them on any). Read in the ingredient list; on a pack whose area the document does not give, a
    warning that the form is owed to small packs only."""
    f = ctx.ingredients_field
    if f is None or ctx.layout is None:
        return
    m = _ins_in_place_of_names().search(ctx.layout.text, f.start, f.end)
    if m is None:
        return
    from .exemptions import package_area
    largest, _ = package_area(ctx)
    limit = lexicon("ingredients")["additive_function_class"]["max_ins_surface_cm2"]
    if largest is not None and largest <= limit:
        return
    ev = ctx.evidence_layout(m.start(), m.end())
    if largest is None:
        yield from rule.by_edition(ctx, variant="area_unknown", severity="warning", value=ev.text, limit=limit,
                                   evidence=ev)
    else:
        yield from rule.by_edition(ctx, value=ev.text, area=largest, limit=limit, evidence=ev)
