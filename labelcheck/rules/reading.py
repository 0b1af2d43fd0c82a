"""What reading the label found that a person should know: numbers that could not be read, an imported
food recognised, a class that rests on weak evidence, a plant-meat brand whose name does not say so."""
from __future__ import annotations

from typing import Iterator

from ..context import Context
from ..models import Finding
from .base import Rule, register

_ROW_ZH = {"energy": "能量", "protein": "蛋白质", "fat": "脂肪", "saturated_fat": "饱和脂肪", "trans_fat": "反式脂肪",
           "cholesterol": "胆固醇", "carbohydrate": "碳水化合物", "sugar": "糖", "fibre": "膳食纤维", "sodium": "钠",
           "calcium": "钙", "moisture": "水分"}


@register
class UnreadableNumber(Rule):
    """A nutrition value could not be read as a number (OCR spacing, a thousands-or-decimal comma, stray letters).

    Why: GB 28050 (2011 6.2 / 2025 6.1) rules compare declared values; a number misread is a false finding.
    labelcheck reads spaced digits (1 2 . 5), full-width digits, O/l inside numbers and decimal commas, and
    where the text allows two readings it says so here and the rules that need that row skip it.
    Fails: 钠 1,250 mg (1250 or 1.25?); 蛋白质 1 5.0 g
    Passes: 钠 1250 mg; 蛋 白 质 1 5 . 0 g (read as 15.0)
    """
    id, severity, standard, clause = "LC010", "info", "gb-28050", "6.2 (2011) / 6.1 (2025)"

    def check(self, ctx: Context) -> Iterator[Finding]:
        t = ctx.nutrition
        if not t:
            return
        for key, raw in t.unreadable.items():
            ev = None
            if ctx.layout is not None:
                pos = ctx.layout.text.find(raw, t.start)
                if pos >= 0:
                    ev = ctx.evidence_layout(pos, pos + len(raw))
            yield self.finding(f"营养成分表“{_ROW_ZH.get(key, key)}”一行的数值无法可靠读取（{raw}），依赖该数值的检查已跳过，请人工核对",
                               message_en=f"unreadable number in the {key} row ({raw}); rules needing it were skipped",
                               evidence=ev)


@register
class ImportedFood(Rule):
    """The label is recognised as an imported prepackaged food; the evidence is listed.

    Why: GB 7718-2011 4.1.6.3 / 2025 4.6 (原产国或地区, the agent/importer/distributor in China) and
    4.1.9/4.1.10 (2025 4.9/4.10): the licence number and the product standard code are asked of
    domestically produced food only, so those items are not required of an import.
    Fails: never fails; an info finding (原产国：泰国, 进口商：…, 境外生产企业在华注册编号：…)
    Passes: —
    """
    id, severity, standard, clause = "LC011", "info", "gb-7718", "4.1.6.3 (2011) / 4.6 (2025)"

    def check(self, ctx: Context) -> Iterator[Finding]:
        c = ctx.classification
        if ctx.is_label and c.imported:
            yield self.finding("识别为进口预包装食品：" + "；".join(c.import_evidence[:4]) + "（不要求食品生产许可证编号和产品标准代号）",
                               message_en="imported prepackaged food: " + "; ".join(c.import_evidence[:4]))


@register
class LowClassConfidence(Rule):
    """The product class rests on weak evidence (a title alone, one ambiguous word, a brand): needs a person.

    Why: RULES.md §1 orders the evidence (declared standard, ingredients, name); where only a loose name
    word decides, the class may be wrong and the report says class_confidence "low" so a pipeline can
    route it to review rather than act on it.
    Fails: 鸡块 空气炸锅 添加牛奶蛋白 (a dairy word not leading the meat word: real meat possible)
    Passes: 乳基蛋白香肠 (the qualifier leads the name)
    """
    id, severity, standard, clause = "LC012", "info", "gb-7718", "—"
    scope = "name"

    def check(self, ctx: Context) -> Iterator[Finding]:
        c = ctx.classification
        if c.confidence == "low":
            yield self.finding(f"产品类别判断依据较弱，建议人工复核：{c.confidence_evidence}",
                               message_en="the product class rests on weak evidence; review by a person",
                               evidence=ctx.evidence_name())


@register
class PlantBrandNameSaysMeat(Rule):
    """A name or title carries a known plant-based meat brand but its own words do not say the food is plant-made.

    Why: GB 7718 requires a name that shows the food's true attribute (2011 4.1.2.1, 2025 4.2.1.1); a brand
    is no attribute name (2011 4.1.2.2). A brand alone cannot decide that the product is a plant-based meat
    (the maker may sell real meat or other foods too), so this is a warning, never an error.
    Fails: 别样肉客 经典牛肉饼 226g
    Passes: 别样肉客 植物基牛肉饼 226g
    """
    id, severity, standard, clause = "LC015", "warning", "gb-7718", "4.1.2.1 (2011) / 4.2.1 (2025)"
    scope = "name"

    def check(self, ctx: Context) -> Iterator[Finding]:
        n = ctx.name
        if not n or ctx.product_class != "other" or ctx.classification.basis not in ("name", "none"):
            return
        brands = [b.text for b in n.brands if b.plant_based]
        if brands and n.matches("animal_meat"):
            yield self.finding(f"名称含植物肉品牌“{'、'.join(brands)}”，但名称本身未说明植物来源（植物基、植物蛋白、素等）",
                               message_en="a plant-based meat brand, but the name itself does not say plant-made",
                               evidence=ctx.evidence_name())
