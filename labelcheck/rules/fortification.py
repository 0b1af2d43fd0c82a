"""Fortifiers and trans fat in the nutrition table (GB 28050 2011 4.3/4.4; 2025 4.3/4.4).

A fortifier is decided by its role, not its compound name: an ingredient listed under 营养强化剂 (or
矿物质/维生素), or named as a vitamin, or a compound that GB 2760 does not also list as an ordinary
additive. A compound that is also an antioxidant, colour or raising agent (抗坏血酸, 核黄素,
β-胡萝卜素, 碳酸钙…) without a stated role is ambiguous: an info finding only. Lexicons:
lexicons/fortifiers.toml, lexicons/hydrogenated.toml (each entry with its source).
Only bites where the label has a nutrition table (a missing table is LC601's).
"""
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
def _fort() -> dict:
    return lexicon("fortifiers")


@cache
def _hyd() -> dict:
    return lexicon("hydrogenated")


@cache
def _fortifier_index() -> list[tuple["regex.Pattern[str]", dict]]:
    out = []
    for f in _fort()["fortifier"]:
        names = sorted(f["names"], key=len, reverse=True)
        # a whole compound name, not the tail of another (D-异抗坏血酸钠 is no 抗坏血酸钠, 氢氧化钙 no 氧化钙)
        out.append((regex.compile(r"(?<!\p{Han})(" + "|".join(regex.escape(n) for n in names) + ")(?![0-9])", regex.IGNORECASE), f))
    return out


def _walk(items: list[Ingredient], parent: Ingredient | None = None):
    for i in items:
        yield i, parent
        yield from _walk(i.children, i)


@cache
def fortifier_rows() -> tuple[str, ...]:
    """Each fortified nutrient's row pattern (lexicons/fortifiers.toml), once."""
    return tuple(dict.fromkeys(f["row"] for f in _fort()["fortifier"]))


def table_text(ctx: Context) -> str:
    t = ctx.nutrition
    return ctx.layout.text[t.start:t.end] if t else ""


_VALUE_LINE = regex.compile(r"^\s*(?:[<≤＜]\s*)?\d[\d.,]*\s*(?:[A-Za-zμ%]+|毫克|微克|克|千焦|千卡)?\s*(?:\d+(?:\.\d+)?\s*%)?\s*$")


def row_line(table: str, row_re: str) -> str | None:
    """The table's row of a nutrient (维生素D 5.0微克 100%), its amount and NRV% on the name's line or, in a table
    laid out one cell a line, on the lines under it (维生素D ⏎ 5.0微克 ⏎ 100%)."""
    rx = regex.compile(f"(?:{row_re})(?![0-9])", regex.IGNORECASE)
    lines = table.splitlines()
    for i, line in enumerate(lines):
        if not rx.search(line):
            continue
        if regex.search(r"\d", line):
            return line
        cells = []
        for nxt in lines[i + 1:i + 3]:
            if not _VALUE_LINE.match(nxt):
                break
            cells.append(nxt.strip())
        if cells:
            return " ".join([line.strip(), *cells])
    return None


# GB 2760 function classes: a compound listed under one of them is used as that additive, not as a fortifier
_OTHER_ROLE = regex.compile(r"(抗氧化剂|着色剂|护色剂|色素|酸度调节剂|膨松剂|稳定剂|凝固剂|稳定和凝固剂|抗结剂|面粉处理剂|防腐剂|水分保持剂|增稠剂)")


def fortifiers(ctx: Context) -> list[tuple[Ingredient, dict, bool, str]]:
    """(ingredient, fortifier entry, role certain, compound) for each fortifier compound in the ingredient list."""
    role = regex.compile(_fort()["role_words"])
    out, seen = [], set()
    for item, parent in _walk(ctx.ingredients):
        for rx, f in _fortifier_index():
            m = rx.search(item.name)
            if not m or f["nutrient"] in seen:
                continue
            if parent and _OTHER_ROLE.search(parent.name) or _OTHER_ROLE.match(item.name):
                seen.add(f["nutrient"])
                continue        # listed under another function (抗氧化剂（维生素E）): not a fortifier
            in_role = bool(parent and role.search(parent.name)) or \
                bool(regex.search(r"维生素", m.group(0)) and not f.get("also_additive"))
            certain = in_role or not f.get("also_additive")
            seen.add(f["nutrient"])
            out.append((item, f, certain, m.group(0)))
    return out


@procedure("LC760")
def fortifier_not_in_table(ctx: Context, rule: RuleRecord) -> Iterator[Finding]:
    if not ctx.nutrition or not ctx.nutrition.has_header or not ctx.ingredients:
        return
    table = table_text(ctx)
    for item, f, certain, compound in fortifiers(ctx):
        line = row_line(table, f["row"])
        at = ctx.layout.text.find(compound, item.start)
        ev = ctx.evidence_layout(at, at + len(compound)) if 0 <= at < item.end else ctx.evidence_layout(item.start, item.end)
        if line and "%" in line:
            continue
        what = "含量及NRV%" if line is None else "NRV%"
        if certain and line is None and _declared_elsewhere(ctx, f["row"]):
            certain = False     # 碘含量（以I计）：18~33 mg/kg beside the table: the content is stated, the table row is not
        if not certain:
            other = f.get("also_additive", "").split(" ")[0]
            why = f"也可作{other}" if other else "其含量已在营养成分表以外标示"
            yield from rule.by_edition(ctx, variant="ambiguous", severity="info", compound=compound, why=why,
                                       nutrient=f["nutrient"], what=what, evidence=ev)
            continue
        yield from rule.by_edition(ctx, compound=compound, nutrient=f["nutrient"], what=what, evidence=ev)


def _declared_elsewhere(ctx: Context, row_re: str) -> bool:
    """The nutrient's content stated outside the ingredient list and the table (碘含量（以I计）：18~33 mg/kg)."""
    from .health_claims import ingredient_zone
    text = ctx.layout.text
    zone = ingredient_zone(ctx) or (0, 0)
    rx = regex.compile(f"(?:{row_re})[^\\n]{{0,14}}\\d+(\\.\\d+)?\\s*(mg|毫克|μg|微克|ug|g|克)", regex.IGNORECASE)
    return any(not zone[0] <= m.start() < zone[1] for m in rx.finditer(text))


def _has_trans_row(ctx: Context) -> bool:
    return "trans_fat" in ctx.nutrition.rows or bool(regex.search(r"反式脂肪", table_text(ctx)))


@procedure("LC761")
def hydrogenated_without_trans_fat(ctx: Context, rule: RuleRecord) -> Iterator[Finding]:
    if not ctx.nutrition or not ctx.nutrition.has_header or _has_trans_row(ctx):
        return
    rx = regex.compile(_hyd()["declared"])
    for item, _ in _walk(ctx.ingredients):
        if rx.search(item.name):
            yield from rule.by_edition(ctx, value=item.name, evidence=ctx.evidence_layout(item.start, item.end))
            return


@procedure("LC762")
def often_hydrogenated_without_trans_fat(ctx: Context, rule: RuleRecord) -> Iterator[Finding]:
    if not ctx.nutrition or not ctx.nutrition.has_header or _has_trans_row(ctx):
        return
    declared = regex.compile(_hyd()["declared"])
    names = [o["name"] for o in _hyd()["often"]]
    for item, _ in _walk(ctx.ingredients):
        if declared.search(item.name):
            return          # LC761 reports it
    for item, _ in _walk(ctx.ingredients):
        hit = next((n for n in names if n in item.name), None)
        # a compound that lists its parts shows its fat (植脂末（葡萄糖浆，精炼植物油，…）): a hydrogenated one would say
        # 氢化 there (GB 7718-2011 4.1.3.1.3 and 2025 表A.1), which the declared check above reads
        if hit and not item.children:
            yield from rule.by_edition(ctx, value=item.name, evidence=ctx.evidence_layout(item.start, item.end))
            return


_SOURCES = ("dairy_protein", "dairy_other", "animal_fat", "animal_protein_other", "egg", "animal_meat")


@procedure("LC770")
def plant_milk_powder_animal_source(ctx: Context, rule: RuleRecord) -> Iterator[Finding]:
    # the animal protein may have made the classifier call it "other": the plant-based milk powder name still binds
    if ctx.product_class != "plant_milk_powder" and not (ctx.name and ctx.name.matches("plant_milk_powder_name")):
        return
    for item, _ in _walk(ctx.ingredients):
        if regex.search(r"(乳糖|乳矿物盐)$", item.name) and not set(item.sources) - {"dairy_other"}:
            continue        # lactose and milk minerals are neither protein nor fat
        if any(s in _SOURCES for s in item.sources):
            yield rule.finding(ctx, value=item.name, evidence=ctx.evidence_layout(item.start, item.end))
