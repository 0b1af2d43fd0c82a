"""normalize: a shadow copy of the text for matching, with a map back to the original.

The shadow is NFKC-folded (full-width forms, Kangxi radicals, compatibility ideographs),
traditional characters become simplified (one character for one), look-alike letters from
other scripts become Latin, dash/tilde variants become ASCII, invisible characters are
dropped, and spaces or separator symbols *between two Chinese characters* are dropped so
that 牛 肉 / 牛​肉 / 牛·肉 match 牛肉. The user's text is never rewritten: every shadow index
maps to the index of the original character it came from.
"""
from __future__ import annotations

import re
import unicodedata
from array import array
from bisect import bisect_right
from functools import cache
from pathlib import Path

import regex

from .resources import data_dir
from .wordscan import first_char_guard

INVISIBLE = "\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0"
_INVISIBLE_OR_SPACE = regex.compile(rf"[{INVISIBLE}\s]+")
# Symbols sellers put inside words to break matching (牛*肉, 植.物.肉); only removed between Han characters.
SEPARATORS = r" \u3000·•・*@#_~^`'\"|/\\.+\-="
# emoji and pictographs sellers drop into words (植🌱物肉, 牛★肉)
SEPARATORS += "\u2190-\u21ff\u2600-\u27bf\u2b00-\u2bff\U0001f000-\U0001faff"

_KEEP = {"℃", "℉", "™", "®", "°"}          # NFKC would expand these; matching handles them as they are
_DASHES = "‐‑‒–—―−﹣－⁃"
_TILDES = "～〜∼∽〰"


@cache
def _tables() -> tuple[dict[int, str], dict[str, str]]:
    """(one-for-one, one-for-many) folds: NFKC over the planes a label uses, the lexicons' traditional and
    look-alike characters, dashes, tildes and spaces. Kept by the start-up cache (its key holds the Unicode version,
    this file and the one-for-one lexicons)."""
    from .startcache import cached
    lex = data_dir("lexicons")
    return cached("fold", [Path(__file__), *(lex / f for f in _ONE_FOR_ONE_FILES)], _build_tables)


_ONE_FOR_ONE_FILES = ("t2s_chars.tsv", "variant_chars.tsv", "confusables.tsv")


@cache
def _radical_table() -> dict[int, str]:
    """Kangxi radicals (U+2F00–U+2FD5, by NFKC) and the CJK Radicals Supplement forms that are whole characters
    (lexicons/variant_chars.tsv) → the ideograph."""
    folded = ((cp, unicodedata.normalize("NFKC", chr(cp))) for cp in range(0x2F00, 0x2FE0))
    table = {cp: f for cp, f in folded if len(f) == 1 and f != chr(cp)}
    table.update((ord(src), dst) for src, dst in _pairs("variant_chars.tsv") if 0x2E80 <= ord(src) <= 0x2EFF)
    return table


def _pairs(name: str):
    """The (character, what it is read as) rows of a one-for-one lexicon file (# starts a comment line)."""
    for line in (data_dir("lexicons") / name).read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            src, dst = line.split("\t")
            yield src, dst


def radicals_as_ideographs(text: str) -> str:
    """A PDF's text with the radical code points its font's Unicode map gave for ideographs (Chromium with Noto CJK:
    ⽜⾁ for 牛肉) written as the ideographs the designer typed. For artwork ingest only: a typed text keeps its own."""
    if not any("\u2e80" <= ch <= "\u2fdf" for ch in text):
        return text
    return text.translate(_radical_table())


def _build_tables() -> tuple[dict[int, str], dict[str, str]]:
    one: dict[int, str] = {}
    multi: dict[str, str] = {}
    for cp in list(range(0x00A0, 0x3400)) + list(range(0xF900, 0xFFF0)):
        ch = chr(cp)
        if ch in _KEEP:
            continue
        folded = unicodedata.normalize("NFKC", ch)
        if folded == ch:
            continue
        if len(folded) == 1:
            one[cp] = folded
        elif not folded.isspace() and not folded.startswith(" "):
            multi[ch] = folded
    for name in _ONE_FOR_ONE_FILES:
        for src, dst in _pairs(name):
            one[ord(src)] = dst
    for ch in _DASHES:
        one[ord(ch)] = "-"
    for ch in _TILDES:
        one[ord(ch)] = "~"
    one[ord("\u3000")] = " "
    one[ord("\u2236")] = ":"      # RATIO, typed for a colon by some input methods
    one[ord("\xa0")] = " "
    one[ord("\t")] = " "
    one[ord("\r")] = "\n"
    # a second pass so that NFKC output is also simplified / de-confused (e.g. compatibility ideographs)
    for cp, v in list(one.items()):
        if v and len(v) == 1 and ord(v) in one:
            one[cp] = one[ord(v)]
    return one, multi


_ASTRAL = re.compile("[\U00010000-\U0010FFFF]")


@cache
def _typos() -> tuple["re.Pattern[str]", dict[str, str]]:
    """lexicons/typos.tsv: misspelt words, each replaced by the word of the same length it stands for, unless it
    follows one of the characters in the optional third column or comes before one in the fourth. (The pattern,
    each misspelling's word.)"""
    fixes: dict[str, str] = {}
    alts = []
    for line in (data_dir("lexicons") / "typos.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            wrong, right, *guards = line.split("\t")
            if len(wrong) != len(right):
                raise ValueError(f"lexicons/typos.tsv: {wrong} and {right} differ in length")
            fixes[wrong] = right
            not_after, not_before = (guards + ["", ""])[:2]
            guard = f"(?<![{re.escape(not_after)}])" if not_after else ""
            ahead = f"(?![{re.escape(not_before)}])" if not_before else ""
            alts.append((len(wrong), guard + re.escape(wrong) + ahead))
    alternation = "|".join(a for _, a in sorted(alts, reverse=True))
    # every title is searched for them and almost none holds one: a lookahead of the characters a misspelling can
    # start with passes the other positions with one table lookup instead of trying each alternative there
    guard = first_char_guard(alternation)
    return re.compile((guard or "") + "(?:" + alternation + ")"), fixes


@cache
def _bmp_table() -> list:
    """The one-for-one table as a list over the Basic Multilingual Plane: `str.translate` indexes it instead of
    hashing every character into the dict (and raising a LookupError for each one it does not hold). A text with a
    character above the plane takes the dict."""
    one, _ = _tables()
    table: list = list(range(0x10000))
    for cp, target in one.items():
        if cp < 0x10000:
            table[cp] = target
    return table


HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f"


@cache
def _special(compact: bool) -> "re.Pattern[str]":
    # stdlib re, not regex: on a 10 MB text it scans about ten times faster for this simple pattern
    _, multi = _tables()
    multi_class = "".join(re.escape(c) for c in multi)
    gap = rf"(?<=[{HAN}])[{SEPARATORS}{INVISIBLE}]+(?=[{HAN}])|" if compact else ""
    special = gap + rf"[{INVISIBLE}]+" + (rf"|[{multi_class}]" if multi_class else "")
    # the lookbehind keeps `re` from skipping the characters no alternative starts with: a lookahead of those
    # that can start one does (wordscan.first_char_guard)
    guard = first_char_guard(special)
    # one capturing group: `split` gives kept, dropped, kept, … and builds no match object per drop
    return re.compile("(" + (guard or "") + "(?:" + special + "))")


class Shadow:
    """The normalized text and, for each of its characters, the original index.

    The map is kept as the kept pieces of the original (where each starts in the shadow and in the original),
    not a character-by-character array: a title asks for two or three offsets, a label for a few dozen, and the
    array (`index`) is built only for a reader that wants it.
    """

    __slots__ = ("original", "text", "gaps", "_starts", "_origs", "_repeat", "_index")

    def __init__(self, original: str, text: str, starts: list[int] | None = None, origs: list[int] | None = None,
                 gaps: tuple[int, ...] = (), repeat: frozenset[int] = frozenset()):
        self.original = original
        self.text = text
        self.gaps = gaps                   # shadow positions where whitespace the user typed was dropped (牛 肉 → 牛|肉)
        self._starts = starts              # None: identity mapping (nothing was dropped or expanded)
        self._origs = origs
        self._repeat = repeat              # pieces that expand one original character (㎏ → kg): all map to it
        self._index: array | None = None

    @property
    def index(self) -> array | None:
        """For each shadow character, the index of the original character it came from (None: the same index)."""
        if self._starts is None:
            return None
        if self._index is None:
            idx = array("l")
            ends = self._starts[1:] + [len(self.text)]
            for k, (start, end, orig) in enumerate(zip(self._starts, ends, self._origs)):
                idx.extend([orig] * (end - start) if k in self._repeat else range(orig, orig + end - start))
            self._index = idx
        return self._index

    def blanked(self, text: str) -> "Shadow":
        """This shadow with some of its characters blanked (`text`: the same length), its map to the original kept."""
        if len(text) != len(self.text):
            raise ValueError("a blanked shadow keeps its length")
        return Shadow(self.original, text, self._starts, self._origs, self.gaps, self._repeat)

    def reordered(self, pieces: list[tuple[int, int, str]]) -> "Shadow":
        """A shadow of this one's characters in another order: each (start, end, tail) piece is text[start:end] then
        `tail` (a line break put in a gap), every character still mapped to the original one it came from (the tail to
        the character at `end`)."""
        index = self.index
        chars: list[str] = []
        starts: list[int] = []
        origs: list[int] = []
        repeat: set[int] = set()
        prev = -2

        def put(ch: str, o: int) -> None:
            nonlocal prev
            k = len(chars)
            chars.append(ch)
            if starts and (o == prev + 1 and len(starts) - 1 not in repeat):
                pass
            elif starts and o == prev and (len(starts) - 1 in repeat or k - starts[-1] == 1):
                repeat.add(len(starts) - 1)
            else:
                starts.append(k)
                origs.append(o)
            prev = o

        n = len(self.original)
        for start, end, tail in pieces:
            for i in range(start, end):
                put(self.text[i], i if index is None else index[i])
            for ch in tail:
                put(ch, min(end if index is None else (index[end] if end < len(index) else n), n))
        return Shadow(self.original, "".join(chars), starts, origs, (), frozenset(repeat))

    def _at(self, i: int) -> int:
        k = bisect_right(self._starts, i) - 1
        return self._origs[k] if k in self._repeat else self._origs[k] + i - self._starts[k]

    def orig_start(self, i: int) -> int:
        if self._starts is None:
            return i
        return self._at(i) if 0 <= i < len(self.text) else len(self.original)

    def orig_end(self, j: int) -> int:
        """Exclusive end in the original for a shadow slice ending at j (exclusive)."""
        if j <= 0:
            return 0
        if self._starts is None:
            return j
        return self._at(j - 1) + 1 if j - 1 < len(self.text) else len(self.original)

    def orig_span(self, i: int, j: int) -> tuple[int, int]:
        """(orig_start(i), orig_end(j)) in one call: every title's core asks for it."""
        if self._starts is None:
            return i, (j if j > 0 else 0)
        n = len(self.text)
        s = self._at(i) if 0 <= i < n else len(self.original)
        if j <= 0:
            return s, 0
        e = self._at(j - 1) + 1 if j - 1 < n else len(self.original)
        if e < s and i < j:
            # a reordered shadow (two columns read one after the other) whose slice runs from the foot of one column
            # into the head of the next: the original holds no one stretch of it — its first part, to the line's end
            line_end = self.original.find("\n", s)
            e = line_end if line_end >= 0 else len(self.original)
        return s, e

    def orig_text(self, i: int, j: int) -> str:
        s, e = self.orig_span(i, j)
        return self.original[s:e]

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Shadow):
            return NotImplemented
        return (self.original, self.text, self.gaps, self.index) == (other.original, other.text, other.gaps, other.index)

    def __hash__(self) -> int:
        return hash((self.original, self.text))

    def __repr__(self) -> str:
        return f"Shadow(original={self.original!r}, text={self.text!r})"


def misspelt(text: str) -> tuple[str, str] | None:
    """The first misspelling of lexicons/typos.tsv in `text` as written, and the word the shadow reads for it."""
    typos, fixes = _typos()
    m = typos.search(text.translate(_bmp_table()))
    return (text[m.start():m.end()], fixes[m.group(0)]) if m else None


def normalize(text: str, compact: bool = True) -> Shadow:
    """compact=True also drops separators between Chinese characters (for term matching);
    compact=False keeps the layout (for reading fields and tables)."""
    one, multi = _tables()
    # one character for one: `folded` indexes are the original's
    folded = text.translate(one if _ASTRAL.search(text) else _bmp_table())
    typos, fixes = _typos()
    if typos.search(folded):
        folded = typos.sub(lambda m: fixes[m.group(0)], folded)
    parts = _special(compact).split(folded)
    if len(parts) == 1:
        return Shadow(text, folded)
    pieces: list[str] = []
    starts: list[int] = []
    origs: list[int] = []
    repeat: set[int] | None = None
    gaps: list[int] = []
    pos = length = 0
    chunks = iter(parts)                     # kept, dropped, kept, …, kept (a kept piece may be empty)
    for kept in chunks:
        if kept:
            pieces.append(kept)
            starts.append(length)
            origs.append(pos)
            n = len(kept)
            pos += n
            length += n
        dropped = next(chunks, None)
        if dropped is None:
            break
        if dropped in multi:                 # one character that NFKC writes as several (㎏ → kg)
            rep = multi[dropped].translate(one)
            pieces.append(rep)
            repeat = repeat or set()
            repeat.add(len(starts))
            starts.append(length)
            origs.append(pos)
            length += len(rep)
        elif " " in dropped:
            # the seller typed a space here, between two Chinese characters (every whitespace the shadow drops is
            # a space once folded, and a dropped run always has a kept Chinese character on either side): where
            # the compact shadow joins them, a title's words still break
            gaps.append(length)
        pos += len(dropped)
    if not starts:                          # nothing kept: every character was dropped
        return Shadow(text, "", [0], [len(text)], (), frozenset({0}))
    return Shadow(text, "".join(pieces), starts, origs, tuple(gaps), frozenset(repeat) if repeat else _NONE)


_NONE: frozenset[int] = frozenset()


_VISIBLE = re.compile(rf"[^{INVISIBLE}\s]")


def is_blank(s: str) -> bool:
    """Nothing but spaces and invisible characters (a zero-width space is no name)."""
    return _VISIBLE.search(s) is None


def clean_original(s: str) -> str:
    """The user's own characters minus invisible ones and inserted spaces (for suggestions)."""
    return _INVISIBLE_OR_SPACE.sub("", s)
