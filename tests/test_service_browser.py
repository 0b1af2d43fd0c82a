"""The page at / in a real headless Chromium against a running `labelcheck serve`: upload artwork, see the
findings in the CLI's HTML report, switch to English, check a typed name. (.ci/run installs Debian's chromium.)"""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

pytest.importorskip("fastapi")
sys.path.insert(0, str(Path(__file__).parent))
from artwork import to_svg  # noqa: E402
from cdp import CHROMIUM, browser_page  # noqa: E402
from servehelp import running_server  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
REPORT_TEXT = "(() => { const f = document.getElementById('report'); const d = f && !f.hidden && f.contentDocument; return d && d.body ? d.body.innerText : ''; })()"


@pytest.mark.skipif(CHROMIUM is None, reason="no Chromium on this machine (.ci/run installs Debian's chromium)")
def test_page_checks_dropped_artwork_and_a_typed_name(tmp_path):
    doc = json.loads((ROOT / "corpus/examples/dairy_fail_name_font.json").read_text(encoding="utf-8"))
    artwork = tmp_path / "proof.svg"
    artwork.write_bytes(to_svg(doc))
    with running_server() as base, browser_page() as page:
        page.navigate(base + "/")
        assert page.eval("document.documentElement.lang") == "zh-CN"
        assert "拖到这里" in page.eval("document.getElementById('drop').innerText")

        page.set_files("#file", [str(artwork)])
        report = page.wait_for(f"(() => {{ const t = {REPORT_TEXT}; return t.includes('LC113') ? t : ''; }})()")
        assert "7.1.3" in report and "乳基蛋白" in report
        assert page.eval("document.querySelectorAll('#report').length && document.getElementById('report')"
                         ".contentDocument.querySelector('[data-rule=\"LC113\"]') !== null")
        assert "proof.svg" in page.eval("document.getElementById('status').textContent")
        assert page.eval("!document.getElementById('downloads').hidden")
        # the artwork picture with the offending run outlined, as in the CLI's HTML
        assert page.eval("document.getElementById('report').contentDocument.querySelector('rect.box-error') !== null")
        shot = os.environ.get("LABELCHECK_SCREENSHOT")
        png = page.screenshot()
        assert png.startswith(b"\x89PNG")
        if shot:
            Path(shot).write_bytes(png)

        page.eval("document.getElementById('lang-en').click()")
        assert page.eval("document.documentElement.lang") == "en"
        assert "Drop a PDF" in page.eval("document.getElementById('drop').innerText")

        page.eval("document.getElementById('name').value = '植物肉香肠'; "
                  "document.getElementById('check-name').click()")
        report = page.wait_for(f"(() => {{ const t = {REPORT_TEXT}; return t.includes('LC001') && !t.includes('LC113') ? t : ''; }})()")
        assert "植物肉香肠" in report and "植物肉香肠" in page.eval("document.getElementById('status').textContent")
        # a download posts the same input again and gets the CLI's JSON
        body = page.eval("fetch('/v1/names?format=json', {method: 'POST', headers: {'content-type': 'application/json'}, "
                         "body: JSON.stringify({names: ['植物肉香肠']})}).then(r => r.json())")
        assert body[0]["product_class"] == "plant_meat" and body[0]["findings"][0]["rule"] == "LC001"

        # a file dropped on the drop zone (a DragEvent carrying it, as a drag from the desktop does)
        label = (ROOT / "corpus/examples/soy_missing_prefix.json").read_text(encoding="utf-8")
        page.eval("(() => { const dt = new DataTransfer(); "
                  f"dt.items.add(new File([{json.dumps(label)}], 'soy.json', {{type: 'application/json'}})); "
                  "document.getElementById('drop').dispatchEvent(new DragEvent('drop', {dataTransfer: dt, bubbles: true, cancelable: true})); })()")
        report = page.wait_for(f"(() => {{ const t = {REPORT_TEXT}; return t.includes('LC101') ? t : ''; }})()")
        assert "8.2.2" in report and "soy.json" in page.eval("document.getElementById('status').textContent")

        # the OpenAPI page renders the API from the server's own files
        page.navigate(base + "/docs")
        paths = page.wait_for("Array.from(document.querySelectorAll('.opblock-summary-path')).map(e => e.textContent).join(' ')", 60)
        assert "/v1/check" in paths and "/v1/names" in paths and "/v1/rules" in paths
