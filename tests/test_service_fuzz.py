"""Hostile and broken requests against a real `labelcheck serve` process: every answer is a JSON error or a
report, never a stack trace, and the server keeps answering /healthz after each."""
from __future__ import annotations

import http.client
import json
import random
import socket
import sys
from pathlib import Path

import pytest

pytest.importorskip("fastapi")
sys.path.insert(0, str(Path(__file__).parent))
from artwork import to_pdf, to_svg  # noqa: E402
from servehelp import running_server  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
LIMIT = 300_000


def _post(port: int, path: str, body: bytes, ctype: str | None, extra: dict | None = None) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"content-type": ctype} if ctype else {}
    headers.update(extra or {})
    try:
        conn.request("POST", path, body=body, headers=headers)
        resp = conn.getresponse()
        return resp.status, resp.read()
    except (ConnectionResetError, BrokenPipeError):
        return 413, b'{"error": "too_large", "detail": "closed while sending"}'   # refused before we finished sending
    finally:
        conn.close()


def _healthy(port: int) -> bool:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request("GET", "/healthz")
        return conn.getresponse().status == 200
    finally:
        conn.close()


def _mutations(seed: int):
    rng = random.Random(seed)
    doc = json.loads((ROOT / "corpus/examples/dairy_fail_name_font.json").read_text(encoding="utf-8"))
    seeds = [(json.dumps(doc, ensure_ascii=False).encode(), "application/json"), (to_pdf(doc), "application/pdf"),
             (to_svg(doc), "image/svg+xml"), ("植物肉香肠\n配料：水".encode(), "text/plain")]
    for i in range(40):
        data, ctype = seeds[i % len(seeds)]
        b = bytearray(data)
        for _ in range(rng.randint(1, 12)):
            op = rng.random()
            pos = rng.randrange(len(b)) if b else 0
            if op < 0.4 and b:
                b[pos] = rng.randrange(256)                      # flip a byte
            elif op < 0.7:
                del b[pos:pos + rng.randint(1, 400)]             # cut
            else:
                b[pos:pos] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 40)))   # insert noise
        yield bytes(b), ctype if rng.random() < 0.85 else rng.choice(["application/json", "text/plain", "image/svg+xml"])
    yield b"[" * 100_000, "application/json"                                # deep nesting
    yield b'{"spans": [' + b'{"text": "x"},' * 30_000 + b'{"text": "x"}]}', "application/json"
    yield b"<svg xmlns='http://www.w3.org/2000/svg'>" + b"<g>" * 50_000 + b"</svg>", "image/svg+xml"
    yield b"\xff\xfe\x00\x00garbage", "text/plain"
    yield b"%PDF-1.7\n" + bytes(rng.randrange(256) for _ in range(5000)), "application/pdf"


def test_fuzz_malformed_and_oversized_bodies_server_stays_up():
    with running_server("--max-bytes", str(LIMIT), "--timeout", "20") as base:
        port = int(base.rsplit(":", 1)[1])
        seen = set()
        cases = list(_mutations(18))
        cases += [(b"x" * (LIMIT + 1), "text/plain"), (b"{" * (LIMIT * 3), "application/json")]
        for body, ctype in cases:
            status, payload = _post(port, "/v1/check", body, ctype)
            seen.add(status)
            assert status in (200, 400, 413, 415, 422, 503), (status, payload[:300])
            assert b"Traceback" not in payload
            if status != 200:
                err = json.loads(payload)
                assert set(err) == {"error", "detail"}, err
            assert _healthy(port)
        # multipart made wrong in several ways
        for body, ctype in ((b"--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.svg\"\r\n\r\n<svg", "multipart/form-data; boundary=b"),
                            (b"--b\r\n\r\n\r\n--b--", "multipart/form-data; boundary=b"),
                            (b"garbage", "multipart/form-data; boundary=" + "x" * 5000)):
            status, payload = _post(port, "/v1/check", body, ctype)
            assert status in (400, 413, 415, 422) and b"Traceback" not in payload, (status, payload[:300])
            assert _healthy(port)
        # lying Content-Length headers, and a body that never ends
        assert _post(port, "/v1/names", b"[]", "application/json", {"content-length": "999999999999"})[0] == 413
        with socket.create_connection(("127.0.0.1", port), timeout=30) as s:
            s.sendall(b"POST /v1/check HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n")
            try:
                for _ in range(LIMIT // 50_000 + 4):
                    s.sendall(b"%x\r\n" % 50_000 + b"a" * 50_000 + b"\r\n")
            except OSError:
                pass
            assert b" 413 " in s.recv(200).split(b"\r\n")[0] + b" "
        assert _healthy(port)
        assert {400, 413} <= seen
