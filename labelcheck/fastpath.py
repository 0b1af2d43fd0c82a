"""The name path's shortcuts: most marketplace titles hold no analogue cue, and most names' rules say nothing
of the name's own.

A title whose normalised text holds no term that can move the class away from `other` (lexicons/fastpath.toml
`class_cue_categories`) gets the classification `classify` would give it — other, by no analogue feature —
without running the classifier. Lexicon matching has already run over the normalised text in one pass
(annotate's automaton); no segmentation is needed for such a title (jieba is only reached by rules of the
analogue classes). `screened` takes such a title straight from its lexicon hits to its report: it reads the
brands only where they can matter (a plant-meat or analogue brand, or a name word refine may re-read), and the
title core; no NameInfo, no classification.

A name's report then depends on the name only through what names the input (the name, the title's core, the
id, the source, the input's hash), whenever its rules say nothing of the name's own. So the first name of a
classification (class, basis, evidence words, confidence, plant-meat brands), under one configuration and date, is checked in full
and its report kept as a template; the names after it get a copy with their own values put in. A class whose name
rules are all constant (`constant_rules`) runs none; any other class runs its rules and takes the copy only when
they found exactly what they found for the template. tests/test_fastpath.py checks, over every corpus name and
title, the benchmark mixes and random noise, that a copy (and its JSON) equals the full report.
"""
from __future__ import annotations

import datetime as dt
from hashlib import sha256
from json.encoder import encode_basestring as _quoted      # what json.dumps(str, ensure_ascii=False) writes
from functools import cache
from operator import itemgetter

from . import config
from .annotate import Annotation, resolve
from .classes import declares_standard
from .classify import Classification
from .extract.name import NameInfo, is_title, title_core
from .extract.terms import NAME_CATS, Brand, brand_index, find_brands, may_refine, refine, standing_brands, unknown_brand_possible
from .models import Report, trusted_copy
from .normalize import Shadow
from .resources import lexicon
from .review import analogue_brands, brand_only_cue
from .rules.base import rules_by_id
from .wordscan import WordScanner

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
    # a known plant-based meat brand is a cue too: classify reports it (a candidate, low confidence); so is a product
    # standard a title declares (植物肉香肠 执行标准T/CNFIA 165): RULES.md §1.1
    return not any(b.plant_based for b in info.brands) and not declares_standard(info.shadow.text)


def no_cue_classification(info: NameInfo) -> Classification:
    """What classify returns for a name with no class cue (no_class_cue): other, by no feature."""
    # imitates_meat from the meat words: the only imitation cue left without the others
    return Classification("other", "none", "", imitates_meat=bool(info.ann._by_cat.get("animal_meat")))


def screened(shadow: Shadow, found: list[tuple], title: bool | None, as_of: dt.date, settings: config.Settings,
             doc_id: str | None, source: str, want_json: bool) -> tuple[Report | None, str | None, list[Brand] | None]:
    """The report of a name with no class cue, copied from the no-cue template, reading no more of the name than
    the copy needs: its title core. What checked_name would do, for the names that cannot leave `other`, whose
    class has only constant rules (the caller asks), given no forced class and no hints.

    (report, its JSON when want_json, None) as templated gives them; (None, None, the brands found when they were
    looked for) when the name is not one of those (a class cue among its lexicon hits `found`, a plant-meat or
    analogue brand) or there is no template yet: the caller reads the name in full."""
    cues = _cue_set()
    refined = False
    for hit in found:
        cats = hit[3]
        if not cats.isdisjoint(cues):
            return None, None, None
        if not refined and not cats.isdisjoint(NAME_CATS):
            refined = True                 # a word refine may re-read (a flavour, a denied word, a brand's word)
    text = shadow.text
    if declares_standard(text):
        return None, None, None            # a declared product standard decides the class (no_class_cue)
    if refined or unknown_brand_possible(text):
        # every brand: refine reads them, or one may be marked, ××牌 or configured rather than known
        brands = find_brands(shadow)
        # a plant-meat brand is a class cue; an analogue brand makes the report its own (template_key)
        analogue = analogue_brands()
        for b in brands:
            if b.plant_based or b.analogue_word or b.text.casefold() in analogue:
                return None, None, brands
    elif standing_brands(_cue_brands(), text, shadow.gaps):
        return None, None, None
    else:
        brands = None                      # a known brand that is no cue changes nothing here
    if title is None:
        title = is_title(shadow.text)
    name = shadow.original
    fields = {"name": name}
    if title:
        # refine only takes categories away; the core reads what is left of the name words. Without a name word
        # (no category of NAME_CATS, which holds every core category) the core reads the matches only for the
        # typed spaces inside a term: with no term across a typed space, none need choosing (the chosen matches are
        # some of the candidates `found`).
        if not refined:
            gaps = shadow.gaps
            matches = resolve(found) if gaps and any(h[0] < j < h[1] for h in found for j in gaps) else []
        elif may_refine(text, brands):
            matches = refine(shadow, Annotation(shadow, resolve(found)), brands=brands)[0].matches
        else:
            matches = resolve(found)
        s, e = title_core(shadow, matches)
        fields["name_core"] = shadow.orig_text(s, e)
    hit = templated((id(settings), as_of, bool(title), NO_CUE, ()), doc_id, source, fields, name, want_json,
                    settings=settings)
    return (*hit, None) if hit is not None else (None, None, brands)


@cache
def _cue_brands() -> WordScanner:
    """The brands that keep a name from the no-cue template: the known plant-meat brands (a class cue) and the
    analogue brands of lexicons/review.toml (a brand-only cue)."""
    known, _ = brand_index()
    return WordScanner({name for name, (plant, _) in known.items() if plant} | analogue_brands())


# A template's key: (settings, as_of, title?, classification, plant-meat brands) → (settings, the template). The
# plant-meat brands of the name are part of it (LC015 reads them); a name with one always runs its rules, and takes
# the template only when they found what they found for it. No name with a brand-only cue gets a key (the review flag
# reads it, and a report flagged for review is never a template).
_TEMPLATES: dict[tuple, tuple[config.Settings, "_Template"]] = {}
NO_CUE = ("other", "none", "", "high", "")      # classification_key of what classify says of a name without a class cue


def classification_key(cls: Classification) -> tuple:
    return (cls.product_class, cls.basis, cls.evidence, cls.confidence, cls.confidence_evidence)


def template_key(classification: tuple, info: NameInfo, as_of: dt.date,
                 settings: config.Settings | None = None) -> tuple | None:
    """The key of the template this name's report can be copied from, or None: its report is its own."""
    plant: tuple[str, ...] = ()
    if info.brands:
        if brand_only_cue(info):
            return None
        plant = tuple(b.text for b in info.brands if b.plant_based)
    return (id(settings or config.current()), as_of, info.core is not None, classification, plant)


class _Template:
    """A report to copy, and its JSON cut where the name's own values go (for the batch's output)."""

    __slots__ = ("report", "json_parts", "uses", "fields")

    def __init__(self, report: Report):
        self.report = report
        self.uses = 0
        self.fields = len(report.fields)
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
        # the JSON's literal pieces, with a slot between each two (joined, not %-formatted: a % format scans the
        # whole kilobyte-long template for every name)
        whole = sorted(order) == sorted(k for k in _MARK if k in report.fields or k in ("id", "source", "sha")) \
            and len(order) == len(set(order))
        # kept as the list to join with the slots' places empty: a name's JSON is a copy of it with its values put
        # in the odd places by one slice assignment (no Python loop over the pieces)
        layout: list[str] = [parts[0]]
        for part in parts[1:]:
            layout += ("", part)
        self.json_parts = (layout, itemgetter(*(slots.index(k) for k in order))) if whole and len(order) > 1 \
            else None


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
    sha = sha256(name.encode("utf-8")).hexdigest()
    if not want_json or tpl.json_parts is None or len(fields) != tpl.fields:
        return _copy(tpl.report, doc_id, source, fields, name, sha), None
    # the batch asked for the JSON: it writes that, and reads only the verdict, class, rules and review flag of the
    # report — the template's own, shared, not this name's copy (not to be kept or changed)
    layout, pick = tpl.json_parts
    core = fields.get("name_core")
    pieces = layout.copy()
    pieces[1::2] = pick(("null" if doc_id is None else _quoted(doc_id), "null" if source is None else _quoted(source),
                         f'"{sha}"', _quoted(fields["name"]), "null" if core is None else _quoted(core)))
    return tpl.report, "".join(pieces)


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
        sha = sha256(name.encode("utf-8")).hexdigest()
    return trusted_copy(template, id=doc_id, source=source, fields=fields, standards=list(template.standards),
                        findings=[trusted_copy(f) for f in template.findings],
                        classification=dict(template.classification), review_reasons=[],
                        provenance=trusted_copy(template.provenance, input_sha256=sha))
