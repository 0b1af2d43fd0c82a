"""The class table (lexicons/classes.toml) is complete and agrees with what classify still spells itself."""
from __future__ import annotations

from labelcheck import classes, classify
from labelcheck.models import PRODUCT_CLASSES
from labelcheck.resources import lexicon


def test_every_class_has_a_row_and_its_references_exist():
    table = classes.classes()
    assert set(table) == set(PRODUCT_CLASSES)
    terms = lexicon("terms")
    items = lexicon("required_items")
    for c in table.values():
        assert c.zh
        for cat in c.cues + c.name_anchor:
            assert cat in terms, f"{c.key}: cue {cat} is not a terms.toml category"
        if c.required_items:
            assert c.required_items in items
        for edit in c.minimal_edits:
            assert (edit.before or edit.after) and all(cat in terms for cat in [edit.before or edit.after, *edit.unless, *edit.skip])


def test_standards_for_labels_and_names():
    assert classes.standards_for("soy_meat", label=True) == ["cnfia-165", "gb-7718", "gb-28050", "net-content"]
    assert classes.standards_for("plant_meat", label=False) == ["chc-pbf-3", "gb-7718"]
    assert classes.standards_for("other", label=False) == []
    assert classify.CLASS_STANDARD is classes.CLASS_STANDARD


def test_classify_reads_declared_codes_and_protein_sources_from_the_table():
    # classify has no DECLARED / SOURCE_CLASS of its own any more: it reads lexicons/classes.toml
    assert not hasattr(classify, "DECLARED") and not hasattr(classify, "SOURCE_CLASS")
    for text, want in (("执行标准：T/CNFIA 165-2022", "soy_meat"), ("T / CEAC 123—2025", "dairy_meat"), ("t/ceac123", "dairy_meat")):
        assert classify.classify(None, None, text, []).product_class == want
    for source in ("soy_protein", "dairy_protein", "plant_protein"):
        assert classify._source_class(source) == classes.by_protein_source(source)
    assert classify._source_class("animal_meat") == "other"
