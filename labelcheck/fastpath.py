"""The name path's gate: most marketplace titles hold no analogue cue, and for those the answer is known.

A title whose normalised text holds no term that can move the class away from `other` (lexicons/fastpath.toml)
gets the classification `classify` would give it — other, by no analogue feature — without running the
classifier. Lexicon matching has already run over the normalised text in one pass (annotate's automaton); no
segmentation is needed for such a title (jieba is only reached by rules of the analogue classes).

Its report is then the same for every such title but for what names the input (the name, the title's core, the
id, the source, the input's hash, the date): the rules of `other` that read a name (lexicons/fastpath.toml
`constant_rules`) say the same of each. So the first such title of a run goes through the rules and the report
is built as for any other; its report becomes the template, and the titles after it get a copy with their own
name put in — no rules, no model validation, no provenance or review work again. tests/test_fastpath.py checks,
over every corpus name and title, the benchmark mixes and random noise, that a copy equals the full report.
"""
from __future__ import annotations

import datetime as dt
import hashlib
from functools import cache

from . import config
from .classify import Classification
from .extract.name import NameInfo
from .models import Report, trusted_copy
from .resources import lexicon
from .review import brand_only_cue

MAX_TEMPLATES = 64          # settings × dates × name/title: a long-lived service sees few; bounded all the same


@cache
def _cue_categories() -> tuple[str, ...]:
    return tuple(lexicon("fastpath")["class_cue_categories"])


@cache
def constant_rules() -> frozenset[str]:
    """The rules that may run on a name of class `other` and say the same of every name without a cue."""
    return frozenset(lexicon("fastpath")["constant_rules"])


def no_class_cue(info: NameInfo) -> bool:
    """No term in the name that any class but `other` is read from."""
    present = info.ann._by_cat
    # a known plant-based meat brand is a cue too: classify reports it (a candidate, low confidence)
    return not any(c in present for c in _cue_categories()) and not any(b.plant_based for b in info.brands)


def classify_name(info: NameInfo, product_class: str | None) -> Classification | None:
    """The classification of a name with no class cue (what classify returns for it), or None: run classify."""
    if product_class is not None or not no_class_cue(info):
        return None
    # classify: basis "none", and imitates_meat from the meat words (the only imitation cue left without the others)
    return Classification("other", "none", "", imitates_meat=bool(info.ann._by_cat.get("animal_meat")))


# (settings, as_of, title) → the template report, or None where this settings' rules for `other` are not all
# constant (then every name runs the rules)
_TEMPLATES: dict[tuple, tuple[config.Settings, Report | None]] = {}


def _key(as_of: dt.date, title: bool) -> tuple[tuple, config.Settings]:
    settings = config.current()
    return (id(settings), as_of, title), settings


def templated(info: NameInfo, as_of: dt.date, doc_id: str | None, source: str, fields: dict) -> Report | None:
    """The report of a name without a class cue, copied from the template; None when there is none yet."""
    key, settings = _key(as_of, info.core is not None)
    hit = _TEMPLATES.get(key)
    if hit is None or hit[0] is not settings or hit[1] is None or brand_only_cue(info):
        return None
    return _copy(hit[1], doc_id, source, fields, info.original)


def remember(report: Report, info: NameInfo, as_of: dt.date, rules: tuple) -> None:
    """Keep the full report of a name without a class cue as the template for the names after it."""
    key, settings = _key(as_of, info.core is not None)
    hit = _TEMPLATES.get(key)
    if hit is not None and hit[0] is settings:
        return
    usable = (all(r.id in constant_rules() for r in rules) and not brand_only_cue(info) and not report.needs_review
              and all(f.evidence is None and not f.suggestions for f in report.findings))
    if len(_TEMPLATES) >= MAX_TEMPLATES:
        _TEMPLATES.clear()
    _TEMPLATES[key] = (settings, report.model_copy(deep=True) if usable else None)


def _copy(template: Report, doc_id: str | None, source: str, fields: dict, name: str) -> Report:
    # fresh lists, findings and provenance: a caller that edits one report edits no other
    return trusted_copy(template, id=doc_id, source=source, fields=fields, standards=list(template.standards),
                        findings=[trusted_copy(f) for f in template.findings],
                        classification=dict(template.classification), review_reasons=[],
                        provenance=trusted_copy(template.provenance,
                                                input_sha256=hashlib.sha256(name.encode("utf-8")).hexdigest()))
