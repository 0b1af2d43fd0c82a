"""Name-term grammar on top of the lexicon matches: what a word means where it stands in a name.

The annotator finds lexicon terms leftmost-longest. Three things it cannot see from the words alone
are settled here, once, for every reader of the name (classify, rules, suggest):

- a 蛋白肉 whose 蛋白 is the tail of a longer protein word (乳蛋白肉肠 = 乳蛋白 + 肉肠, 高蛋白肉粒 =
  高蛋白 + 肉粒) is no 蛋白肉: the protein word wins and the rest is re-read;
- a meat word followed by 味 / 风味 / 口味 names a flavour, not the food (牛肉味薯片, 鲜虾味): it loses
  its meat categories and becomes a `flavour`;
- a brand (a known brand of lexicons/brands.toml or titles.toml, the configured allowlist, a word marked
  ® or ™, ××牌) is no name: terms inside it neither decide the class nor get rewritten (别样肉客 holds 肉, 植物家 holds 植物).
"""
from __future__ import annotations

from functools import cache
from typing import NamedTuple

import regex

from ..annotate import Annotation, Match, find_terms
from ..config import current
from ..normalize import Shadow
from ..resources import lexicon
from ..wordscan import WordScanner

MEAT_CATS = frozenset({"animal_meat"})
# categories a brand's own words lose: what would make the class or a rewrite
NAME_CATS = frozenset({"animal_meat", "plant_meat", "plant_meat_equivalent", "plant_qualifier", "soy_word", "soy_partial",
                       "dairy_qualifier", "dairy_partial", "dairy_partial_name", "traditional_soy", "milk_powder",
                       "plant_milk_powder_name", "standard_milk_powder_name"})


class Brand(NamedTuple):
    start: int
    end: int
    text: str
    how: str                 # "lexicon" | "config" (the configured allowlist) | "mark" (®/™) | "pai" (××牌)
    plant_based: bool = False
    source: str = ""
    analogue_word: bool = False   # a marked word that is itself an analogue word (乳基蛋白®, 植物肉®): lexicons/review.toml


@cache
def category_words(cat: str) -> tuple[str, ...]:
    """The terms of a category of lexicons/terms.toml, longest first (markers read beside a word: 味, 风味, 不含 …)."""
    return tuple(sorted(lexicon("terms")[cat]["terms"], key=len, reverse=True))


@cache
def brand_index() -> tuple[dict[str, tuple[bool, str]], WordScanner]:
    """Known brands: name (lower-cased) → (plant-based?, source), and a scanner of the names."""
    out: dict[str, tuple[bool, str]] = {}
    for b in lexicon("titles").get("brands", []):
        out.setdefault(b.lower(), (False, "lexicons/titles.toml"))
    for entry in lexicon("brands").get("plant_based", []):
        for name in [entry["name"], *entry.get("aliases", [])]:
            out[name.lower()] = (True, entry.get("source", ""))
    return out, WordScanner(out)


SHORT_BRAND = 3              # a Chinese brand name this short is also a piece of everyday words (山珍 + 肉丸 holds 珍肉)


@cache
def _not_before() -> dict[str, tuple[str, ...]]:
    """brand (lower-cased) → what may not follow it (lexicons/brands.toml `not_before`: 星期零 + 食 is 星期零食)."""
    return {name.lower(): tuple(entry["not_before"])
            for entry in lexicon("brands").get("plant_based", []) if entry.get("not_before")
            for name in [entry["name"], *entry.get("aliases", [])]}


def _is_han(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff"


def is_short_brand(word: str) -> bool:
    """A Chinese brand name of at most SHORT_BRAND characters: it counts only where a word can start."""
    return len(word) <= SHORT_BRAND and all(map(_is_han, word))


@cache
def _brand_shape(word: str) -> tuple[bool, tuple[str, ...]]:
    """(a short Chinese brand?, what may not follow it) of a brand as found (lower-cased): worked out once a word."""
    return is_short_brand(word), _not_before().get(word, ())


def brand_stands_alone(text: str, start: int, end: int, gaps: tuple[int, ...] = ()) -> bool:
    """Is the known brand found at text[start:end] (a compact shadow, whose `gaps` are where the seller's spaces were)
    the brand, not a piece of other words? A short Chinese brand must start a word (the title's start, a typed space,
    a bracket, a letter…); no brand may run into what its entry says cannot follow it."""
    short, not_before = _brand_shape(text[start:end].lower())
    if short and start > 0 and _is_han(text[start - 1]) and start not in gaps:
        return False
    if gaps and any(start < j < end for j in gaps) and all(_is_han(c) for c in text[start:end]):
        return False            # 新 猪肉大葱水饺: a Chinese brand is not typed with a space inside it
    return not (not_before and text.startswith(not_before, end))


def standing_brands(scanner: WordScanner, text: str, gaps: tuple[int, ...] = ()) -> list[tuple[int, int]]:
    """The spans of the scanner's brand names in a compact shadow that are the brand (brand_stands_alone)."""
    spans = scanner.spans(text)
    return [(s, e) for s, e in spans if brand_stands_alone(text, s, e, gaps)] if spans else spans


_MARK = regex.compile(r"\s*(?:®|™|\(R\)|\(TM\))")
_WORD = regex.compile(r"[\p{Han}A-Za-z0-9']")
MAX_MARKED_HAN = 4           # a registered Chinese brand is two to four characters (山野小厨, 别样肉客)


def _marked(shadow: Shadow) -> list[tuple[int, int]]:
    """The word a ® or ™ follows: back to the seller's space or punctuation, at most four Han characters."""
    text, out = shadow.text, []
    for m in _MARK.finditer(text):
        i = m.start()
        han = 0
        while i > 0 and _WORD.match(text[i - 1]):
            if shadow.index is not None and i < len(shadow.index) and \
                    shadow.original[shadow.index[i - 1] + 1:shadow.index[i]].strip() != shadow.original[shadow.index[i - 1] + 1:shadow.index[i]]:
                break                               # the seller typed a space here
            if regex.match(r"\p{Han}", text[i - 1]):
                han += 1
                if han > MAX_MARKED_HAN:
                    break
            i -= 1
        if i < m.start():
            out.append((i, m.start()))
    return out
_PAI = regex.compile(r"(?<![\p{Han}])(\p{Han}{2,4})牌")


def _allowlist() -> tuple[str, ...]:
    """Brands the user's configuration names (labelcheck.config, brands = [...]); none, usually."""
    brands = current().brands        # brand_allowlist(), without its copy of the list: every name asks
    return tuple(b for b in brands if b) if brands else ()


def _may_be_marked(text: str) -> bool:
    return "®" in text or "™" in text or "(" in text


def unknown_brand_possible(text: str) -> bool:
    """Could the name hold a brand the lexicon does not know: a configured one, a word marked ® or ™, a ××牌?"""
    return _may_be_marked(text) or "牌" in text or bool(_allowlist())


def find_brands(shadow: Shadow) -> list[Brand]:
    """Brand spans in a (compact shadow) name."""
    text = shadow.text
    index, scanner = brand_index()
    spans = standing_brands(scanner, text, shadow.gaps)
    allowed = _allowlist()
    marked = _may_be_marked(text)
    if not (spans or allowed or marked or "牌" in text):     # unknown_brand_possible, its parts kept for below
        return []                          # most names: no brand of any kind
    out: list[Brand] = []
    for s, e in spans:
        plant, src = index.get(text[s:e].lower(), (False, ""))
        out.append(Brand(s, e, text[s:e], "lexicon", plant, src))
    for b in allowed:
        for m in regex.finditer(regex.escape(b), text, regex.IGNORECASE):
            if not any(x.start <= m.start() < x.end for x in out):
                out.append(Brand(m.start(), m.end(), m.group(0), "config"))
    for s, e in (_marked(shadow) if marked else ()):
        if not any(b.start <= s < b.end for b in out):
            # a marked word that says plant meat (植物肉®, 植物基®) is a plant-meat brand's: the name does not say it
            # outside the mark (LC015 asks), and the class is a candidate of low confidence
            out.append(Brand(s, e, text[s:e], "mark", _says_plant_meat(text[s:e]),
                             analogue_word=_says_analogue(text[s:e])))
    for m in (_PAI.finditer(text) if "牌" in text else ()):
        s, e = m.span(1)
        if not any(b.start <= s < b.end for b in out):
            out.append(Brand(s, e + 1, m.group(0), "pai"))
    if len(out) > 1:
        out.sort(key=lambda b: b.start)
    return out


def _says_analogue(word: str) -> bool:
    cues = frozenset(lexicon("review")["brand_cue"]["cue_categories"])
    return any(not m.cats.isdisjoint(cues) for m in find_terms(word))


def _says_plant_meat(word: str) -> bool:
    return any(m.has("plant_meat", "plant_meat_equivalent") or (m.has("plant_qualifier") and len(m.term) > 1)
               for m in find_terms(word))


@cache
def _protein_words() -> "regex.Pattern[str]":
    return regex.compile("|".join(regex.escape(w) for w in category_words("protein_word")))


@cache
def _reread_hint() -> "regex.Pattern[str]":
    """A character every flavour or negation marker, every comparison marker a word can stand beside (before it,
    or the question mark of a denied answer after it) and every staple head starts with. (同款/平替 make only a brand
    the yardstick, which step 3 of refine reads whatever the hint says.)"""
    before, bare, _, _ = _comparison()
    firsts = {w[0] for w in category_words("flavour_marker") + category_words("negation_marker") + before + (bare,)
              + ("?", "？") + _staple_heads()}
    return regex.compile("[" + "".join(regex.escape(c) for c in sorted(firsts)) + "]|" + _zero_denial().pattern)


@cache
def _zero_denial() -> "regex.Pattern[str]":
    """The zero of 0植物肉, not a digit of 500g or 1.0 (lexicons/terms.toml [negation_marker] zero)."""
    return regex.compile(r"(?<![0-9.])" + regex.escape(lexicon("terms")["negation_marker"]["zero"]) + r"(?![0-9.%])")


def may_refine(text: str, brands: list) -> bool:
    """Could refine change a name's matches that hold no class cue? Only by a flavour (牛肉味), a denied word (非大豆)
    or a brand (its own words): none of them here, nothing to re-read."""
    return bool(brands) or _reread_hint().search(text) is not None


def _denied(text: str, m: Match, gaps: tuple[int, ...] = (), matches: list[Match] = ()) -> bool:
    before = text[max(0, m.start - 4):m.start]
    if m.start not in gaps and before[-1:] and _zero_denial().fullmatch(before, len(before) - 1):
        return True                          # 0植物肉
    if not before.endswith(category_words("negation_marker")):
        return False
    # 零添加 ⎵ 大豆植物肉香肠: a no-additives claim the seller set apart, then a whole product name (the word runs on
    # into another name word) — not 不添加植物蛋白, a real-meat seller's promise
    if m.start in gaps and before.endswith(_ADDITIVE_CLAIMS):
        return not (m.has("plant_milk_powder_name", "standard_milk_powder_name")
                    or any(k.start == m.end and not k.cats.isdisjoint(NAME_CATS) for k in matches))
    return True


_ADDITIVE_CLAIMS = ("零添加", "不添加", "未添加")


@cache
def _comparison() -> tuple[tuple[str, ...], str, tuple[str, ...], "regex.Pattern[str]"]:
    c = lexicon("terms")["comparison_marker"]
    after = regex.compile(r"[#＃\s]?(?:" + "|".join(map(regex.escape, c["after"])) + r")|(?P<denied>\s*[?？]\s*(?:"
                          + "|".join(map(regex.escape, c["denied_answer"])) + "))")
    return tuple(c["before"]), c["bare"], tuple(c["then"]), after


def _compared(text: str, start: int, end: int, gaps: tuple[int, ...] = (), brand: bool = False) -> bool:
    """Is text[start:end] the word or brand the title compares its product with (比植物肉还香, 堪比牛排, 别样肉客 同款),
    or a word asked about and denied (植物肉？不！)? A marker the seller set apart by a space tags the title, not the
    word (不输 ⎵ 植物肉牛肉饼); 同款/平替 after a word name what the product is like (素牛肉干同款 is one), after a
    brand whose product it is not."""
    before, bare, then, after = _comparison()
    head = text[max(0, start - 3):start]
    if start not in gaps and (head.endswith(before) or (head.endswith(bare) and text.startswith(then, end))):
        return True
    hit = after.match(text, end)
    return hit is not None and (brand or hit.group("denied") is not None)


def _flavoured(text: str, m: Match, matches: list[Match] = ()) -> bool:
    rest = text[m.end:m.end + 3]
    if rest.startswith(category_words("flavour_marker")) and not rest.startswith("味精"):
        return True
    # 红烧牛肉面: the staple's taste — but not 素牛肉面, noodles with an imitated beef the qualifier names
    return rest.startswith(_staple_heads()) and not rest.startswith(_not_staple()) \
        and not any(k.end == m.start and k.has("plant_qualifier", "plant_meat", "latin_plant_qualifier") for k in matches)


@cache
def _staple_heads() -> tuple[str, ...]:
    return tuple(sorted(lexicon("terms")["staple_head"]["heads"], key=len, reverse=True))


@cache
def _not_staple() -> tuple[str, ...]:
    return tuple(lexicon("terms")["staple_head"]["not_heads"])


def _set_apart(text: str, gaps: tuple[int, ...], m: Match, matches: list[Match]) -> bool:
    """Is this 蛋白肉 two words with a space the user typed before its 肉: the tail of a word like 补蛋白 or 胶原蛋白, or
    蛋白 set apart on both sides (鸡胸肉丸 即食 蛋白 肉丸子)? Not where the whole word is letter-spaced (蛋 白 肉), a plant
    word leads it (大豆 蛋白 肉), or it opens the name (蛋白 肉干: one word spaced, as likely as two)."""
    s = m.start
    own_word = s in gaps or (s > 0 and ("\u4e00" <= text[s - 1] <= "\u9fff" or text[s - 1].isspace()))
    return (s + 2 in gaps and s + 1 not in gaps and own_word
            and not any(k.end == s and k.has("soy_word", "plant_qualifier", "plant_meat") for k in matches))


def refine(shadow: Shadow, ann: Annotation, extra_brands: list[tuple[int, int]] = (),
           brands: list[Brand] | None = None) -> tuple[Annotation, list[Brand]]:
    """The name's matches with protein words, flavours and brands settled (see the module doc); `brands`: what
    find_brands found in this shadow, when the caller has it already."""
    text = shadow.text
    matches = list(ann.matches)
    changed = False
    # 0. a word ending in 蛋白 that the user set apart from 肉 (补蛋白 肉干, 低脂蛋白 肉丸): two words, not 蛋白肉 — unless
    # the whole word is letter-spaced (蛋 白 肉) or its 蛋白 is a plant's (大豆蛋白 肉)
    gaps = shadow.gaps
    for hit in ([m for m in matches if m.term == "蛋白肉" and _set_apart(text, gaps, m, matches)]
                if gaps and "蛋白" in text else ()):
        keep = [m for m in matches if m is not hit]
        rest = [Match(hit.start + 2 + m.start, hit.start + 2 + m.end, m.term, m.cats)
                for m in find_terms(text[hit.start + 2:hit.end + 4])
                if not any(k.start < hit.start + 2 + m.end and k.end > hit.start + 2 + m.start for k in keep)]
        matches = sorted(set(keep) | set(rest), key=lambda m: (m.start, m.end))
        changed = True
    # 0b. a traditional soy word whose last character opens a meat word with the 肉 after it (素鸡|肉丸 → 素|鸡肉丸,
    # 素鸭|肉 → 素|鸭肉): vegetarian chicken meat, not the soy product 素鸡 beside a stray 肉
    for trad in [m for m in matches if m.has("traditional_soy") and len(m.term) > 1
                 and text.startswith("肉", m.end) and m.end not in gaps] if "肉" in text else ():
        after = next((m for m in matches if m.start == trad.end and m.has("animal_meat")), None)
        if after is None:
            continue
        head = find_terms(text[trad.start:trad.end - 1])
        meat = find_terms(text[trad.end - 1:after.end])
        if meat and meat[0].start == 0 and meat[0].end > 1 and meat[0].has("animal_meat") \
                and head and head[-1].end == trad.end - 1 - trad.start and head[-1].has("plant_qualifier"):
            base = trad.end - 1
            matches = sorted([m for m in matches if m is not trad and m is not after]
                             + [Match(trad.start + h.start, trad.start + h.end, h.term, h.cats) for h in head]
                             + [Match(base + k.start, base + k.end, k.term, k.cats) for k in meat],
                             key=lambda m: (m.start, m.end))
            changed = True
    # 1. protein words: 乳蛋白|肉肠, not 乳|蛋白肉|肠 (only where a 蛋白… analogue word was found)
    reread = "蛋白" in text and any(m.term.startswith("蛋白") and m.has("plant_meat_equivalent", "plant_meat")
                                    for m in matches)
    for pw in (_protein_words().finditer(text, overlapped=True) if reread else ()):
        tail = pw.end() - 2                    # where its 蛋白 starts
        hit = next((m for m in matches if m.start == tail and m.has("plant_meat_equivalent", "plant_meat")
                    and m.term.startswith("蛋白")), None)
        if hit is None:
            continue
        keep = [m for m in matches if m.end <= pw.start() or m.start >= hit.end]
        covered = [m for m in find_terms(text[pw.start():pw.end()]) if m.end == pw.end() - pw.start()]
        head = [Match(pw.start() + m.start, pw.start() + m.end, m.term, m.cats) for m in covered]
        rest = [Match(tail + 2 + m.start, tail + 2 + m.end, m.term, m.cats) for m in find_terms(text[tail + 2:hit.end + 4])
                if tail + 2 + m.end <= hit.end + 4 and not any(k.start < tail + 2 + m.end and k.end > tail + 2 + m.start for k in keep)]
        matches = sorted(set(keep) | set(head) | set(rest), key=lambda m: (m.start, m.end))
        changed = True
    # 2. flavours: 牛肉味, 烧烤鸡味, 鲜虾味; 2b. denied words: 非大豆, 不含大豆 (a soy-free pea-protein 植物肉)
    # name what the product is not; 2c. the word a title compares with (比植物肉还香的牛肉干) is not it either. One
    # pass, and a new list only when a match changes; none where the name holds no character a marker starts with
    # (may_refine's test: most names)
    for i, m in (enumerate(matches) if _reread_hint().search(text) else ()):
        cats = m.cats
        if "animal_meat" in cats and _flavoured(text, m, matches):
            cats = frozenset((cats - MEAT_CATS) | {"flavour"})
        if not cats.isdisjoint(NAME_CATS) and _denied(text, m, gaps, matches):
            cats = frozenset((cats - NAME_CATS) | {"denied"})
        elif not cats.isdisjoint(NAME_CATS) and _compared(text, m.start, m.end, gaps):
            cats = frozenset((cats - NAME_CATS) | {"compared"})
        if cats is not m.cats:
            matches[i] = Match(m.start, m.end, m.term, cats)
            changed = True
    # 3. brands
    if brands is None:
        brands = find_brands(shadow)
    if brands or extra_brands:
        spans = [(b.start, b.end) for b in brands] + list(extra_brands)
        out = []
        for m in matches:
            if not m.cats.isdisjoint(NAME_CATS) and any(s <= m.start and m.end <= e for s, e in spans):
                cats = (m.cats - NAME_CATS) | {"brand_word"}
                out.append(Match(m.start, m.end, m.term, frozenset(cats)))
                changed = True
            else:
                out.append(m)
        matches = out
        # a brand named as the yardstick (别样肉客 同款 真牛肉) is not the product's: its words stay the brand's
        brands = [b for b in brands if not _compared(text, b.start, b.end, shadow.gaps, brand=True)]
    if not changed:
        return ann, brands
    return Annotation(shadow, matches), brands
