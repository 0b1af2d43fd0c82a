"""Numbers as OCR, scans and copy-paste leave them: read right, or say they cannot be read.

- spaced digits (1 2 . 5) are joined only when every piece is one character — letter-spaced text; one digit
  then three (1 496) is a thousands space; pieces of several characters (960 576) are columns, the first one the
  value; any other mix (1 2OO, 1 5.0) cannot be read;
- O/o for 0 and l/I for 1 inside a number (4O0, l2) are read as digits;
- a decimal comma (12,5) is a decimal point; 1,250 (comma and three digits) could be either: unreadable;
- < 0.5 / ≤ 0.5 give the bound with `below` set; — (a dash) gives 0 with `dash` set.
Full-width digits are folded by normalize (NFKC) before this.
Never a confident wrong number: anything else is unreadable (value None).
"""
from __future__ import annotations

from dataclasses import dataclass

import regex

CONFUSABLE_DIGITS = str.maketrans({"O": "0", "o": "0", "l": "1", "I": "1"})
# a run that can be a number: digits with . , O o l I, single spaces inside
# (45Omg: an O straight after a digit and before a unit of two letters or more is a zero too)
NUMISH = (r"(?:[<＜≤]\s*)?(?:\d|[OolI](?=[ .,]?\d)|\.(?=\d))(?:[\d.,]|[OolI](?![A-Za-z]{2})|(?<=\d)[Oo](?=(?:mg|kJ|KJ|kj|kcal|ug|μg)(?![A-Za-z]))"
          r"|(?<=[\d.,OolI]) (?=\d|[.,OolI](?![A-Za-z])))*")
DASH = r"[—–\-]{1,2}(?!\s*\d)"
_PLAIN = regex.compile(r"^\d+(?:\.\d+)?$")


@dataclass(frozen=True, slots=True)
class Reading:
    value: float | None          # None: unreadable
    raw: str
    below: bool = False          # "<0.5": value is an upper bound
    dash: bool = False           # "—": nothing declared, read as 0
    columns: tuple[float, ...] = ()   # further columns found in the same run (960 576)
    repaired: bool = False       # letters or spaces had to be read as digits


def read_number(raw: str) -> Reading:
    s = raw.strip()
    if not s:
        return Reading(None, raw)
    if regex.fullmatch(DASH, s):
        return Reading(0.0, raw, dash=True)
    below = s[0] in "<＜≤"
    if below:
        s = s[1:].strip()
    repaired = False
    pieces = s.split(" ")
    if len(pieces) > 1:
        if all(len(p) == 1 for p in pieces):
            s, repaired = "".join(pieces), True           # 1 2 . 5 → 12.5
        elif len(pieces) == 2 and regex.fullmatch(r"\d", pieces[0]) and regex.fullmatch(r"\d{3}(?:\.\d+)?", pieces[1]):
            s = "".join(pieces)                            # 1 496: a thousands space (SI), as imported labels print it
        elif any(p[0] in ".," or p[-1] in ".," for p in pieces):
            return Reading(None, raw)                      # 12 .5, 12. 5: a decimal point split off
        elif all(len(p) > 1 for p in pieces) or (regex.fullmatch(r"\d+\.\d+", pieces[0])
                                                 and all(regex.fullmatch(r"\d+", p) for p in pieces[1:])):
            # (6.0 2: a decimal amount cannot run on past a space — two numbers, the amount and its NRV%)
            first = read_number(pieces[0])
            rest = tuple(r.value for r in map(read_number, pieces[1:]) if r.value is not None)
            return Reading(first.value, raw, below, columns=rest, repaired=first.repaired)
        else:
            return Reading(None, raw)                      # 1 5.0, 12 .5: cannot tell
    t = s.translate(CONFUSABLE_DIGITS)
    if t != s:
        if not regex.search(r"\d", s):
            return Reading(None, raw)
        repaired = True
    if regex.fullmatch(r"\d+,\d{1,2}", t):
        t, repaired = t.replace(",", "."), True            # decimal comma
    elif "," in t:
        return Reading(None, raw)                          # 1,250: thousands or decimal?
    if not _PLAIN.match(t):
        return Reading(None, raw)
    return Reading(float(t), raw, below, repaired=repaired)


_LETTER_SPACED = regex.compile(r"^\S(?: {1,2}\S)+$")


def letter_spaced_joined(value: str) -> str:
    """A code letter-spaced as OCR leaves it (S C 1 1 1 3 2 0 …, T / C N F I A  1 6 5) written close: the single
    spaces between characters go, a wider gap (between words) stays one space. Only when every character stands
    alone — SC1234 5678 or T/CNFIA 165 is returned as it is, and so are two numbers side by side."""
    v = value.strip()
    if not _LETTER_SPACED.match(v) or v.count(" ") < 3:
        return value
    words = v.split("  ")
    if any(len(piece) != 1 for w in words for piece in w.split(" ")):
        return value
    return " ".join(w.replace(" ", "") for w in words)
