"""A workbook a regulator works in (openpyxl, the `xlsx` extra): the findings sheet first, one row per
finding, then a summary sheet with counts by rule and by product class, then a provenance sheet (one row per label:
the check date, the edition applied, the tool version, the rule set's and the input's hashes). A report without findings
still gets a row (rule empty) so every label checked is listed; an unusable batch row (a dict with
`error`) gets one row saying why."""
from __future__ import annotations

import io
from collections import Counter

from ..errors import InputError

FINDING_COLUMNS = ["label id", "source", "class", "verdict", "rule", "severity", "standard", "clause", "edition",
                   "message (zh)", "message (en)", "evidence", "clause text", "suggestions"]
PROVENANCE_COLUMNS = ["label id", "source", "as of", "edition in force", "tool version", "ruleset", "input sha256"]


def _record(r) -> dict:
    return r if isinstance(r, dict) else r.model_dump(mode="json")


def finding_rows(records) -> list[list]:
    rows = []
    for r in map(_record, records):
        head = [r.get("id") or "", r.get("source", ""), r.get("product_class", ""), r.get("verdict", "")]
        if "error" in r and "findings" not in r:
            rows.append(head + ["", "unusable", "", "", "", str(r.get("error", "")), "", "", "", ""])
            continue
        findings = r.get("findings") or []
        if not findings:
            rows.append(head + [""] * (len(FINDING_COLUMNS) - len(head)))
        for f in findings:
            ev = f.get("evidence") or {}
            rows.append(head + [f.get("rule", ""), f.get("severity", ""), f.get("standard", ""), f.get("clause", ""),
                                f.get("edition") or "", f.get("message", ""), f.get("message_en") or "",
                                ev.get("text", "") if isinstance(ev, dict) else "", f.get("clause_text") or "",
                                " | ".join(f.get("suggestions") or [])])
    return rows


def render_xlsx(records) -> bytes:
    try:
        from openpyxl import Workbook
        from openpyxl.styles import Font
    except ImportError:
        raise InputError("--format xlsx", "needs the xlsx extra: pip install 'labelcheck[xlsx]'") from None
    records = [_record(r) for r in records]
    wb = Workbook()
    ws = wb.active
    ws.title = "findings"
    ws.append(FINDING_COLUMNS)
    for row in finding_rows(records):
        ws.append([_cell(v) for v in row])
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = ws.dimensions
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for col, width in zip("ABCDEFGHIJKLMN", (14, 28, 14, 8, 8, 9, 11, 12, 8, 60, 50, 24, 60, 30)):
        ws.column_dimensions[col].width = width

    summary = wb.create_sheet("summary")
    by_rule: Counter = Counter()
    by_class: Counter = Counter()
    verdicts: Counter = Counter()
    for r in records:
        verdicts[(r.get("product_class") or "unusable", r.get("verdict") or "unusable")] += 1
        for f in r.get("findings") or []:
            by_rule[(f.get("rule", ""), f.get("severity", ""), f.get("standard", ""), f.get("clause", ""))] += 1
            by_class[(r.get("product_class", ""), f.get("severity", ""))] += 1
    summary.append(["findings by rule"])
    summary.append(["rule", "severity", "standard", "clause", "count"])
    for (rule, sev, std, clause), n in sorted(by_rule.items(), key=lambda kv: (-kv[1], kv[0])):
        summary.append([rule, sev, std, clause, n])
    summary.append([])
    summary.append(["findings by class"])
    summary.append(["class", "severity", "count"])
    for (cls, sev), n in sorted(by_class.items()):
        summary.append([cls, sev, n])
    summary.append([])
    summary.append(["labels by class and verdict"])
    summary.append(["class", "verdict", "labels"])
    for (cls, verdict), n in sorted(verdicts.items()):
        summary.append([cls, verdict, n])
    summary.column_dimensions["A"].width = 22

    # what each report is cited with: the check date, the edition it applied, the tool and rule set, the input's hash
    about = wb.create_sheet("provenance")
    about.append(PROVENANCE_COLUMNS)
    for r in records:
        prov = r.get("provenance") or {}
        about.append([_cell(v) for v in (r.get("id") or "", r.get("source", ""), r.get("as_of") or "",
                                         r.get("edition_in_force") or "", prov.get("tool_version") or "",
                                         prov.get("ruleset") or "", prov.get("input_sha256") or "")])
    for cell in about[1]:
        cell.font = Font(bold=True)
    for col, width in zip("ABCDEFG", (14, 28, 11, 9, 10, 75, 66)):
        about.column_dimensions[col].width = width
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _cell(v):
    # a leading = would be a formula in Excel: label text is data, never code
    if isinstance(v, str) and v[:1] in ("=", "+", "-", "@"):
        return "'" + v
    return v
