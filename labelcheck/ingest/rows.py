"""Batch input as chunks of whole records: cut from the raw bytes by the reading process, parsed by whichever
worker checks them.

Cutting needs no parsing — a JSONL record ends at a newline, a CSV record at a newline outside quotes (an even
number of `"` so far, since CSV escapes a quote by doubling it) — so one process can feed several cheaply, and
every chunk carries the number of its first line, so errors still name the line in the file.
"""
from __future__ import annotations

import csv
import io
import json
import os
import sys
from dataclasses import dataclass, field
from typing import BinaryIO, Iterator

from ..errors import InputError

CHUNK_ROWS = 256                 # small enough that the last chunk leaves little idle time at the end
CHUNK_BYTES = 1 << 20            # and bounded in bytes, for rows that are whole label documents
COLUMNS = ("id", "name", "text", "title")
UTF8_BOM = b"\xef\xbb\xbf"


@dataclass
class Chunk:
    kind: str                    # "jsonl" | "csv" | "items" (elements of a JSON array)
    first_line: int
    data: bytes = b""
    items: list = field(default_factory=list)
    columns: tuple = ()          # CSV: (column name, index) pairs from the header
    skip_header: bool = False    # CSV: the header is this chunk's first record
    open_quote_line: int = 0     # CSV: the file ends inside a quoted field that opened on this line


def _line_breaks(data: bytes) -> int:
    """Lines as Python's universal newlines count them: \\n, \\r\\n and a lone \\r each end one."""
    return data.count(b"\n") + data.count(b"\r") - data.count(b"\r\n")


def _open(path: str) -> BinaryIO:
    if path == "-":
        return sys.stdin.buffer
    try:
        return open(path, "rb")
    except FileNotFoundError:
        raise InputError(path, "no such file") from None
    except IsADirectoryError:
        raise InputError(path, "is a directory, not a batch file") from None
    except PermissionError:
        raise InputError(path, "permission denied") from None


def chunks(path: str) -> Iterator[Chunk]:
    """The chunks of a .jsonl, .csv or .json (array) batch file, or of standard input (`-`, read as JSONL)."""
    fh = _open(path)
    try:
        lower = path.lower()
        if lower.endswith(".json"):
            yield from _array_chunks(path, fh)
        else:
            yield from _record_chunks(path, fh, csv_mode=lower.endswith(".csv"))
    finally:
        if fh is not sys.stdin.buffer:
            fh.close()


def _record_chunks(path: str, fh: BinaryIO, csv_mode: bool) -> Iterator[Chunk]:
    kind = "csv" if csv_mode else "jsonl"
    columns: tuple = ()
    buf: list[bytes] = []
    size = rows = 0
    first_line = line = 1            # line: the number of the next line to be read
    inside_quotes = False
    record_start = 1
    needs_header = csv_mode
    for raw in fh:
        if line == 1 and raw.startswith(UTF8_BOM):
            raw = raw[len(UTF8_BOM):]
        if not inside_quotes:
            record_start = line
        buf.append(raw)
        size += len(raw)
        line += _line_breaks(raw)
        if csv_mode:
            inside_quotes ^= raw.count(b'"') & 1
            if inside_quotes:
                continue
            if needs_header:
                columns = _csv_columns(path, b"".join(buf))
                needs_header = False
        rows += 1
        if rows >= CHUNK_ROWS or size >= CHUNK_BYTES:
            yield Chunk(kind, first_line, b"".join(buf), columns=columns, skip_header=first_line == 1 and csv_mode)
            buf, size, rows, first_line = [], 0, 0, line
    if needs_header:
        columns = _csv_columns(path, b"".join(buf))
    if buf:
        yield Chunk(kind, first_line, b"".join(buf), columns=columns, skip_header=first_line == 1 and csv_mode,
                    open_quote_line=record_start if inside_quotes else 0)


def _csv_columns(path: str, first_record: bytes) -> tuple:
    text = first_record.decode("utf-8", errors="replace")
    header = [h.strip().lower() for h in next(csv.reader(io.StringIO(text, newline="")), [])]
    if not {"name", "text", "title"} & set(header):
        raise InputError(path, "a batch CSV needs a header with `name` (and optionally `id`, `text`, `title`)", "line 1")
    return tuple((k, header.index(k)) for k in COLUMNS if k in header)


def _array_chunks(path: str, fh: BinaryIO) -> Iterator[Chunk]:
    """A JSON array of label documents: each element is a row, numbered by its position."""
    try:
        items = json.loads(fh.read().decode("utf-8-sig", errors="replace"))
    except json.JSONDecodeError as exc:
        raise InputError(path, f"malformed JSON: {exc.msg}", f"line {exc.lineno} column {exc.colno}") from None
    except RecursionError:
        raise InputError(path, "JSON nested too deeply") from None
    if not isinstance(items, list):
        raise InputError(path, "a .json batch must be an array of label documents (or use .jsonl)")
    for start in range(0, len(items), CHUNK_ROWS):
        yield Chunk("items", start + 1, items=items[start:start + CHUNK_ROWS])


def parse(chunk: Chunk) -> Iterator[tuple[int, str, object]]:
    """(line number, kind, payload) per row: kind "json" (a JSONL line), "obj" (a decoded object), "csv" (a dict of
    the known columns) or "error" (a message: the row could not be read)."""
    if chunk.kind == "items":
        for n, item in enumerate(chunk.items, chunk.first_line):
            yield n, "obj", item
        return
    text = chunk.data.decode("utf-8", errors="replace")
    if chunk.kind == "jsonl":
        for n, line in enumerate(io.StringIO(text, newline=""), chunk.first_line):
            if line.strip():
                yield n, "json", line
        return
    reader = csv.reader(io.StringIO(text, newline=""))
    if chunk.skip_header:
        next(reader, None)
    pending = None
    for row in reader:
        if not any(cell.strip() for cell in row):
            continue                  # a blank line between rows is layout, not a row
        if pending:
            yield pending
        pending = (chunk.first_line - 1 + reader.line_num, "csv",
                   {k: row[i] for k, i in chunk.columns if i < len(row) and row[i]})
    if pending and chunk.open_quote_line:
        pending = (chunk.open_quote_line, "error", "a quoted field is never closed (the file ends inside it)")
    if pending:
        yield pending


def count_rows(path: str) -> int | None:
    """Rows in a batch file, for the progress bar (an estimate for CSV with quoted newlines)."""
    if path == "-" or not os.path.isfile(path):
        return None
    with open(path, "rb") as fh:
        n = sum(1 for line in fh if line.strip())
    return max(n - 1, 0) if path.lower().endswith(".csv") else n
