"""Telephone numbers and licence numbers as labels write them, in any grouping.

400/800 service numbers (400-820-8820, 400 820 8820, 4008208820), +86 and 0086 prefixes, landlines with an
area code and an extension (021-5000 0000 转 8001, (0571)8888-8888), mobiles (138 0013 8000); SC + 14
digits with spaces (SC 1163 5010 2001 73). Found anywhere in the layout text, so that a label that gives
its number without a 电话 label still shows a contact (GB 7718-2011 4.1.6.1 / 2025 4.6).
"""
from __future__ import annotations

import regex

_SEP = r"[\s\-.·]?"
PHONE = regex.compile(
    r"(?<![\dA-Za-z/])(?:"             # not the tail of a code (CBEL05012205019, SC…, Q/…)
    r"(?:\+?\s?86|0086)[\s\-]?(?:\(0?\d{2,3}\)|0?\d{2,3})?[\s\-]?\d{3,4}[\s\-]?\d{4}"            # +86 21 5000 0000, +86 138…
    r"|[48]00" + _SEP + r"\d(?:" + _SEP + r"?\d){6}"                                                  # 400/800 any grouping
    r"|(?:\(0\d{2,3}\)|0\d{2,3})[\s\-]?\d{3,4}[\s\-]?\d{4}"                                          # landline with area code
    r"|1[3-9]\d[\s\-]?\d{4}[\s\-]?\d{4}"                                                             # mobile
    r")(?:\s*(?:转|分机|ext\.?|x)\s*\d{1,6})?(?!\d)",
    regex.IGNORECASE,
)
SC = regex.compile(r"(?<![A-Za-z])SC\s*(?P<d>\d(?:\s?\d){13})(?!\s?\d)", regex.IGNORECASE)


def digits(s: str) -> str:
    return regex.sub(r"\D", "", s)


def find_phones(text: str) -> list[tuple[int, int, str]]:
    """(start, end, digits) of each telephone number in the text."""
    return [(m.start(), m.end(), digits(m.group(0))) for m in PHONE.finditer(text)]


def find_sc(text: str) -> list[tuple[int, int, str]]:
    """(start, end, 'SC' + 14 digits) of each licence number, spaces removed."""
    return [(m.start(), m.end(), "SC" + digits(m.group("d"))) for m in SC.finditer(text)]


def add_unlabelled(text: str, fields: dict) -> dict:
    """A contact or licence number given without its field label still shows the item: it is added as a
    field (label "") so that the mandatory-item rules see it and the report lists it."""
    from .fields import FieldValue
    out = dict(fields)
    if not out.get("contact"):
        phones = find_phones(text)
        if phones:
            s, e, _ = phones[0]
            out["contact"] = [FieldValue("contact", "", text[s:e], s, e, s)]
    if not out.get("licence") and not out.get("workshop_licence"):
        scs = find_sc(text)
        if scs:
            s, e, _ = scs[0]
            out["licence"] = [FieldValue("licence", "", text[s:e], s, e, s)]
    if not out.get("address"):
        for fv in out.get("producer", []):
            # 生产商：某某食品有限公司（上海市松江区某某路500号）: the address given with the name, in brackets or after it
            m = _ADDRESS_IN_VALUE.search(fv.value)
            if m:
                s = fv.start + m.start("addr")
                out["address"] = [FieldValue("address", "", m.group("addr"), s, s + len(m.group("addr")), s)]
                break
    return out


# a company's name, then its address in brackets or after a comma or space: a province, city or district, then a
# road, street, number or park
_ADDRESS_IN_VALUE = regex.compile(
    r"(?:公司|厂|社|店|中心)\s*[（(，,、\s]\s*"
    r"(?P<addr>[^（()）\n]{0,12}?[省市区县][^（()）\n]{0,30}?(?:路|街|道|号|巷|村|园区|开发区|工业区)[^（()）\n]{0,20}?)(?=[）)]|\s*$|\s)")
