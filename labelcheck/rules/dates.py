"""Dates that add up: production date, shelf life and expiry agree; dates are possible; order and form.

GB 7718-2011 4.1.7 and 附录C (C.3, C.4); GB 7718-2025 4.1, 4.7, 8.5 and A.2. The required set of date
items per edition is judged by the mandatory-item rules LC507/LC508/LC513 with the exemptions of
rules/exemptions.py (2025: 生产日期 + 保质期到期日; 保质期 alone owed only where it stands in for the
production date). Parsing is labelcheck/extract/dates.py; tolerances are lexicons/dates.toml.
"""
from __future__ import annotations

import datetime as dt
from functools import cache
from typing import Iterator

from ..context import Context
from ..extract.dates import ParsedDate
from ..models import Finding
from ..resources import lexicon
from .base import procedure
from .exemptions import label_dates
from .records import RuleRecord


@cache
def _tol() -> int:
    return lexicon("dates")["tolerance_days"]


def _readings(d: ParsedDate) -> list[dt.date]:
    """The dates these digits can be: one, or both orders when a day/month guess was ambiguous."""
    out = [d.date] if d.date else []
    if d.ambiguous:
        try:
            out.append(dt.date(d.year, d.day, d.month))
        except ValueError:
            pass
    return out


def _fmt(d: dt.date) -> str:
    return f"{d.year}年{d.month:02d}月{d.day:02d}日"


@procedure("LC701")
def dates_do_not_add_up(ctx: Context, rule: RuleRecord) -> Iterator[Finding]:
    d = label_dates(ctx)
    if not d or not d.production or not d.expiry or not d.shelf_life or not d.shelf_life.duration:
        return
    if d.shelf_life.durations > 1:
        return          # 冷冻12个月，冷藏7天 / 开封后3天: which shelf life the expiry follows is not said
    p, x, dur = d.production.date, d.expiry.date, d.shelf_life.duration
    if not p or not x or p.impossible or x.impossible:
        return
    tol = dt.timedelta(days=_tol())
    expected = []
    for pd in _readings(p):
        try:
            expected.append(dur.add_to(pd))
        except (ValueError, OverflowError):
            return
    if any(abs(xd - e) <= tol for xd in _readings(x) for e in expected):
        return
    e, xd = expected[0], _readings(x)[0]
    yield from rule.by_edition(ctx, production=_fmt(_readings(p)[0]), shelf=dur.raw, expected=_fmt(e), expiry=_fmt(xd),
                               gap=abs((xd - e).days), evidence=ctx.evidence_layout(x.start, x.end))


@procedure("LC702")
def impossible_date(ctx: Context, rule: RuleRecord) -> Iterator[Finding]:
    d = label_dates(ctx)
    if not d:
        return
    for key, p in d.all_dates():
        # year first with four digits, or an order the label states: the digits can only mean this date
        if p.impossible and (p.order == "ymd" and not p.two_digit_year or p.order_stated):
            yield from rule.by_edition(ctx, value=p.raw, year=p.year, month=p.month, day=p.day,
                                       evidence=ctx.evidence_layout(p.start, p.end))


@procedure("LC703")
def date_order_not_stated(ctx: Context, rule: RuleRecord) -> Iterator[Finding]:
    d = label_dates(ctx)
    if not d:
        return
    for key, p in d.all_dates():
        if p.order == "ymd" or p.form == "cn_reversed" and ctx.edition == "2011":
            continue
        if ctx.edition == "2011":
            if p.order_stated and d.stated_order:
                # the stated order makes the date right today; 2025 4.7.1 asks for 年月日 itself — the warning of what
                # 2027 asks, for each date LC523 does not read (a separated production date is its)
                if key != "production_date" or p.form != "sep":
                    yield from rule.by_edition(ctx, variant="ymd_2025", value=p.raw,
                                               evidence=ctx.evidence_layout(p.start, p.end))
                continue
            yield from rule.by_edition(ctx, value=p.raw, evidence=ctx.evidence_layout(p.start, p.end))
        elif key != "production_date" or p.form != "sep":     # LC523 reads separated production dates
            yield from rule.by_edition(ctx, variant="ymd_2025", value=p.raw, evidence=ctx.evidence_layout(p.start, p.end))


@procedure("LC704")
def date_out_of_time(ctx: Context, rule: RuleRecord) -> Iterator[Finding]:
    d = label_dates(ctx)
    if not d:
        return
    p = d.production.date if d.production else None
    if p and p.date and not p.ambiguous and p.date > ctx.as_of:
        yield from rule.by_edition(ctx, value=_fmt(p.date), as_of=ctx.as_of.isoformat(), evidence=ctx.evidence_layout(p.start, p.end))
    x = d.expiry.date if d.expiry else None
    if x and x.date and not x.ambiguous and x.date < ctx.as_of:
        yield from rule.by_edition(ctx, variant="expired", severity="info", value=_fmt(x.date), as_of=ctx.as_of.isoformat(),
                                   evidence=ctx.evidence_layout(x.start, x.end))


@procedure("LC705")
def date_form_outside_examples(ctx: Context, rule: RuleRecord) -> Iterator[Finding]:
    d = label_dates(ctx)
    if not d:
        return
    for key, p in d.all_dates():
        if p.impossible or p.order != "ymd":
            continue
        if p.two_digit_year or not p.padded:
            yield from rule.by_edition(ctx, value=p.raw, evidence=ctx.evidence_layout(p.start, p.end))
