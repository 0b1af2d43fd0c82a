"""Emphasised ingredients: what a label stresses having (or lacking) it must quantify.

GB 7718-2011 4.1.4.1 (强调添加或含有 → 添加量或含量), 4.1.4.2 (强调较低或无 → 含量), 4.1.4.3 (a mention in the
name alone is no emphasis); GB 7718-2025 4.4.1, 4.4.1.1 (an ingredient mentioned in the name must be
quantified), 4.4.2, A.5.1 (forms of quantity), A.5.3 (synonyms), A.5.4 (exempt: allergen and warning
lines, usage, flavour/process words, names fixed by national/industry/local standards).

Name words are decided one by one in lexicons/emphasis.toml [[name_word]] with the reasoning: 大豆,
豌豆, 乳基蛋白, 燕麦… name an ingredient; 植物基, 植物, 植物蛋白 do not; the imitated meat (牛肉 in
乳基蛋白牛肉饼) is not an ingredient of the analogue and is never asked about. Group-standard names (T/CNFIA
165 大豆植物肉, T/CEAC 123 乳基蛋白肉制品) are not exempt under A.5.4 e), which lists national, industry
and local standards only.
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
def _e() -> dict:
    return lexicon("emphasis")


@cache
def _rx(key: str):
    return regex.compile(_e()[key])


def _walk(items: list[Ingredient]):
    for i in items:
        yield i
        yield from _walk(i.children)


def _zones(ctx: Context) -> list[tuple[int, int]]:
    from .health_claims import ingredient_zone
    z = []
    if ingredient_zone(ctx):
        z.append(ingredient_zone(ctx))
    if ctx.nutrition and ctx.nutrition.has_header:
        z.append((ctx.nutrition.start, ctx.nutrition.end))
    for key in ("allergen", "usage"):
        for fv in ctx.fields.get(key, []):
            z.append((fv.label_start, fv.end))
    return z


def _line(text: str, start: int, end: int) -> tuple[int, int]:
    a = text.rfind("\n", 0, start) + 1
    b = text.find("\n", end)
    return a, len(text) if b < 0 else b


def quantified_near(text: str, start: int, end: int) -> bool:
    a, b = _line(text, start, end)
    w = _e()["window"]
    seg = text[max(a, start - w):min(b, end + w)]
    return bool(_rx("quantity").search(seg))


def _ingredient_percent(ctx: Context, word_re) -> bool | None:
    """True: an ingredient matching has a percent; False: matches but none has; None: no ingredient matches."""
    hits = [i for i in _walk(ctx.ingredients) if word_re.search(i.name)]
    if not hits:
        return None
    return any(i.percent is not None for i in hits)


@cache
def _targets() -> "regex.Pattern[str]":
    words = sorted(set(_e()["components"]), key=len, reverse=True)
    return regex.compile("(" + "|".join(regex.escape(w) for w in words) + ")")


def _ingredient_words(ctx: Context) -> list[str]:
    """Ingredient names (and their cores, 2+ characters) to recognise an emphasised ingredient by."""
    out = set()
    for i in _walk(ctx.ingredients):
        name = regex.sub(r"[(（\[【].*$|\d.*$", "", i.name).strip()
        if 2 <= len(name) <= 8 and not regex.search(r"[水盐油糖]$", name):
            out.add(name)
    return sorted(out, key=len, reverse=True)


@register
class EmphasisedIngredientNotQuantified(Rule):
    """The label stresses adding or containing an ingredient (富含X, 添加X, 含X, 真X) without its amount or content.

    Why: GB 7718-2011 4.1.4.1 / GB 7718-2025 4.4.1 "特别强调添加或含有一种或多种配料或成分，应…标示该配料或成分的添加量或在
    成品中的含量" (A.5.1: %, g, ≥/不低于, a range). Only ingredients of the list or components of
    lexicons/emphasis.toml count; allergen lines, usage and the ingredient list itself are no emphasis (A.5.4 a, b);
    nutrients in the nutrition table are GB 28050's (A.5.2, LC610).
    Fails: 特别添加香菇，鲜香可口 (香菇 in the list without a percent)
    Passes: 特别添加香菇（香菇含量≥8%）; 配料：…，香菇（8%）
    """
    id, severity, standard, clause = "LC740", "error", "gb-7718", "4.1.4.1 (2011) / 4.4.1 (2025)"

    def check(self, ctx: Context) -> Iterator[Finding]:
        if ctx.layout is None:
            return
        text = ctx.layout.text
        words = _ingredient_words(ctx)
        alts = [regex.escape(w) for w in words]
        target = "(" + "|".join(alts + [_targets().pattern[1:-1]]) + ")" if alts else _targets().pattern
        rx = regex.compile(_e()["add_words"] + target)
        zones = _zones(ctx)
        ctx_re = _rx("not_emphasis_context")
        said = set()
        for m in rx.finditer(text):
            if any(a <= m.start() < b for a, b in zones):
                continue
            a, b = _line(text, m.start(), m.end())
            if ctx_re.search(text[a:b]) or regex.search(r"[不未无零没0绝]$", text[max(0, m.start() - 1):m.start()]):
                continue
            word = m.group(2)
            if word in said or quantified_near(text, m.start(), m.end()):
                continue
            pct = _ingredient_percent(ctx, regex.compile(regex.escape(word)))
            if pct:
                continue
            said.add(word)
            yield from self.by_edition(ctx, f"标签强调“{m.group(0)}”，未标示{word}的添加量或在成品中的含量", clause_2011="4.1.4.1",
                                       clause_2025="4.4.1", evidence=ctx.evidence_layout(m.start(), m.end()),
                                       message_en=f"'{m.group(0)}' is emphasised without the amount of {word}",
                                       suggestions=[f"标示{word}的添加量或含量，如“{word}≥X%”或在配料表中“{word}（X%）”"])


@register
class AbsenceClaimWithoutContent(Rule):
    """The label stresses that an ingredient is low or absent (不含X, 无X, 低X) without stating its content.

    Why: GB 7718-2011 4.1.4.2 / GB 7718-2025 4.4.2 "特别强调一种或多种配料或成分的含量较低或无时，应标示所强调配料或成分在成品
    中的含量" (A.5.3: 零, 没有, 0%, 未含 mean the same). Nutrient claims (无糖, 低脂, 低钠) are GB 28050's (LC610);
    a 无/不含 claim for an additive is forbidden outright from 2027 (2025 4.4.2.1, LC551), so additives are
    judged here under 2011 only. The required statement that a meat analogue contains no animal meat is
    no such emphasis.
    Fails: (2026) 不含防腐剂，放心食用; 无蔗糖
    Passes: 不含防腐剂（防腐剂含量为0）; 无蔗糖（蔗糖含量0 g/100 g）
    """
    id, severity, standard, clause = "LC741", "error", "gb-7718", "4.1.4.2 (2011) / 4.4.2 (2025)"

    def check(self, ctx: Context) -> Iterator[Finding]:
        if ctx.layout is None:
            return
        text = ctx.layout.text
        targets = [t for t in _e()["absent_targets"] if ctx.edition == "2011" or t not in _e()["additive_targets"]]
        rx = regex.compile(_e()["absent_words"] + "(" + "|".join(map(regex.escape, sorted(targets, key=len, reverse=True))) + ")")
        zones = _zones(ctx)
        said = set()
        for m in rx.finditer(text):
            if any(a <= m.start() < b for a, b in zones) or m.group(2) in said:
                continue
            if quantified_near(text, m.start(), m.end()):
                continue
            said.add(m.group(2))
            yield from self.by_edition(ctx, f"标签强调“{m.group(0)}”，未标示{m.group(2)}在成品中的含量", clause_2011="4.1.4.2",
                                       clause_2025="4.4.2", evidence=ctx.evidence_layout(m.start(), m.end()),
                                       message_en=f"'{m.group(0)}' without the content of {m.group(2)}")


@cache
def _name_words() -> list[dict]:
    return sorted(_e()["name_word"], key=lambda w: len(w["word"]), reverse=True)


@register
class NameIngredientNotQuantified(Rule):
    """An ingredient named in the food's name (大豆 in 大豆植物肉饼, 豌豆, 乳基蛋白, 燕麦) has no amount or content on the label.

    Why: GB 7718-2025 4.4.1.1 "食品中的配料或成分若在食品名称中提及，应标示其相关配料或成分的添加量或在成品中的含量", unless
    A.5.4 exempts it (d: flavour, taste, process words — 黑椒味; e: names fixed by national, industry or local
    standards). Group standards (T/CNFIA 165, T/CEAC 123) are not in e), so 大豆 in 大豆植物肉 and 乳基蛋白 in
    乳基蛋白肉饼 are asked for. Each name word's decision and reason is in lexicons/emphasis.toml: 大豆 names
    an ingredient, 植物基 does not; the imitated meat (牛肉 in 乳基蛋白牛肉饼) is no ingredient and asks nothing.
    Under GB 7718-2011 4.1.4.3 a name mention alone needs no quantity: only an info finding saying what
    2027-03-16 will ask (the label complies today).
    Fails: (2027) 大豆植物肉饼 with 配料：水，大豆分离蛋白，… and no percent for any soy ingredient
    Passes: 配料：水，大豆分离蛋白（18%），…; or 大豆蛋白含量≥15%; or 黑椒味植物肉饼 (flavour)
    """
    id, severity, standard, clause = "LC742", "error", "gb-7718", "4.4.1.1 (2025)"

    def check(self, ctx: Context) -> Iterator[Finding]:
        if ctx.name is None or ctx.layout is None or not ctx.ingredients:
            return
        name = ctx.name.text
        text = ctx.layout.text
        done = set()
        for w in _name_words():
            i = name.find(w["word"])
            if i < 0 or not w["ingredient"] or any(w["word"] in d for d in done):
                continue
            done.add(w["word"])
            if regex.match(r".{0,3}(风味|口味|味)", name[i + len(w["word"]):]):
                continue        # A.5.4 d): a flavour word
            word_re = regex.compile(w["matches"])
            if _ingredient_percent(ctx, word_re):
                continue
            if any(quantified_near(text, m.start(), m.end()) for m in word_re.finditer(text)
                   if not any(a <= m.start() < b for a, b in _zones(ctx))):
                continue
            ev = ctx.evidence_name(i, i + len(w["word"]))
            if ctx.edition == "2011":
                # 2011 4.1.4.3: a name mention alone is no emphasis — the label complies today; say what 2027 asks
                yield self.finding(f"食品名称提及“{w['word']}”：GB 7718-2025 4.4.1.1起（2027-03-16）应标示其添加量或含量", severity="info",
                                   clause="4.4.1.1", edition="2025", effective="2027-03-16",
                                   message_en=f"{w['word']} in the name must be quantified from 2027-03-16",
                                   suggestions=[f"2025年版起应在配料表或附加说明中标示{w['word']}的添加量或含量，如“{w['word']}…（X%）”或“{w['word']}…含量≥X%”"])
                continue
            yield from self.by_edition(ctx, f"食品名称提及“{w['word']}”，标签未标示其添加量或在成品中的含量", clause_2011=None,
                                       clause_2025="4.4.1.1", evidence=ev,
                                       message_en=f"{w['word']} is named in the food's name but not quantified",
                                       suggestions=[f"2025年版起应在配料表或附加说明中标示{w['word']}的添加量或含量，如“{w['word']}…（X%）”或“{w['word']}…含量≥X%”"])
