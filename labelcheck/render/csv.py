"""CSV: one row per report with the columns a reviewer filters on; UTF-8 with a BOM so Excel reads it."""
from __future__ import annotations

import csv
import io

BOM = "\ufeff"
COLUMNS = ["id", "source", "verdict", "product_class", "standards", "errors", "warnings", "rules", "messages",
           "suggestions", "error"]


def record_row(rec: dict) -> list:
    """The row of one report (as its JSON object) or of one unusable-row record (which has `error`)."""
    fs = [f for f in rec.get("findings", []) if f["severity"] != "info"]
    return [rec.get("id") or "", rec.get("source", ""), rec.get("verdict", ""), rec.get("product_class", ""),
            " ".join(rec.get("standards", [])), sum(f["severity"] == "error" for f in fs),
            sum(f["severity"] == "warning" for f in fs), " ".join(f["rule"] for f in fs),
            " | ".join(f"{f['rule']} {f['standard']} {f['clause']}: {f['message']}" for f in fs),
            " | ".join(s for f in fs for s in f["suggestions"]), rec.get("error", "")]


def header() -> str:
    return BOM + rows_text([COLUMNS])


def rows_text(rows) -> str:
    buf = io.StringIO()
    csv.writer(buf).writerows(rows)
    return buf.getvalue()


def render_csv(reports) -> str:
    return (header() + rows_text(record_row(r.model_dump(mode="json")) for r in reports)).rstrip("\n")
