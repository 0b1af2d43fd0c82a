"""What the HTTP routes and the MCP tools share: bytes → label document → report → the CLI's renderings.

Nothing here checks anything itself: documents are read by `labelcheck.ingest.load_bytes` and checked
by `labelcheck.check` / `check_name`, and reports are rendered by the CLI's own `render/` functions.
"""
from __future__ import annotations

import datetime as dt
import json

import labelcheck

from ..errors import InputError
from ..ingest import load_bytes
from ..models import LabelDocument, Report
from .limits import Limits, Refused, screen

# what an upload may be: file extension ↔ the media type of a raw body
KINDS = {".txt": "text/plain", ".json": "application/json", ".pdf": "application/pdf", ".svg": "image/svg+xml"}
MEDIA_KIND = {v: k for k, v in KINDS.items()}
FORMATS = {"json": "application/json", "html": "text/html; charset=utf-8", "csv": "text/csv; charset=utf-8",
           "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def xlsx_renderer():
    """`labelcheck.render.xlsx.render_xlsx(reports) -> bytes` when it and openpyxl (the xlsx extra) are
    installed, else None: then XLSX is simply not offered (the page hides the button, /healthz omits it)."""
    import importlib.util
    if importlib.util.find_spec("openpyxl") is None:
        return None
    try:
        from ..render import xlsx
    except ImportError:
        return None
    return getattr(xlsx, "render_xlsx", None)


def kind_of(filename: str | None) -> str:
    ext = ("." + filename.rsplit(".", 1)[-1].lower()) if filename and "." in filename else ""
    if ext not in KINDS:
        raise Refused(415, "unsupported_type", f"{filename or 'the upload'}: only {', '.join(KINDS)} files are read")
    return ext


def read_document(data: bytes, source: str, kind: str, limits: Limits) -> LabelDocument:
    if not data.strip():
        raise Refused(400, "unusable_input", f"{source}: the body is empty: there is no label to check")
    screen(data, kind, limits)
    try:
        return load_bytes(data, source, kind)
    except InputError as exc:
        raise Refused(422 if _schema(exc) else 400, "invalid_document" if _schema(exc) else "unusable_input", exc.line()) from None
    except RecursionError:
        raise Refused(400, "unusable_input", f"{source}: nested too deeply") from None


def _schema(exc: InputError) -> bool:
    """A JSON document that parsed but does not fit the label document schema (422, not 400)."""
    if exc.reason.startswith("a label document must be"):
        return True
    return bool(exc.where) and not exc.where.startswith("line ") and not exc.reason.startswith("malformed")


def check_document(doc: LabelDocument, as_of: dt.date | None, product_class: str | None) -> Report:
    return labelcheck.check(doc, as_of=as_of, product_class=product_class)


def check_names(names: list[str], as_of: dt.date | None, product_class: str | None, title: bool | None) -> list[Report]:
    return [labelcheck.check_name(n, as_of=as_of, product_class=product_class, title=title) for n in names]


def render(reports: list[Report], docs: list[LabelDocument | None] | None, fmt: str, *, many: bool) -> bytes:
    """The CLI's output for these reports; `many` gives a JSON array even for one report."""
    if fmt == "html":
        from ..render.html import render_html
        return render_html(reports, docs).encode()
    if fmt == "csv":
        from ..render.csv import render_csv
        return (render_csv(reports) + "\n").encode()
    if fmt == "xlsx":
        renderer = xlsx_renderer()
        if renderer is None:
            raise Refused(415, "unsupported_format", "XLSX needs labelcheck's xlsx renderer, which is not installed here")
        out = renderer(reports)
        return out if isinstance(out, bytes) else out.getvalue()
    from ..render.json import render_many, report_dict
    if many:
        return json.dumps([report_dict(r) for r in reports], ensure_ascii=False, indent=2).encode()
    return render_many(reports).encode()


def rules() -> list[dict]:
    from ..rules.docs import rule_rows
    return rule_rows()
