"""Which product this is, and whether the declared standard fits it (RULES.md §1, §4 last row)."""
from __future__ import annotations

from typing import Iterator

from ..classify import CLASS_STANDARD, DECLARED
from ..context import Context
from ..models import Finding
from .base import Rule, register

_CLASS_ZH = {"soy_meat": "大豆植物肉", "plant_meat": "植物基肉制品", "dairy_meat": "乳基蛋白肉制品",
             "plant_milk_powder": "植物基奶粉", "traditional_soy": "传统豆制品", "other": "其他食品"}
_SOURCE_ZH = {"soy_meat": "大豆蛋白", "dairy_meat": "乳基蛋白", "plant_meat": "其他植物蛋白", "other": "动物肉"}


@register
class ProductClassInfo(Rule):
    """Reports the product class, the evidence that decided it and the standards applied.

    Why: RULES.md §1 — the class decides which standards apply; a regulator needs to see why
    (declared standard, first protein ingredient, or the name's own words).
    Fails: never fails; it is an info finding on every report.
    Passes: —
    """
    id, severity, standard, clause = "LC001", "info", "gb-7718", "—"
    scope = "name"

    def check(self, ctx: Context) -> Iterator[Finding]:
        c = ctx.classification
        basis = {"declared_standard": "所标示的产品标准", "ingredients": "配料表首位蛋白质来源", "name": "名称用词",
                 "user": "用户指定", "none": "无替代肉或植物基奶粉特征"}[c.basis]
        std = CLASS_STANDARD.get(c.product_class)
        evidence = f"：{c.evidence}" if c.evidence and c.basis not in ("none", "user") else ""
        yield self.finding(f"{_CLASS_ZH[c.product_class]}（{c.product_class}），依据{basis}{evidence}",
                           message_en=f"{c.product_class} by {c.basis}", standard=std or "gb-7718")


def _declared_standard(ctx: Context) -> tuple[str, str] | None:
    for pattern, cls, std in DECLARED:
        if ctx.classification.declared == cls:
            return cls, std
    return None


@register
class DeclaredStandardWithoutItsProtein(Rule):
    """The label declares T/CNFIA 165 or T/CEAC 123 but its ingredients lack the protein that standard is about.

    Why: RULES.md §1.1 — a declared standard that contradicts the ingredients (T/CNFIA 165 with no soy
    protein in the list) is itself a warning; the scope of each standard (cnfia-165 3.1, ceac-123 3.1)
    is defined by its protein source.
    Fails: 执行标准 T/CNFIA 165 with 豌豆蛋白, 小麦蛋白 and no soy
    Passes: 执行标准 T/CNFIA 165 with 大豆分离蛋白
    """
    id, severity, standard, clause = "LC002", "warning", "cnfia-165", "3.1"

    def check(self, ctx: Context) -> Iterator[Finding]:
        declared = _declared_standard(ctx)
        if not declared or not ctx.ingredients:
            return
        cls, std = declared
        need = "soy_protein" if cls == "soy_meat" else "dairy_protein"
        present = any(need in i.sources or any(need in c.sources for c in i.children) for i in ctx.ingredients)
        ing_class = ctx.classification.ingredient_class
        if present or (ing_class and ing_class != cls):
            return   # LC003 speaks when the ingredients point to another class
        yield self.finding(f"标示的产品标准为{std}，但配料表中没有{_SOURCE_ZH[cls]}原料",
                           message_en=f"declares {std} but the ingredient list has no {need.replace('_', ' ')}",
                           standard=std, evidence=self._evidence(ctx))

    @staticmethod
    def _evidence(ctx: Context):
        fv = ctx.field("standard")
        return ctx.evidence_layout(fv.start, fv.end) if fv else None


@register
class DeclaredStandardOfAnotherClass(Rule):
    """The product standard code on the label belongs to another product class than the ingredients show.

    Why: RULES.md §4 — a product standard code that belongs to another class (T/CEAC 123 on a soy
    product) misstates what the product is; each standard's scope (3.1) is fixed by its protein source.
    RULES.md §1 makes a declared standard that contradicts the ingredients a warning: the class still
    follows the declared standard, so its own name and composition rules apply.
    Fails: 执行标准 T/CEAC 123 with 大豆分离蛋白 first and no dairy protein
    Passes: 执行标准 T/CEAC 123 with 酪蛋白 first
    """
    id, severity, standard, clause = "LC003", "warning", "ceac-123", "3.1"

    def check(self, ctx: Context) -> Iterator[Finding]:
        declared = _declared_standard(ctx)
        ing_class = ctx.classification.ingredient_class
        if not declared or not ing_class or ing_class == declared[0]:
            return
        cls, std = declared
        need = "soy_protein" if cls == "soy_meat" else "dairy_protein"
        if any(need in i.sources for i in ctx.ingredients[:3]):
            return   # the declared protein is among the main ingredients: a blend, not another class
        yield self.finding(f"标示的产品标准{std}适用于{_CLASS_ZH[cls]}，但配料表显示为{_CLASS_ZH[ing_class]}（首位蛋白质来源：{_SOURCE_ZH.get(ing_class, ing_class)}）",
                           message_en=f"declares {std} ({cls}) but the ingredients show {ing_class}",
                           standard=std, evidence=DeclaredStandardWithoutItsProtein._evidence(ctx))


@register
class ExcerptNotChecked(Rule):
    """The label text has fewer than five labelled items (the name counts), so it is read as an excerpt: required items are not checked.

    Why: required-item rules (T/CEAC 123 7.1.3, GB 7718 4.1, GB 28050 4.1) judge a whole label; telling a
    pasted ingredient list that it lacks a licence number would be noise. This info finding says the
    check was skipped and why, so a regulator is not misled by silence.
    Fails: never; info on a label such as "植物肉汉堡饼 / 配料：… / 营养成分表 …"
    Passes: —
    """
    id, severity, standard, clause = "LC009", "info", "gb-7718", "4.1"

    def check(self, ctx: Context) -> Iterator[Finding]:
        if not ctx.is_complete_label:
            n = ctx.labelled_items
            yield self.finding(f"标签文字仅含{n}个标示项，视为节选：未检查必须标示的项目",
                               message_en=f"{n} labelled field(s): read as an excerpt, required items not checked")
