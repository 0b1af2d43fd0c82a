"""GB 7718 general labelling, both editions (RULES.md §5): mandatory items, formats, allergens,
coined names, banned wording. An item both editions require is an error; one only the 2025 edition
(in force 2027-03-16) requires is a warning that names the date until then.
"""
from __future__ import annotations

from functools import cache
from typing import Iterator

import regex

from ..context import Context
from ..models import Evidence, Finding
from ..normalize import normalize
from ..resources import lexicon, pattern
from .base import Rule, register
from .required import item_present


class GBMandatoryItem(Rule):
    standard, severity = "gb-7718", "error"
    spec: dict = {}

    def check(self, ctx: Context) -> Iterator[Finding]:
        if not ctx.is_complete_label or item_present(ctx, self.spec) or \
                (self.spec.get("domestic_only") and ctx.classification.imported):
            return
        item = self.spec["item"]
        yield from self.by_edition(ctx, f"标签未标示{item}", clause_2011=self.spec.get("clause_2011"),
                                   clause_2025=self.spec.get("clause_2025"),
                                   message_en=f"the label does not show: {item}")


def _make(spec: dict) -> None:
    c11, c25 = spec.get("clause_2011"), spec.get("clause_2025")
    clause = f"{c11} (2011) / {c25} (2025)" if c11 else f"{c25} (2025)"
    only = "" if c11 else " Only the 2025 edition asks for it: a warning naming 2027-03-16 until then."
    doc = f"""A complete label does not show {spec['item']}.

    Why: GB 7718 4.1 lists the mandatory items of a prepackaged food label (2011 {c11 or '—'}, 2025 {c25}).{only}
    Runs on labels with five or more labelled fields (a label, not an excerpt); field labels and
    见包装-style references are recognised as RULES.md §3 says.
    Fails: a complete label with no {spec['item']}
    Passes: the same label with {spec['item']}
    """
    cls = type(f"GBMandatory_{spec['rule']}", (GBMandatoryItem,),
               {"id": spec["rule"], "spec": spec, "clause": clause, "__doc__": doc,
                "severity": "error" if c11 else "warning"})
    register(cls)


for _spec in lexicon("required_items")["gb7718"]:
    _make(_spec)


_SC = regex.compile(r"SC\s*(\d[\d\s]*)", regex.IGNORECASE)
_QS = regex.compile(r"QS\s*\d", regex.IGNORECASE)


@register
class LicenceNumberFormat(Rule):
    """The food production licence number is not SC followed by 14 digits (or is an old QS number).

    Why: GB 7718 2011 4.1.9 / 2025 4.9: the licence number is shown as the licensing rules set it —
    《食品生产许可管理办法》: "SC" + 14 digits; QS numbers were withdrawn in 2018.
    Fails: 食品生产许可证编号：SC1052302000000 (13 digits); QS4403 0401 0263
    Passes: 食品生产许可证编号：SC10523020000000
    """
    id, severity, standard, clause = "LC520", "error", "gb-7718", "4.1.9 (2011) / 4.9 (2025)"

    def check(self, ctx: Context) -> Iterator[Finding]:
        for fv in ctx.fields.get("licence", []):
            value = fv.value
            if not value or _see(value):
                continue
            m = _SC.search(value)
            digits = pattern(r"\s").sub("", m.group(1)) if m else ""
            if _QS.search(value):
                msg, en = "食品生产许可证编号为已停用的QS编号，应为SC加14位数字", "old QS licence number; SC + 14 digits is required"
            elif not m or len(digits) != 14:
                msg, en = f"食品生产许可证编号“{value}”不符合SC加14位数字的格式", "licence number is not SC + 14 digits"
            else:
                continue
            yield from self.by_edition(ctx, msg, clause_2011="4.1.9", clause_2025="4.9", message_en=en,
                                       evidence=ctx.evidence_layout(fv.start, fv.end))


_STD_CODE = regex.compile(r"(GB|GB/T|T/[A-Z]{2,}|Q/[\w-]+|[A-Z]{2}/T|DB\d*/T?|DBS\d*)\s*\d+(\.\d+)?(\s*-\s*\d{4})?", regex.IGNORECASE)


@register
class StandardCodeFormat(Rule):
    """The product standard code is not a standard number (GB, GB/T, T/…, Q/…, DB…, SB/T… plus its number).

    Why: GB 7718 2011 4.1.10 / 2025 4.10: domestic products show "执行的标准代号和顺序号". Text such as
    企业标准 or 国家标准 without a number does not say which standard; suggestive, so a warning.
    Fails: 执行标准：企业标准
    Passes: 执行标准：T/CNFIA 165-2022; 产品标准号：Q/ABC 0001S-2024
    """
    id, severity, standard, clause = "LC521", "warning", "gb-7718", "4.1.10 (2011) / 4.10 (2025)"

    def check(self, ctx: Context) -> Iterator[Finding]:
        for fv in ctx.fields.get("standard", [])[:1]:
            if fv.value and not _see(fv.value) and not _STD_CODE.search(fv.value) and not ctx.classification.imported:
                yield from self.by_edition(ctx, f"产品标准代号“{fv.value}”未给出标准代号和顺序号", clause_2011="4.1.10",
                                           clause_2025="4.10", severity="warning",
                                           message_en="the product standard field has no standard code and number",
                                           evidence=ctx.evidence_layout(fv.start, fv.end))


def _see(value: str) -> bool:
    from ..extract.fields import is_reference
    return is_reference(value)


_VAGUE_REF = regex.compile(r"^(见|详见)(包装|外包装|产品包装|标签|包装上)?(上|所示|标示)?\.?$")
_DATE = regex.compile(r"(?P<y>\d{2,4})\s*[年./-]\s*(?P<m>\d{1,2})\s*[月./-]\s*(?P<d>\d{1,2})|(?P<compact>\d{8})")


@register
class DateReferenceVague(Rule):
    """A date given as a reference (见包装) does not say where on the pack it is printed.

    Why: GB 7718 2011 4.1.7.1 "如日期标示采用'见包装物某部位'的形式，应标示所在包装物的具体部位";
    2025 4.7.1 keeps the rule. 见包装 alone does not name a place; 见封口, 见瓶底 do. Judging "specific"
    is a reading, so a warning.
    Fails: 生产日期：见包装
    Passes: 生产日期：见包装封口处; 生产日期：2026年03月20日
    """
    id, severity, standard, clause = "LC522", "warning", "gb-7718", "4.1.7.1 (2011) / 4.7.1 (2025)"

    def check(self, ctx: Context) -> Iterator[Finding]:
        for key in ("production_date", "expiry_date"):
            fv = ctx.field(key)
            if fv and _VAGUE_REF.match(fv.value.strip()):
                yield from self.by_edition(ctx, f"日期标示“{fv.value}”未指明包装物的具体部位", clause_2011="4.1.7.1",
                                           clause_2025="4.7.1", severity="warning",
                                           message_en="a 见包装 date reference must name the place on the pack",
                                           evidence=ctx.evidence_layout(fv.start, fv.end))


@register
class DateOrder(Rule):
    """A printed date is not in year-month-day order with a four-digit year.

    Why: GB 7718-2025 4.7.1 and A.2: dates "按照年、月、日的顺序", e.g. 2010年03月20日, 20100320, 2010-03-20.
    2011 4.1.7.3 allowed another order if stated, so before 2027-03-16 this is a warning.
    Fails: 生产日期：20/03/2026
    Passes: 生产日期：2026-03-20
    """
    id, severity, standard, clause = "LC523", "warning", "gb-7718", "4.7.1 (2025)"

    _DMY = regex.compile(r"(?<!\d)(\d{1,2})[./-](\d{1,2})[./-](\d{2,4})(?!\d)")

    def check(self, ctx: Context) -> Iterator[Finding]:
        fv = ctx.field("production_date")
        if not fv:
            return
        m = self._DMY.search(fv.value)
        if m and int(m.group(1)) <= 31 and not pattern(r"\d{4}").match(m.group(0)):
            yield from self.by_edition(ctx, f"日期“{m.group(0)}”未按年、月、日顺序标示", clause_2011=None, clause_2025="4.7.1",
                                       message_en="dates must be year-month-day", evidence=ctx.evidence_layout(fv.start, fv.end))


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


@register
class AllergenNotDeclared(Rule):
    """An allergen in the ingredients (soy, milk, wheat/oats, egg…) is neither named plainly nor declared.

    Why: GB 7718-2025 4.12 and Annex D (D.2): allergens are shown by easily recognised names in the
    ingredient list or by a statement next to it (致敏物质提示 …含有大豆、乳制品); D.4 exempts refined soy oil,
    soy lecithin, cereal starch, dextrin and glucose syrup. 2011 4.4.3 only recommended it, so this is a
    warning naming 2027-03-16 until then. Soy is an allergen for soy_meat, milk for dairy_meat.
    Fails: 配料：水，组织化植物蛋白（大豆），酪蛋白酸钠 — 酪蛋白酸钠 does not say 乳, no statement
    Passes: the same with 致敏物质提示：含有大豆、乳制品
    """
    id, severity, standard, clause = "LC512", "warning", "gb-7718", "4.12 (2025)"

    def check(self, ctx: Context) -> Iterator[Finding]:
        if not ctx.ingredients:
            return
        declared = normalize(_statement_text(ctx)).text
        from .composition import _walk
        items = [(item, normalize(item.name).text) for item in _walk(ctx.ingredients)]
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
                yield from self.by_edition(ctx, f"配料“{hit.name}”含致敏物质（{group['label']}），但未以易辨识名称标示或作致敏物质提示",
                                           clause_2011=None, clause_2025="4.12",
                                           message_en=f"allergen ({key}) in {hit.name} is not declared",
                                           evidence=ctx.evidence_layout(hit.start, hit.end))


@register
class CoinedNameOutsizesAttributeName(Rule):
    """A coined or brand name that could mislead is bigger than the attribute name, or the attribute name is missing beside it.

    Why: GB 7718-2011 4.1.2.2.1: with a 新创/奇特/音译/牌号 name, the true name must stand nearby "使用同一字号";
    GB 7718-2025 4.2.2: where the coined or brand name contains words that could mislead about the food's
    nature, the attribute name stands on the same panel, and the coined name is no taller than it and in the
    same font and colour. Coined names come from spans with role "brand"/"coined" or a ®/™ mark.
    Fails: brand "肉霸王®" 12 mm, attribute name "植物基牛肉饼" 4 mm on the front panel
    Passes: brand 5 mm, attribute name 5 mm
    """
    id, severity, standard, clause = "LC540", "error", "gb-7718", "4.1.2.2.1 (2011) / 4.2.2 (2025)"

    def check(self, ctx: Context) -> Iterator[Finding]:
        spans = ctx.spans
        coined = [i for i, s in enumerate(spans) if s.role in ("brand", "coined", "trademark") or ("®" in s.text or "™" in s.text)]
        if not coined:
            return
        names = [i for i, s in enumerate(spans) if s.role == "name"]
        from ..annotate import find_terms
        for i in coined:
            c = spans[i]
            terms = find_terms(normalize(c.text).text)
            if not any(t.has("animal_meat", "plant_meat", "dairy_qualifier", "milk_powder") for t in terms):
                continue          # only a name that could mislead about the food's nature is held to this
            same_panel = [j for j in names if spans[j].panel == c.panel or spans[j].panel is None or c.panel is None]
            ev = Evidence(text=c.text, start=0, end=len(c.text), source="spans", spans=[i])
            if not same_panel:
                yield from self.by_edition(ctx, f"新创/商标名称“{c.text}”所在版面未同时标示反映真实属性的名称",
                                           clause_2011="4.1.2.2.1", clause_2025="4.2.2",
                                           message_en="no attribute name on the coined name's panel", evidence=ev)
                continue
            name_h = max((spans[j].height_mm or 0) for j in same_panel)
            if c.height_mm and name_h and c.height_mm > name_h * 1.05:
                yield from self.by_edition(ctx, f"新创/商标名称“{c.text}”字高{c.height_mm:.1f} mm大于属性名称的{name_h:.1f} mm",
                                           clause_2011="4.1.2.2.1", clause_2025="4.2.2",
                                           message_en="the coined name is taller than the attribute name", evidence=ev)
            colours = {spans[j].color for j in same_panel if spans[j].color}
            if c.color and colours and c.color not in colours:
                yield from self.by_edition(ctx, f"新创/商标名称“{c.text}”与属性名称颜色不同", clause_2011=None,
                                           clause_2025="4.2.2", message_en="the coined name's colour differs from the attribute name's",
                                           evidence=ev)


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


@register
class NotAddedWording(Rule):
    """The label says 不添加, 零添加, 无添加 or a synonym.

    Why: GB 7718-2025 4.4.2.2 "不得使用'不添加''不使用'及其同义语" and A.5.3 (未添加, 零添加, 无添加, 未使用, 没加…).
    The 2011 edition has no such clause: a warning naming 2027-03-16 until then.
    Fails: 零添加防腐剂
    Passes: 配料：水，大豆分离蛋白 (no such wording)
    """
    id, severity, standard, clause = "LC550", "warning", "gb-7718", "4.4.2.2 (2025)"

    def check(self, ctx: Context) -> Iterator[Finding]:
        for m in pattern(_claims()["banned"]["not_added"]).finditer(ctx.layout.text):
            if _outside_ingredients(ctx, m):
                yield from self.by_edition(ctx, f"使用了“{m.group(0)}”等禁用用语", clause_2011=None, clause_2025="4.4.2.2",
                                           message_en=f"banned wording: {m.group(0)}", evidence=ctx.evidence_layout(m.start(), m.end()))


@register
class FreeOfForbiddenSubstance(Rule):
    """The label claims 无/不含 a substance that such claims may not be made for (preservatives, additives, hormones…).

    Why: GB 7718-2025 4.4.2.1: 无/不含 claims need the content to be 0, and may not be made for food
    additives, contaminants or substances not allowed in food (防腐剂, 色素, 激素, 农药…). New in 2025: a
    warning naming 2027-03-16 until then.
    Fails: 无防腐剂，不含色素
    Passes: 无蔗糖 with 糖 0 g (a nutrient claim, checked by LC610)
    """
    id, severity, standard, clause = "LC551", "warning", "gb-7718", "4.4.2.1 (2025)"

    def check(self, ctx: Context) -> Iterator[Finding]:
        for m in _free_of_forbidden().finditer(ctx.layout.text):
            if _outside_ingredients(ctx, m):
                yield from self.by_edition(ctx, f"“{m.group(0)}”：不得对食品添加剂、污染物或不允许添加的物质作“无/不含”声称",
                                           clause_2011=None, clause_2025="4.4.2.1", message_en=f"'free of' claim not allowed: {m.group(0)}",
                                           evidence=ctx.evidence_layout(m.start(), m.end()))


@register
class DiseaseClaim(Rule):
    """The label claims or implies preventing or treating disease (降血脂, 抗癌, 增强免疫力…).

    Why: GB 7718-2011 3.6 / 2025 3.5: labels "不应标注或者暗示具有预防、治疗疾病作用的内容"; non-health foods
    may not claim health functions.
    Fails: 常吃可降血脂、增强免疫力
    Passes: 高蛋白，适合健身人群
    """
    id, severity, standard, clause = "LC552", "error", "gb-7718", "3.6 (2011) / 3.5 (2025)"

    def check(self, ctx: Context) -> Iterator[Finding]:
        for m in pattern(_claims()["banned"]["disease"]).finditer(ctx.layout.text):
            if _outside_ingredients(ctx, m):
                yield from self.by_edition(ctx, f"标签含有预防、治疗疾病或保健功能用语：“{m.group(0)}”", clause_2011="3.6", clause_2025="3.5",
                                           message_en=f"disease or health claim: {m.group(0)}", evidence=ctx.evidence_layout(m.start(), m.end()))


@register
class SpecialSupplyWording(Rule):
    """The label uses 特供, 专供 or 内供.

    Why: SAMR Order 100 (in force 2027-03-16) is reported to ban 特供/专供/内供 on labels (unofficial
    transcription); such wording also misleads under GB 7718 3.4. A warning.
    Fails: 机关特供
    Passes: 餐饮渠道装 (no such wording)
    """
    id, severity, standard, clause = "LC553", "warning", "samr-100", "7"

    def check(self, ctx: Context) -> Iterator[Finding]:
        for m in pattern(_claims()["banned"]["special_supply"]).finditer(ctx.layout.text):
            yield self.finding(f"使用了“{m.group(0)}”字样（《食品标识监督管理办法》据报道禁止，2027-03-16起施行）",
                               message_en=f"'{m.group(0)}' wording (SAMR Order 100, reported)", effective="2027-03-16",
                               evidence=ctx.evidence_layout(m.start(), m.end()))
