"""What one request may cost: body size, names per request, seconds, concurrent checks, PDF objects, SVG references.

The defaults live here once; `labelcheck serve` flags and LABELCHECK_SERVE_* environment variables
override them (uvicorn's worker processes read the environment, so the CLI passes its flags that way).
"""
from __future__ import annotations

import asyncio
import os
import re
import zlib
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, fields

from ..ingest.svg import plain_entities_expanded

ENV_PREFIX = "LABELCHECK_SERVE_"


@dataclass(frozen=True)
class Limits:
    max_bytes: int = 20 * 1024 * 1024     # request body; larger gets 413
    max_names: int = 200                  # names or titles per POST /v1/names
    max_name_chars: int = 2_000           # one name or title (a long marketplace title is ~200)
    timeout_s: float = 30.0               # one request's checking, queueing included; then 503
    concurrency: int = 4                  # checks running at once in one worker process; more wait
    max_pdf_objects: int = 200_000        # indirect objects in an uploaded PDF (pages are capped by ingest)
    max_pdf_inflated: int = 512 * 1024 * 1024   # bytes all its Flate streams inflate to (a zip bomb's tell)
    host: str = "127.0.0.1"               # where it listens: on loopback /mcp also refuses other Host headers

    @classmethod
    def from_env(cls, **overrides) -> "Limits":
        values = {}
        for f in fields(cls):
            raw = os.environ.get(ENV_PREFIX + f.name.upper())
            if raw is not None:
                values[f.name] = type(f.default)(raw)
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)

    def env(self) -> dict[str, str]:
        return {ENV_PREFIX + f.name.upper(): str(getattr(self, f.name)) for f in fields(self)}


class Refused(Exception):
    """Input the service will not read: answered with `status` and {"error", "detail"}."""

    def __init__(self, status: int, error: str, detail: str):
        self.status, self.error, self.detail = status, error, detail
        super().__init__(f"{error}: {detail}")


_PDF_OBJ = re.compile(rb"\d+\s+\d+\s+obj\b")
# objects packed in compressed object streams (PDF 1.5+) do not show as "n 0 obj": count their /N
_PDF_OBJSTM = re.compile(rb"/Type\s*/ObjStm\b")
_PDF_N = re.compile(rb"/N\s+(\d{1,9})\b")
_PDF_STREAM = re.compile(rb"(?<!end)stream\r?\n")
_DOCTYPE = re.compile(rb"<!DOCTYPE|<!ENTITY", re.I)
_ENTITY = re.compile(rb"<!ENTITY", re.I)
# any reference a renderer or a parser could follow out of the document: href/src attributes, CSS url() and @import
_SVG_HREF = re.compile(rb"""(?:\bhref|\bsrc)\s*=\s*["']\s*([^"'\s]*)""", re.I)
_SVG_URL = re.compile(rb"""url\(\s*["']?\s*([^"')\s]*)|@import""", re.I)


def screen(data: bytes, kind: str, limits: Limits) -> None:
    """Refuse, before parsing, what the ingest parsers should never see from a stranger."""
    if kind == ".pdf":
        count = sum(1 for _ in _PDF_OBJ.finditer(data))
        for m in _PDF_OBJSTM.finditer(data):
            if count > limits.max_pdf_objects:
                break              # each stream counts at least 1, so this loop ends after at most the limit
            n = _PDF_N.search(data, max(0, m.start() - 300), m.end() + 300)    # /N sits in the same small dictionary
            count += 1 + (int(n.group(1)) if n else 0)
        if count > limits.max_pdf_objects:
            raise Refused(413, "too_large", f"the PDF has {count} objects, more than the {limits.max_pdf_objects} allowed")
        _inflate_budget(data, limits.max_pdf_inflated, limits.max_pdf_objects)
    elif kind == ".svg":
        # a DOCTYPE declaring only plain string entities (Illustrator's Save As) reads as the CLI reads it; any other
        # entity declaration is refused before the parser sees it
        if _DOCTYPE.search(data) and _ENTITY.search(plain_entities_expanded(data)):
            raise Refused(400, "refused", "the SVG has a DOCTYPE with entity declarations that are not plain strings, "
                                          "which are refused")
        for m in list(_SVG_HREF.finditer(data)) + list(_SVG_URL.finditer(data)):
            target = b"@import" if m.group(0).lower() == b"@import" else (m.group(1) or b"")
            if target and not (target.startswith(b"#") or target.startswith(b"data:")):
                shown = target[:80].decode("utf-8", "replace")
                raise Refused(400, "refused", f"the SVG refers to an external resource ({shown}); embed it or remove it")


def _inflate_budget(data: bytes, budget: int, max_streams: int) -> None:
    """Inflate every Flate stream a megabyte at a time, counting, and refuse past the budget — before
    pdfminer inflates them whole in memory. Linear: one pass for the stream ends, no copies."""
    view, total, next_end = memoryview(data), 0, -1
    for i, m in enumerate(_PDF_STREAM.finditer(data)):
        if i >= max_streams:
            raise Refused(413, "too_large", f"the PDF has more than {max_streams} streams")
        if next_end < m.end():
            next_end = data.find(b"endstream", m.end())
            if next_end < 0:
                next_end = len(data)
        inflater, pos = zlib.decompressobj(), m.end()
        try:
            # fed 16 kB at a time: zlib's cost, and the unconsumed tail it copies, stay per piece, not per stream
            while pos < next_end and not inflater.eof:
                piece = view[pos:min(next_end, pos + 16384)]
                pos += len(piece)
                while piece:
                    total += len(inflater.decompress(piece, 1 << 20))
                    if total > budget:
                        raise Refused(413, "too_large", f"the PDF's streams inflate to more than {budget} bytes")
                    piece = inflater.unconsumed_tail
        except zlib.error:
            continue         # not Flate (JPEG, LZW…), or damaged: pdfminer will say so if it matters


class Gate:
    """Bounded concurrency and a time limit for the CPU-bound checks.

    A check runs in a thread of a pool the size of `concurrency`; the slot is freed when the thread
    really finishes, so a request that timed out (answered 503) still holds its slot until its work
    ends — the number of checks running never exceeds the bound however many requests time out.
    """

    def __init__(self, limits: Limits):
        self.limits = limits
        self._pool = ThreadPoolExecutor(max_workers=limits.concurrency, thread_name_prefix="labelcheck")
        self._slots: asyncio.Semaphore | None = None

    async def run(self, fn, *args):
        if self._slots is None:
            self._slots = asyncio.Semaphore(self.limits.concurrency)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.limits.timeout_s
        try:
            await asyncio.wait_for(self._slots.acquire(), self.limits.timeout_s)
        except (asyncio.TimeoutError, TimeoutError):
            raise Refused(503, "busy", f"no free slot within {self.limits.timeout_s:g} s; try again later") from None
        future = loop.run_in_executor(self._pool, fn, *args)
        future.add_done_callback(lambda _: self._slots.release())
        try:
            return await asyncio.wait_for(asyncio.shield(future), max(0.0, deadline - loop.time()))
        except (asyncio.TimeoutError, TimeoutError):
            raise Refused(503, "timeout", f"the check took longer than {self.limits.timeout_s:g} s") from None

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)
