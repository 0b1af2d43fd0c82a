"""Editions side by side: one label under GB 7718/28050-2011 and -2025, and what the switch changes.

`compare_editions` checks the label twice through the one pipeline — on the check date if it falls
under an edition, otherwise on the day before / the day the 2025 editions take effect — and lists the
findings that appear and those that go away (by rule, clause-free key and evidence), so artwork can be
prepared for 2027-03-16. `edition_date_by_production` gives the date whose edition governed the label
when it was made (its printed production date), for `--edition-by production-date`.
"""
from __future__ import annotations

import datetime as dt
import re

from pydantic import BaseModel, Field

from .context import new_editions_date
from .models import Finding, LabelDocument, Report


class EditionComparison(BaseModel):
    id: str | None = None
    source: str = "-"
    edition_2011: Report
    edition_2025: Report
    appear: list[Finding] = Field(default_factory=list)      # only under 2025
    go_away: list[Finding] = Field(default_factory=list)     # only under 2011
    change_severity: list[dict] = Field(default_factory=list)  # same finding, other severity


def _key(f: Finding) -> tuple:
    ev = f.evidence
    # the items a message names (营养成分表缺少“饱和脂肪”, “糖”): one rule's findings without evidence stay apart
    return f.rule, ev.text if ev else None, ev.start if ev else None, tuple(_NAMED.findall(f.message))


_NAMED = re.compile(r"“([^”]{1,40})”")


def compare_editions(doc: LabelDocument, as_of: dt.date | None = None, product_class: str | None = None) -> EditionComparison:
    from .pipeline import check
    switch = new_editions_date()
    as_of = as_of or dt.date.today()
    d2011 = as_of if as_of < switch else switch - dt.timedelta(days=1)
    d2025 = as_of if as_of >= switch else switch
    old = check(doc, as_of=d2011, product_class=product_class)
    new = check(doc, as_of=d2025, product_class=product_class)
    olds = {_key(f): f for f in old.findings if f.severity != "info"}
    news = {_key(f): f for f in new.findings if f.severity != "info"}
    appear = [f for k, f in news.items() if k not in olds]
    gone = [f for k, f in olds.items() if k not in news]
    changed = [{"rule": f.rule, "from": olds[k].severity, "to": f.severity, "clause_2011": olds[k].clause, "clause_2025": f.clause,
                "message": f.message} for k, f in news.items() if k in olds and olds[k].severity != f.severity]
    return EditionComparison(id=old.id, source=old.source, edition_2011=old, edition_2025=new, appear=appear,
                             go_away=gone, change_severity=changed)


def render_comparison_text(c: EditionComparison) -> str:
    lines = [f"{c.id or c.source}: 2011 {c.edition_2011.verdict.upper()} (as of {c.edition_2011.as_of}) → "
             f"2025 {c.edition_2025.verdict.upper()} (as of {c.edition_2025.as_of})"]
    for title, items in (("appear under the 2025 editions", c.appear), ("go away under the 2025 editions", c.go_away)):
        lines.append(f"  {title}: {len(items)}")
        for f in items:
            lines.append(f"    {f.severity:<7} {f.rule} {f.standard} {f.clause}: {f.message}")
    if c.change_severity:
        lines.append(f"  change severity: {len(c.change_severity)}")
        for ch in c.change_severity:
            lines.append(f"    {ch['from']} → {ch['to']} {ch['rule']} {ch['clause_2011']} → {ch['clause_2025']}: {ch['message']}")
    return "\n".join(lines)


def edition_date_by_production(doc: LabelDocument) -> dt.date | None:
    """The printed production date (the edition in force then governed the label when it was made)."""
    from .extract.dates import read_dates
    from .extract.fields import extract_fields
    from .extract.wrapped import reading_layout
    from .normalize import normalize
    layout = reading_layout(normalize(doc.full_text, compact=False))
    d = read_dates(layout.text, extract_fields(layout))
    p = d.production.date if d.production else None
    return p.date if p and p.date and not p.ambiguous else None


def edition_for(date: dt.date) -> str:
    return "2025" if date >= new_editions_date() else "2011"
