"""Load run for `labelcheck serve` on loopback: requests/s and p50/p99 latency of POST /v1/names with
1 and 2 server workers. Bounded: at most --requests requests and --seconds seconds per worker setting.

    .venv/bin/python bench/serve_load.py [--requests 400] [--seconds 40] [--clients 4] [--names-per-request 10]

Needs the serve extra. Starts its own server processes (killed by pid afterwards); talks to 127.0.0.1 only.
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).parent))
from make_names import names as make_names  # noqa: E402


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start(workers: int) -> tuple[subprocess.Popen, int]:
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "labelcheck", "serve", "--port", str(port), "--workers", str(workers),
                             "--log-level", "warning"], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit("labelcheck serve exited; is the serve extra installed?")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2):
                return proc, port
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit("labelcheck serve did not start in 120 s")


def _stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def _load(port: int, bodies: list[bytes], requests: int, seconds: float, clients: int) -> dict:
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    counter = iter(range(requests))
    stop_at = time.monotonic() + seconds

    def client(k: int) -> None:
        nonlocal errors
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)     # keep-alive, like a real pipeline
        for i in counter:
            if time.monotonic() > stop_at:
                break
            t0 = time.perf_counter()
            try:
                conn.request("POST", "/v1/names", body=bodies[i % len(bodies)], headers={"content-type": "application/json"})
                resp = conn.getresponse()
                resp.read()
                ok = resp.status == 200
            except OSError:
                ok = False
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            dt = time.perf_counter() - t0
            with lock:
                if ok:
                    latencies.append(dt)
                else:
                    errors += 1
        conn.close()

    t0 = time.perf_counter()
    threads = [threading.Thread(target=client, args=(k,)) for k in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - t0
    lat = sorted(latencies)
    pick = lambda q: lat[min(len(lat) - 1, int(q * len(lat)))] * 1000 if lat else float("nan")   # noqa: E731
    return {"requests": len(lat), "errors": errors, "seconds": wall, "rps": len(lat) / wall if wall else 0.0,
            "p50_ms": statistics.median(lat) * 1000 if lat else float("nan"), "p99_ms": pick(0.99)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--requests", type=int, default=400, help="requests per worker setting (upper bound)")
    ap.add_argument("--seconds", type=float, default=40.0, help="time per worker setting (upper bound)")
    ap.add_argument("--clients", type=int, default=4, help="concurrent client connections")
    ap.add_argument("--names-per-request", type=int, default=10)
    ap.add_argument("--workers", default="1,2", help="server worker counts to compare")
    args = ap.parse_args()
    titles = [t for _, t in make_names(args.requests * args.names_per_request)]
    n = args.names_per_request
    bodies = [json.dumps({"names": titles[i:i + n]}, ensure_ascii=False).encode() for i in range(0, len(titles), n)]
    print(f"labelcheck serve load run: POST /v1/names, {n} names per request, {args.clients} clients, "
          f"at most {args.requests} requests / {args.seconds:g} s per setting, {os.cpu_count()} CPUs")
    print(f"{'workers':>7} {'requests':>8} {'errors':>6} {'req/s':>8} {'names/s':>8} {'p50 ms':>8} {'p99 ms':>8}")
    for workers in [int(w) for w in args.workers.split(",")]:
        proc, port = _start(workers)
        try:
            # warm-up, not counted: jieba's dictionary and the lexicons load on each process's first request
            _load(port, bodies, 4 * args.clients, 60.0, args.clients)
            r = _load(port, bodies, args.requests, args.seconds, args.clients)
        finally:
            _stop(proc)
        print(f"{workers:>7} {r['requests']:>8} {r['errors']:>6} {r['rps']:>8.1f} {r['rps'] * n:>8.0f} "
              f"{r['p50_ms']:>8.1f} {r['p99_ms']:>8.1f}", flush=True)


if __name__ == "__main__":
    main()
