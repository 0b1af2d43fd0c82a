"""The HTML report: self-contained, and rendered by a real headless Chromium with the findings visible."""
from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import labelcheck
from labelcheck.ingest import load_bytes
from labelcheck.render.html import render_html

sys.path.insert(0, str(Path(__file__).parent))
from artwork import to_pdf  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]


def _report_html(tmp_path: Path) -> Path:
    doc = json.loads((ROOT / "corpus/examples/dairy_fail_name_font.json").read_text(encoding="utf-8"))
    art = load_bytes(to_pdf(doc), "proof.pdf", ".pdf")
    report = labelcheck.check(art, as_of=dt.date(2026, 11, 23))
    out = tmp_path / "report.html"
    out.write_text(render_html([report], [art]), encoding="utf-8")
    return out


def test_html_is_self_contained_and_marks_evidence(tmp_path):
    html = _report_html(tmp_path).read_text(encoding="utf-8")
    assert "http://" not in html.replace("http://www.w3.org/2000/svg", "") and "https://" not in html
    assert '<mark class="m-error" title="LC113">乳基蛋白</mark>' in html
    assert "What I read" in html and 'class="swatch"' in html and 'class="callout callout-error"' in html
    assert "provenance" in html and "ruleset" in html
    assert 'data-rule="LC113"' in html and "7.1.3" in html and "data:image/png;base64," in html
    assert '<rect class="box-error"' in html


@pytest.mark.skipif(CHROMIUM is None, reason="no Chromium on this machine (.ci/run installs Debian's chromium)")
def test_html_renders_in_headless_chromium(tmp_path):
    page = _report_html(tmp_path)
    profile = tmp_path / "profile"
    dom = subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={profile}", "--dump-dom", page.as_uri()],
                         capture_output=True, text=True, timeout=120)
    assert 'data-rule="LC113"' in dom.stdout and "FAIL" in dom.stdout
    shot = tmp_path / "shot.png"
    subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={profile}", "--window-size=1200,1600", f"--screenshot={shot}", page.as_uri()],
                   capture_output=True, timeout=120)
    from PIL import Image
    img = Image.open(shot).convert("RGB")
    red = _red_pixels(img)
    assert red > 500, "the error badge and evidence marks should be visible in red"


ARTIFACTS = Path(__file__).resolve().parent / "artifacts"     # screenshots kept for a person to look at (git-ignored)


def _batch_page(tmp_path: Path) -> Path:
    docs = [json.loads((ROOT / f"corpus/examples/{n}").read_text(encoding="utf-8"))
            for n in ("dairy_fail_name_font.json", "dairy_pass.json", "soy_missing_prefix.json")]
    arts = [load_bytes(to_pdf(d), f"proof-{i}.pdf", ".pdf") for i, d in enumerate(docs)]
    reports = [labelcheck.check(a, as_of=dt.date(2026, 11, 23)) for a in arts]
    reports.append({"id": None, "source": "rows.jsonl:9", "error": "line 9: not JSON"})
    out = tmp_path / "batch.html"
    out.write_text(render_html(reports, arts), encoding="utf-8")
    return out


@pytest.mark.skipif(CHROMIUM is None, reason="no Chromium on this machine (.ci/run installs Debian's chromium)")
def test_batch_index_filters_sorts_and_screenshots_in_chromium(tmp_path):
    page = _batch_page(tmp_path)
    profile = tmp_path / "profile"

    def dom(query: str) -> str:
        return subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={profile}", "--dump-dom", page.as_uri() + query],
                              capture_output=True, text=True, timeout=120).stdout

    plain = dom("")
    rows = re.findall(r'<tr class="index-row( hidden)?"[^>]*data-verdict="(\w+)"', plain)
    assert len(rows) == 4 and not any(h for h, _ in rows)
    filtered = dom("?verdict=fail")
    rows = re.findall(r'<tr class="index-row( hidden)?"[^>]*data-verdict="(\w+)"', filtered)
    assert {v for h, v in rows if not h} == {"fail"} and any(h for h, _ in rows)
    assert re.search(r'<section class="report hidden" id="label-2"', filtered) or "pass" not in {v for _, v in rows}
    by_rule = dom("?rule=LC113&severity=error")
    shown = re.findall(r'<tr class="index-row"[^>]*data-title="([^"]+)"', by_rule)
    assert shown and all("proof-0" in t for t in shown)
    ordered = dom("?sort=errors&dir=desc")
    counts = [int(c) for c in re.findall(r'<tr class="index-row[^"]*"[^>]*data-errors="(\d+)"', ordered)]
    assert counts == sorted(counts, reverse=True)
    ARTIFACTS.mkdir(exist_ok=True)
    for name, frag in (("batch-index.png", ""), ("batch-label.png", "#label-1")):
        shot = ARTIFACTS / name
        shot.unlink(missing_ok=True)
        subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={profile}", "--window-size=1200,1600", f"--screenshot={shot}",
                        page.as_uri() + frag], capture_output=True, timeout=120)
        assert shot.is_file() and shot.stat().st_size > 10_000
    from PIL import Image
    assert _red_pixels(Image.open(ARTIFACTS / "batch-index.png").convert("RGB")) > 200


def _red_pixels(img) -> int:
    data = img.tobytes()
    return sum(1 for i in range(0, len(data), 3) if data[i] > 170 and data[i + 1] < 80 and data[i + 2] < 80)
