"""Starting `labelcheck serve` as a real process on a free loopback port, for the browser, fuzz and MCP tests."""
from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def running_server(*extra: str, workers: int = 1, timeout: float = 90.0):
    """Yields the base URL of a `labelcheck serve` process; stops it (by its own pid) afterwards."""
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "labelcheck", "serve", "--port", str(port), "--workers", str(workers),
                             "--log-level", "warning", *extra], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            env={**os.environ, "PYTHONUNBUFFERED": "1"})
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            if proc.poll() is not None:
                raise RuntimeError("labelcheck serve exited: " + proc.stderr.read().decode(errors="replace")[-2000:])
            try:
                with urllib.request.urlopen(base + "/healthz", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("labelcheck serve did not answer /healthz in time")
            time.sleep(0.2)
        yield base
    finally:
        stop(proc, 15)
        proc.stderr.close()


def stop(proc: subprocess.Popen, timeout: float) -> None:
    """Ask a child process to end; kill it if it has not within `timeout` seconds."""
    proc.terminate()
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
