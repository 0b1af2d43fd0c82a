"""The HTTP service: the CLI's reports over the JSON API, its errors, limits and hostile input (FastAPI test client)."""
from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import tempfile
import threading
import time
import zlib
from pathlib import Path

import pytest

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient  # noqa: E402

from labelcheck.service.app import create_app  # noqa: E402
from labelcheck.service.limits import Limits  # noqa: E402
from labelcheck.service.limits import Gate, Refused  # noqa: E402

sys.path.insert(0, str(Path(__file__).parent))
from artwork import to_pdf, to_svg  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
AS_OF = "2026-11-23"
EXAMPLE = ROOT / "corpus/examples/dairy_fail_name_font.json"


def cli(*args: str, stdin: bytes | None = None, cwd: Path = ROOT) -> str:
    out = subprocess.run([sys.executable, "-m", "labelcheck", *args], input=stdin, capture_output=True, cwd=cwd)
    assert out.returncode in (0, 1), out.stderr.decode()
    return out.stdout.decode()


@pytest.fixture(scope="module")
def client():
    with TestClient(create_app(Limits(max_bytes=2_000_000, max_names=5, max_pdf_objects=400))) as c:
        yield c


def _error(resp, status: int, error: str | None = None) -> dict:
    assert resp.status_code == status, resp.text
    body = resp.json()
    assert set(body) == {"error", "detail"} and body["detail"], body
    assert "Traceback" not in resp.text
    if error:
        assert body["error"] == error, body
    return body


# ---- the same reports as the CLI ----

def test_check_json_body_is_the_clis_report(client):
    data = EXAMPLE.read_bytes()
    resp = client.post(f"/v1/check?as_of={AS_OF}", content=data, headers={"content-type": "application/json"})
    assert resp.status_code == 200 and resp.headers["content-type"].startswith("application/json")
    assert resp.text + "\n" == cli("check", "-", "--format", "json", "--as-of", AS_OF, stdin=data)
    assert any(f["rule"] == "LC113" and f["clause"] == "7.1.3" for f in resp.json()["findings"])


def test_check_svg_upload_is_the_clis_report(client, tmp_path):
    svg = to_svg(json.loads(EXAMPLE.read_text(encoding="utf-8")))
    (tmp_path / "proof.svg").write_bytes(svg)
    resp = client.post(f"/v1/check?as_of={AS_OF}", files={"file": ("proof.svg", svg, "image/svg+xml")})
    assert resp.status_code == 200, resp.text
    assert resp.text + "\n" == cli("check", "proof.svg", "--format", "json", "--as-of", AS_OF, cwd=tmp_path)
    assert resp.json()["source"] == "proof.svg"


def test_check_pdf_raw_body_and_class_and_text(client):
    pdf = to_pdf(json.loads(EXAMPLE.read_text(encoding="utf-8")))
    resp = client.post(f"/v1/check?as_of={AS_OF}", content=pdf, headers={"content-type": "application/pdf"})
    assert resp.status_code == 200 and resp.json()["verdict"] == "fail"
    text = "植物肉香肠\n配料：水，大豆分离蛋白，植物油\n净含量：200克"
    resp = client.post(f"/v1/check?as_of={AS_OF}&class=soy_meat", content=text.encode(), headers={"content-type": "text/plain"})
    assert resp.text + "\n" == cli("check", "-", "--format", "json", "--as-of", AS_OF, "--class", "soy_meat", stdin=text.encode())
    assert resp.json()["product_class"] == "soy_meat"


def test_check_html_and_csv_are_the_clis_renderings(client):
    data = EXAMPLE.read_bytes()
    html = client.post(f"/v1/check?as_of={AS_OF}&format=html", content=data, headers={"content-type": "application/json"})
    assert html.status_code == 200 and html.headers["content-type"].startswith("text/html")
    assert 'data-rule="LC113"' in html.text and '<mark class="m-error" title="LC113">乳基蛋白</mark>' in html.text
    csv = client.post(f"/v1/check?as_of={AS_OF}&format=csv", content=data, headers={"content-type": "application/json"})
    assert csv.status_code == 200 and "attachment" in csv.headers["content-disposition"]
    assert csv.text == cli("check", "-", "--format", "csv", "--as-of", AS_OF, stdin=data)


def test_xlsx_download_only_when_offered(client):
    from labelcheck.service.core import xlsx_renderer
    resp = client.post(f"/v1/names?as_of={AS_OF}&format=xlsx", json=["植物肉香肠"])
    if xlsx_renderer() is None:
        _error(resp, 415, "unsupported_format")
    else:
        assert resp.status_code == 200 and resp.content[:2] == b"PK" and "attachment" in resp.headers["content-disposition"]
        import io
        import openpyxl
        book = openpyxl.load_workbook(io.BytesIO(resp.content))
        findings = book.worksheets[0]
        assert book.sheetnames[0] == "findings" and findings.max_row >= 2        # a header, then one row per finding


def test_xlsx_is_offered_with_the_xlsx_extra(client):
    pytest.importorskip("openpyxl")
    from labelcheck.service.core import xlsx_renderer
    assert xlsx_renderer() is not None and "xlsx" in client.get("/healthz").json()["formats"]


def test_names_one_report_per_name_like_the_cli(client):
    names = ["植物肉香肠", "【包邮】植物肉汉堡饼 200g*2", "大豆素肉香肠"]
    resp = client.post(f"/v1/names?as_of={AS_OF}&class=soy_meat", json={"names": names})
    assert resp.status_code == 200
    reports = resp.json()
    assert isinstance(reports, list) and len(reports) == 3
    for name, report in zip(names, reports):
        assert report == json.loads(cli("name", name, "--format", "json", "--as-of", AS_OF, "--class", "soy_meat"))
    assert reports[0]["verdict"] == "fail" and reports[0]["findings"][0]["rule"] == "LC101"
    bare = client.post(f"/v1/names?as_of={AS_OF}&class=soy_meat", json=names[:1])      # a bare JSON list is accepted too
    assert bare.json() == reports[:1]


def test_rules_and_healthz_and_docs(client):
    assert client.get("/v1/rules").json() == json.loads(cli("rules", "--format", "json"))
    health = client.get("/healthz").json()
    assert health["status"] == "ok" and "json" in health["formats"]
    spec = client.get("/openapi.json").json()
    assert {"/v1/check", "/v1/names", "/v1/rules", "/healthz"} <= set(spec["paths"])
    assert "multipart/form-data" in spec["paths"]["/v1/check"]["post"]["requestBody"]["content"]
    docs = client.get("/docs")
    assert docs.status_code == 200 and "/openapi.json" in docs.text
    if "/_docs/swagger-ui-bundle.js" in docs.text:        # served from the swagger-ui-bundle package: works offline
        assert "https://" not in docs.text and client.get("/_docs/swagger-ui-bundle.js").status_code == 200


def test_page_is_self_contained_and_bilingual(client):
    page = client.get("/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    html = page.text
    assert "http://" not in html and "https://" not in html and "<script src" not in html and "<link" not in html
    assert 'lang="zh-CN"' in html and "English" in html and "把 PDF、SVG 或文本文件拖到这里" in html and "Drop a PDF" in html
    assert "default-src 'self'" in page.headers["content-security-policy"]
    assert ('data-format="xlsx"' in html) == ("xlsx" in client.get("/healthz").json()["formats"])


# ---- errors: the right status, JSON {"error", "detail"}, never a stack trace ----

@pytest.mark.parametrize("body,ctype,status,error", [
    (b"{bad json", "application/json", 400, "unusable_input"),
    (b"", "application/json", 400, "unusable_input"),
    (b"   \n", "text/plain", 400, "unusable_input"),
    (b"%PDF-1.4 garbage", "application/pdf", 400, "unusable_input"),
    (b"<svg xmlns='http://www.w3.org/2000/svg'><text>x", "image/svg+xml", 400, "unusable_input"),
    (b'{"spans": 5}', "application/json", 422, "invalid_document"),
    (b"[1, 2]", "application/json", 422, "invalid_document"),
    (b"PK\x03\x04", "application/zip", 415, "unsupported_type"),
    (b"hello", "", 415, "unsupported_type"),
])
def test_check_errors(client, body, ctype, status, error):
    _error(client.post("/v1/check", content=body, headers={"content-type": ctype} if ctype else {}), status, error)


def test_upload_errors(client):
    _error(client.post("/v1/check", files={"file": ("label.docx", b"PK\x03\x04", "application/octet-stream")}), 415)
    _error(client.post("/v1/check", files={"other": ("a.txt", b"x")}), 422)
    _error(client.post("/v1/check", content=b"--xyz\r\nbroken", headers={"content-type": "multipart/form-data; boundary=xyz"}), 422)
    _error(client.post("/v1/check", content=b"x", headers={"content-type": "multipart/form-data"}), 400)
    _error(client.post("/v1/check?as_of=2026-13-40", content=b"x", headers={"content-type": "text/plain"}), 422, "invalid")
    _error(client.post("/v1/check?class=beef", content=b"x", headers={"content-type": "text/plain"}), 422, "invalid")
    _error(client.get("/nowhere"), 404, "not_found")
    _error(client.get("/v1/check"), 405)


def test_names_errors(client):
    _error(client.post("/v1/names", json={"names": []}), 422)
    _error(client.post("/v1/names", json={"names": "植物肉"}), 422)
    _error(client.post("/v1/names", json={"names": ["植物肉", "  "]}), 400, "unusable_input")
    _error(client.post("/v1/names", json={"names": ["植物肉"] * 6}), 413, "too_many")
    _error(client.post("/v1/names", json={"names": ["肉" * 3000]}), 413)
    _error(client.post("/v1/names", content=b"{", headers={"content-type": "application/json"}), 400)


def test_oversized_bodies_get_413(client):
    big = b"a" * 2_000_001
    _error(client.post("/v1/check", content=big, headers={"content-type": "text/plain"}), 413, "too_large")
    _error(client.post("/v1/check", files={"file": ("big.txt", big)}), 413, "too_large")

    def chunks():               # no Content-Length: counted as it streams
        for _ in range(40):
            yield b"b" * 100_000
    _error(client.post("/v1/check", content=chunks(), headers={"content-type": "text/plain"}), 413, "too_large")
    _error(client.post("/v1/names", json={"names": ["肉" * 1_000_000]}), 413, "too_large")
    assert client.get("/healthz").status_code == 200


def test_hostile_svg_and_pdf_refused(client):
    bomb = (b'<?xml version="1.0"?><!DOCTYPE s [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
            b'<svg xmlns="http://www.w3.org/2000/svg"><text>&b;</text></svg>')
    assert "DOCTYPE" in _error(client.post("/v1/check", files={"file": ("bomb.svg", bomb)}), 400, "refused")["detail"]
    for ref in (b'<image href="file:///etc/passwd" width="1" height="1"/>',
                b'<use xlink:href="http://example.com/a.svg#x" xmlns:xlink="http://www.w3.org/1999/xlink"/>',
                b'<style>@import "http://example.com/x.css";</style>',
                b'<rect style="fill:url(http://example.com/p.svg#g)" width="1" height="1"/>'):
        svg = b'<svg xmlns="http://www.w3.org/2000/svg">' + ref + '<text x="1" y="10">植物肉香肠</text></svg>'.encode()
        _error(client.post("/v1/check", content=svg, headers={"content-type": "image/svg+xml"}), 400, "refused")
    inside = ('<svg xmlns="http://www.w3.org/2000/svg"><defs><linearGradient id="g"/></defs>'
              '<rect style="fill:url(#g)" width="1" height="1"/><text x="1" y="10" font-size="12">植物肉香肠</text></svg>').encode()
    assert client.post("/v1/check", content=inside, headers={"content-type": "image/svg+xml"}).status_code == 200
    # Illustrator's Save As: a DOCTYPE declaring plain namespace strings only — read, as the CLI reads it
    saveas = (Path(__file__).resolve().parent / "fixtures/artwork/sweep12/ai_saveas_preserve_editing_entities.svg").read_bytes()
    got = client.post("/v1/check", content=saveas, headers={"content-type": "image/svg+xml"})
    assert got.status_code == 200 and got.json()["product_class"] == "dairy_meat"
    many = b"%PDF-1.4\n" + b"".join(b"%d 0 obj\n<<>>\nendobj\n" % i for i in range(1, 500))
    assert "objects" in _error(client.post("/v1/check", content=many, headers={"content-type": "application/pdf"}), 413)["detail"]
    packed = b"%PDF-1.5\n1 0 obj\n<< /Type /ObjStm /N 100000 /First 10 /Length 0 >>\nstream\n\nendstream\nendobj\n"
    bomb = zlib.compress(b"\0" * 3_000_000, 9)           # 3 MB from a few kB: over a 2 MB budget
    pdf = (b"%PDF-1.4\n1 0 obj\n<< /Length " + str(len(bomb)).encode() + b" /Filter /FlateDecode >>\nstream\n"
           + bomb + b"\nendstream\nendobj\n")
    with TestClient(create_app(Limits(max_pdf_inflated=2_000_000), mcp=False)) as small:
        assert "inflate" in _error(small.post("/v1/check", content=pdf, headers={"content-type": "application/pdf"}), 413)["detail"]
        honest = to_pdf(json.loads(EXAMPLE.read_text(encoding="utf-8")))
        assert small.post("/v1/check", content=honest, headers={"content-type": "application/pdf"}).status_code == 200
    assert "100002 objects" in _error(client.post("/v1/check", content=packed, headers={"content-type": "application/pdf"}), 413)["detail"]


def test_request_time_limit_answers_503_and_server_goes_on():
    with TestClient(create_app(Limits(timeout_s=0.001), mcp=False)) as c:
        body = _error(c.post("/v1/check", content=EXAMPLE.read_bytes(), headers={"content-type": "application/json"}), 503)
        assert body["error"] in ("timeout", "busy")
        assert c.get("/healthz").status_code == 200


def test_gate_bounds_concurrency():
    gate = Gate(Limits(concurrency=2, timeout_s=5))
    running, peak, lock = 0, 0, threading.Lock()

    def work():
        nonlocal running, peak
        with lock:
            running += 1
            peak = max(peak, running)
        time.sleep(0.05)
        with lock:
            running -= 1
        return True

    async def many():
        return await asyncio.gather(*(gate.run(work) for _ in range(8)))
    assert asyncio.run(many()) == [True] * 8 and peak == 2
    gate.close()


def test_gate_timeout_keeps_slot_until_work_ends():
    gate = Gate(Limits(concurrency=1, timeout_s=0.1))
    release = threading.Event()

    async def scenario():
        with pytest.raises(Refused) as first:
            await gate.run(release.wait)                 # times out, but its thread still holds the only slot
        with pytest.raises(Refused) as second:
            await gate.run(lambda: True)                 # so the next one cannot start
        release.set()
        await asyncio.sleep(0.05)
        return first.value.error, second.value.error, await gate.run(lambda: "ran")
    assert asyncio.run(scenario()) == ("timeout", "busy", "ran")
    gate.close()


def test_uploads_leave_no_files_behind(client, monkeypatch, tmp_path):
    spool = tmp_path / "spool"
    spool.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(spool))
    pdf = to_pdf(json.loads(EXAMPLE.read_text(encoding="utf-8")))
    padded = pdf + b"%" + b" " * 1_500_000 + b"\n"     # over 1 MB: the form parser spools it to a temporary file
    for name, data in (("proof.pdf", padded), ("proof.svg", to_svg(json.loads(EXAMPLE.read_text(encoding="utf-8"))))):
        assert client.post(f"/v1/check?format=html&as_of={AS_OF}", files={"file": (name, data)}).status_code == 200
    assert list(spool.iterdir()) == []


def test_limits_from_environment(monkeypatch):
    monkeypatch.setenv("LABELCHECK_SERVE_MAX_BYTES", "1234")
    monkeypatch.setenv("LABELCHECK_SERVE_TIMEOUT_S", "2.5")
    limits = Limits.from_env(max_names=7)
    assert (limits.max_bytes, limits.timeout_s, limits.max_names) == (1234, 2.5, 7)
    assert limits.env()["LABELCHECK_SERVE_MAX_NAMES"] == "7"


def test_serve_without_the_extra_names_it():
    code = ("import sys; sys.modules['fastapi'] = None; from labelcheck.cli import main; "
            "raise SystemExit(main(['serve', '--port', '1']))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 2 and out.stdout == ""
    assert out.stderr.strip() == "labelcheck: serve: needs the serve extra (fastapi is missing): pip install 'labelcheck[serve]'"


@pytest.mark.parametrize("ref,refused", [
    (b'<a href="">x</a>', False), (b'<use href="#g"/>', False), (b'<image href="data:image/png;base64,AAAA"/>', False),
    (b'<image xlink:href="../secret.png"/>', True), (b'<image src="//host/x.png"/>', True),
    (b"<g style=\"fill: url('file:///etc/x')\"/>", True),
])
def test_svg_reference_screen(ref, refused):
    from labelcheck.service.limits import screen
    svg = b'<svg xmlns="http://www.w3.org/2000/svg">' + ref + b"</svg>"
    if refused:
        with pytest.raises(Refused) as exc:
            screen(svg, ".svg", Limits())
        assert exc.value.status == 400
    else:
        screen(svg, ".svg", Limits())


def test_serve_on_a_port_in_use_is_one_line_and_exit_2():
    import socket
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        out = subprocess.run([sys.executable, "-m", "labelcheck", "serve", "--port", str(port), "--log-level", "critical"],
                             capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert out.returncode == 2, out.stderr
    assert out.stderr.strip().splitlines()[-1] == f"labelcheck: serve: cannot listen on 127.0.0.1:{port} (in use, or not an address here)"


def test_two_workers_serve_and_share_a_tcp_socket():
    import socket
    import urllib.request

    from labelcheck.service.server import TCPConfig
    sock = TCPConfig("labelcheck.service.app:create_app", factory=True, host="127.0.0.1", port=0, workers=2).bind_socket()
    assert sock.proto == socket.IPPROTO_TCP        # so asyncio sets TCP_NODELAY on each connection
    sock.close()
    from servehelp import running_server
    with running_server(workers=2) as base:
        req = urllib.request.Request(base + f"/v1/names?as_of={AS_OF}", data=json.dumps(["植物肉香肠"]).encode(),
                                     headers={"content-type": "application/json"})
        with urllib.request.urlopen(req, timeout=60) as r:
            assert json.loads(r.read())[0]["findings"][0]["rule"] == "LC001"


def test_names_of_another_content_type_is_415_and_title_must_be_a_bool():
    from fastapi.testclient import TestClient
    from labelcheck.service.app import create_app
    client = TestClient(create_app(mcp=False))
    resp = client.post("/v1/names", content="植物肉香肠", headers={"content-type": "text/plain"})
    assert resp.status_code == 415 and resp.json()["error"] == "unsupported_type"
    resp = client.post("/v1/names", json={"names": ["植物肉香肠"], "title": "yes"})
    assert resp.status_code == 422 and resp.json()["error"] == "invalid"
