"""Artwork from the twelfth outside sweep (tests/fixtures/artwork/sweep12/) and the causes it found, each once read
wrong or reported badly: pdfminer's warnings on Chromium's fonts printed to stderr by the hundred."""
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
