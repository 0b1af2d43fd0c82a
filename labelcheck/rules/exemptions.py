"""Exemptions, each edition as written: what a food group, a small package or an import need not show.

GB 7718-2011 4.3.1/4.3.2, 4.1.6.3, 4.1.10; GB 7718-2025 4.7.1, 4.7.2, 8.5, 8.7, 10.1–10.3; GB 28050
chapter 7 of each edition. The predicates here are what the mandatory-item rules ask before they
report a missing item (`mandatory_item_owed`, `nutrition_exemption`), and the two info rules say
which exemption applied and which could not be judged (the package area unknown). Groups, areas and
clauses are data: lexicons/exemptions.toml.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Iterator

import regex

from ..context import Context
from ..models import Finding
from ..resources import lexicon
from .base import procedure
from .records import RuleRecord


@dataclass(frozen=True)
class Exemption:
    what: str            # the items excused, in Chinese
    why: str             # the group or condition
    standard: str
    clause: str
    edition: str


@cache
def _ex() -> dict:
    return lexicon("exemptions")


@cache
def _rx(source: str):
    return regex.compile(source, regex.IGNORECASE)


_AFTER_NAME = regex.compile(r"[\s(（\[【].*$")
_SPEC = regex.compile(r"[\d.]+\s*(ml|mL|L|l|g|kg|克|千克|毫升|升)$")


def name_core(ctx: Context) -> str:
    """The food's name without a trailing specification or bracket (500mL, （酿造）); worked out once a label."""
    cached = ctx.hints.get("_name_core")
    if cached is None:
        text = ctx.name.text if ctx.name is not None else ""
        cached = ctx.hints["_name_core"] = _SPEC.sub("", _AFTER_NAME.sub("", text.strip()))
    return cached


def alcohol_percent(ctx: Context) -> float | None:
    if ctx.layout is None:
        return None
    m = _rx(_ex()["alcohol"]["pattern"]).search(ctx.layout.text)
    return float(m["v"]) if m else None


def has_batch_number(ctx: Context) -> bool:
    return bool(ctx.layout and _rx(_ex()["batch_number"]["pattern"]).search(ctx.layout.text))


def shelf_life_group(ctx: Context) -> Exemption | None:
    """GB 7718-2011 4.3.1 / 2025 10.1: the food groups that owe no 保质期 (2025: nor 保质期到期日, given 生产日期)."""
    ed = ctx.edition
    name = name_core(ctx)
    for g in _ex()["shelf_life"]:
        if ed in g["editions"] and name and _rx(g["pattern"]).search(name):
            return _shelf(ed, g["label"])
    alc = alcohol_percent(ctx)
    if alc is not None and alc >= _ex()["alcohol"]["shelf_life_min"]:
        return _shelf(ed, f"酒精度{alc:g}%的酒类")
    return None


def _shelf(ed: str, group: str) -> Exemption:
    if ed == "2011":
        return Exemption("保质期", group, "gb-7718", "4.3.1", "2011")
    return Exemption("保质期和保质期到期日（已标示生产日期）", group, "gb-7718", "10.1", "2025")


def package_area(ctx: Context) -> tuple[float | None, float | None]:
    pkg = ctx.doc.package if ctx.doc else None
    return (pkg.largest_surface_cm2, pkg.total_surface_cm2) if pkg else (None, None)


def small_pack(ctx: Context) -> bool | None:
    """GB 7718-2011 4.3.2 (< 10 cm²) / 2025 10.3 (≤ 20 cm²). None: the area is not known."""
    largest, _ = package_area(ctx)
    if largest is None:
        return None
    spec = _ex()["small_pack"][ctx.edition]
    limit = spec["largest_below_cm2"]
    return largest < limit if spec["strict"] else largest <= limit


def is_import(ctx: Context) -> bool:
    from .imports import import_signals
    return bool(import_signals(ctx))


def has_field(ctx: Context, key: str) -> bool:
    fv = ctx.field(key)
    return bool(fv and fv.value.strip())


def _shelf_life_months(ctx: Context) -> float | None:
    d = label_dates(ctx)
    return d.shelf_life.duration.months if d.shelf_life and d.shelf_life.duration else None


def _shelf_life_days(ctx: Context) -> int | None:
    """The shelf life in days where the label gives it in days or weeks (180天, 26周), else None."""
    d = label_dates(ctx)
    dur = d.shelf_life.duration if d.shelf_life else None
    if dur is None or dur.unit not in ("day", "week"):
        return None
    return int(dur.amount * (7 if dur.unit == "week" else 1))


def label_dates(ctx: Context):
    """The label's parsed date items, read once per context."""
    cached = ctx.hints.get("_dates")
    if cached is None:
        from ..extract.dates import read_dates
        cached = read_dates(ctx.layout.text, ctx.fields) if ctx.layout is not None else None
        ctx.hints["_dates"] = cached
    return cached


def _has_expiry(ctx: Context) -> bool:
    d = label_dates(ctx)
    return bool(d and d.expiry)


def _has_shelf_life(ctx: Context) -> bool:
    d = label_dates(ctx)
    return bool(d and d.shelf_life and d.shelf_life.value.strip())


def _has_production(ctx: Context) -> bool:
    d = label_dates(ctx)
    return bool(d and d.production)


def date_exemptions(ctx: Context, rule_id: str) -> Exemption | None:
    """Why a date item (LC507 生产日期, LC508 保质期, LC513 保质期到期日) is not owed, or None when it is."""
    ed = ctx.edition
    group = shelf_life_group(ctx)
    alc = alcohol_percent(ctx)
    wine = bool(regex.search("葡萄酒", name_core(ctx))) or (alc is not None and alc >= _ex()["alcohol"]["shelf_life_min"])
    if rule_id == "LC507":
        if ed == "2025":
            months = _shelf_life_months(ctx)
            # (180天, 26周: how Chinese labels write half a year — read as 6 months, the reading said in the finding)
            half_year = _shelf_life_days(ctx)
            if (months is not None and months >= 6 or half_year is not None and half_year >= _ex()["half_year"]["days"]) \
                    and _has_expiry(ctx):
                clause = "8.5" if is_import(ctx) else "4.7.1"
                said = "保质期6个月及以上" if months >= 6 else f"保质期{half_year}天（按6个月计）"
                return Exemption("生产日期", f"{said}，已标示保质期和保质期到期日", "gb-7718", clause, "2025")
            if small_pack(ctx) and _has_shelf_life(ctx) and _has_expiry(ctx):
                return Exemption("生产日期", "最大表面面积不大于20cm²，已标示保质期和保质期到期日", "gb-7718", "4.7.2", "2025")
            if wine and has_batch_number(ctx):
                return Exemption("生产日期", "葡萄酒或酒精度≥10%的酒类，已标示批号", "gb-7718", "10.2", "2025")
        return None
    if rule_id == "LC508":
        if ed == "2025":
            # 4.1 and 4.7.1 ask for 生产日期 and 保质期到期日; 保质期 itself is owed only where it replaces the
            # production date (4.7.1 ≥ 6 months, 4.7.2) — LC507 reports that case, except on a small pack, whose
            # production date 10.3 lets go: there the period is what 4.7.2 and 10.3 keep (可仅标示保质期和保质期到期日)
            if not _has_production(ctx) and small_pack(ctx):
                return None
            return Exemption("保质期", "2025年版要求生产日期和保质期到期日，保质期本身可不标示", "gb-7718", "4.7.1", "2025")
        if group:
            return group
        return None
    if rule_id == "LC513":
        if group and _has_production(ctx):
            return group if ed == "2025" else Exemption("保质期到期日", group.why, "gb-7718", "10.1", "2025")
        return None
    return None


def mandatory_item_owed(ctx: Context, rule_id: str) -> bool:
    """Whether the GB 7718 mandatory item of `rule_id` is owed and not already shown in a form the field
    reader does not know (此日期前最佳…, Best before, A.2.2's two dates on one line)."""
    if rule_id == "LC513" and _has_expiry(ctx) or rule_id == "LC507" and _has_production(ctx):
        return False
    return why_not_owed(ctx, rule_id) is None


def not_direct_to_consumers(ctx: Context) -> bool:
    """The label says the pack is not provided directly to consumers (非直接提供给消费者); read once a label (each
    mandatory-item rule asks)."""
    said = ctx.hints.get("_non_direct")
    if said is None:
        said = ctx.hints["_non_direct"] = bool(ctx.layout and _rx(_ex()["non_direct"]["pattern"]).search(ctx.layout.text))
    return said


_NON_DIRECT = "非直接提供给消费者的预包装食品（其他内容可在说明书或合同中注明）"


def why_not_owed(ctx: Context, rule_id: str) -> Exemption | None:
    ex = date_exemptions(ctx, rule_id)
    if ex:
        return ex
    spec = _ex()["non_direct"][ctx.edition]
    if rule_id not in spec["kept"] and not_direct_to_consumers(ctx):
        return Exemption(_item_name(rule_id), _NON_DIRECT, "gb-7718", spec["clause"], ctx.edition)
    if rule_id in ("LC510", "LC511") and is_import(ctx):
        what = "食品生产许可证编号" if rule_id == "LC510" else "产品标准代号"
        if ctx.edition == "2011":
            # 4.1.10 exempts imports by name; 4.1.9 has the licence number shown as the licensing rules set it, and
            # those license food made in China
            clause = "4.1.9" if rule_id == "LC510" else "4.1.10"
            reason = "进口预包装食品（不适用国内食品生产许可）" if rule_id == "LC510" else "进口预包装食品"
        else:
            clause, reason = "8.7", "进口预包装食品"
        return Exemption(what, reason, "gb-7718", clause, ctx.edition)
    if small_pack(ctx):
        spec = _ex()["small_pack"][ctx.edition]
        if rule_id not in spec["kept"]:
            return Exemption(_item_name(rule_id), f"最大表面面积{package_area(ctx)[0]:g}cm²的小包装", "gb-7718",
                             spec["clause"], ctx.edition)
    return None


def _item_name(rule_id: str) -> str:
    """The item a mandatory-item rule asks for, as lexicons/required_items.toml names it (配料表, 生产者地址 …)."""
    spec = next((s for s in lexicon("required_items")["gb7718"] if s["rule"] == rule_id), None)
    return spec["item"] if spec and spec.get("item") else "该项目"


def on_small_pack(ctx: Context, findings: list[Finding]) -> list[Finding]:
    """A pack small enough for GB 7718's exemption (2011 4.3.2, 2025 10.3): a group standard's label items (T/CEAC 123
    7.1.3 …), which that standard does not excuse on a small pack, are asked as warnings — they may stand on the
    sales unit or outer pack the sachet is sold in, which the label does not show."""
    if not ctx.is_label or not small_pack(ctx):
        return findings
    from .base import rules_by_id
    from .engine import GROUP_STANDARDS, as_warnings
    rules = rules_by_id()
    return as_warnings(findings, lambda f: f.standard.startswith(GROUP_STANDARDS) and rules[f.rule].kind == "required_item",
                       _ex()["small_pack"]["group_items_note_zh"])


def nutrition_exemption(ctx: Context) -> Exemption | None:
    """GB 28050 chapter 7: a food exempt from the nutrition table (by group or package area)."""
    ed = ctx.edition
    spec = _ex()["nutrition"][ed]
    largest, total = package_area(ctx)
    if largest is not None and largest <= spec["largest_max_cm2"]:
        return Exemption("营养标签", f"最大表面面积{largest:g}cm²", "gb-28050", spec["clause"], ed)
    if total is not None and "total_max_cm2" in spec and total <= spec["total_max_cm2"]:
        return Exemption("营养标签", f"包装总表面积{total:g}cm²", "gb-28050", spec["clause"], ed)
    alc = alcohol_percent(ctx)
    if alc is not None and alc >= _ex()["alcohol"]["nutrition_min"]:
        return Exemption("营养标签", f"酒精度{alc:g}%的饮料酒", "gb-28050", spec["clause"], ed)
    if not_direct_to_consumers(ctx):
        nd = _ex()["non_direct"][ed]
        return Exemption("营养标签", _NON_DIRECT, nd["nutrition_standard"], nd["nutrition_clause"], ed)
    name = name_core(ctx)
    for g in _ex()["nutrition_groups"]:
        if ed not in g["editions"] or not name or not _rx(g["pattern"]).search(name):
            continue
        if g.get("single_ingredient") and len(ctx.ingredients) > 1:
            continue
        if g.get("unless_ingredient") and any(_rx(g["unless_ingredient"]).search(i.name) for i in ctx.ingredients):
            continue
        return Exemption("营养标签", g["label"], "gb-28050", spec["clause"], ed)
    return None


# -- what the report says -----------------------------------------------------------------------

_DATE_AND_ITEM_RULES = ("LC504", "LC505", "LC506", "LC507", "LC508", "LC510", "LC511", "LC513")


def _missing(ctx: Context, rule_id: str) -> bool:
    from .engine import item_present  # noqa: F401  (engine never imports this module)
    if rule_id == "LC513" and _has_expiry(ctx) or rule_id == "LC507" and _has_production(ctx):
        return False
    spec = next((s for s in lexicon("required_items")["gb7718"] if s["rule"] == rule_id), None)
    return spec is not None and not item_present(ctx, spec)


@procedure("LC710")
def exemption_applied(ctx: Context, rule: RuleRecord) -> Iterator[Finding]:
    if not ctx.is_complete_label:
        return
    said = set()
    for rid in _DATE_AND_ITEM_RULES + tuple(s["rule"] for s in lexicon("required_items")["gb7718"]):
        if rid in said or not _missing(ctx, rid):
            continue
        said.add(rid)
        ex = why_not_owed(ctx, rid)
        if ex:
            yield rule.finding(ctx, clause=ex.clause, standard=ex.standard, edition=ex.edition, what=ex.what,
                               why=ex.why, gb=_gb(ex), ed=ex.edition, cl=ex.clause)
    if not ctx.nutrition:
        ex = nutrition_exemption(ctx)
        if ex and ex.clause == "7":
            yield rule.finding(ctx, variant="nutrition", clause="7", standard="gb-28050", edition=ex.edition, why=ex.why, ed=ex.edition)
        elif ex:       # not by a group of chapter 7: by the scope of the pack (non_direct)
            yield rule.finding(ctx, clause=ex.clause, standard=ex.standard, edition=ex.edition, what=ex.what,
                               why=ex.why, gb=_gb(ex), ed=ex.edition, cl=ex.clause)


def _gb(ex: Exemption) -> str:
    return "28050" if ex.standard == "gb-28050" else "7718"


@procedure("LC711")
def small_pack_not_judged(ctx: Context, rule: RuleRecord) -> Iterator[Finding]:
    if not ctx.is_complete_label or package_area(ctx)[0] is not None:
        return
    kept = set(_ex()["small_pack"][ctx.edition]["kept"])
    missing = [s["item"] for s in lexicon("required_items")["gb7718"]
               if s["rule"] not in kept and s.get("clause_2011" if ctx.edition == "2011" else "clause_2025")
               and _missing(ctx, s["rule"]) and why_not_owed(ctx, s["rule"]) is None]
    if not ctx.nutrition and nutrition_exemption(ctx) is None:
        missing.append("营养成分表")
    if missing:
        clause = "4.3.2" if ctx.edition == "2011" else "10.3"
        yield rule.finding(ctx, clause=clause, edition=ctx.edition, missing="、".join(missing))


# The GB 7718 mandatory items (required_item records of list "gb7718") ask here whether the item is owed
# at all: this wraps engine.required_item (registered again under the same kind; rules/__init__ imports
# the modules in name order, so this one comes after engine). The lead may fold the call into engine.py.
from . import engine as _engine  # noqa: E402
from .base import checker  # noqa: E402


@checker("required_item")
def required_item_with_exemptions(ctx: Context, rule: RuleRecord) -> Iterator[Finding]:
    if rule.params.get("list") == "gb7718" and not mandatory_item_owed(ctx, rule.id):
        return
    yield from _engine.required_item(ctx, rule)
