"""needs_review: a report whose verdict rests on weak evidence says so, with its reasons.

A moderation pipeline acts on verdicts; where the verdict rests on a guess — a class read with low confidence,
a number on the label that could not be read (the rules that need it were skipped), or an analogue cue that is
only a brand — it should send the listing to a person instead. The conditions are data (lexicons/review.toml);
this is called once, where the pipeline builds the report.
"""
from __future__ import annotations

from functools import cache

from .models import Report
from .normalize import clean_original
from .resources import lexicon

LOW_CLASS_CONFIDENCE = "low_class_confidence"
UNREADABLE_NUMBER = "unreadable_number"
BRAND_ONLY_CUE = "brand_only_cue"
PHOTO_EVIDENCE = "photo_evidence"
NAME_PARTLY_SHOWN = "name_partly_shown"
OCR_TEXT_LAYER = "ocr_text_layer"
SEVERAL_FOODS = "several_foods"


@cache
def _data() -> dict:
    return lexicon("review")


def _low_confidence(report: Report) -> bool:
    conf = report.__dict__.get("class_confidence")     # a field only once issue 14's Report has it
    if conf is None:
        conf = report.classification.get("confidence")
    if conf is None:                                  # not said: the class is taken as read with confidence
        return False
    d = _data()["class_confidence"]                   # (rare: only reports that carry a confidence get here)
    if isinstance(conf, (int, float)) and not isinstance(conf, bool):
        return conf < d["numeric_below"]
    return str(conf).lower() in d["low"]


@cache
def _unreadable_rules() -> frozenset:
    return frozenset(_data()["unreadable_number"]["rules"])


def _unreadable_number(report: Report) -> bool:
    rules = _unreadable_rules()
    return bool(rules) and any(f.rule in rules for f in report.findings)


@cache
def _brands() -> tuple[frozenset[str], tuple[str, ...]]:
    d = _data()["brand_cue"]
    return frozenset(b.casefold() for b in d["brands"]), tuple(d["cue_categories"])


def analogue_brands() -> frozenset[str]:
    """The analogue brands (casefolded) whose name alone is a cue (lexicons/review.toml)."""
    return _brands()[0]


def brand_only_cue(name) -> bool:
    """The name holds an analogue brand, and no analogue word outside it (a NameInfo, or None). The brands are
    those the name reading found (extract/terms.find_brands: every analogue brand here is one of its known brands,
    tests/test_review.py checks it)."""
    if name is None or not name.brands:
        return False
    brands, cats = _brands()
    # …or a word the seller marked ®/™ that is itself an analogue word (乳基蛋白®牛排, 植物肉®汉堡饼): a brand by the
    # mark, whose words the name does not repeat outside it
    spans = [(b.start, b.end) for b in name.brands if b.text.casefold() in brands or b.analogue_word]
    if not spans:
        return False
    return all(any(s <= m.start and m.end <= e for s, e in spans) for m in name.matches(*cats))


def _name_partly_shown(ctx) -> bool:
    """Artwork whose displayed name, read from its live text, is only part of the name its 产品名称 field gives (乳基蛋白
    live beside a calligraphic 牛排 drawn as outlines): the sizes and colours of the rest cannot be judged."""
    name = getattr(ctx, "name", None)
    if getattr(ctx, "doc", None) is None or name is None or not name.spans:
        return False                 # (a name or title alone, or a caller's context without a document)
    declared = ctx.field("name")
    if declared is None:
        return False
    shown, said = clean_original(name.original), clean_original(declared.value)
    return len(said) > len(shown) and shown in said


def _ocr_layer(ctx) -> bool:
    """A PDF whose text is a scan's invisible OCR layer: its words, sizes and colours are another program's reading of
    a picture, not the artwork's own."""
    doc = getattr(ctx, "doc", None)
    notes = (getattr(doc, "_artwork_notes", None) or {}) if doc is not None else {}
    return bool(notes.get("ocr_layer_pages"))


def assess(report: Report, ctx) -> Report:
    """Set `needs_review` and `review_reasons` on the report (from the report and the pipeline's context)."""
    reasons = []
    if _low_confidence(report):
        reasons.append(LOW_CLASS_CONFIDENCE)
    if _unreadable_number(report):
        reasons.append(UNREADABLE_NUMBER)
    basis = ctx.classification.basis
    if basis in ("name", "none") and brand_only_cue(ctx.name):
        reasons.append(BRAND_ONLY_CUE)
    if _name_partly_shown(ctx):
        reasons.append(NAME_PARTLY_SHOWN)
    if _ocr_layer(ctx):
        reasons.append(OCR_TEXT_LAYER)
    if getattr(ctx, "assortment", 0):
        reasons.append(SEVERAL_FOODS)
    if report.photo and report.photo.get("needs_review"):
        # read from photos: the photo step withdrew or softened findings (its own reasons are in report.photo)
        reasons.append(PHOTO_EVIDENCE)
    # set in place: the report is the pipeline's own, not yet handed out (pydantic's __setattr__ is the slow way)
    report.__dict__["needs_review"] = bool(reasons)
    report.__dict__["review_reasons"] = reasons
    report.__pydantic_fields_set__.update(("needs_review", "review_reasons"))
    return report
