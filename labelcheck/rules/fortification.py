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
from .base import Rule, register


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
        out.append((regex.compile("(" + "|".join(regex.escape(n) for n in names) + ")(?![0-9])", regex.IGNORECASE), f))
    return out


def _walk(items: list[Ingredient], parent: Ingredient | None = None):
    for i in items:
        yield i, parent
        yield from _walk(i.children, i)


def _table_text(ctx: Context) -> str:
    t = ctx.nutrition
    return ctx.layout.text[t.start:t.end] if t else ""


def _row_line(table: str, row_re: str) -> str | None:
    rx = regex.compile(f"(?:{row_re})(?![0-9])", regex.IGNORECASE)
    for line in table.splitlines():
        if rx.search(line) and regex.search(r"\d", line):
            return line
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


@register
class FortifierNotInTable(Rule):
    """A nutrition fortifier is used but the table does not show that nutrient with its NRV%.

    Why: GB 28050-2011 4.3 / 2025 4.3 "使用了营养强化剂的预包装食品…在营养成分表中还应标示强化后食品中该营养成分的
    含量值及其占营养素参考值（NRV）的百分比". The role decides (GB 7718-2025 4.3.4: an additive is named by the
    role it plays): listed under 营养强化剂/矿物质/维生素, a vitamin name, or a compound that is only a
    fortifier (硫酸亚铁, 葡萄糖酸锌, 氰钴胺…) is an error; a compound that is also an ordinary additive
    (抗坏血酸 as antioxidant, 核黄素 or β-胡萝卜素 as colour, 碳酸钙) with no stated role is info.
    Fails: 配料：…，营养强化剂（碳酸钙，维生素D3） with a table showing no 钙 or 维生素D
    Passes: the same with 钙 250 mg 31% and 维生素D 2.5 μg 50% in the table; 抗坏血酸 as antioxidant (info at most)
    """
    id, severity, standard, clause = "LC760", "error", "gb-28050", "4.3"

    def check(self, ctx: Context) -> Iterator[Finding]:
        if not ctx.nutrition or not ctx.nutrition.has_header or not ctx.ingredients:
            return
        table = _table_text(ctx)
        for item, f, certain, compound in fortifiers(ctx):
            line = _row_line(table, f["row"])
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
                yield self.finding(f"配料“{compound}”可作营养强化剂，{why}；如作营养强化剂，营养成分表应标示{f['nutrient']}的{what}",
                                   severity="info", clause="4.3", edition=ctx.edition, evidence=ev,
                                   message_en=f"{compound} may be a fortifier or an ordinary additive: if fortified, show {f['nutrient']}")
                continue
            yield from self.by_edition(ctx, f"使用了营养强化剂“{compound}”，营养成分表未标示{f['nutrient']}的{what}", clause_2011="4.3",
                                       clause_2025="4.3", evidence=ev,
                                       message_en=f"fortifier {item.name}: the table lacks {f['nutrient']} {'with NRV%' if line else ''}")


def _declared_elsewhere(ctx: Context, row_re: str) -> bool:
    """The nutrient's content stated outside the ingredient list and the table (碘含量（以I计）：18~33 mg/kg)."""
    from .health_claims import ingredient_zone
    text = ctx.layout.text
    zone = ingredient_zone(ctx) or (0, 0)
    rx = regex.compile(f"(?:{row_re})[^\\n]{{0,14}}\\d+(\\.\\d+)?\\s*(mg|毫克|μg|微克|ug|g|克)", regex.IGNORECASE)
    return any(not zone[0] <= m.start() < zone[1] for m in rx.finditer(text))


def _has_trans_row(ctx: Context) -> bool:
    return "trans_fat" in ctx.nutrition.rows or bool(regex.search(r"反式脂肪", _table_text(ctx)))


@register
class HydrogenatedWithoutTransFat(Rule):
    """An ingredient is declared hydrogenated (氢化植物油, 部分氢化大豆油) but the table has no 反式脂肪(酸) row.

    Why: GB 28050-2011 4.4 / 2025 4.4 "食品配料含有或生产过程中使用了氢化和（或）部分氢化油脂时，在营养成分表中还应标示出
    反式脂肪（酸）的含量". 非氢化/未氢化 are not hydrogenated.
    Fails: 配料：…，氢化植物油 with no 反式脂肪 row
    Passes: the same with 反式脂肪 0 g; 配料：…，非氢化植物油
    """
    id, severity, standard, clause = "LC761", "error", "gb-28050", "4.4"

    def check(self, ctx: Context) -> Iterator[Finding]:
        if not ctx.nutrition or not ctx.nutrition.has_header or _has_trans_row(ctx):
            return
        rx = regex.compile(_hyd()["declared"])
        for item, _ in _walk(ctx.ingredients):
            if rx.search(item.name):
                yield from self.by_edition(ctx, f"配料“{item.name}”为氢化油脂，营养成分表未标示反式脂肪（酸）含量", clause_2011="4.4",
                                           clause_2025="4.4", evidence=ctx.evidence_layout(item.start, item.end),
                                           message_en=f"{item.name} is hydrogenated: the table needs a trans-fat row")
                return


@register
class OftenHydrogenatedWithoutTransFat(Rule):
    """An ingredient often (not always) made with hydrogenated fat (起酥油, 植脂末, 代可可脂…) and no 反式脂肪 row.

    Why: GB 28050 2011 4.4 / 2025 4.4 bind only where hydrogenated fat is used; these ingredients are often
    but not always made with it (interesterified and fractionated fats are common), so a warning asking
    the maker to check. Sources per entry in lexicons/hydrogenated.toml.
    Fails: 配料：…，植脂末 with no 反式脂肪 row (warning)
    Passes: the same with 反式脂肪 0 g
    """
    id, severity, standard, clause = "LC762", "warning", "gb-28050", "4.4"

    def check(self, ctx: Context) -> Iterator[Finding]:
        if not ctx.nutrition or not ctx.nutrition.has_header or _has_trans_row(ctx):
            return
        declared = regex.compile(_hyd()["declared"])
        names = [o["name"] for o in _hyd()["often"]]
        for item, _ in _walk(ctx.ingredients):
            if declared.search(item.name):
                return          # LC761 reports it
        for item, _ in _walk(ctx.ingredients):
            hit = next((n for n in names if n in item.name), None)
            if hit:
                yield from self.by_edition(ctx, f"配料“{item.name}”常以氢化油脂制成；如使用了氢化油脂，营养成分表应标示反式脂肪（酸）",
                                           clause_2011="4.4", clause_2025="4.4", severity="warning",
                                           evidence=ctx.evidence_layout(item.start, item.end),
                                           message_en=f"{item.name} is often made with hydrogenated fat: check the trans-fat row")
                return


@register
class PlantMilkPowderAnimalSource(Rule):
    """A plant-based milk powder adds animal-derived protein or fat (whey, casein, milk powder, cream, butter…).

    Why: T/CHC 植物基食品 第1部分 植物基奶粉 编制说明 三（四）基本要求 1 "蛋白质、脂肪应来源于植物原料，不得添加动物来源的蛋白质和
    脂肪". A draft's notes, so a warning, as the other draft-based rules are.
    Fails: 植物基奶粉 配料：燕麦粉，乳清蛋白粉，白砂糖
    Passes: 植物基奶粉 配料：燕麦粉，豌豆蛋白，椰子油，白砂糖
    """
    id, severity, standard, clause = "LC770", "warning", "chc-pbf-1", "三(四)1"

    _SOURCES = ("dairy_protein", "dairy_other", "animal_fat", "animal_protein_other", "egg", "animal_meat")

    def check(self, ctx: Context) -> Iterator[Finding]:
        # the animal protein may have made the classifier call it "other": the plant-based milk powder name still binds
        if ctx.product_class != "plant_milk_powder" and not (ctx.name and ctx.name.matches("plant_milk_powder_name")):
            return
        for item, _ in _walk(ctx.ingredients):
            if regex.search(r"(乳糖|乳矿物盐)$", item.name) and not set(item.sources) - {"dairy_other"}:
                continue        # lactose and milk minerals are neither protein nor fat
            if any(s in self._SOURCES for s in item.sources):
                yield self.finding(f"植物基奶粉配料中含有动物来源的蛋白质或脂肪：{item.name}",
                                   message_en=f"animal-source protein or fat in a plant-based milk powder: {item.name}",
                                   evidence=ctx.evidence_layout(item.start, item.end))
