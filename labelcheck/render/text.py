"""Human-readable text for terminals: one block per report, findings by severity."""
from __future__ import annotations

from ..models import Report

_COLOURS = {"error": "\033[31m", "warning": "\033[33m", "info": "\033[2m", "fail": "\033[1;31m",
            "warn": "\033[1;33m", "pass": "\033[1;32m"}
_RESET = "\033[0m"


def render(report: Report, colour: bool = False, show_info: bool = True) -> str:
    c = (lambda key, s: f"{_COLOURS[key]}{s}{_RESET}") if colour else (lambda key, s: s)  # noqa: E731
    head = report.id or report.source
    lines = [f"{head}: {c(report.verdict, report.verdict.upper())}  {report.product_class}  "
             f"[{', '.join(report.standards)}]"]
    if report.photo is not None:      # read from photos: say so, and how much was read
        p = report.photo
        lines.append(f"  photo: {p.get('chars_read', 0)} characters read by OCR, {p.get('read_fraction', 0):.1%} reliably; "
                     f"sizes {'in mm' if p.get('sizes') == 'mm' else 'relative (no scale)'}"
                     + (f"; needs review: {'; '.join(p.get('review_reasons', []))}" if p.get("needs_review") else ""))
    for f in report.findings:
        if f.severity == "info" and not show_info:
            continue
        lines.append(f"  {c(f.severity, f.severity.ljust(7))} {f.rule} {f.standard} {f.clause}: {f.message}")
        if f.evidence is not None:
            ev = f.evidence
            lines.append(f"          at {ev.source}[{ev.start}:{ev.end}] “{ev.text}”")
        if f.suggestions:
            lines.append(f"          did you mean: {' / '.join(f.suggestions)}")
    counts = {s: sum(1 for f in report.findings if f.severity == s) for s in ("error", "warning", "info")}
    lines.append(f"  {counts['error']} error(s), {counts['warning']} warning(s)")
    return "\n".join(lines)
