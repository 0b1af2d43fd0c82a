"""The rule framework: records (rules/records/*.toml) bound to the code that runs them.

A record with `kind = "python"` runs the function registered for its id with `@procedure`; any
other kind runs a generic checker of rules/engine.py with the record's params. Every record must
find its code and every procedure its record — checked when the rules are first loaded.

    from labelcheck.rules.base import procedure

    @procedure("LC520")
    def licence_number_format(ctx: Context, rule: RuleRecord) -> Iterator[Finding]:
        ...
        yield from rule.by_edition(ctx, evidence=ev, value=value)   # renders message.zh/en
"""
from __future__ import annotations

from functools import cache
from typing import Callable, Iterable, Iterator

from ..models import Finding
from .records import RecordError, RuleRecord, load_records

Procedure = Callable[..., Iterable[Finding]]
PROCEDURES: dict[str, Procedure] = {}
CHECKERS: dict[str, Procedure] = {}


def procedure(rule_id: str) -> Callable[[Procedure], Procedure]:
    """Register `fn(ctx, rule)` as the code of the record `rule_id` (kind = "python")."""
    def deco(fn: Procedure) -> Procedure:
        if rule_id in PROCEDURES:
            raise RecordError(f"two procedures for {rule_id}")
        PROCEDURES[rule_id] = fn
        return fn
    return deco


def checker(kind: str) -> Callable[[Procedure], Procedure]:
    """Register a generic checker `fn(ctx, rule)` that records name with `kind = "<kind>"`."""
    def deco(fn: Procedure) -> Procedure:
        CHECKERS[kind] = fn
        return fn
    return deco


@cache
def rules_by_id() -> dict[str, RuleRecord]:
    from . import load_all   # importing the rule modules registers their procedures and checkers
    load_all()
    records = load_records()
    for rid, rec in records.items():
        if rec.kind == "python":
            if rid not in PROCEDURES:
                raise RecordError(f"{rid}: kind = \"python\" but no @procedure(\"{rid}\")")
            rec.bind(PROCEDURES[rid])
        elif rec.kind in CHECKERS:
            if rid in PROCEDURES:
                raise RecordError(f"{rid}: kind = \"{rec.kind}\" and a @procedure too")
            rec.bind(CHECKERS[rec.kind])
        else:
            raise RecordError(f"{rid}: unknown kind {rec.kind!r} (one of python, {', '.join(sorted(CHECKERS))})")
    orphans = set(PROCEDURES) - set(records)
    if orphans:
        raise RecordError(f"@procedure without a record: {', '.join(sorted(orphans))}")
    return records


def all_rules() -> list[RuleRecord]:
    rules = rules_by_id()
    return [rules[k] for k in sorted(rules)]


def get_rule(rule_id: str) -> RuleRecord:
    return rules_by_id()[rule_id]


__all__ = ["procedure", "checker", "all_rules", "get_rule", "rules_by_id", "RuleRecord", "Iterator"]
