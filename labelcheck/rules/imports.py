"""Imported prepackaged foods: origin, importer, registration number (GB 7718-2011 4.1.6.3; 2025 8.3, 8.4).

These rules only bite on an import — a label that carries an importer/agent label (进口商, 进口代理商…),
an overseas producer's registration number, or an origin naming a country other than China. An
import owes no SC number or product standard code (2011 4.1.9/4.1.10, 2025 8.7; see exemptions.py).
Words and countries: lexicons/imports.toml.
"""
from __future__ import annotations

from functools import cache
from typing import Iterator

import regex

from ..context import Context
from ..models import Finding
from ..resources import lexicon
from .base import Rule, register


@cache
def _imp() -> dict:
    return lexicon("imports")


@cache
def _rx(key: str):
    return regex.compile(_imp()[key], regex.IGNORECASE)


@cache
def _countries():
    words = sorted(_imp()["countries"], key=len, reverse=True)
    return regex.compile(r"(?<![A-Za-z])(" + "|".join(regex.escape(w) for w in words) + r")(?![A-Za-z])", regex.IGNORECASE)


def foreign_origin(ctx: Context) -> tuple[int, int, str] | None:
    """An origin line naming a country other than China: (start, end, country) in the layout shadow."""
    text = ctx.layout.text if ctx.layout else ""
    for m in _rx("origin_label").finditer(text):
        seg = text[m.end():m.end() + 30].split("\n")[0]
        c = _countries().search(seg)
        if c and not regex.match(r"\s*[:：]?\s*中国(?!香港|澳门|台湾)", seg):
            return m.start(), m.end() + c.end(), c.group(0)
    return None


def import_signals(ctx: Context) -> list[tuple[int, int]]:
    """Where the label shows it is an import (layout offsets); empty for a domestic label."""
    if ctx.layout is None:
        return []
    cached = ctx.hints.get("_import")
    if cached is not None:
        return cached
    out = [(m.start(), m.end()) for m in _rx("strong_import").finditer(ctx.layout.text)]
    fo = foreign_origin(ctx)
    if fo:
        out.append(fo[:2])
    ctx.hints["_import"] = out
    return out


def importer_present(ctx: Context) -> bool:
    text = ctx.layout.text
    return any(regex.match(r"\s*(名称)?\s*[:：]?\s*\S", text[m.end():m.end() + 20])
               for m in _rx("importer_labels").finditer(text))


def _origin_present(ctx: Context) -> bool:
    text = ctx.layout.text
    return any(regex.match(r"\s*[:：]?\s*\S", text[m.end():m.end() + 20]) for m in _rx("origin_label").finditer(text))


def _ev(ctx: Context):
    s, e = import_signals(ctx)[0]
    return ctx.evidence_layout(s, e)


@register
class ImportOriginMissing(Rule):
    """An imported food does not show its country (region) of origin.

    Why: GB 7718-2011 4.1.6.3 "进口预包装食品应标示原产国国名或地区区名（如香港、澳门、台湾）"; GB 7718-2025 8.4
    "进口预包装食品应标示原产国(地区)". Only bites on imports (an importer or agent label, a registration number).
    Fails: 进口商：上海某某贸易有限公司 … with no 原产国
    Passes: the same with 原产国：澳大利亚
    """
    id, severity, standard, clause = "LC720", "error", "gb-7718", "4.1.6.3 (2011) / 8.4 (2025)"

    def check(self, ctx: Context) -> Iterator[Finding]:
        if not ctx.is_complete_label or not import_signals(ctx) or _origin_present(ctx):
            return
        yield from self.by_edition(ctx, "进口预包装食品未标示原产国（地区）", clause_2011="4.1.6.3", clause_2025="8.4",
                                   message_en="imported food without its country of origin", evidence=_ev(ctx))


@register
class ImporterMissing(Rule):
    """An imported food does not show the importer, agent or distributor registered in China.

    Why: GB 7718-2011 4.1.6.3: the name, address and contact of "在中国依法登记注册的代理商、进口商或经销者";
    GB 7718-2025 8.3 "应标示进口商/代理商的名称、地址和联系方式". Only bites on imports (origin abroad).
    Fails: 原产国：法国 … 生产商：Société X, Lyon … with no 进口商/代理商
    Passes: the same with 进口商：上海某某贸易有限公司 地址 … 电话 …
    """
    id, severity, standard, clause = "LC721", "error", "gb-7718", "4.1.6.3 (2011) / 8.3 (2025)"

    def check(self, ctx: Context) -> Iterator[Finding]:
        if not ctx.is_complete_label or not foreign_origin(ctx) or importer_present(ctx):
            return
        s, e, country = foreign_origin(ctx)
        yield from self.by_edition(ctx, f"进口预包装食品（原产国{country}）未标示在中国依法登记注册的进口商、代理商或经销者",
                                   clause_2011="4.1.6.3", clause_2025="8.3",
                                   message_en="imported food without an importer/agent in China",
                                   evidence=ctx.evidence_layout(s, e))


@register
class ImportRegistrationMissing(Rule):
    """An imported food does not show the overseas producer's registration number.

    Why: GB 7718-2025 8.3: imports show "境外生产企业在华注册编号或者所在国家或地区主管当局批准的注册编号".
    The 2011 edition does not ask for it: a warning naming 2027-03-16 until then. Only bites on imports.
    Fails: (2027) 原产国：澳大利亚 进口商：… with no 注册编号
    Passes: the same with 境外生产企业在华注册编号：CAUS12345678
    """
    id, severity, standard, clause = "LC722", "warning", "gb-7718", "8.3 (2025)"

    def check(self, ctx: Context) -> Iterator[Finding]:
        if not ctx.is_complete_label or not import_signals(ctx) or _rx("registration").search(ctx.layout.text):
            return
        yield from self.by_edition(ctx, "进口预包装食品未标示境外生产企业在华注册编号或所在国家（地区）主管当局批准的注册编号",
                                   clause_2011=None, clause_2025="8.3",
                                   message_en="imported food without the overseas producer's registration number",
                                   evidence=_ev(ctx))


_FOREIGN_INGREDIENTS = regex.compile(r"(?i)(?<![A-Za-z])(ingredients?|zutaten|ingrédients|ingredientes|ingredienti|原材料名)\s*[:：]")


@register
class ForeignTextWithoutChinese(Rule):
    """An imported label lists its ingredients in a foreign language with no Chinese ingredient list.

    Why: GB 7718-2011 3.8.2 (foreign text "应与中文有对应关系"); GB 7718-2025 8.1.2 (the mandatory content in
    Chinese, foreign or traditional text with a 规范汉字 counterpart — trademarks, the overseas producer's
    and operator's names and addresses and websites excepted) and 8.2 (the foreign ingredient list
    has its counterpart in the Chinese one). Only bites on imports.
    Fails: 原产国：德国 … Zutaten: Wasser, Erbsenprotein … with no 配料
    Passes: the same with 配料：水，豌豆蛋白 …
    """
    id, severity, standard, clause = "LC723", "error", "gb-7718", "3.8.2 (2011) / 8.2 (2025)"

    def check(self, ctx: Context) -> Iterator[Finding]:
        if not import_signals(ctx) or ctx.ingredients_field is not None:
            return
        m = _FOREIGN_INGREDIENTS.search(ctx.layout.text)
        if m:
            yield from self.by_edition(ctx, "进口食品标签以外文标示配料，未标示对应的中文配料表", clause_2011="3.8.2",
                                       clause_2025="8.2", message_en="foreign ingredient list without a Chinese counterpart",
                                       evidence=ctx.evidence_layout(m.start(), m.end()))
