"""annotate: lexicon matches and word segmentation over a shadow text.

Lexicon matching does not depend on how jieba splits: an Aho-Corasick automaton finds every
entry of lexicons/terms.toml and lexicons/ingredients.toml, and overlaps are resolved
leftmost-longest (so 素火腿 beats 火腿, 大豆油 beats 大豆). jieba, loaded with the same terms
as its user dictionary, gives word boundaries where they matter (the head word of a name),
segmenting only when a rule asks for tokens.

There is no spaCy stage: no rule read its Doc (lexicon hits, fields and negation scopes are
read from the automaton's matches and the extractors), and it cost about 1.5 s of start-up
and 135 MB per process. See docs/performance.md.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import islice
from typing import Iterable, NamedTuple

import ahocorasick

from .config import current, extra_terms
from .lazy import cached_attribute
from .normalize import Shadow
from .resources import lexicon

LEXICONS = ("terms", "ingredients")
MAX_CANDIDATES = 300_000    # a real label has hundreds; a crafted text past this is not annotated further
# Terms that name the product's nature outweigh the words they overlap (素肉丸 → 素肉 + 丸, not 素 + 肉丸);
# not_meat exclusions outweigh the meat words inside them (肉桂 is not 肉), not_plant_qualifier the 植物 in 植物油.
HEAVY = frozenset({"plant_meat", "plant_meat_equivalent", "dairy_qualifier", "dairy_assist_only",
                   "plant_milk_powder_name", "standard_milk_powder_name", "not_meat", "not_plant_qualifier",
                   "ing:not_protein"})


class Match(NamedTuple):
    """One lexicon term found in a shadow text (a tuple: a name reads thousands of them a second)."""

    start: int
    end: int
    term: str
    cats: frozenset[str]

    def has(self, *cats: str) -> bool:
        return not self.cats.isdisjoint(cats)


@lru_cache(maxsize=32)    # one per lexicon file and configuration's extra terms; bounded for a long-lived service
def _automaton(lex: str, extra: tuple[tuple[str, str], ...] = ()) -> ahocorasick.Automaton:
    """The automaton of one lexicon file, plus the (category, term) entries a configuration adds."""
    cats: dict[str, set[str]] = {}
    prefix = "ing:" if lex == "ingredients" else ""
    for cat, body in lexicon(lex).items():
        for term in body.get("terms", []):
            cats.setdefault(term, set()).add(prefix + cat)
    for cat, term in extra:
        cats.setdefault(term, set()).add(prefix + cat)
    auto = ahocorasick.Automaton()
    for term, cs in cats.items():
        frozen = frozenset(cs)
        # (term, categories, length, weight): what find_terms needs of each hit, worked out once
        auto.add_word(term, (term, frozen, len(term), len(term) * (2 if frozen & HEAVY else 1)))
    auto.make_automaton()
    return auto


def all_terms() -> Iterable[str]:
    for lex in LEXICONS:
        for body in lexicon(lex).values():
            yield from body.get("terms", [])


def find_terms(text: str, lex: str = "terms") -> list[Match]:
    """Non-overlapping matches of one lexicon file in `text`.

    Overlapping candidates form small clusters; within one, the choice covering the most
    characters wins, HEAVY terms counting double (素鸡米花 → 素 + 鸡米花; 素肉丸子 → 素肉 + 丸子),
    then the fewest matches (素火腿 over 素 + 火腿), then the leftmost. Outside clusters nothing
    needs choosing.
    """
    return resolve(candidates(text, lex))


def candidates(text: str, lex: str = "terms") -> list[tuple]:
    """Every lexicon hit in `text`, overlapping ones included: (start, end, term, categories, weight)."""
    settings = current()
    last = _LAST.get(lex)
    if last is None or last[0] is not settings:
        auto = _automaton(lex, settings.extra_terms(lex))
        last = _LAST[lex] = (settings, auto, max(auto.get_stats()["longest_word"], 1))
    hits = last[1].iter(text)
    # a crafted text could hold more hits than anyone reads: cut — where it could (no more hits end at a character
    # than the longest term is long)
    if len(text) * last[2] > MAX_CANDIDATES:
        hits = islice(hits, MAX_CANDIDATES)
    return [(end - n + 1, end + 1, term, cats, w) for end, (term, cats, n, w) in hits]


# the automaton of each lexicon file under the settings used last, and its longest term: a title asks for it once
_LAST: dict[str, tuple] = {}


def resolve(found: list[tuple]) -> list[Match]:
    """The non-overlapping matches chosen from `candidates` (see find_terms)."""
    if not found:
        return []
    if len(found) == 1:
        s, e, term, cats, _ = found[0]
        return [Match(s, e, term, cats)]
    found.sort(key=lambda f: (f[0], -f[1]))
    out: list[Match] = []
    cluster = [found[0]]
    reach = found[0][1]
    for f in found[1:]:
        if f[0] < reach:
            cluster.append(f)
            reach = max(reach, f[1])
        else:
            out.extend(_resolve(cluster))
            cluster, reach = [f], f[1]
    out.extend(_resolve(cluster))
    return out


def _resolve(cluster: list[tuple]) -> list[Match]:
    head = cluster[0]
    if len(cluster) == 1 or (all(c[1] <= head[1] for c in cluster) and all(c[4] <= head[4] for c in cluster)):
        # one candidate spans and outweighs the rest (牛肉 over 肉): nothing to choose
        s, e, term, cats, _ = head
        return [Match(s, e, term, cats)]
    # best[i] = (weighted cover, -count, chosen) using candidates i.. that start at or after cluster[i]'s start
    n = len(cluster)
    best: list[tuple[int, int, tuple]] = [(0, 0, ())] * (n + 1)
    for i in range(n - 1, -1, -1):
        s, e = cluster[i][0], cluster[i][1]
        nxt = next((j for j in range(i + 1, n) if cluster[j][0] >= e), n)
        cov, neg, chosen = best[nxt]
        take = (cov + cluster[i][4], neg - 1, (i,) + chosen)
        skip = best[i + 1]
        best[i] = take if (take[0], take[1]) >= (skip[0], skip[1]) else skip
    return [Match(cluster[i][0], cluster[i][1], cluster[i][2], cluster[i][3]) for i in best[0][2]]


@cache
def jieba_tokenizer():
    import jieba

    jieba.setLogLevel(60)
    jieba.initialize()
    for term in set(all_terms()):
        jieba.add_word(term, freq=20000)
    return jieba


@lru_cache(maxsize=4)
def _jieba_with(extra: tuple[str, ...]):
    """jieba whose user dictionary also holds a configuration's extra terms: a tokenizer of its own,
    since jieba's default dictionary is global and a configuration applies to its own checks only."""
    if not extra:
        return jieba_tokenizer()
    import jieba

    tok = jieba.Tokenizer()
    tok.initialize()
    for term in set(all_terms()) | set(extra):
        tok.add_word(term, freq=20000)
    return tok


def segment(text: str) -> list[tuple[int, int, str]]:
    out = []
    pos = 0
    extra = tuple(sorted({t for lex in LEXICONS for _, t in extra_terms(lex)}))
    for tok in _jieba_with(extra).cut(text, HMM=False):
        out.append((pos, pos + len(tok), tok))
        pos += len(tok)
    return out


@dataclass
class Annotation:
    shadow: Shadow
    matches: list[Match]

    @cached_attribute
    def _by_cat(self) -> dict[str, list[Match]]:
        index: dict[str, list[Match]] = {}
        for m in self.matches:
            for c in m.cats:
                index.setdefault(c, []).append(m)
        return index

    def of(self, *cats: str) -> list[Match]:
        if len(cats) == 1:
            return self._by_cat.get(cats[0], [])
        # the readers of a name ask the same few questions many times (classify, rules, suggest): answered once
        hit = self._of.get(cats)
        if hit is None:
            hit = self._of[cats] = [m for m in self.matches if not m.cats.isdisjoint(cats)]
        return hit

    @cached_attribute
    def _of(self) -> dict[tuple[str, ...], list[Match]]:
        return {}

    @cached_attribute
    def tokens(self) -> list[tuple[int, int, str]]:
        """jieba's words, segmented on first use only: most checks never ask."""
        return segment(self.shadow.text)


def annotate(shadow: Shadow) -> Annotation:
    return Annotation(shadow, find_terms(shadow.text))
