"""The pipeline: ingest → normalize → annotate → extract → classify → rules → (suggest) → report."""
from __future__ import annotations

import datetime as dt
from functools import cache


from . import config
from .annotate import annotate, candidates
from .classes import GENERAL_STANDARDS, standards_for
from .classify import Classification, classify, not_food_evidence
from .context import Context
from .extract.contacts import add_unlabelled
from .extract.fields import extract_fields, other_keys
from .extract.origin import import_evidence
from .extract.side_by_side import kept_original
from .extract.wrapped import reading_layout
from .extract.ingredients import parse_ingredients
from .extract.name import is_title, name_from_document, name_from_shadow, name_from_string
from .extract.nutrition import parse_nutrition
from .models import PRODUCT_CLASSES, LabelDocument, Report
from .normalize import normalize
from .review import assess
from . import fastpath
from .provenance import provenance, with_clause_text
from .rules.base import all_rules
from .rules.exemptions import on_small_pack
from .rules.engine import (group_standard_not_adopted, on_assortment, on_assumed_scale, on_bulk, on_contested_standard,
                           on_dish, on_listing)
from .suggest import suggest_stage

GENERAL = list(GENERAL_STANDARDS)
_SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}
NOT_FOOD_RULES = frozenset({"LC001"})      # pet food and feed: the class finding says why nothing else runs


def _today() -> dt.date:
    return dt.date.today()


@cache
def _rules_for(is_label: bool, product_class: str, selected: frozenset[str] | None = None) -> tuple:
    """The rules that can apply to this kind of input and class (and the configuration selects), worked out once."""
    return tuple(r for r in all_rules() if (is_label or r.scope == "name")
                 and (r.classes is None or product_class in r.classes)
                 and (selected is None or r.id in selected))


@cache
def _constant_classes(selected: frozenset[str] | None) -> frozenset[str]:
    """The classes whose name rules (under this selection) all say the same of every name of one classification
    (lexicons/fastpath.toml constant_rules): their reports can be copied from a template (fastpath)."""
    constant = fastpath.constant_rules()
    return frozenset(c for c in PRODUCT_CLASSES if all(r.id in constant for r in _rules_for(False, c, selected)))


def rule_ids() -> frozenset[str]:
    return frozenset(r.id for r in all_rules())


def _finish(ctx: Context, source: str, doc_id: str | None, fields: dict, standards: list[str]) -> Report:
    return _report(ctx, *_findings(ctx), source, doc_id, fields, standards)


# What the label as a whole says of its findings, in this order: a group standard it does not adopt, a small pack,
# a dish made with the analogue, a box of several foods, a bulk sign, a shop listing, artwork at an assumed scale
FINDING_ADJUSTMENTS = (group_standard_not_adopted, on_contested_standard, on_small_pack, on_dish, on_assortment,
                       on_bulk, on_listing, on_assumed_scale)


@cache
def rule_quotes() -> dict[str, dict[str, str]]:
    """Each rule's `quote` (the part of its clause whose words it cites), where it has one."""
    return {r.id: r.quote for r in all_rules() if r.quote}


def _findings(ctx: Context) -> tuple[list, dict | None, bool]:
    """The rules' findings for this context, in report order with their clauses' words (and the photo's grading,
    and whether the artwork had no live text)."""
    findings = []
    settings = config.current()
    # artwork with no live text (outlined): only the rules about the artwork itself can say anything
    unreadable = bool(ctx.doc and (ctx.doc._artwork_notes or {}).get("no_live_text"))
    for rule in _rules_for(ctx.is_label, ctx.product_class, settings.selected):
        if ctx.classification.basis == "not_food" and rule.id not in NOT_FOOD_RULES:
            continue            # pet food and feed: no food labelling standard applies
        if not unreadable or getattr(rule, "artwork_only", False):
            findings.extend(rule.check(ctx))
    for adjust in FINDING_ADJUSTMENTS:
        findings = adjust(ctx, findings)
    findings = settings.apply_severity(findings)
    photo = None
    if ctx.doc is not None and ctx.doc.photo is not None:      # read from photos: grade what rests on pixels
        from .rules.photo import adjudicate
        findings, photo = adjudicate(ctx, findings)
    findings.sort(key=lambda f: (_SEVERITY_ORDER[f.severity], f.rule, f.evidence.start if f.evidence else -1))
    return with_clause_text(findings, ctx.edition, rule_quotes()), photo, unreadable


def _report(ctx: Context, findings: list, photo: dict | None, unreadable: bool, source: str, doc_id: str | None,
            fields: dict, standards: list[str]) -> Report:
    verdict = "fail" if any(f.severity == "error" for f in findings) else (
        "warn" if any(f.severity == "warning" for f in findings) or unreadable else "pass")
    report = Report(id=doc_id, source=source, product_class=ctx.product_class, standards=standards, verdict=verdict,
                    findings=findings, fields=fields, classification=ctx.classification.as_dict(),
                    as_of=ctx.as_of.isoformat(), edition_in_force=ctx.edition,
                    provenance=provenance(ctx.doc, None if ctx.doc else (ctx.name.original if ctx.name else "")),
                    photo=photo, class_confidence=ctx.classification.confidence,
                    imported=ctx.classification.imported if ctx.is_label else None,
                    import_evidence=(ctx.classification.import_evidence or None) if ctx.is_label else None)
    # the suggest stage, after the rules: it reads the report and vets each rewrite with the name rules
    modified = ctx.milk_powder_modified()
    suggest_stage(report, ctx.name, modified, vet=lambda cand, cls: name_passes(cand, cls, ctx.as_of, modified=modified,
                                                              own_class=ctx.classification.basis != "user"))
    return assess(report, ctx)


def check(doc: LabelDocument, as_of: dt.date | None = None, product_class: str | None = None,
          settings: config.Settings | dict | str | None = None, *, edition_date: dt.date | None = None) -> Report:
    """Check a whole label document (`settings`: a configuration for this call, see labelcheck.config). The dates and
    the edition follow `as_of`, the check date — the edition follows `edition_date` instead where given (the label's
    production date, for `--edition-by production-date`)."""
    if settings is not None:
        with config.using(config.prepare(settings, rule_ids())):
            return check(doc, as_of, product_class, edition_date=edition_date)
    as_of = as_of or config.current().as_of or _today()
    original = doc.full_text
    plain_layout = normalize(original, compact=False)
    layout = reading_layout(plain_layout)
    compact = normalize(original)
    ann = annotate(compact)
    all_fields = extract_fields(layout, keep_other=True)
    fields = add_unlabelled(layout.text, {k: v for k, v in all_fields.items() if k not in other_keys()})
    ing_field = fields.get("ingredients", [None])[0]
    ingredients = parse_ingredients(ing_field.value, ing_field.start) if ing_field else []
    for fv in all_fields.get("additives", []) if ing_field else ():
        ingredients += parse_ingredients(fv.value, fv.start)      # 食品添加剂：… under the list: more of it
    nutrition = parse_nutrition(layout.text)
    name = name_from_document(doc, {**all_fields, **fields}, layout)
    category = None
    if "category" in fields:
        category = name_from_string(fields["category"][0].value)
    standard_text = " ".join(f.value for f in fields.get("standard", [])) or layout.text
    cls = classify(name, category, standard_text, ingredients, forced=product_class, text=compact.text)
    if product_class is None:
        feed = not_food_evidence(compact.text, name.text if name else "")
        if feed:
            cls = Classification("other", "not_food", feed)
    cls.imported, cls.import_evidence = import_evidence(fields)
    ctx = Context(kind="label", as_of=as_of, name=name, classification=cls, doc=doc, text=compact, layout=layout,
                  ann=ann, fields=fields, ingredients=ingredients, ingredients_field=ing_field, nutrition=nutrition,
                  edition_date=edition_date)
    standards = [] if cls.basis == "not_food" else standards_for(cls.product_class, label=True)
    report_fields: dict = {}
    if name is not None:
        report_fields["name"] = name.original
    for key, values in {**all_fields, **fields}.items():
        if key != "name":
            report_fields[key] = layout.orig_text(values[0].start, values[0].end) if layout is plain_layout \
                else kept_original(layout, values[0].start, values[0].end)
    if ingredients:
        report_fields["ingredients_list"] = [i.name for i in ingredients]
    if nutrition:
        report_fields["nutrition"] = {
            "basis": nutrition.basis, "serving_size": nutrition.serving_size,
            "rows": {k: {"value": r.value, "unit": r.unit, "per_100": r.per100, "nrv_percent": r.nrv_percent}
                     | ({"bound": r.bound} if r.bound else {}) for k, r in nutrition.rows.items()},
        }
    return _finish(ctx, doc.source or "-", doc.id, report_fields, standards)


def check_name(name: str, as_of: dt.date | None = None, product_class: str | None = None,
               title: bool | None = None, doc_id: str | None = None, source: str = "-",
               hints: dict | None = None, settings: config.Settings | dict | str | None = None) -> Report:
    """Check a product name or a marketplace title alone: only the name rules run."""
    if settings is not None:
        with config.using(config.prepare(settings, rule_ids())):
            return check_name(name, as_of, product_class, title, doc_id, source, hints)
    return checked_name(name, as_of, product_class, title, doc_id, source, hints)[0]


def checked_name(name: str, as_of: dt.date | None = None, product_class: str | None = None,
                 title: bool | None = None, doc_id: str | None = None, source: str = "-",
                 hints: dict | None = None, want_json: bool = False) -> tuple[Report, str | None]:
    """check_name under the settings in effect. With want_json, when the name's report comes from a template:
    its JSON, cut from the template's (the batch writes it as it is), and the template's report, shared — read its
    verdict, class and findings, do not keep or change it."""
    settings = config.current()
    as_of = as_of or settings.as_of or _today()
    screen = product_class is None and not hints and _screens(settings)
    done, read = _screen(name, screen, title, as_of, settings, doc_id, source, want_json)
    if done is not None:
        return done
    return _named_report(_named(*read, product_class, title), as_of, product_class, doc_id, source, hints,
                         want_json, settings)


def checked_names(names: list[str], as_of: dt.date | None = None, product_class: str | None = None,
                  titles: list[bool | None] | None = None, doc_ids: list[str | None] | None = None,
                  sources: list[str] | None = None, want_json: bool = False) -> list[tuple[Report, str | None]]:
    """checked_name of each name (`titles`, `doc_ids`, `sources`: each name's own, or None for the defaults), in
    order. The names are read in two passes: first every name is screened (most marketplace titles hold no class
    cue: their reports are copied from the no-cue template), then the rest are read in full — each pass keeps its
    own code warm, which a stream that alternates between them does not."""
    settings = config.current()
    as_of = as_of or settings.as_of or _today()
    n = len(names)
    titles = titles or [None] * n
    doc_ids = doc_ids or [None] * n
    sources = sources or ["-"] * n
    screen = product_class is None and _screens(settings)
    out: list = [None] * n
    rest = []
    for i, name in enumerate(names):
        out[i], read = _screen(name, screen, titles[i], as_of, settings, doc_ids[i], sources[i], want_json)
        if out[i] is None:
            rest.append((i, read))
    # the rest stage by stage too: each name read and classified, then each report
    named = [_named(*read, product_class, titles[i]) for i, read in rest]
    for (i, _), one in zip(rest, named):
        out[i] = _named_report(one, as_of, product_class, doc_ids[i], sources[i], None, want_json, settings)
    return out


def _screens(settings: config.Settings) -> bool:
    """Can a name without a class cue take the no-cue template under these settings (are `other`'s rules all
    constant)?"""
    return "other" in _constant_classes(settings.selected)


def _screen(name: str, screen: bool, title: bool | None, as_of: dt.date, settings: config.Settings,
            doc_id: str | None, source: str, want_json: bool) -> tuple[tuple | None, tuple]:
    """The name's (report, JSON) when the screen (fastpath.screened) gives it, else None; and what was read of the
    name for reading it in full: (its shadow, its lexicon hits, its brands when they were looked for)."""
    shadow = normalize(name)
    found = candidates(shadow.text)
    if not screen:
        return None, (shadow, found, None)
    # most titles hold no class cue: their report is the no-cue template's, with their own name and core
    report, rendered, brands = fastpath.screened(shadow, found, title, as_of, settings, doc_id, source, want_json)
    return (None if report is None else (report, rendered)), (shadow, found, brands)


def _named(shadow, found: list[tuple], brands: list | None, product_class: str | None, title: bool | None) -> tuple:
    """The name read in full and classified: (its NameInfo, report fields, classification or None for no cue)."""
    info = name_from_shadow(shadow, found, title, brands)
    fields = {"name": info.original}
    if info.core is not None:
        s, e = info.core
        fields["name_core"] = info.shadow.orig_text(s, e)
    # a name without a class cue: classified as the classifier would (other, by no feature), and only on a miss
    no_cue = product_class is None and fastpath.no_class_cue(info)
    # a standard code a title declares decides its class as a label's does (RULES.md §1.1)
    cls = None if no_cue else classify(info, None, info.shadow.text, [], forced=product_class)
    # a name read as a product of some kind (or as `other` of low confidence, for review) that is pet food or no food
    # at all (猫零食 蛋白肉, 植物肉 挤压机); one read as plain `other` stays as the screen gives it (no rule speaks of it
    # either way) — unless it holds a plant-meat brand,
    # which LC015 reads (星巴克 新膳肉 午餐肉 电子券: a voucher)
    if cls is not None and product_class is None and (cls.product_class != "other" or cls.basis != "none"
                                                      or cls.confidence == "low"
                                                      or any(b.plant_based for b in info.brands)) \
            and (feed := not_food_evidence("", info.shadow.text)):
        cls = Classification("other", "not_food", feed)
    return info, fields, cls


def _named_report(named: tuple, as_of: dt.date, product_class: str | None, doc_id: str | None, source: str,
                  hints: dict | None, want_json: bool, settings: config.Settings) -> tuple[Report, str | None]:
    """The report of a name read in full (_named): its classification's template's, or built by the rules."""
    info, fields, cls = named
    name = info.original
    title = info.core is not None
    key = None
    if not hints:
        ckey = fastpath.NO_CUE if cls is None else fastpath.classification_key(cls)
        key = fastpath.template_key(ckey, info, as_of, settings)
        # a class whose name rules are all constant takes its template without running them (unless the name holds a
        # plant-meat brand, which LC015 reads)
        if key is not None and not key[4] and ckey[0] in _constant_classes(settings.selected) and \
                (hit := fastpath.templated(key, doc_id, source, fields, name, want_json, settings=settings)):
            return hit
    cls = cls or fastpath.no_cue_classification(info)
    ctx = Context(kind="title" if title else "name", as_of=as_of, name=info, classification=cls, hints=hints or {})
    found = _findings(ctx)
    # any other class: its rules ran; where they found just what they found for the template, it is the template's
    if key is not None and fastpath.silent(found[0]) and \
            (hit := fastpath.templated(key, doc_id, source, fields, name, want_json, found[0], settings)):
        return hit
    standards = [] if cls.basis == "not_food" else standards_for(cls.product_class, label=False)
    report = _report(ctx, *found, source, doc_id, dict(fields), standards)
    if key is not None:
        report = fastpath.remember(key, report)
    return report, None


_VETTED: dict[tuple, tuple[config.Settings, bool]] = {}
_VETTED_MAX = 20_000         # candidates recur across titles of one product (植物蛋白汉堡饼…); bounded for a service


def name_passes(candidate: str, product_class: str, as_of: dt.date, modified: bool | None = None,
                own_class: bool = True) -> bool:
    """Would this name pass the name rules for this class? The suggest stage vets every candidate
    with it; only the rules run here, never the suggest stage, so vetting cannot recurse. The answer depends
    on nothing else (and the settings in effect), so it is kept. `own_class`: the class was read, not forced — a
    rewrite must still read as the food it imitates."""
    settings = config.current()
    key = (candidate, product_class, as_of, modified, own_class, id(settings))
    hit = _VETTED.get(key)
    if hit is not None and hit[0] is settings:
        return hit[1]
    ok = _name_passes(candidate, product_class, as_of, modified, own_class)
    if len(_VETTED) >= _VETTED_MAX:
        _VETTED.clear()
    _VETTED[key] = (settings, ok)
    return ok


def _name_passes(candidate: str, product_class: str, as_of: dt.date, modified: bool | None, own_class: bool) -> bool:
    info = name_from_string(candidate)
    if own_class and product_class != "other" and classify(info, None, "", []).product_class == "other":
        return False            # 人造肉饼 → 植物饼: a rewrite that no longer names the food it imitates is no fix
    cls = classify(info, None, "", [], forced=product_class)
    hints = {} if modified is None else {"modified": modified}
    ctx = Context(kind="name", as_of=as_of, name=info, classification=cls, hints=hints)
    # an error rule softened to a warning (黄豆 for 大豆, 植物牛排 for 植物肉牛排) still says the rewrite falls short
    for rule in _rules_for(False, product_class):
        if rule.severity == "error":
            if any(f.severity in ("error", "warning") for f in rule.check(ctx)):
                return False
    return True


def looks_like_title(name: str) -> bool:
    """Would check_name treat this input as a marketplace title?"""
    return is_title(normalize(name).text)
