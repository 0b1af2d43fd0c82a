"""Name rules: the attribute name each product class must carry (RULES.md §2)."""
from __future__ import annotations

from typing import Iterator

from ..context import Context
from ..models import Finding
from ..suggest import suggestions
from .base import Rule, register


def _qualifier_trails_food(ctx: Context, first_q: int, last_q: int) -> bool:
    """The qualifier words (first_q..last_q) come after an imitated-food word with none following them."""
    food_before = [m for m in ctx.name.matches("animal_meat", "dish") if m.end <= first_q]
    return bool(food_before) and not _food_word_after(ctx, last_q)


def _food_word_after(ctx: Context, pos: int) -> bool:
    """Is there a word after `pos` to be the food-type word? jieba decides where words end."""
    end = (ctx.name.core or (0, len(ctx.name.text)))[1]
    text = ctx.name.text
    return any(e > pos and s < end and any("\u4e00" <= ch <= "\u9fff" for ch in text[max(s, pos):min(e, end)])
               for s, e, _ in ctx.name.ann.tokens)


@register
class SoyNameLacksSoy(Rule):
    """The name of a soy-based meat does not carry 大豆.

    Why: T/CNFIA 165—2022 8.2.2 "产品属性名称应冠以'大豆'字样，以及'植物肉'或等效名称".
    Fails: 植物肉汉堡肉饼 (soy protein first in the ingredients)
    Passes: 大豆植物肉汉堡肉饼
    """
    id, severity, standard, clause = "LC101", "error", "cnfia-165", "8.2.2"
    classes, scope = frozenset({"soy_meat"}), "name"

    def check(self, ctx: Context) -> Iterator[Finding]:
        if ctx.name and not ctx.name.matches("soy_word"):
            yield self.finding("大豆植物肉产品的属性名称未冠以“大豆”字样",
                               message_en="the attribute name of a soy-based meat lacks 大豆",
                               evidence=ctx.evidence_name(), suggestions=suggestions(ctx.name, "soy_meat", ctx.name_passes))


@register
class SoyNameLacksPlantMeat(Rule):
    """The name of a soy-based meat does not carry 植物肉 or an equivalent (植物基肉, 植物蛋白肉, 素肉).

    Why: T/CNFIA 165—2022 8.2.2 "…以及'植物肉'或等效名称".
    Fails: 大豆蛋白牛排 (declared T/CNFIA 165)
    Passes: 大豆素肉牛排
    """
    id, severity, standard, clause = "LC102", "error", "cnfia-165", "8.2.2"
    classes, scope = frozenset({"soy_meat"}), "name"

    def check(self, ctx: Context) -> Iterator[Finding]:
        if ctx.name and not ctx.name.matches("plant_meat_equivalent"):
            yield self.finding("大豆植物肉产品的属性名称未使用“植物肉”或等效名称（植物基肉、植物蛋白肉、素肉）",
                               message_en="the attribute name of a soy-based meat lacks 植物肉 or an equivalent",
                               evidence=ctx.evidence_name(), suggestions=suggestions(ctx.name, "soy_meat", ctx.name_passes))


@register
class SoyNameQualifierAfterFood(Rule):
    """大豆 and 植物肉 appear only after the food-type word instead of before it.

    Why: T/CNFIA 165—2022 8.2.2 says the attribute name is 冠以 (prefixed with) 大豆 and 植物肉:
    大豆植物肉香肠, not 香肠（大豆植物肉）.
    Fails: 香肠（大豆植物肉）
    Passes: 大豆植物肉香肠
    """
    id, severity, standard, clause = "LC103", "error", "cnfia-165", "8.2.2"
    classes, scope = frozenset({"soy_meat"}), "name"

    def check(self, ctx: Context) -> Iterator[Finding]:
        n = ctx.name
        if not n or ctx.kind == "title":
            return
        soy, equiv = n.matches("soy_word"), n.matches("plant_meat_equivalent")
        if not soy or not equiv:
            return
        first_q = min(soy[0].start, equiv[0].start)
        last_q = max(soy[-1].end, equiv[-1].end)
        if _qualifier_trails_food(ctx, first_q, last_q):
            yield self.finding("“大豆”“植物肉”应冠于食品类型名称之前",
                               message_en="大豆 and 植物肉 must come before the food-type word",
                               evidence=ctx.evidence_name(), suggestions=suggestions(n, "soy_meat", ctx.name_passes))


@register
class DairyNameLacksQualifier(Rule):
    """The name of a dairy-based protein meat does not say 乳基蛋白.

    Why: T/CEAC 123—2025 7.1.3 注3 and Annex A.1: name the product 乳基蛋白××, 乳基蛋白制成的××, or
    乳基蛋白 + the imitated product's usual name; A.2: 乳基蛋白源 / 非乳基蛋白源 / 素 may assist but
    never replace it.
    Fails: 牛肉饼 (casein and whey protein first); 素牛排（非乳基蛋白源）
    Passes: 乳基蛋白牛肉饼; 乳基蛋白制成的牛排（乳基蛋白源）
    """
    id, severity, standard, clause = "LC111", "error", "ceac-123", "7.1.3"
    classes, scope = frozenset({"dairy_meat"}), "name"

    def check(self, ctx: Context) -> Iterator[Finding]:
        if ctx.name and not ctx.name.matches("dairy_qualifier"):
            yield self.finding("乳基蛋白肉制品名称未使用“乳基蛋白”限定词（7.1.3 注3，附录A.1）",
                               message_en="a dairy-based protein meat name must say 乳基蛋白 (7.1.3 note 3, A.1)",
                               evidence=ctx.evidence_name(), suggestions=suggestions(ctx.name, "dairy_meat", ctx.name_passes))


@register
class DairyQualifierAfterFood(Rule):
    """乳基蛋白 appears only after the imitated meat's name instead of before it.

    Why: T/CEAC 123—2025 Annex A.1.2 "在该名称前附加'乳基蛋白'或类似限定词" and A.1.1 (乳基蛋白××,
    乳基蛋白制成的××): the qualifier leads the name — 乳基蛋白牛排, not 牛排（乳基蛋白）.
    Fails: 牛排（乳基蛋白）
    Passes: 乳基蛋白牛排; 乳基蛋白牛排（乳基蛋白源）
    """
    id, severity, standard, clause = "LC112", "error", "ceac-123", "7.1.3"
    classes, scope = frozenset({"dairy_meat"}), "name"

    def check(self, ctx: Context) -> Iterator[Finding]:
        n = ctx.name
        if not n or ctx.kind == "title":
            return
        quals = n.matches("dairy_qualifier")
        if not quals:
            return
        if _qualifier_trails_food(ctx, quals[0].start, quals[0].end):
            yield self.finding("“乳基蛋白”应附加在所模拟肉制品名称之前（附录A.1）",
                               message_en="乳基蛋白 must come before the imitated product's name (Annex A.1)",
                               evidence=ctx.evidence_name(), suggestions=suggestions(n, "dairy_meat", ctx.name_passes))


@register
class PlantNameLacksQualifier(Rule):
    """A plant-based meat is named with an animal-meat term and nothing that says it is plant-made.

    Why: GB 7718 requires a name that shows the food's true attribute (2011 4.1.2.1, 2025 4.2.1);
    the T/CHC plant-based meat draft (3.1) defines the product by its plant protein. 植物肉, 植物基,
    植物蛋白, 素 … next to the meat term make the origin plain.
    Fails: 牛肉饼 (pea protein first in the ingredients)
    Passes: 植物基牛肉饼
    """
    id, severity, standard, clause = "LC121", "error", "gb-7718", "4.1.2.1 (2011) / 4.2.1 (2025)"
    classes, scope = frozenset({"plant_meat"}), "name"

    def check(self, ctx: Context) -> Iterator[Finding]:
        n = ctx.name
        if not n or not n.matches("animal_meat") or n.matches("plant_qualifier", "plant_meat"):
            return
        yield from self.by_edition(
            ctx, "植物基肉制品以动物肉名称命名，但名称中未标明植物来源（植物基、植物蛋白、素等）",
            clause_2011="4.1.2.1", clause_2025="4.2.1",
            message_en="a plant-based meat named with an animal-meat term must show its plant origin",
            evidence=ctx.evidence_name(), suggestions=suggestions(n, "plant_meat", ctx.name_passes))


@register
class MilkPowderNameLacksPlant(Rule):
    """A plant-only powder is named 奶粉 without the 植物基 (or 植物) qualifier.

    Why: T/CHC 植物基食品 第1部分 explanatory notes §三(二): the product is 植物基奶粉, or 调制植物基奶粉
    when other ingredients are added; 奶粉/乳粉 alone is a dairy name. Names fixed by another
    standard (豆奶粉, GB/T 18738) are accepted.
    Fails: 燕麦奶粉 (oat flour, sugar, non-dairy creamer)
    Passes: 调制植物基燕麦奶粉; 豆奶粉
    """
    id, severity, standard, clause = "LC131", "error", "chc-pbf-1", "三(二)"
    classes, scope = frozenset({"plant_milk_powder"}), "name"

    def check(self, ctx: Context) -> Iterator[Finding]:
        n = ctx.name
        if not n or n.matches("plant_milk_powder_name", "standard_milk_powder_name"):
            return
        powders = n.matches("milk_powder")
        if not powders or any(m.end <= powders[0].start for m in n.matches("plant_qualifier")):
            return
        modified = ctx.milk_powder_modified()
        tail = "；添加了其他配料时应为“调制植物基奶粉”" if modified else ""
        yield self.finding("植物原料制成的粉状产品以“奶粉”命名，未标明“植物基”" + tail,
                           message_en="a plant-made powder named 奶粉 must say 植物基 (调制植物基奶粉 when other ingredients are added)",
                           evidence=ctx.evidence_name(),
                           suggestions=suggestions(n, "plant_milk_powder", ctx.name_passes, modified=modified))


@register
class MilkPowderNeedsModified(Rule):
    """A powder named 植物基奶粉 has other ingredients added and must be 调制植物基奶粉.

    Why: T/CHC 植物基食品 第1部分 explanatory notes §三(二): 植物基奶粉 "不添加其他配料"; with other
    plants, additives or fortificants it is 调制植物基奶粉. A draft standard, so a warning.
    Fails: 植物基奶粉 with 白砂糖 in the ingredient list
    Passes: 调制植物基奶粉 with 白砂糖; 植物基奶粉 of soybeans only
    """
    id, severity, standard, clause = "LC132", "warning", "chc-pbf-1", "三(二)"
    classes, scope = frozenset({"plant_milk_powder"}), "name"

    def check(self, ctx: Context) -> Iterator[Finding]:
        n = ctx.name
        if not n or not ctx.milk_powder_modified():
            return
        named = n.matches("plant_milk_powder_name") or (n.matches("milk_powder") and n.matches("plant_qualifier"))
        if named and "调制" not in n.text:
            yield self.finding("配料中添加了其他配料，名称应为“调制植物基奶粉”",
                               message_en="other ingredients are added: the name must be 调制植物基奶粉",
                               evidence=ctx.evidence_name(),
                               suggestions=suggestions(n, "plant_milk_powder", ctx.name_passes, modified=True))


@register
class Order100Prefix(Rule):
    """The name of a plant-made imitation lacks 仿, 素 or the plant's name (SAMR Order 100, unconfirmed wording).

    Why: SAMR Order 100 (《食品标识监督管理办法》, in force 2027-03-16) art. 16 is reported to require
    "以植物源性食品原料制成的模拟动物源性食品，应当在名称中冠以'仿''素'或者'某植物'等字样". The text
    seen is an unofficial transcription, so this is always a warning.
    Fails: 牛肉饼 (pea protein); 人造肉汉堡 (人造 is not among the words)
    Passes: 豌豆植物肉牛肉饼; 素牛肉饼
    """
    id, severity, standard, clause = "LC150", "warning", "samr-100", "16"
    classes, scope = frozenset({"plant_meat", "soy_meat"}), "name"

    def check(self, ctx: Context) -> Iterator[Finding]:
        n = ctx.name
        if not n or not (n.matches("animal_meat") or n.matches("plant_meat")):
            return
        # 人造 is not among the reported words (仿, 素, a plant's name): 人造肉 alone does not satisfy it
        says_plant = [m for m in n.ann.matches if m.has("plant_qualifier", "plant_meat", "soy_word", "plant_meat_equivalent")
                      and not m.term.startswith("人造")]
        if says_plant:
            return
        yield self.finding("自2027-03-16起，《食品标识监督管理办法》第十六条（据报道的措辞，未经官方文本确认）要求植物源性仿动物食品名称冠以“仿”“素”或“某植物”字样",
                           message_en="SAMR Order 100 art. 16 (reported wording, unconfirmed), from 2027-03-16: 仿/素/<plant> in the name",
                           evidence=ctx.evidence_name(), effective="2027-03-16",
                           suggestions=suggestions(n, ctx.product_class, ctx.name_passes, template="order100"))
