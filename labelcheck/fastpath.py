"""The name path's shortcuts: most marketplace titles hold no analogue cue, and most names' rules say nothing
of the name's own.

A title whose normalised text holds no term that can move the class away from `other` (lexicons/fastpath.toml
`class_cue_categories`) gets the classification `classify` would give it — other, by no analogue feature —
without running the classifier. Lexicon matching has already run over the normalised text in one pass
(annotate's automaton); no segmentation is needed for such a title (jieba is only reached by rules of the
analogue classes).

A name's report then depends on the name only through what names the input (the name, the title's core, the
id, the source, the input's hash), whenever its rules say nothing of the name's own. So the first name of a
classification (class, basis, evidence words, confidence), under one configuration and date, is checked in full
and its report kept as a template; the names after it get a copy with their own values put in. A class whose name
rules are all constant (`constant_rules`) runs none; any other class runs its rules and takes the copy only when
they found exactly what they found for the template. tests/test_fastpath.py checks, over every corpus name and
title, the benchmark mixes and random noise, that a copy (and its JSON) equals the full report.
"""
from __future__ import annotations

import datetime as dt
import hashlib
from json.encoder import encode_basestring as _quoted      # what json.dumps(str, ensure_ascii=False) writes
from functools import cache

from . import config
from .classify import Classification
from .extract.name import NameInfo
from .models import Report, trusted_copy
from .resources import lexicon
from .review import brand_only_cue
from .rules.base import rules_by_id

MAX_TEMPLATES = 2048        # settings × dates × name/title × classification (its evidence words): bounded, the least used go


@cache
def _cue_set() -> frozenset[str]:
    return frozenset(lexicon("fastpath")["class_cue_categories"])


@cache
def constant_rules() -> frozenset[str]:
    """The name rules that say the same of every name of one classification (lexicons/fastpath.toml)."""
    return frozenset(lexicon("fastpath")["constant_rules"])


def no_class_cue(info: NameInfo) -> bool:
    """No term in the name that any class but `other` is read from."""
    cues = _cue_set()
    for m in info.ann.matches:
        if not m.cats.isdisjoint(cues):
            return False
    # a known plant-based meat brand is a cue too: classify reports it (a candidate, low confidence)
    return not any(b.plant_based for b in info.brands)


def no_cue_classification(info: NameInfo) -> Classification:
    """What classify returns for a name with no class cue (no_class_cue): other, by no feature."""
    # imitates_meat from the meat words: the only imitation cue left without the others
    return Classification("other", "none", "", imitates_meat=bool(info.ann._by_cat.get("animal_meat")))


# A template's key: (settings, as_of, title?, classification) → (settings, the template). No name with a plant-meat
# brand or a brand-only cue gets a key (LC015 and the review flag read those, not the class).
_TEMPLATES: dict[tuple, tuple[config.Settings, "_Template"]] = {}
NO_CUE = ("other", "none", "", "high", "")      # classification_key of what classify says of a name without a class cue


def classification_key(cls: Classification) -> tuple:
    return (cls.product_class, cls.basis, cls.evidence, cls.confidence, cls.confidence_evidence)


def template_key(classification: tuple, info: NameInfo, as_of: dt.date,
                 settings: config.Settings | None = None) -> tuple | None:
    """The key of the template this name's report can be copied from, or None: its report is its own."""
    if info.brands and (any(b.plant_based for b in info.brands) or brand_only_cue(info)):
        return None
    return (id(settings or config.current()), as_of, info.core is not None, classification)


class _Template:
    """A report to copy, and its JSON cut where the name's own values go (for the batch's output)."""

    __slots__ = ("report", "json_parts", "uses")

    def __init__(self, report: Report):
        self.report = report
        self.uses = 0
        probe = _copy(report, _MARK["id"], _MARK["source"],
                      {k: _MARK[k] for k in report.fields}, "", _MARK["sha"])
        text = probe.model_dump_json()
        parts, order = [], []
        while True:
            found = [(text.find(f'"{v}"'), k) for k, v in _MARK.items() if f'"{v}"' in text]
            if not found:
                break
            pos, k = min(found)
            parts.append(text[:pos])
            order.append(k)
            text = text[pos + len(_MARK[k]) + 2:]
        parts.append(text)
        # each value exactly once, or the JSON is not cut and the batch serialises the report itself; the order
        # as positions in templated()'s (id, source, sha, name, name_core)
        slots = ("id", "source", "sha", "name", "name_core")
        # one %-format with a %s where each value goes (the template's own % doubled)
        self.json_parts = ("%s".join(p.replace("%", "%%") for p in parts), tuple(slots.index(k) for k in order)) \
            if sorted(order) == sorted(k for k in _MARK if k in report.fields or k in ("id", "source", "sha")) \
            and len(order) == len(set(order)) else None


_MARK = {"id": "\ue000lc-id\ue000", "source": "\ue000lc-source\ue000", "name": "\ue000lc-name\ue000",
         "name_core": "\ue000lc-core\ue000", "sha": "\ue000lc-sha\ue000"}


def silent(findings: list) -> bool:
    """Findings that say nothing of one name's own: no evidence, no rewrite to offer (the suggest stage would)."""
    rules = rules_by_id()
    return all(f.evidence is None and not f.suggestions and rules[f.rule].suggest is None for f in findings)


def templated(key: tuple, doc_id: str | None, source: str, fields: dict, name: str,
              want_json: bool = False, findings: list | None = None,
              settings: config.Settings | None = None) -> tuple[Report, str | None] | None:
    """The report for this key copied from its template with this name's values, or, with want_json, the template
    itself and this name's JSON; None when there is no template yet — or, when the rules ran (`findings`), when
    they did not find exactly what they found for the template."""
    hit = _TEMPLATES.get(key)
    if hit is None or hit[0] is not (settings or config.current()):
        return None
    tpl = hit[1]
    if findings is not None and findings != tpl.report.findings:
        return None
    tpl.uses += 1
    sha = hashlib.sha256(name.encode("utf-8")).hexdigest()
    if not want_json or tpl.json_parts is None or len(fields) != len(tpl.report.fields):
        return _copy(tpl.report, doc_id, source, fields, name, sha), None
    # the batch asked for the JSON: it writes that, and reads only the verdict, class, rules and review flag of the
    # report — the template's own, shared, not this name's copy (not to be kept or changed)
    form, order = tpl.json_parts
    values = (doc_id, source, sha, fields["name"], fields.get("name_core"))
    return tpl.report, form % tuple("null" if values[k] is None else _quoted(values[k]) for k in order)


def remember(key: tuple, report: Report) -> Report:
    """Keep the full report of a name as the template for the names of its key after it; the report to hand out
    (a copy, when the report became the template)."""
    if key in _TEMPLATES and _TEMPLATES[key][0] is config.current():
        return report
    if report.needs_review or not silent(report.findings):
        return report                  # this one says something of its own name (LC012's evidence): no template
    if len(_TEMPLATES) >= MAX_TEMPLATES:
        # keep the half used most (the no-cue template of a run is used by most of its names)
        for k, _ in sorted(_TEMPLATES.items(), key=lambda kv: kv[1][1].uses)[:MAX_TEMPLATES // 2]:
            del _TEMPLATES[k]
    # the report itself becomes the template: the caller gets a copy of it (pipeline.checked_name)
    _TEMPLATES[key] = (config.current(), _Template(report))
    return _copy(report, report.id, report.source, dict(report.fields), "", report.provenance.input_sha256)


def _copy(template: Report, doc_id: str | None, source: str, fields: dict, name: str, sha: str | None = None) -> Report:
    # fresh lists, findings and provenance: a caller that edits one report edits no other
    if sha is None:
        sha = hashlib.sha256(name.encode("utf-8")).hexdigest()
    return trusted_copy(template, id=doc_id, source=source, fields=fields, standards=list(template.standards),
                        findings=[trusted_copy(f) for f in template.findings],
                        classification=dict(template.classification), review_reasons=[],
                        provenance=trusted_copy(template.provenance, input_sha256=sha))
