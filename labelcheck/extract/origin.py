"""Imported prepackaged food: recognised from what its Chinese back label says.

Evidence, strongest first: an origin (原产国/原产地/产地) outside the mainland; an importer's or agent's field
(进口商, 代理商, Importer); a 境外生产企业在华注册编号 (GACC Decree 248); a producer named only in Latin letters or
with a foreign address; a label with several English field labels (weak: domestic exports are bilingual too).
One strong item, or two weak ones, make an import — unless the label gives an SC food production licence
number, which only food made or packed in China has. GB 7718-2011 4.1.9/4.1.10 (2025 4.9/4.10) ask the
licence number and the product standard code of domestically produced food only.
"""
from __future__ import annotations

from functools import cache

import regex

from ..resources import lexicon
from .contacts import SC
from .fields import FieldValue

_LATIN_ONLY = regex.compile(r"^[\p{Latin}0-9\s.,&'()\-/]+$")


@cache
def _places() -> tuple["regex.Pattern[str]", "regex.Pattern[str]", frozenset[str]]:
    lex = lexicon("origins")
    alt = lambda ts: "|".join(regex.escape(t) for t in sorted(ts, key=len, reverse=True))  # noqa: E731
    return (regex.compile(alt(lex["mainland"]["terms"] + lex["provinces"]["terms"]), regex.IGNORECASE),
            regex.compile(alt(lex["outside"]["terms"]), regex.IGNORECASE),
            frozenset(t.lower() for t in lex["importer_labels"]["terms"]))


@cache
def _province_only() -> "regex.Pattern[str]":
    lex = lexicon("origins")
    names = "|".join(regex.escape(t) for t in sorted(lex["provinces"]["terms"], key=len, reverse=True))
    # 广东, 广东省, 中国·广西壮族自治区: a province and nothing finer (the suffixes GB/T 2260 writes)
    return regex.compile(rf"(?:中国(?:大陆|内地)?)?[\s·.,，、]*(?:(?:{names})(?:省|(?:壮族|回族|维吾尔)?自治区)?)?[\s。.]*")


def above_prefecture(value: str) -> bool:
    """Does a 产地 stop above the prefecture level: a province or autonomous region and nothing finer (广东省, 中国浙江),
    or the country alone (中国)?"""
    value = value.strip(" \t。.·,，、")
    return bool(value) and _province_only().fullmatch(value) is not None


def place_kind(value: str) -> str | None:
    """"outside" / "mainland" / None for a place written in a field value."""
    mainland, outside, _ = _places()
    o = outside.search(value)
    m = mainland.search(value)
    if o and not (m and m.start() < o.start()):
        return "outside"
    if m or regex.search(r"中国(?!香港|澳门|台湾)|China|P\.?R\.?C", value, regex.IGNORECASE):
        return "mainland"
    return None


def import_evidence(fields: dict[str, list[FieldValue]]) -> tuple[bool, list[str]]:
    """(imported?, the evidence read) from the label's fields."""
    _, _, importer_labels = _places()
    strong: list[str] = []
    weak: list[str] = []
    domestic = False
    for fv in fields.get("origin", []):
        kind = place_kind(fv.value)
        if kind == "outside":
            strong.append(f"{fv.label}：{fv.value}")
        elif kind == "mainland":
            domestic = True
    for fv in fields.get("producer", []):
        label = regex.sub(r"\s+", " ", fv.label).lower()
        if label in importer_labels:
            strong.append(f"{fv.label}：{fv.value}")
        elif fv.value and _LATIN_ONLY.match(fv.value) and regex.search(r"\p{Latin}{3}", fv.value):
            weak.append(f"{fv.label}：{fv.value}（生产者以外文标示）")
    for fv in fields.get("overseas_registration", []):
        if fv.value:
            strong.append(f"{fv.label}：{fv.value}")
    for fv in fields.get("address", []):
        if place_kind(fv.value) == "outside":
            weak.append(f"{fv.label}：{fv.value}")
    english = {fv.key for vs in fields.values() for fv in vs if regex.match(r"[A-Za-z]", fv.label)}
    if len(english) >= 3:
        weak.append("中英文双语标签（" + "、".join(sorted(english)) + "）")
    if any(SC.search(fv.value) for fv in fields.get("licence", [])):
        # a Chinese food production licence (SC…) is issued to food made or packed here: whatever came from abroad
        # (原产国 of its raw meat, an English back label), the food is not imported prepackaged
        return False, []
    imported = bool(strong) or (len(weak) >= 2 and not domestic)
    return imported, strong + weak
