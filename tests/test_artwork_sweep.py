"""Artwork an outside tester exported the way design tools do (tests/fixtures/artwork/sweep/): the exact findings
each must give. Each once went wrong: the net content repeated small on the back panel judged as the declaration, a
condensed face measured short, a superscript ® left off its brand, Illustrator's escaped layer names unread, an
outlined name replaced by the largest field line."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

import labelcheck
from labelcheck.ingest import load_path

SWEEP = Path(__file__).resolve().parent / "fixtures" / "artwork" / "sweep"
AS_OF = dt.date(2026, 11, 23)

CASES = {
    # compliant: the front net content is tall enough; the back panel repeats it at 2.1 mm
    "ai01_dairy_steak_ok": ("dairy_meat", []),
    "ai04_dairy_perchar_tracking": ("dairy_meat", []),           # one tspan per character, tracked
    "ai05_dairy_colour_notations": ("dairy_meat", []),           # rgb(230,0,18), #e60012 and a class: one colour
    "ai20_dairy_condensed_qualifier": ("dairy_meat", []),        # 长体 90 %: the qualifier is as tall as 肉丸
    "ink08_dairy_px_doc_scaled_group": ("dairy_meat", []),       # Inkscape 0.92 px document, a scaled back group
    # 70 % qualifier on a pack whose layers Illustrator named 正面/侧面/背面 in escaped ids, side text rotated
    "ai22_dairy_qual70_cn_layers_rotated_side": ("dairy_meat", ["LC113"]),
    "cdr12_dairy_qual70": ("dairy_meat", ["LC113"]),             # CorelDRAW, DOCTYPE and all
    "fig10_soy_family_net_small": ("soy_meat", ["LC582"]),       # 1.2 kg at 4.2 mm: 6 mm needed
    # a brand 肉食主义 with its mark (a superscript tspan, or ™ in the run) twice the name's height
    "ai21_dairy_brand_tall_superscript_R": ("dairy_meat", ["LC540", "LC540"]),
    "ink07b_soy_brand_tall_meatword": ("soy_meat", ["LC540", "LC540"]),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_sweep_artwork_findings(name):
    product_class, rules = CASES[name]
    report = labelcheck.check(load_path(str(SWEEP / f"{name}.svg")), as_of=AS_OF)
    got = sorted(f.rule for f in report.findings if f.severity != "info")
    assert (report.product_class, got) == (product_class, sorted(rules)), [
        (f.rule, f.severity, f.message) for f in report.findings]


def test_an_outlined_name_is_read_from_the_name_field_not_the_largest_line():
    doc = load_path(str(SWEEP / "ai14_dairy_name_outlined.svg"))
    report = labelcheck.check(doc, as_of=AS_OF)
    assert report.fields["name"] == "乳基蛋白牛排"               # 产品名称 on the back, not 净含量：200克
    # nor is "Dairy-based Protein Steak", the outlined name's English, paired with the tagline above it (LC803)
    assert not {"LC111", "LC113", "LC114", "LC540", "LC803"} & {f.rule for f in report.findings}


def test_a_superscript_mark_joins_its_word_and_escaped_layer_ids_name_panels():
    spans = load_path(str(SWEEP / "ai21_dairy_brand_tall_superscript_R.svg")).spans
    assert any(s.text == "肉食主义®" for s in spans) and not any(s.text == "®" for s in spans)
    panels = {s.panel for s in load_path(str(SWEEP / "ai22_dairy_qual70_cn_layers_rotated_side.svg")).spans}
    assert "front" in panels and "back" in panels
