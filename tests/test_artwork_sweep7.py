"""Artwork from the seventh outside sweep (tests/fixtures/artwork/sweep7/), each once read wrong: Illustrator's
"Export As" SVG (no generator comment, no Adobe namespace) measured at 96 px/in instead of its points; a hidden
layer hidden by the display="none" attribute, a front face joined to the back's table across the dieline's fold, and a Figma claim at opacity="0", read as printed text; a net content
set as a small 净含量： and a large 250克 judged by the back panel's small repeat. A px-sized SVG from a tool that
cannot be told says its sizes rest on an assumed 96 px/in: warnings, not errors."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

import labelcheck
from labelcheck.ingest import load_path

SWEEP = Path(__file__).resolve().parent / "fixtures" / "artwork" / "sweep7"
AS_OF = dt.date(2026, 12, 2)

CASES = {
    "ai01_exportas_no_generator_ok": ("dairy_meat", []),
    "ai11_split_net_content": ("dairy_meat", []),
    "ai11b_hidden_layer_display_attr": ("dairy_meat", []),
    "fig15_opacity_zero_claim": ("soy_meat", []),
    # a dieline's folds cut the faces: a sparse front is not joined to the back's table because baselines line up,
    # and right-aligned (text-anchor="end") text is placed where it prints
    "ink05b_dieline_right_aligned": ("soy_meat", []),
    "ink05c_dieline_baselines_coincide": ("soy_meat", []),
    # ai01 with Illustrator's marks taken off: at an assumed 96 px/in its type is 25 % smaller than printed
    "px01_unknown_tool_px_sizes": ("dairy_meat", [("LC582", "warning"), ("LC583", "warning")]),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_sweep7_artwork_findings(name):
    product_class, want = CASES[name]
    report = labelcheck.check(load_path(str(SWEEP / f"{name}.svg")), as_of=AS_OF)
    got = sorted((f.rule, f.severity) for f in report.findings if f.severity != "info")
    assert (report.product_class, got) == (product_class, sorted(want)), [(f.rule, f.message) for f in report.findings]


def test_an_assumed_scale_is_said_in_the_message():
    report = labelcheck.check(load_path(str(SWEEP / "px01_unknown_tool_px_sizes.svg")), as_of=AS_OF)
    assert all("96 px/英寸" in f.message for f in report.findings if f.rule in ("LC582", "LC583"))
