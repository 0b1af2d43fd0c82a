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
from .base import Rule, register
from .exemptions import label_dates


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


@register
class DatesDoNotAddUp(Rule):
    """The expiry date is not the production date plus the shelf life (one day either way).

    Why: GB 7718-2025 2.5/2.6 define 生产日期 and 保质期, and 4.7.1 asks for both dates; 保质期到期日 is the last day
    of the shelf life counted from production. GB 7718-2011 4.1.7.1 (保质期 and C.4 "保质期至…") likewise.
    When all three are printed they must agree; one day either way is allowed for whether the day of
    production counts. Dates given as 见瓶盖-style references are not judged.
    Fails: 生产日期：2026年03月01日 保质期：12个月 保质期至：2027年09月01日
    Passes: 生产日期：2026年03月01日 保质期：12个月 保质期至：2027年02月28日 (one day before 2027-03-01)
    """
    id, severity, standard, clause = "LC701", "error", "gb-7718", "4.1.7.1 (2011) / 4.7.1 (2025)"

    def check(self, ctx: Context) -> Iterator[Finding]:
        d = label_dates(ctx)
        if not d or not d.production or not d.expiry or not d.shelf_life or not d.shelf_life.duration:
            return
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
        yield from self.by_edition(
            ctx, f"生产日期{_fmt(_readings(p)[0])}加保质期{dur.raw}应为{_fmt(e)}，标示的到期日为{_fmt(xd)}（相差{abs((xd - e).days)}天）",
            clause_2011="4.1.7.1", clause_2025="4.7.1",
            message_en=f"production {p.raw} + {dur.raw} gives {e.isoformat()}, the label says {xd.isoformat()}",
            evidence=ctx.evidence_layout(x.start, x.end))


@register
class ImpossibleDate(Rule):
    """A printed date does not exist (2月30日, 13月).

    Why: GB 7718-2011 4.1.7.1 / 2025 4.7.1: the dates are shown clearly; a date that does not exist tells
    the buyer nothing and is untrue (3.4). Only digits whose order is certain (year first, or 年月日,
    or a stated order) are judged, so a day/month guess never makes an error.
    Fails: 生产日期：2026年02月30日
    Passes: 生产日期：2028年02月29日 (a leap year)
    """
    id, severity, standard, clause = "LC702", "error", "gb-7718", "4.1.7.1 (2011) / 4.7.1 (2025)"

    def check(self, ctx: Context) -> Iterator[Finding]:
        d = label_dates(ctx)
        if not d:
            return
        for key, p in d.all_dates():
            if p.impossible and (p.order_stated or (p.order == "ymd" and not p.two_digit_year)) and 1 <= p.month <= 12 or \
                    p.impossible and p.order == "ymd" and p.form in ("cn", "compact") and not p.two_digit_year:
                yield from self.by_edition(ctx, f"日期“{p.raw}”不存在（{p.year}年{p.month}月{p.day}日）", clause_2011="4.1.7.1",
                                           clause_2025="4.7.1", message_en=f"the date {p.raw} does not exist",
                                           evidence=ctx.evidence_layout(p.start, p.end))


@register
class DateOrderNotStated(Rule):
    """A date is not in year-month-day order and the label does not state its order (2011), or is not year-month-day at all (2025).

    Why: GB 7718-2011 4.1.7.3 "应按年、月、日的顺序标示日期，如果不按此顺序标示，应注明日期标示顺序" (C.3 shows
    "（月/日/年）：03/20/2010"); GB 7718-2025 4.7.1 "应按照年、月、日的顺序" with no such escape — it matters for
    imports printing DD/MM/YYYY. Under 2025 the production date is LC523's; this rule reports the
    other dates (expiry, best-before) there.
    Fails: (2026) 保质期至：20/03/2027 with no 日/月/年 statement; (2027) 保质期至：20/03/2027 (日/月/年)
    Passes: (2026) 保质期至(日/月/年)：20/03/2027; 保质期至：2027-03-20
    """
    id, severity, standard, clause = "LC703", "error", "gb-7718", "4.1.7.3 (2011) / 4.7.1 (2025)"

    def check(self, ctx: Context) -> Iterator[Finding]:
        d = label_dates(ctx)
        if not d:
            return
        for key, p in d.all_dates():
            if p.order == "ymd" or p.form == "cn_reversed" and ctx.edition == "2011":
                continue
            if ctx.edition == "2011":
                if p.order_stated and d.stated_order:
                    continue
                yield self.finding(f"日期“{p.raw}”未按年、月、日顺序标示，也未注明日期标示顺序", clause="4.1.7.3",
                                   edition="2011", message_en=f"{p.raw}: not year-month-day and no order stated",
                                   evidence=ctx.evidence_layout(p.start, p.end))
            elif key != "production_date":
                yield self.finding(f"日期“{p.raw}”未按年、月、日顺序标示", clause="4.7.1", edition="2025",
                                   message_en=f"{p.raw}: dates must be year-month-day",
                                   evidence=ctx.evidence_layout(p.start, p.end))


@register
class DateOutOfTime(Rule):
    """The production date is after the check date, or the expiry date before it.

    Why: GB 7718-2025 2.5 (生产日期: the day the food became the final product) cannot lie in the future;
    a warning, since a draft may carry a placeholder date. An expiry before the check date is only
    info: a label may be checked after its food expired (GB 7718-2011 4.1.7, 2025 4.7).
    Fails: (as of 2026-11-23) 生产日期：2026年12月20日
    Passes: (as of 2026-11-23) 生产日期：2026年11月01日 保质期至：2027年10月31日
    """
    id, severity, standard, clause = "LC704", "warning", "gb-7718", "4.1.7.1 (2011) / 4.7.1 (2025)"

    def check(self, ctx: Context) -> Iterator[Finding]:
        d = label_dates(ctx)
        if not d:
            return
        clause = "4.1.7.1" if ctx.edition == "2011" else "4.7.1"
        p = d.production.date if d.production else None
        if p and p.date and not p.ambiguous and p.date > ctx.as_of:
            yield self.finding(f"生产日期{_fmt(p.date)}晚于检查日期{ctx.as_of.isoformat()}", clause=clause, edition=ctx.edition,
                               message_en=f"production date {p.date.isoformat()} is after the check date",
                               evidence=ctx.evidence_layout(p.start, p.end))
        x = d.expiry.date if d.expiry else None
        if x and x.date and not x.ambiguous and x.date < ctx.as_of:
            yield self.finding(f"保质期到期日{_fmt(x.date)}早于检查日期{ctx.as_of.isoformat()}（标签可能在过期后受检）", clause=clause,
                               edition=ctx.edition, severity="info",
                               message_en=f"expiry {x.date.isoformat()} is before the check date",
                               evidence=ctx.evidence_layout(x.start, x.end))


@register
class DateFormOutsideExamples(Rule):
    """A date is in a form the standard's examples do not show (two-digit year, one-digit month or day).

    Why: GB 7718-2025 A.2.1 shows 2010年03月20日, 20100320, 2010/03/20, 2010.03.20, 2010-03-20; A.1 says the
    forms are examples ("可根据食品特性或包装特点等对推荐形式调整使用"), and 2011 C.3 lets small packs use a
    two-digit year. So never more than info.
    Fails: (info) 生产日期：26.3.1 (年.月.日)
    Passes: 生产日期：2026.03.01
    """
    id, severity, standard, clause = "LC705", "info", "gb-7718", "C.3 (2011) / A.2 (2025)"

    def check(self, ctx: Context) -> Iterator[Finding]:
        d = label_dates(ctx)
        if not d:
            return
        clause = "C.3" if ctx.edition == "2011" else "A.2"
        for key, p in d.all_dates():
            if p.impossible or p.order != "ymd":
                continue
            if p.two_digit_year or not p.padded:
                yield self.finding(f"日期“{p.raw}”的形式不同于标准示例（四位年份、两位月日）", clause=clause, edition=ctx.edition,
                                   message_en=f"{p.raw}: not one of the example forms", evidence=ctx.evidence_layout(p.start, p.end))
