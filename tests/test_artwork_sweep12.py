"""Artwork from the twelfth outside sweep (tests/fixtures/artwork/sweep12/) and the causes it found, each once read
wrong or reported badly: pdfminer's warnings on Chromium's fonts printed to stderr by the hundred; an Illustrator
Save As SVG (entities in its DTD) refused without saying what to do instead."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SWEEP = ROOT / "tests" / "fixtures" / "artwork" / "sweep12"


def _cli(*args) -> tuple[int, str, str]:
    p = subprocess.run([sys.executable, "-m", "labelcheck", *args], capture_output=True, timeout=120, cwd=ROOT)
    return p.returncode, p.stdout.decode("utf-8"), p.stderr.decode("utf-8")


# ---------------------------------------------------------------- 1. pdfminer's logging

def test_chromium_pdf_prints_no_pdfminer_warnings():
    # Chromium's embedded fonts have no FontBBox: pdfminer warned once per character ("Could not get FontBBox from
    # font descriptor because None cannot be parsed as 4 floats"), and Python printed each warning to stderr
    code, out, err = _cli("check", str(SWEEP / "chromium_fontbbox_name.pdf"), "--format", "json")
    assert code in (0, 1) and out.strip().startswith("{")
    assert err == "", err


def test_an_unreadable_pdf_still_says_so_in_one_line(tmp_path):
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF")
    code, out, err = _cli("check", str(bad), "--format", "json")
    assert code == 2 and len(err.strip().splitlines()) == 1 and "broken.pdf" in err, err


# ---------------------------------------------------------------- 2. entities refused, with the way out

def test_illustrator_save_as_entities_refused_with_the_next_step():
    # Save As with "Preserve Illustrator Editing Capabilities": a DTD declaring &ns_ai; and its kin. Still refused (an
    # entity may expand without bound), but the one line says how to export the file so that it reads
    code, out, err = _cli("check", str(SWEEP / "ai_saveas_preserve_editing_entities.svg"), "--format", "json")
    assert code == 2 and out == "" and len(err.strip().splitlines()) == 1, err
    assert "entities" in err and "Export As" in err and "Preserve Illustrator Editing Capabilities" in err, err


def test_other_entities_refused_with_a_plain_next_step():
    import pytest

    from labelcheck.errors import InputError
    from labelcheck.ingest import load_bytes
    bomb = (b'<?xml version="1.0"?><!DOCTYPE s [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]>'
            b'<svg xmlns="http://www.w3.org/2000/svg"><text>&b;</text></svg>')
    with pytest.raises(InputError, match="entities") as exc:
        load_bytes(bomb, "bomb.svg", ".svg")
    assert "plain SVG" in str(exc.value) and "Illustrator" not in str(exc.value)
