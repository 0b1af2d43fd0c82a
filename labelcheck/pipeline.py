"""The pipeline: ingest → normalize → annotate → extract → classify → rules → (suggest) → report."""
from __future__ import annotations

import datetime as dt
from functools import cache


from .annotate import annotate
from .classes import GENERAL_STANDARDS, standards_for
from .classify import classify
from .context import Context
from .extract.contacts import add_unlabelled
from .extract.fields import extract_fields, other_keys
from .extract.origin import import_evidence
from .extract.ingredients import parse_ingredients
from .extract.name import is_title, name_from_document, name_from_string
from .extract.nutrition import parse_nutrition
from .models import LabelDocument, Report
from .normalize import normalize
from .rules.base import all_rules
from .suggest import suggest_stage

GENERAL = list(GENERAL_STANDARDS)
_SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}
USE_SPACY_FOR_LABELS = True
# Real label copy is a few thousand characters. Past this, the spaCy Doc (jieba tokens for every
# character) costs seconds and memory for nothing a rule reads: the automaton alone annotates.
SPACY_MAX_CHARS = 100_000


def _today() -> dt.date:
    return dt.date.today()


@cache
def _rules_for(is_label: bool, product_class: str) -> tuple:
    """The rules that can apply to this kind of input and class, worked out once."""
    return tuple(r for r in all_rules() if (is_label or r.scope == "name")
                 and (r.classes is None or product_class in r.classes))


def _finish(ctx: Context, source: str, doc_id: str | None, fields: dict, standards: list[str]) -> Report:
    findings = []
    for rule in _rules_for(ctx.is_label, ctx.product_class):
        findings.extend(rule.check(ctx))
    findings.sort(key=lambda f: (_SEVERITY_ORDER[f.severity], f.rule, f.evidence.start if f.evidence else -1))
    verdict = "fail" if any(f.severity == "error" for f in findings) else (
        "warn" if any(f.severity == "warning" for f in findings) else "pass")
    report = Report(id=doc_id, source=source, product_class=ctx.product_class, standards=standards, verdict=verdict,
                    findings=findings, fields=fields, classification=ctx.classification.as_dict(),
                    as_of=ctx.as_of.isoformat(), edition_in_force=ctx.edition,
                    class_confidence=ctx.classification.confidence,
                    imported=ctx.classification.imported if ctx.is_label else None,
                    import_evidence=(ctx.classification.import_evidence or None) if ctx.is_label else None)
    # the suggest stage, after the rules: it reads the report and vets each rewrite with the name rules
    modified = ctx.milk_powder_modified()
    suggest_stage(report, ctx.name, modified, vet=lambda cand, cls: name_passes(cand, cls, ctx.as_of, modified=modified))
    return report


def check(doc: LabelDocument, as_of: dt.date | None = None, product_class: str | None = None) -> Report:
    """Check a whole label document."""
    as_of = as_of or _today()
    original = doc.full_text
    layout = normalize(original, compact=False)
    compact = normalize(original)
    ann = annotate(compact, use_spacy=USE_SPACY_FOR_LABELS and len(compact.text) <= SPACY_MAX_CHARS)
    all_fields = extract_fields(layout.text, keep_other=True)
    fields = add_unlabelled(layout.text, {k: v for k, v in all_fields.items() if k not in other_keys()})
    ing_field = fields.get("ingredients", [None])[0]
    ingredients = parse_ingredients(ing_field.value, ing_field.start) if ing_field else []
    nutrition = parse_nutrition(layout.text)
    name = name_from_document(doc, {**all_fields, **fields}, layout)
    category = None
    if "category" in fields:
        category = name_from_string(fields["category"][0].value)
    standard_text = " ".join(f.value for f in fields.get("standard", [])) or layout.text
    cls = classify(name, category, standard_text, ingredients, forced=product_class, text=compact.text)
    cls.imported, cls.import_evidence = import_evidence(fields)
    ctx = Context(kind="label", as_of=as_of, name=name, classification=cls, doc=doc, text=compact, layout=layout,
                  ann=ann, fields=fields, ingredients=ingredients, ingredients_field=ing_field, nutrition=nutrition)
    standards = standards_for(cls.product_class, label=True)
    report_fields: dict = {}
    if name is not None:
        report_fields["name"] = name.original
    for key, values in {**all_fields, **fields}.items():
        if key != "name":
            report_fields[key] = layout.orig_text(values[0].start, values[0].end)
    if ingredients:
        report_fields["ingredients_list"] = [i.name for i in ingredients]
    if nutrition:
        report_fields["nutrition"] = {
            "basis": nutrition.basis, "serving_size": nutrition.serving_size,
            "rows": {k: {"value": r.value, "unit": r.unit, "per_100": r.per100, "nrv_percent": r.nrv_percent}
                     for k, r in nutrition.rows.items()},
        }
    return _finish(ctx, doc.source or "-", doc.id, report_fields, standards)


def check_name(name: str, as_of: dt.date | None = None, product_class: str | None = None,
               title: bool | None = None, doc_id: str | None = None, source: str = "-",
               hints: dict | None = None) -> Report:
    """Check a product name or a marketplace title alone: only the name rules run."""
    as_of = as_of or _today()
    info = name_from_string(name, title=title)
    title = info.core is not None
    cls = classify(info, None, "", [], forced=product_class)
    ctx = Context(kind="title" if title else "name", as_of=as_of, name=info, classification=cls, hints=hints or {})
    standards = standards_for(cls.product_class, label=False)
    fields = {"name": info.original}
    if title:
        s, e = info.core or (0, len(info.text))
        fields["name_core"] = info.shadow.orig_text(s, e)
    return _finish(ctx, source, doc_id, fields, standards)


def name_passes(candidate: str, product_class: str, as_of: dt.date, modified: bool | None = None) -> bool:
    """Would this name pass the name rules for this class? The suggest stage vets every candidate
    with it; only the rules run here, never the suggest stage, so vetting cannot recurse."""
    info = name_from_string(candidate)
    cls = classify(info, None, "", [], forced=product_class)
    hints = {} if modified is None else {"modified": modified}
    ctx = Context(kind="name", as_of=as_of, name=info, classification=cls, hints=hints)
    for rule in _rules_for(False, product_class):
        if rule.severity == "error":
            if any(f.severity == "error" for f in rule.check(ctx)):
                return False
    return True


def looks_like_title(name: str) -> bool:
    """Would check_name treat this input as a marketplace title?"""
    return is_title(normalize(name).text)
