"""Find the words of a list in a text in one pass, any letter case: what a regex alternation of the words
(longest first, ignoring case) finds — leftmost, then longest, never overlapping — at automaton speed."""
from __future__ import annotations

from typing import Iterable

import re

import ahocorasick
import regex


class WordScanner:
    """Spans of `words` in a text, compared case-folded."""

    def __init__(self, words: Iterable[str]):
        self.words = sorted({w.casefold() for w in words if w}, key=len, reverse=True)
        self._auto = ahocorasick.Automaton()
        for w in self.words:
            self._auto.add_word(w, len(w))
        if self.words:
            self._auto.make_automaton()
        self._slow: "regex.Pattern[str] | None" = None

    def spans(self, text: str) -> list[tuple[int, int]]:
        """Leftmost-longest, non-overlapping (start, end) of the words in `text`."""
        if not self.words:
            return []
        folded = text.casefold()
        if len(folded) != len(text):          # a letter that folds to two (ß, İ): offsets would not line up
            return self._slow_spans(text)
        hits = list(self._auto.iter(folded))
        if not hits:
            return []
        out, reach = [], 0
        for start, neg in sorted((end - n + 1, -n) for end, n in hits):
            if start >= reach:
                reach = start - neg
                out.append((start, reach))
        return out

    def _slow_spans(self, text: str) -> list[tuple[int, int]]:
        if self._slow is None:
            self._slow = regex.compile("|".join(regex.escape(w) for w in self.words), regex.IGNORECASE | regex.FULLCASE)
        return [m.span() for m in self._slow.finditer(text)]


# ---- a first-character guard for a regex alternation ----------------------------------------------------------
# An alternation of many alternatives (title noise: brackets, quantities, promotion words, symbols, punctuation)
# is tried alternative by alternative at every position of the text; most positions (the food's own characters)
# can start none of them. A lookahead of the characters that can start a match lets `re` pass those positions with
# one table lookup. The characters are read off the parsed pattern; anything this reading does not know (a class
# of every character, a back-reference) gives no guard rather than a wrong one.

def first_char_guard(pattern: str) -> str | None:
    """A lookahead `(?=…)` accepting every character a match of `pattern` can start with, or None."""
    import re._constants as C
    import re._parser as P
    try:
        parsed = P.parse(pattern)
    except re.error:
        return None
    plain: list[str] = []
    folded: list[str] = []
    astral = [False]

    def add(piece: str, ignorecase: bool) -> None:
        if any(ord(ch) > 0xFFFF for ch in piece):
            astral[0] = True             # one range for every character above the BMP: `re` then keeps a table
            return
        (folded if ignorecase else plain).append(piece)

    def add_char(ch: str, ignorecase: bool) -> None:
        # a character that ignores case goes into the plain class as every character it can match: the guard is then
        # one class, not a branch of two, which costs at every position of the text (the title noise: 【 买 / and the
        # letters of Latin brand names)
        kin = _case_kin(ch) if ignorecase else ch
        if kin is None:
            add(re.escape(ch), True)
        else:
            for k in kin:
                add(re.escape(k), False)

    def seq(items, ic: bool) -> bool | None:
        """Add the first characters of a sequence; True when it can match empty (None: unknown)."""
        for op, av in items:
            nullable = item(op, av, ic)
            if nullable is None:
                return None
            if not nullable:
                return False
        return True

    def item(op, av, ic: bool) -> bool | None:
        if op is C.LITERAL:
            add_char(chr(av), ic)
            return False
        if op is C.IN:
            for iop, iav in av:
                if iop is C.LITERAL:
                    add_char(chr(iav), ic)
                elif iop is C.RANGE:
                    add(re.escape(chr(iav[0])) + "-" + re.escape(chr(iav[1])), ic)
                elif iop is C.CATEGORY and iav in (C.CATEGORY_DIGIT, C.CATEGORY_SPACE):
                    add(r"\d" if iav is C.CATEGORY_DIGIT else r"\s", False)
                else:
                    return None          # a negated class, \w, \D…: too wide to guard
            return False
        if op is C.BRANCH:
            results = [seq(branch, ic) for branch in av[1]]
            return None if None in results else any(results)
        if op is C.SUBPATTERN:
            _group, add_flags, del_flags, body = av
            inner_ic = (ic or bool(add_flags & C.SRE_FLAG_IGNORECASE)) and not del_flags & C.SRE_FLAG_IGNORECASE
            return seq(body, inner_ic)
        if op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
            low, _high, body = av
            nullable = seq(body, ic)
            return None if nullable is None else (nullable or low == 0)
        if op in (C.ASSERT, C.ASSERT_NOT, C.AT):
            return True                  # zero-width: what follows decides (the guard stays a superset)
        return None

    ignorecase = bool(parsed.state.flags & C.SRE_FLAG_IGNORECASE)
    if seq(list(parsed), ignorecase) is not False:
        return None                      # the pattern can match empty, or could not be read: no guard
    if astral[0]:
        plain.append("\U00010000-\U0010FFFF")
    parts = []
    if plain:
        parts.append("[" + "".join(plain) + "]")
    if folded:
        parts.append("(?i:[" + "".join(folded) + "])")
    return "(?=" + "|".join(parts) + ")"


# the letters `re` also matches for an ASCII letter when it ignores case (İ, ı for i; ſ for s; the Kelvin sign for k)
_ASCII_KIN = "\u0130\u0131\u017f\u212a"


def _case_kin(ch: str) -> str | None:
    """The characters a pattern ignoring case matches for `ch` (a superset: a guard may let more through), or None
    when that is not worked out here. An uncased character matches only itself; an ASCII letter its two cases and
    the few other letters `re` folds to one (tests/test_fastpath.py checks this against every code point)."""
    if ch.lower() == ch == ch.upper():
        return ch
    if ch.isascii():
        return ch.lower() + ch.upper() + _ASCII_KIN
    return None


def word_trie(words: Iterable[str], between: str = "", escape=re.escape) -> str:
    """Literal words as one regex that finds, at a position, the longest of them (what an alternation of the words
    longest first finds) without trying each word in turn; `between`: a pattern allowed between two characters of
    a word (a label spaced out to align a column: 配 料), never before a digit. Compiles in a fraction of the alternation's time."""
    root: dict = {}
    for w in words:
        node = root
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict, first: bool) -> str:
        kids = sorted(ch for ch in node if ch)
        if not kids:
            return ""
        if first or not between:
            alts = [escape(ch) + build(node[ch], False) for ch in kids]
        else:
            # no space before a digit: 维生素D3 is not 维生素D spaced from the 3 of an amount (维生素D 3.0μg)
            alts = [("" if ch.isdigit() else between) + escape(ch) + build(node[ch], False) for ch in kids]
        inner = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{inner})?" if "" in node else inner
    return build(root, True)
