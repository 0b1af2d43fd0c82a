"""Find the words of a list in a text in one pass, any letter case: what a regex alternation of the words
(longest first, ignoring case) finds — leftmost, then longest, never overlapping — at automaton speed."""
from __future__ import annotations

from typing import Iterable

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
