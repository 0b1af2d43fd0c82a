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
from .base import procedure
from .fortification import fortifier_rows, row_line, table_text
from .records import RuleRecord


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


def _content_stated(text: str, word: str) -> bool:
    """The word's content stated on its own line anywhere on the label (lexicons/emphasis.toml content_statement)."""
    return bool(regex.search(_e()["content_statement"].format(word=regex.escape(word)), text))


def _ingredient_percent(ctx: Context, word_re) -> bool | None:
    """True: an ingredient matching has a percent; False: matches but none has; None: no ingredient matches."""
    hits = [i for i in _walk(ctx.ingredients) if word_re.search(i.name)]
    if not hits:
        return None
    return any(i.percent is not None for i in hits)


@cache
def _allergen_words() -> "regex.Pattern[str]":
    words = {w for g in lexicon("allergens")["groups"].values() for w in g.get("triggers", []) + g.get("declare", [])}
    return regex.compile("|".join(map(regex.escape, sorted(words, key=len, reverse=True))))


def _allergen_word(word: str) -> bool:
    return bool(_allergen_words().search(word))


@cache
def _targets() -> "regex.Pattern[str]":
    words = sorted(set(_e()["components"]), key=len, reverse=True)
    return regex.compile("(" + "|".join(regex.escape(w) for w in words) + ")")


def _ingredient_words(ctx: Context) -> list[str]:
    """Ingredient names (and their cores, 2+ characters) to recognise an emphasised ingredient by."""
    out = set()
    for i in _walk(ctx.ingredients):
        # (an amount after the name goes; the digits of 维生素B12 or D3 stay)
        name = regex.sub(r"[(（\[【].*$|(?<![A-Za-z\d])\d.*$", "", i.name).strip()
        if 2 <= len(name) <= 8 and not regex.search(r"[水盐油糖]$", name):
            out.add(name)
    return sorted(out, key=len, reverse=True)


def _in_nutrition_table(ctx: Context, word: str) -> bool:
    """Is the word a nutrient whose content the nutrition table declares (富含膳食纤维 with 膳食纤维 6.1 g in the
    table)? Such a content claim is quantified by the table (GB 7718-2025 A.5.2; GB 28050 C.1)."""
    if not ctx.nutrition:
        return False
    rows = lexicon("nutrition")["rows"]
    if any(word in row["names"] for row in rows.values()):
        # a nutrient of the table's own rows: its claim is GB 28050's, declared or not (LC610 says a claimed nutrient
        # the table leaves out; GB 7718-2025 A.5.2 leaves it to the nutrition labelling standard)
        return True
    # a vitamin or mineral the core rows do not read (添加维生素D with 维生素D 10.0微克 200% in the table)
    table = table_text(ctx)
    return any(row_line(table, row) for row in fortifier_rows() if regex.fullmatch(f"(?:{row})", word, regex.IGNORECASE))


@cache
def _add_words() -> str:
    """The emphasis words as one group: add_words and the quality_words that praise a chosen ingredient."""
    words = _e()["add_words"]
    inner = words[1:-1] if words.startswith("(") and words.endswith(")") else words
    return f"({inner}|{'|'.join(map(regex.escape, _e()['quality_words']))})"


@procedure("LC740")
def emphasised_ingredient_not_quantified(ctx: Context, rule: RuleRecord) -> Iterator[Finding]:
    if ctx.layout is None:
        return
    text = ctx.layout.text
    words = _ingredient_words(ctx)
    alts = [regex.escape(w) for w in sorted(words, key=len, reverse=True)]     # 维生素B12 before 维生素B
    target = "(" + "|".join(alts + [_targets().pattern[1:-1]]) + ")" if alts else _targets().pattern
    rx = regex.compile(_add_words() + _e()["add_modifiers"] + target)
    zones = _zones(ctx)
    ctx_re = _rx("not_emphasis_context")
    quality = set(_e()["quality_words"])
    found: dict[str, tuple] = {}     # word → (is it only praised, the match): an added word outranks a praised one
    for m in rx.finditer(text):
        if any(a <= m.start() < b for a, b in zones):
            continue
        a, b = _line(text, m.start(), m.end())
        if ctx_re.search(text[a:b]) or regex.search(r"[不未无零没0绝]$", text[max(0, m.start() - 1):m.start()]):
            continue
        word = m.group(2)
        praised = m.group(1) in quality
        if (word in found and (praised or not found[word][0])) or quantified_near(text, m.start(), m.end()) \
                or _content_stated(text, word):
            continue
        if m.group(1) in ("含", "含有") and _allergen_word(word):
            continue        # 本品含有大豆、小麦: an allergen statement without its heading (A.5.4 a)
        # (大豆蛋白 is the list's 大豆分离蛋白 or 大豆组织蛋白: a protein named by its source matches its forms)
        loose = regex.escape(word[:-2]) + ".{0,3}蛋白" if word.endswith("蛋白") and len(word) > 3 else regex.escape(word)
        pct = _ingredient_percent(ctx, regex.compile(loose))
        if pct or _in_nutrition_table(ctx, word):
            continue
        found[word] = (praised, m)
    for word, (praised, m) in found.items():
        yield from rule.by_edition(ctx, value=m.group(0), word=word, evidence=ctx.evidence_layout(m.start(), m.end()),
                                   suggestions=[f"标示{word}的添加量或含量，如“{word}≥X%”或在配料表中“{word}（X%）”"],
                                   **({"severity": "warning", "variant": "quality"} if praised else {}))


@procedure("LC741")
def absence_claim_without_content(ctx: Context, rule: RuleRecord) -> Iterator[Finding]:
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
        listed = _listed_as(ctx, m.group(2)) if m.group(1) in _e()["absent_only"] else None
        if listed:
            yield from rule.by_edition(ctx, variant="contradicted", value=m.group(0), word=m.group(2), ingredient=listed,
                                       evidence=ctx.evidence_layout(m.start(), m.end()))
            continue
        yield from rule.by_edition(ctx, value=m.group(0), word=m.group(2), evidence=ctx.evidence_layout(m.start(), m.end()))


def _listed_as(ctx: Context, word: str) -> str | None:
    """The ingredient whose name holds the word a claim says is absent (0淀粉 with 马铃薯淀粉 listed), or None."""
    return next((i.name for i in _walk(ctx.ingredients) if word in i.name), None)


@cache
def _name_words() -> list[dict]:
    return sorted(_e()["name_word"], key=lambda w: len(w["word"]), reverse=True)


@cache
def _standard_names() -> "regex.Pattern[str]":
    names = sorted(_e()["standard_names"]["names"], key=len, reverse=True)
    return regex.compile("|".join(map(regex.escape, names)))


@procedure("LC742")
def name_ingredient_not_quantified(ctx: Context, rule: RuleRecord) -> Iterator[Finding]:
    if ctx.name is None or ctx.layout is None or not ctx.ingredients:
        return
    from .exemptions import not_direct_to_consumers      # (exemptions never imports this module)
    if not_direct_to_consumers(ctx):
        return            # 2025 5: beyond its name, net content, dates and storage such a pack may say it in a contract
    name = ctx.name.text
    text = ctx.layout.text
    if len(ctx.ingredients) == 1 and not ctx.ingredients[0].children:
        return            # a single-ingredient food (燕麦片, 配料：燕麦) is that ingredient throughout
    fixed = [(m.start(), m.end()) for m in _standard_names().finditer(name)]
    done = set()
    for w in _name_words():
        i = name.find(w["word"])
        if i < 0 or not w["ingredient"] or any(w["word"] in d for d in done):
            continue
        if any(a <= i and i + len(w["word"]) <= b for a, b in fixed):
            continue      # A.5.4 e): a name a standard fixes (大豆油, 杏仁露) — lexicons/emphasis.toml standard_names
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
            yield rule.finding(ctx, variant="coming", severity="info", edition="2025", effective="2027-03-16", word=w["word"],
                               suggestions=[f"2025年版起应在配料表或附加说明中标示{w['word']}的添加量或含量，如“{w['word']}…（X%）”或“{w['word']}…含量≥X%”"])
            continue
        yield from rule.by_edition(ctx, word=w["word"], evidence=ev,
                                   suggestions=[f"2025年版起应在配料表或附加说明中标示{w['word']}的添加量或含量，如“{w['word']}…（X%）”或“{w['word']}…含量≥X%”"])
