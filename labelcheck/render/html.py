"""A self-contained HTML report (no network): for one label or a whole batch.

The templates never read a Report or a `fields` value directly: `label_view` builds a view model of
plain strings, numbers and lists in which every optional part (nutrition, fields, spans, artwork,
provenance) has been checked for shape, and each label's section is rendered on its own, so a label
whose data is malformed costs that label's section (replaced by a note saying why), never the page.

A batch page opens with an index (label, class, verdict, counts, first findings) with filters by
severity, rule, class and verdict and sortable columns (inline JavaScript, works offline), each row
linking to the label's section; a print stylesheet drops the controls.
"""
from __future__ import annotations

import base64
import datetime as dt
import io
import logging
from typing import Any

from markupsafe import Markup

from ..models import PT_TO_MM, LabelDocument
from .templating import env as _env

_RANK = {"error": 3, "warning": 2, "info": 1}
SEVERITIES = ("error", "warning", "info")
log = logging.getLogger(__name__)


def _s(v: Any) -> str:
    return "" if v is None else str(v)


def _num(v: Any) -> float | None:
    if isinstance(v, bool):
        return None
    if isinstance(v, (int, float)):
        return float(v)
    try:
        return float(str(v))
    except (TypeError, ValueError):
        return None


def highlighted(text: str, findings: list[dict]) -> list[dict]:
    """The text cut into pieces, each with the strongest severity of the findings covering it."""
    marks = []
    for f in findings:
        ev = f["evidence"]
        if ev and ev["source"] == "text" and 0 <= ev["start"] < ev["end"] <= len(text):
            marks.append((ev["start"], ev["end"], f))
    if not marks:
        return [{"text": text, "severity": None, "rules": "", "numbers": []}]
    cuts = sorted({0, len(text)} | {s for s, _, _ in marks} | {e for _, e, _ in marks})
    pieces = []
    for a, b in zip(cuts, cuts[1:]):
        cover = [f for s, e, f in marks if s <= a and b <= e]
        sev = max((f["severity"] for f in cover), key=_RANK.get, default=None)
        pieces.append({"text": text[a:b], "severity": sev, "rules": ", ".join(sorted({f["rule"] for f in cover})),
                       "numbers": sorted({f["n"] for f in cover})})
    return pieces


def _finding_view(f: Any, n: int, rules: dict) -> dict:
    d = f if isinstance(f, dict) else f.model_dump(mode="json")
    ev = d.get("evidence") if isinstance(d.get("evidence"), dict) else None
    evidence = None
    if ev:
        start, end = _num(ev.get("start")), _num(ev.get("end"))
        spans = ev.get("spans") if isinstance(ev.get("spans"), list) else []
        evidence = {"text": _s(ev.get("text")), "source": _s(ev.get("source") or "text"),
                    "start": int(start) if start is not None else 0, "end": int(end) if end is not None else 0,
                    "spans": [int(i) for i in spans if isinstance(i, int)]}
    severity = d.get("severity") if d.get("severity") in _RANK else "info"
    rule = _s(d.get("rule"))
    why = rules.get(rule, {}).get("why", "") if isinstance(rules.get(rule), dict) else ""
    sugg = d.get("suggestions") if isinstance(d.get("suggestions"), list) else []
    from ..provenance import standard_code
    cited = standard_code(_s(d.get("standard")), _s(d.get("edition")) or None)
    return {"n": n, "rule": rule, "severity": severity, "standard": _s(d.get("standard")), "cited": cited,
            "clause": _s(d.get("clause")),
            "edition": _s(d.get("edition")), "effective": _s(d.get("effective")), "message": _s(d.get("message")),
            "message_en": _s(d.get("message_en")), "clause_text": _s(d.get("clause_text")), "evidence": evidence,
            "suggestions": [_s(s) for s in sugg], "why": _s(why)}


def _nutrition_view(value: Any) -> dict | None:
    """The nutrition table, whatever shape `fields["nutrition"]` has: a table (rows as a dict or a list)
    or anything else shown as text."""
    if value is None or value == {} or value == "":
        return None
    if not isinstance(value, dict):
        return {"basis": "", "serving": "", "rows": [], "raw": _s(value)}
    rows_in = value.get("rows")
    rows = []
    if isinstance(rows_in, dict):
        items = list(rows_in.items())
    elif isinstance(rows_in, list):
        items = [((r.get("key") or r.get("label") or "") if isinstance(r, dict) else "", r) for r in rows_in]
    else:
        items = []
    for key, r in items:
        if isinstance(r, dict):
            val, unit = r.get("value"), r.get("unit")
            per = r.get("per_100", r.get("per100"))
            nrv = r.get("nrv_percent")
            # the row as the label names it (能量, not energy) and its figures as printed (742千焦, 9%)
            rows.append({"key": _row_name(_s(key)), "declared": f"{_figure(val, _s(unit))}{_s(unit)}".strip(),
                         "per100": _figure(per) if per is not None else "—",
                         "nrv": f"{_figure(nrv)}%" if nrv is not None else ""})
        else:
            rows.append({"key": _row_name(_s(key)), "declared": _s(r), "per100": "—", "nrv": ""})
    serving = _num(value.get("serving_size"))
    raw = "" if rows or rows_in is not None else _s(value)
    return {"basis": _s(value.get("basis")), "serving": f"{serving:g} g/份" if serving else "", "rows": rows, "raw": raw}


def _figure(v: Any, unit: str = "") -> str:
    """A number as a label prints it: 742千焦, not 742.0; a gram amount keeps its decimal (15.0克, as GB 28050 rounds
    it to 0.1 g)."""
    n = _num(v)
    if n is None:
        return _s(v)
    if unit in _GRAM_UNITS or (unit and unit not in _WHOLE_UNITS and not float(n).is_integer()):
        return _s(v)
    return f"{n:g}"


_WHOLE_UNITS = ("千焦", "kJ", "kj", "KJ", "千卡", "kcal", "毫克", "mg", "微克", "μg", "ug")
_GRAM_UNITS = ("克", "g", "G")


def _row_name(key: str) -> str:
    from ..extract.nutrition import row_name_zh
    try:
        return row_name_zh(key)
    except KeyError:
        return key


def _field_name(key: str) -> str:
    """A field as the label names it (净含量, not net_content): the first of its labels in lexicons/fields.toml."""
    from ..resources import lexicon
    spec = lexicon("fields")["fields"].get(key)
    return spec["labels"][0] if spec and spec.get("labels") else key


def _fields_view(fields: Any) -> list[dict]:
    if not isinstance(fields, dict):
        return [{"key": "fields", "value": _s(fields)}] if fields else []
    out = []
    for k, v in fields.items():
        if k == "nutrition":
            continue
        if isinstance(v, list):
            v = "、".join(_s(x) for x in v)
        elif isinstance(v, dict):
            v = "; ".join(f"{_s(a)}: {_s(b)}" for a, b in v.items())
        out.append({"key": _field_name(_s(k)), "value": _s(v)})
    return out


def _provenance_view(p: Any) -> dict | None:
    if p is None:
        return None
    d = p if isinstance(p, dict) else p.model_dump(mode="json")
    return {"tool_version": _s(d.get("tool_version")), "ruleset": _s(d.get("ruleset")),
            "input_sha256": _s(d.get("input_sha256"))}


def _span_role(span, idx: int, qualifier_spans: set[int]) -> str:
    role = span.role or ""
    if role == "name" and idx in qualifier_spans:
        return "qualifier"
    if not role:
        from ..extract.fields import extract_fields
        try:
            keys = list(extract_fields(span.text))
        except Exception:       # noqa: BLE001 — a role label is a courtesy; never worth a failed page
            keys = []
        return f"field: {keys[0]}" if keys else ""
    return role


def _qualifier_spans(doc: LabelDocument) -> set[int]:
    from ..annotate import find_terms
    from ..normalize import normalize
    out = set()
    for i, s in enumerate(doc.spans):
        if s.role == "name" and any(m.has("dairy_qualifier", "plant_qualifier", "soy_word") for m in find_terms(normalize(s.text).text)):
            out.add(i)
    return out


def _spans_view(doc: LabelDocument | None, findings: list[dict]) -> list[dict]:
    if doc is None or not doc.spans:
        return []
    numbers: dict[int, list[int]] = {}
    for f in findings:
        for i in _finding_span_indexes(doc, f):
            numbers.setdefault(i, []).append(f["n"])
    quals = _qualifier_spans(doc)
    out = []
    for i, s in enumerate(doc.spans):
        mm = s.height_mm
        out.append({"i": i, "text": s.text, "size_mm": f"{mm:.2f}" if mm else "", "size_pt": f"{mm / PT_TO_MM:.1f}" if mm else "",
                    "color": s.color or "", "panel": s.panel or "", "page": s.page or "", "role": _span_role(s, i, quals),
                    "numbers": numbers.get(i, [])})
    return out


def _finding_span_indexes(doc: LabelDocument, f: dict) -> list[int]:
    ev = f["evidence"]
    if not ev:
        return []
    if ev["spans"]:
        return [i for i in ev["spans"] if 0 <= i < len(doc.spans)]
    if ev["source"] == "text" and ev["text"]:
        hit = [i for i, s in enumerate(doc.spans) if ev["text"] in s.text]
        return hit[:1] if hit else [i for i, s in enumerate(doc.spans) if s.text and s.text in ev["text"]][:3]
    return []


def _pictures(doc: LabelDocument | None, findings: list[dict]) -> list[dict]:
    """Each page of the artwork with the boxes of the findings (numbered callouts) and the panels."""
    if doc is None or doc._artwork is None:
        return []
    kind, data = doc._artwork
    pages = doc._pages or [(210.0, 297.0)]
    notes = doc._artwork_notes or {}
    boxes_by_page: dict[int, list[dict]] = {}
    for f in findings:
        placed = set()
        for i in _finding_span_indexes(doc, f):
            s = doc.spans[i]
            if not s.bbox or (s.page or 1, i) in placed:
                continue
            placed.add((s.page or 1, i))
            x0, y0, x1, y1 = s.bbox
            boxes_by_page.setdefault(s.page or 1, []).append(
                {"n": f["n"], "severity": f["severity"], "x": x0 - 0.6, "y": y0 - 0.6, "w": x1 - x0 + 1.2, "h": y1 - y0 + 1.2,
                 "cx": max(x0 - 2.5, 2.0), "cy": max(y0 - 1.5, 2.0), "title": f"{f['n']}. {f['rule']} {f['message']}"})
    out = []
    for page_no, (w, h) in enumerate(pages, 1):
        if kind == "svg":
            src = "data:image/svg+xml;base64," + base64.b64encode(data).decode()
        else:
            src = pdf_page_png(data, page_no - 1)
            if src is None:
                continue
        panels = [p for p in notes.get("panels", []) if p.get("page", 1) == page_no and p.get("bbox")]
        out.append({"page": page_no, "width": round(w, 2), "height": round(h, 2), "src": src,
                    "boxes": boxes_by_page.get(page_no, []),
                    "panels": [{"name": p["name"], "principal": bool(p.get("principal")), "x": p["bbox"][0], "y": p["bbox"][1],
                                "w": p["bbox"][2] - p["bbox"][0], "h": p["bbox"][3] - p["bbox"][1]} for p in panels],
                    "r": max(1.6, min(w, h) / 45)})
    return out


def pdf_page_png(data: bytes, index: int, scale: float = 2.0) -> str | None:
    try:
        import pypdfium2 as pdfium
        pdf = pdfium.PdfDocument(data)
        image = pdf[index].render(scale=scale).to_pil()
        buf = io.BytesIO()
        image.save(buf, format="PNG")
        return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode()
    except Exception:           # noqa: BLE001 — no picture is better than no report
        return None


def label_view(report: Any, doc: LabelDocument | None, n: int, rules: dict) -> dict:
    """The view model of one label: every value a plain string, number or list, every optional part checked."""
    if isinstance(report, dict) and "findings" not in report:
        # a batch row that could not be used: the error record
        return {"n": n, "anchor": f"label-{n}", "unusable": True, "title": _s(report.get("id") or report.get("source") or f"row {n}"),
                "source": _s(report.get("source")), "error": _s(report.get("error") or "unusable row"),
                "verdict": "unusable", "product_class": "", "counts": {s: 0 for s in SEVERITIES}, "rules": [],
                "severities": [], "first": []}
    r = report if isinstance(report, dict) else report.model_dump(mode="json")
    findings_in = r.get("findings") if isinstance(r.get("findings"), list) else []
    findings = [_finding_view(f, i, rules) for i, f in enumerate(findings_in, 1)]
    fields = r.get("fields") if isinstance(r.get("fields"), dict) else {}
    text = doc.full_text if doc is not None else _s(fields.get("name"))
    verdict = r.get("verdict") if r.get("verdict") in ("fail", "warn", "pass") else "unknown"
    counts = {s: sum(1 for f in findings if f["severity"] == s) for s in SEVERITIES}
    standards = r.get("standards") if isinstance(r.get("standards"), list) else []
    notes = (doc._artwork_notes or {}) if doc is not None else {}
    return {"n": n, "anchor": f"label-{n}", "unusable": False, "title": _s(r.get("id") or r.get("source") or f"label {n}"),
            "source": _s(r.get("source")), "product_class": _s(r.get("product_class")), "verdict": verdict,
            "needs_review": r.get("needs_review") is True,
            "standards": ", ".join(_s(s) for s in standards), "as_of": _s(r.get("as_of")), "edition": _s(r.get("edition_in_force")),
            "counts": counts, "findings": findings, "rules": sorted({f["rule"] for f in findings}),
            "severities": sorted({f["severity"] for f in findings}, key=lambda s: -_RANK[s]),
            "first": [f for f in findings if f["severity"] != "info"][:2] or findings[:1],
            "pieces": highlighted(text, findings), "fields": _fields_view(r.get("fields")),
            "nutrition": _nutrition_view(fields.get("nutrition")), "provenance": _provenance_view(r.get("provenance")),
            "spans": _spans_view(doc, findings), "pictures": _pictures(doc, findings),
            "package": _s(notes.get("package_note"))}


def _section(view: dict, batch_links: bool = True) -> Markup:
    return Markup(_env().get_template("report_label.html.j2").render(item=view, batch_links=batch_links))


def _broken(report: Any, n: int, exc: Exception) -> dict:
    title = getattr(report, "id", None) or getattr(report, "source", None)
    if isinstance(report, dict):
        title = report.get("id") or report.get("source")
    return {"n": n, "anchor": f"label-{n}", "unusable": True, "title": _s(title or f"label {n}"), "source": "",
            "error": f"this label's report could not be shown ({type(exc).__name__}: {exc})", "verdict": "unusable",
            "product_class": "", "counts": {s: 0 for s in SEVERITIES}, "rules": [], "severities": [], "first": []}


def render_html(reports: list, docs: list[LabelDocument | None] | None = None, carried: list | None = None) -> str:
    """One self-contained page for the reports (Report objects, their JSON dicts, or batch error records); `carried`,
    a batch's columns kept with each row (--keep), shown beside its source."""
    from ..rules.docs import rule_rows
    try:
        rules = {r["id"]: r for r in rule_rows()}
    except Exception:           # noqa: BLE001
        rules = {}
    docs = list(docs or [])
    docs += [None] * (len(reports) - len(docs))
    items, sections = [], []
    for n, (report, doc) in enumerate(zip(reports, docs), 1):
        keep = carried[n - 1] if carried and n - 1 < len(carried) else None
        shown = {"carried": " · ".join(f"{_s(k)}: {_s('' if v is None else v)}" for k, v in keep.items())} if keep else {}
        try:
            view = {**label_view(report, doc, n, rules), **shown}
            if getattr(report, "photo", None) is not None:   # read from photos: the photo section (render/html_photo.py)
                from .html_photo import photo_section
                view["photo_html"] = photo_section(doc, report)
            section = _section(view, len(reports) > 1)
        except Exception as exc:   # noqa: BLE001 — one label's bad data must not end the page
            log.warning("label %d could not be rendered: %s", n, exc)
            view = {**_broken(report, n, exc), **shown}
            section = _section(view, len(reports) > 1)
        items.append(view)
        sections.append(section)
    all_rules = sorted({r for v in items for r in v["rules"]})
    classes = sorted({v["product_class"] for v in items if v["product_class"]})
    verdicts = sorted({v["verdict"] for v in items})
    return _env().get_template("report.html.j2").render(
        items=items, sections=sections, batch=len(items) > 1, all_rules=all_rules, classes=classes, verdicts=verdicts,
        generated=dt.datetime.now().strftime("%Y-%m-%d %H:%M"))
