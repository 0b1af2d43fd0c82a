"""Dates and durations on a label: 生产日期, 保质期, 保质期到期日 parsed into objects the rules use.

Reads the fields as `extract.fields` gives them (values and offsets in the layout shadow) and
parses the values here; where a field is missing, the layout text is scanned for the date labels
of GB 7718-2011 C.3/C.4 and GB 7718-2025 A.2 (此日期前最佳, 最佳食用日期, Best before…).
Every offset is into the layout shadow, so `Context.evidence_layout` maps it to the original.

Forms read (GB 7718-2011 C.3, GB 7718-2025 A.2.1–A.2.4): 2025年3月1日, 2025.03.01, 2025-03-01,
2025/3/1, 20250301, 2025 03 01, A.2.2's two dates on one line (20100320/20100520, 2010032020100520),
two-digit years and other orders when the order is stated (日/月/年, DD/MM/YY, 月/日/年), the
reversed Chinese forms of 2011 C.3 (20日3月2010年); references (见瓶盖, 见封口处, 见包装); and
durations 12个月, 十二个月, 365天, 1年, 18 months, 2 weeks.
"""
from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field
from functools import cache

import regex

from ..resources import lexicon


@dataclass(frozen=True)
class ParsedDate:
    raw: str
    start: int                   # layout-shadow offsets
    end: int
    year: int
    month: int
    day: int
    order: str                   # "ymd" | "dmy" | "mdy"
    form: str                    # "cn" | "sep" | "compact" | "cn_reversed"
    order_stated: bool = False   # the order came from a stated 日/月/年-style key or 年月日 characters
    ambiguous: bool = False      # another order would read these digits as a different valid date
    two_digit_year: bool = False

    @property
    def date(self) -> dt.date | None:
        try:
            return dt.date(self.year, self.month, self.day)
        except ValueError:
            return None

    @property
    def impossible(self) -> bool:
        return self.date is None

    @property
    def in_a2(self) -> bool:
        """One of GB 7718-2025 A.2.1's forms: year first, four-digit year, two-digit month and day."""
        return self.order == "ymd" and not self.two_digit_year and self.form in ("cn", "sep", "compact")

    @property
    def padded(self) -> bool:
        """Two-digit month and day, as every A.2.1 example (and 2011 C.3 "月、日应标示2位数字") shows."""
        return regex.search(r"\d{4}\D*\d{2}\D*\d{2}", self.raw) is not None


@dataclass(frozen=True)
class Duration:
    raw: str
    start: int
    end: int
    amount: int
    unit: str                    # "day" | "week" | "month" | "year"

    @property
    def months(self) -> float:
        return {"day": self.amount / 30.4375, "week": self.amount * 7 / 30.4375,
                "month": self.amount, "year": self.amount * 12}[self.unit]

    def add_to(self, start: dt.date) -> dt.date:
        if self.unit == "day":
            return start + dt.timedelta(days=self.amount)
        if self.unit == "week":
            return start + dt.timedelta(weeks=self.amount)
        months = self.amount * (12 if self.unit == "year" else 1)
        y, m = divmod(start.month - 1 + months, 12)
        year, month = start.year + y, m + 1
        return dt.date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class Reference:
    raw: str
    start: int
    end: int


@dataclass
class DateItem:
    """One date item of the label: where its label and value are, and what the value parsed to."""
    key: str                     # "production_date" | "expiry_date" | "shelf_life"
    label: str
    start: int
    end: int
    value: str
    dates: list[ParsedDate] = field(default_factory=list)
    duration: Duration | None = None
    durations: int = 0           # how many durations the value gives (冷冻12个月，冷藏7天: two — which one is meant is unsaid)
    reference: Reference | None = None

    @property
    def date(self) -> ParsedDate | None:
        return self.dates[0] if self.dates else None


@dataclass
class LabelDates:
    production: DateItem | None = None
    expiry: DateItem | None = None
    shelf_life: DateItem | None = None
    stated_order: str | None = None        # "dmy" | "mdy" | "ymd" when the label says so

    def all_dates(self) -> list[tuple[str, ParsedDate]]:
        out = []
        for item in (self.production, self.expiry, self.shelf_life):
            if item:
                out.extend((item.key, d) for d in item.dates)
        return out


# -- the data: forms and words ------------------------------------------------------------------

@cache
def _data() -> dict:
    return lexicon("dates")


_CN_NUM = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def chinese_number(s: str) -> int | None:
    """十二 → 12, 二十四 → 24, 一百八十 → 180, 三百六十五 → 365; digits pass through."""
    if s.isdigit():
        return int(s)
    total, cur = 0, 0
    for ch in s:
        if ch in _CN_NUM:
            cur = _CN_NUM[ch]
        elif ch == "十":
            total += (cur or 1) * 10
            cur = 0
        elif ch == "百":
            total += (cur or 1) * 100
            cur = 0
        else:
            return None
    return total + cur


# a digit, or a letter OCR put for one beside the digits (2026-10-0B, 2O26, l2个月): the number is not whole there,
# so it is left unread rather than misread
_DIGITISH = r"\dBSZOolI"
_CN = regex.compile(rf"(?<![{_DIGITISH}])(?P<y>\d{{4}}|\d{{2}})\s*年\s*(?P<m>\d{{1,2}})\s*月\s*(?P<d>\d{{1,2}})(?![{_DIGITISH}])\s*(?:日|号)?")
_CN_REV = regex.compile(r"(?<!\d)(?P<a>\d{1,2})\s*(?P<ua>[日月])\s*(?P<b>\d{1,2})\s*(?P<ub>[日月])\s*(?P<y>\d{4}|\d{2})\s*年")
_SEP = regex.compile(rf"(?<![.{_DIGITISH}])(?P<a>\d{{1,4}})(?P<s>\s*[./\-]\s*|\s)(?P<b>\d{{1,2}})(?P=s)(?P<c>\d{{1,4}})(?![{_DIGITISH}]|\.\d)")
_COMPACT = regex.compile(r"(?<![\dA-Za-z])(?P<n>\d{16}|\d{8}|\d{6})(?![\dA-Za-z])")   # L20260912A is a batch code
_DURATION = regex.compile(
    rf"(?<![{_DIGITISH}])(?P<n>\d{{1,4}}|[零〇一二两三四五六七八九十百]{{1,6}})\s*(?P<u>个\s*月|個\s*月|个自然月|月|天|日|周|星期|年|months?|days?|weeks?|years?|mos?\b)",
    regex.IGNORECASE)
_UNITS = {"个月": "month", "個月": "month", "个自然月": "month", "月": "month", "天": "day", "日": "day", "周": "week",
          "星期": "week", "年": "year"}


@cache
def _stated_order_re():
    return regex.compile("|".join(f"(?P<{k}>{v})" for k, v in _data()["stated_order"].items()), regex.IGNORECASE)


@cache
def _reference_re():
    return regex.compile(_data()["reference"]["pattern"])


@cache
def _scan_labels() -> list[tuple[str, "regex.Pattern[str]", str]]:
    out = []
    for key, spec in _data()["scan"].items():
        out.append((spec["field"], regex.compile(spec["pattern"], regex.IGNORECASE), spec.get("where", "after")))
    return out


def stated_order(text: str) -> str | None:
    m = _stated_order_re().search(text)
    return m.lastgroup if m else None


def _year(y: str) -> tuple[int, bool]:
    if len(y) == 4:
        return int(y), False
    return 2000 + int(y), True


def _plausible(y: int, m: int, d: int) -> bool:
    return 1 <= m <= 12 and 1 <= d <= 31 and 1990 <= y <= 2100


def parse_dates(text: str, offset: int = 0, order: str | None = None) -> list[ParsedDate]:
    """Every date in `text`; `order` is a stated order ("dmy", "mdy", "ymd") that governs ambiguous digits."""
    found: list[ParsedDate] = []
    taken: list[tuple[int, int]] = []

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in taken)

    def add(p: ParsedDate) -> None:
        found.append(p)
        taken.append((p.start - offset, p.end - offset))

    for m in _CN.finditer(text):
        y, two = _year(m["y"])
        add(ParsedDate(m.group(0), offset + m.start(), offset + m.end(), y, int(m["m"]), int(m["d"]), "ymd", "cn",
                       order_stated=True, two_digit_year=two))
    for m in _CN_REV.finditer(text):
        if not free(m.start(), m.end()) or m["ua"] == m["ub"]:
            continue
        y, two = _year(m["y"])
        a, b = int(m["a"]), int(m["b"])
        day, month, o = (a, b, "dmy") if m["ua"] == "日" else (b, a, "mdy")
        add(ParsedDate(m.group(0), offset + m.start(), offset + m.end(), y, month, day, o, "cn_reversed",
                       order_stated=True, two_digit_year=two))
    for m in _SEP.finditer(text):
        if not free(m.start(), m.end()):
            continue
        a, b, c = m["a"], m["b"], m["c"]
        if m["s"].strip() == "" and not (len(a) == 4 or len(c) == 4):
            continue            # "3 12 5": spaces alone separate a date only with a four-digit year
        if len(a) == 4:
            y, two = int(a), False
            p = ParsedDate(m.group(0), offset + m.start(), offset + m.end(), y, int(b), int(c), "ymd", "sep",
                           order_stated=True)
        elif len(a) > 2 or len(c) == 3 or len(c) == 1 and len(a) <= 2 and order is None:
            continue
        else:
            y, two = _year(c) if len(c) in (2, 4) else (0, False)
            x, z = int(a), int(b)
            if order in ("dmy", "mdy"):
                o, stated = order, True
            elif order == "ymd" and len(a) == 2 and len(c) <= 2:
                y, two = _year(a)
                p = ParsedDate(m.group(0), offset + m.start(), offset + m.end(), y, z, int(c), "ymd", "sep",
                               order_stated=True, two_digit_year=True)
                add(p)
                continue
            elif len(c) != 4:
                continue        # 26/03/01 with no stated order: too ambiguous to read
            elif x > 12 >= z:
                o, stated = "dmy", False
            elif z > 12 >= x:
                o, stated = "mdy", False
            else:
                o, stated = "dmy", False
            day, month = (x, z) if o == "dmy" else (z, x)
            amb = not stated and x <= 12 and z <= 12 and x != z
            p = ParsedDate(m.group(0), offset + m.start(), offset + m.end(), y, month, day, o, "sep",
                           order_stated=stated, ambiguous=amb, two_digit_year=two)
        add(p)
    for m in _COMPACT.finditer(text):
        if not free(m.start(), m.end()):
            continue
        n = m["n"]
        chunks = [n[:8], n[8:]] if len(n) == 16 else [n]
        pos = m.start()
        for ch in chunks:
            p = _compact(ch, offset + pos, order)
            if p:
                add(p)
            pos += len(ch)
    found.sort(key=lambda p: p.start)
    return found


def _compact(n: str, start: int, order: str | None) -> ParsedDate | None:
    end = start + len(n)
    if len(n) == 8:
        y, mo, d = int(n[:4]), int(n[4:6]), int(n[6:])
        ymd_ok = 1990 <= y <= 2100 and 1 <= mo <= 12
        if order in ("dmy", "mdy") and not ymd_ok:
            a, b, y2 = int(n[:2]), int(n[2:4]), int(n[4:])
            day, month = (a, b) if order == "dmy" else (b, a)
            return ParsedDate(n, start, end, y2, month, day, order, "compact", order_stated=True)
        if ymd_ok:      # a 13th month in eight bare digits is a code, not an impossible date
            return ParsedDate(n, start, end, y, mo, d, "ymd", "compact")
        return None
    if len(n) == 6 and order:
        if order == "ymd":
            return ParsedDate(n, start, end, 2000 + int(n[:2]), int(n[2:4]), int(n[4:]), "ymd", "compact",
                              order_stated=True, two_digit_year=True)
        a, b, y = int(n[:2]), int(n[2:4]), 2000 + int(n[4:])
        day, month = (a, b) if order == "dmy" else (b, a)
        return ParsedDate(n, start, end, y, month, day, order, "compact", order_stated=True, two_digit_year=True)
    return None


def parse_duration(text: str, offset: int = 0) -> Duration | None:
    for m in _DURATION.finditer(text):
        n = chinese_number(m["n"])
        if not n:
            continue
        word = "".join(m["u"].split())          # 12个 ⏎ 月: a narrow panel broke the unit
        u = word.lower()
        unit = _UNITS.get(word) or ("month" if u.startswith("mo") else "day" if u.startswith("day")
                                      else "week" if u.startswith("week") else "year")
        if unit == "month" and word == "月" and regex.match(r"\s*\d", text[m.end():]):
            continue            # 3月1 is a date, not a duration
        if m["u"] in ("日", "年") and regex.search(r"[月年]\s*$", text[:m.start()]) or \
                m["u"] == "年" and regex.match(r"\s*\d", text[m.end():]):
            continue            # the 1日 of 3月1日, the 2026年 of a date
        return Duration(m.group(0)[:m.start("u") - m.start()] + word, offset + m.start(), offset + m.end(), n, unit)
    return None


def _count_durations(text: str) -> int:
    n, pos = 0, 0
    while True:
        d = parse_duration(text[pos:])
        if d is None:
            return n
        n += 1
        pos += d.end


def reference(text: str, offset: int = 0) -> Reference | None:
    m = _reference_re().search(text)
    return Reference(m.group(0), offset + m.start(), offset + m.end()) if m else None


def _item(key: str, label: str, start: int, end: int, value: str, order: str | None) -> DateItem:
    item = DateItem(key, label, start, end, value)
    item.dates = [d for d in parse_dates(value, start, order)]
    if key == "shelf_life":
        item.duration = parse_duration(value, start)
        item.durations = _count_durations(value)
    if not item.dates:
        item.reference = reference(value, start)
    return item


def read_dates(layout_text: str, fields: dict) -> LabelDates:
    """The label's date items from its fields; labels the field reader does not know are scanned for."""
    out = LabelDates(stated_order=stated_order(layout_text))
    order = out.stated_order
    for key in ("production_date", "expiry_date", "shelf_life"):
        fv = (fields.get(key) or [None])[0]
        if fv is None:
            continue
        item = _item(key, fv.label, fv.start, fv.end, fv.value, order)
        setattr(out, {"production_date": "production", "expiry_date": "expiry", "shelf_life": "shelf_life"}[key], item)
    # 生产日期/保质期到期日：20260301/20270301 — A.2.2: the second date on the production line is the expiry
    prod = out.production
    if prod and len(prod.dates) >= 2 and out.expiry is None and _data()["same_line_expiry"] and \
            regex.search(_data()["same_line_expiry"], layout_text[max(0, prod.start - 30):prod.end]):
        d2 = prod.dates[1]
        out.expiry = DateItem("expiry_date", prod.label, d2.start, d2.end, d2.raw, dates=[d2])
        prod.dates = prod.dates[:1]
    # 生产日期/保质期到期日：20260301/20270301 read as one expiry field: the first date is the production date
    ex = out.expiry
    if ex and len(ex.dates) >= 2 and (out.production is None or not out.production.dates):
        d1 = ex.dates[0]
        out.production = DateItem("production_date", ex.label, d1.start, d1.end, d1.raw, dates=[d1])
        ex.dates = ex.dates[-1:]
    # 保质期：至2027年3月1日 — a date under the 保质期 label is an expiry date
    sl = out.shelf_life
    if sl and sl.dates and out.expiry is None:
        out.expiry = DateItem("expiry_date", sl.label, sl.start, sl.end, sl.value, dates=sl.dates[:1])
    if out.expiry is None or out.production is None:
        _scan(layout_text, out, order)
    return out


def _scan(text: str, out: LabelDates, order: str | None) -> None:
    """此日期前最佳 / Best before / 生产日期 written without a field label the field reader knows."""
    window = _data()["scan_window"]
    for key, rx, where in sorted(_scan_labels(), key=lambda t: t[0] != "production_date"):
        attr = "production" if key == "production_date" else "expiry"
        if getattr(out, attr) is not None:
            continue
        for m in rx.finditer(text):
            if where == "after":
                a, b = m.end(), min(len(text), m.end() + window)
            else:
                a, b = max(0, m.start() - window), m.start()
            seg = text[a:b].split("\n")[0] if where == "after" else text[a:b].split("\n")[-1]
            if where != "after":
                a = b - len(seg)
            dates = parse_dates(seg, a, order)
            if attr == "expiry" and out.production is not None:
                used = {p.start for p in out.production.dates}
                dates = [p for p in dates if p.start not in used]
            if dates:
                d = dates[0] if where == "after" else dates[-1]
                setattr(out, attr, DateItem(key, m.group(0), min(m.start(), d.start), max(m.end(), d.end), seg, dates=[d]))
                break
