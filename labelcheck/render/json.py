"""JSON and JSONL: the contract's report objects."""
from __future__ import annotations

import json

from ..models import Report


def report_dict(report: Report) -> dict:
    return report.model_dump(mode="json", exclude_none=False)


def dumps(report: Report, indent: int | None = None) -> str:
    return json.dumps(report_dict(report), ensure_ascii=False, indent=indent)


def render_many(reports: list[Report]) -> str:
    if len(reports) == 1:
        return dumps(reports[0], indent=2)
    return json.dumps([report_dict(r) for r in reports], ensure_ascii=False, indent=2)
