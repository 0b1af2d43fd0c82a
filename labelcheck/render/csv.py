"""CSV/TSV: one row per report with the columns a reviewer filters on; CSV is UTF-8 with a BOM so Excel reads it.

The name or title checked is echoed (`name`), so a reviewer reads the row without the input beside it."""
from __future__ import annotations

import csv
import io
import re

BOM = "\ufeff"
COLUMNS = ["id", "row", "name", "source", "verdict", "product_class", "needs_review", "review_reasons", "standards",
           "errors", "warnings", "rules", "messages", "suggestions", "error"]
# what a filed finding is cited with — the check date, the edition it applied, the tool and rule set, the input's
# hash: after the carried columns, so every column before them keeps its place
PROVENANCE_COLUMNS = ["as_of", "edition_in_force", "tool_version", "ruleset", "input_sha256"]


def record_row(rec: dict, row: int | str = "", keep: dict | None = None, keep_columns: tuple = ()) -> list:
    """The row of one report (as its JSON object) or of one unusable-row record (which has `error`)."""
    fs = [f for f in rec.get("findings", []) if f["severity"] != "info"]
    name = (rec.get("fields") or {}).get("name") or rec.get("name") or ""
    out = [rec.get("id") or "", row if row != "" else rec.get("row", ""), name, rec.get("source", ""),
           rec.get("verdict", ""), rec.get("product_class", ""),
           "" if "error" in rec else ("true" if rec.get("needs_review") else "false"),
           " | ".join(rec.get("review_reasons") or []),
           " ".join(rec.get("standards", [])), sum(f["severity"] == "error" for f in fs),
           sum(f["severity"] == "warning" for f in fs), " ".join(f["rule"] for f in fs),
           " | ".join(f"{f['rule']} {f['standard']} {f['clause']}: {f['message']}" for f in fs),
           " | ".join(s for f in fs for s in f["suggestions"]), rec.get("error", "")]
    keep = keep or {}
    prov = rec.get("provenance") or {}
    return (out + ["" if keep.get(k) is None else keep[k] for k in keep_columns]
            + [rec.get("as_of") or "", rec.get("edition_in_force") or "", prov.get("tool_version") or "",
               prov.get("ruleset") or "", prov.get("input_sha256") or ""])


def header(keep_columns: tuple = (), delimiter: str = ",") -> str:
    ours = set(COLUMNS) | set(PROVENANCE_COLUMNS)
    kept = [k if k not in ours else f"keep_{k}" for k in keep_columns]     # a carried `id` never hides ours
    return (BOM if delimiter == "," else "") + rows_text([COLUMNS + kept + PROVENANCE_COLUMNS], delimiter)


def rows_text(rows, delimiter: str = ",") -> str:
    buf = io.StringIO()
    csv.writer(buf, delimiter=delimiter).writerows([_inert(c) for c in row] for row in rows)
    return buf.getvalue()


# A cell a spreadsheet would run as a formula (=HYPERLINK(…), +cmd, @SUM, -2+3+cmd|…, a leading tab or CR): a seller
# writes the titles this file echoes, and Excel opens it — such a cell is written after an apostrophe, which shows as
# text. A plain number, with a unit after it (-18℃, +5%, -0.5), and a lone dash are left as they are.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)*[ \t]*[^\d=+\-*/^&|!()@,;:\"']*|-+")


def _inert(cell):
    if isinstance(cell, str) and cell.startswith(_FORMULA_START) and not _PLAIN_NUMBER.fullmatch(cell):
        return "'" + cell
    return cell


def render_csv(reports, delimiter: str = ",") -> str:
    return (header((), delimiter) + rows_text((record_row(r.model_dump(mode="json")) for r in reports),
                                              delimiter)).rstrip("\n")
