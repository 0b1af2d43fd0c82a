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
import re
import sys
from dataclasses import dataclass, field
from functools import cache
from typing import BinaryIO, Iterator

from ..errors import InputError
from .columns import TITLE_ROWS_MAX, ColumnSpec, cells, header_after_titles, resolve_alias

CHUNK_BYTES = 24 * 1024          # a few hundred titles or a few label documents: little idle time at the end
CHUNK_ROWS = 256                 # elements of a JSON array per chunk
# csv's own cell limit is 128 K characters; a pasted label with noise may be longer and is still one row to check
MAX_CELL_CHARS = 4 * 1024 * 1024
csv.field_size_limit(max(csv.field_size_limit(), MAX_CELL_CHARS))
FORMATS = {".csv": "csv", ".tsv": "tsv", ".tab": "tsv", ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "json",
           ".xlsx": "xlsx", ".xlsm": "xlsx", ".parquet": "parquet", ".pq": "parquet", ".txt": "lines"}
UTF8_BOM = b"\xef\xbb\xbf"


@dataclass
class Chunk:
    kind: str                    # "jsonl" | "csv" (CSV or TSV) | "lines" (a title per line) | "items" (elements of a JSON
                                 # array) | "table" (XLSX/Parquet rows)
    first_line: int
    data: bytes = b""
    items: list = field(default_factory=list)
    columns: tuple = ()          # CSV/TSV/tables: (role, index) pairs from the header (ingest.columns)
    delimiter: str = ","         # CSV "," / TSV "\t"
    encoding: str = "utf-8"      # or "gb18030": what Excel in Chinese saves a CSV as
    skip_header: int = 0         # CSV: the header (and any title rows above it) are this chunk's first records
    open_quote_line: int = 0     # CSV: the file ends inside a quoted field that opened on this line
    width: int = 0               # CSV: the header's cells (a row with more holds an unquoted delimiter)


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


def input_format(path: str) -> str:
    """The batch format: chosen by the file's extension, then checked against its first bytes, so a .tsv is never
    read as JSON nor a workbook as text. A file with another extension is recognised by its content."""
    if path == "-":
        # a pipe cannot be read twice: what is buffered already is enough to tell a CSV header from a JSON line
        peek = getattr(getattr(sys.stdin, "buffer", None), "peek", None)
        head = peek(4096)[:4096] if peek else b""
        if _sniff(head) in ("csv", "tsv"):
            raise InputError(path, "standard input is read as JSON lines, and this reads as a CSV header: give the "
                             "file's name instead (labelcheck batch FILE.csv)", "line 1")
        return "jsonl"
    ext = os.path.splitext(path.lower())[1]
    fmt = FORMATS.get(ext)
    try:
        with open(path, "rb") as fh:
            head = fh.read(4096)
    except OSError:
        _open(path).close()                     # the one-line reason (missing, directory, permission)
        raise
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        text_encoding(path, head)                # refused, with the remedy
    sniffed = _sniff(head)
    if fmt is None:
        if sniffed is None:
            raise InputError(path, "not a batch file this reads (.csv .tsv .jsonl .json .xlsx .parquet)")
        return sniffed
    binary = {"xlsx": "an XLSX workbook", "parquet": "a Parquet file"}
    if sniffed in binary and fmt != sniffed:
        raise InputError(path, f"is {binary[sniffed]}, not {fmt.upper()}: name it .{sniffed}")
    if fmt in binary and sniffed != fmt and head.strip():
        raise InputError(path, f"is not {binary[fmt]} (its first bytes say otherwise)")
    if fmt in ("csv", "tsv") and sniffed in ("jsonl", "json"):
        raise InputError(path, f"holds JSON, not {fmt.upper()}: name it .{sniffed}", "line 1")
    if fmt == "lines":
        if sniffed in ("jsonl", "json"):
            return sniffed
        # a table saved as .txt (Excel's "Text (Tab delimited)"): a header of cells, one of them a column we read
        first = _FIRST_LINE.match(head.removeprefix(UTF8_BOM)).group().decode(text_encoding(path, head), "replace")
        cells_ = first.strip().split("\t" if sniffed == "tsv" else ",")
        if len(cells_) > 1 and any(resolve_alias(c) in ("title", "name", "text") for c in cells_):
            return sniffed
        return fmt
    if fmt in ("jsonl", "json") and sniffed in ("csv", "tsv"):
        raise InputError(path, f"holds no JSON (the first line reads as a {sniffed.upper()} header): "
                         f"name it .{sniffed}", "line 1")
    if fmt == "csv" and sniffed == "tsv":
        raise InputError(path, "the header is tab-separated, not comma-separated: name it .tsv", "line 1")
    if fmt == "tsv" and sniffed == "csv" and b"," in _FIRST_LINE.match(head).group():
        raise InputError(path, "the header is comma-separated, not tab-separated: name it .csv", "line 1")
    return fmt


def text_encoding(path: str, head: bytes) -> str:
    """UTF-8, or GB18030 (GBK) — a CSV saved by Excel on a Chinese system is GBK. Cutting records at newlines and
    counting quotes is safe in both: no byte of a GB18030 multi-byte character is `\\n`, `\\r`, `"`, `,` or a tab.
    UTF-16 (Excel's "Unicode text") cannot be cut that way: refused with the remedy."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(path, "UTF-16 text (Excel's \"Unicode text\"): save it as CSV UTF-8, or as .xlsx")
    try:
        head.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as exc:
        if exc.start >= len(head) - 3:
            return "utf-8"                # a character cut by the 4 KB window, not a wrong encoding
    # line by line, so that one bad row in the window (bytes neither reads: an unusable row of its own) does not decide
    # the file: the lines only one encoding reads vote (the window's last line may be cut: not counted)
    lines = head.split(b"\n")
    if len(head) >= 4096:
        lines = lines[:-1]
    utf8 = gb = 0
    for line in lines:
        if line.isascii():
            continue
        try:
            line.decode("utf-8")
            utf8 += 1
            continue
        except UnicodeDecodeError:
            pass
        try:
            line.decode("gb18030")
            gb += 1
        except UnicodeDecodeError:
            pass
    if gb or utf8:
        return "gb18030" if gb > utf8 else "utf-8"
    # no whole line in the window (a JSON array on one line): the window itself, less a character the cut may split
    try:
        head[:len(head) - 4 if len(head) >= 4096 else len(head)].decode("gb18030")
        return "gb18030"
    except UnicodeDecodeError:
        return "utf-8"                    # neither: read as UTF-8, bad bytes replaced (as before)


_FIRST_LINE = re.compile(rb"[^\r\n]*")


def _sniff(head: bytes) -> str | None:
    if head.startswith(b"PK\x03\x04"):
        return "xlsx"
    if head.startswith(b"PAR1"):
        return "parquet"
    text = head.removeprefix(UTF8_BOM).lstrip()
    if not text:
        return None
    if text[:1] == b"{":
        return "jsonl"
    if text[:1] == b"[":
        return "json"
    first = _FIRST_LINE.match(text).group()
    if b"\0" in head:
        return None
    return "tsv" if b"\t" in first and b"," not in first else "csv"


def chunks(path: str, spec: ColumnSpec | None = None) -> Iterator[Chunk]:
    """The chunks of a batch file (.csv .tsv .jsonl .json .xlsx .parquet), or of standard input (`-`, read as JSONL)."""
    spec = spec or ColumnSpec()
    fmt = input_format(path)
    encoding = "utf-8"
    if path != "-" and fmt not in ("xlsx", "parquet"):
        with open(path, "rb") as head:
            encoding = text_encoding(path, head.read(4096))
    if fmt in ("xlsx", "parquet"):
        from .tables import table_chunks
        yield from table_chunks(path, fmt, spec, CHUNK_ROWS, Chunk)
        return
    if fmt == "lines" and (spec.id or spec.name or spec.text or spec.keep):
        raise InputError(path, "a .txt batch is a title per line and has no columns: name a .csv or .tsv for "
                         "--id-column, --name-column, --text-column or --keep")
    fh = _open(path)
    try:
        if fmt == "json":
            yield from _array_chunks(path, fh, encoding)
        else:
            yield from _record_chunks(path, fh, csv_mode=fmt in ("csv", "tsv"), spec=spec,
                                      delimiter="\t" if fmt == "tsv" else ",", encoding=encoding,
                                      kind="lines" if fmt == "lines" else None)
    finally:
        if fh is not sys.stdin.buffer:
            fh.close()


def _record_chunks(path: str, fh: BinaryIO, csv_mode: bool, spec: ColumnSpec | None = None,
                   delimiter: str = ",", encoding: str = "utf-8", kind: str | None = None) -> Iterator[Chunk]:
    kind = kind or ("csv" if csv_mode else "jsonl")
    stream = path == "-" or not os.path.isfile(path)
    columns: tuple = ()
    width = header_rows = 0
    for first_line, data, open_quote_line in _cuts(fh, csv_mode, stream, delimiter.encode()):
        if first_line == 1:                              # the file's first chunk: its BOM, and the CSV header
            data = data.removeprefix(UTF8_BOM)
            if csv_mode:
                columns, width, header_rows = _csv_columns(path, data, spec or ColumnSpec(), delimiter, encoding)
        if data.strip():
            yield Chunk(kind, first_line, data, columns=columns, skip_header=header_rows if csv_mode and first_line == 1 else 0,
                        open_quote_line=open_quote_line, delimiter=delimiter, encoding=encoding, width=width)


def _cuts(fh: BinaryIO, csv_mode: bool, stream: bool, delimiter: bytes = b",") -> Iterator[tuple[int, bytes, int]]:
    """(first line, bytes, the line a quoted field the file ends inside opens on, else 0) per piece, cut at the last record end once CHUNK_BYTES have
    gathered (at once, from a pipe that has no more yet, so a live stream is checked as it comes); the rest of
    the file comes last, possibly empty.

    A JSONL record ends at a newline. A CSV record ends at a newline outside a quoted field — found by reading the
    fields as the csv module does (_record_end), not by counting quotes: a quote in the middle of an unquoted
    field (5"大号) is a character and would throw every count after it. A piece that holds no whole record is
    read again only once it has doubled, so a record longer than many blocks costs no more than twice its size."""
    read = getattr(fh, "read1", fh.read)
    parts: list[bytes] = []
    size = 0                          # bytes gathered since the last cut
    retry = 0                         # CSV: the size at which a piece that held no whole record is read again
    first_line = 1
    while block := read(CHUNK_BYTES):
        nl = block.rfind(b"\n")
        if nl < 0 and csv_mode:
            nl = block.rfind(b"\r", 0, len(block) - 1)   # a file whose lines end in a lone CR (one that ends the
            #                                                block may be the first half of a CRLF)
        size += len(block)
        parts.append(block)
        enough = size >= CHUNK_BYTES or (stream and len(block) < CHUNK_BYTES)
        if nl < 0 or not enough or size < retry:
            continue
        pending = b"".join(parts)
        if csv_mode and b'"' in pending:
            cut = _record_end(pending, delimiter)[0]
        else:                                   # no quote: every line end is a record's
            cut = len(pending) - len(block) + nl + 1
        if not cut:
            parts, retry = [pending], 2 * size
            continue
        data, rest = pending[:cut], pending[cut:]
        yield first_line, data, 0
        first_line += _line_breaks(data)
        parts, size, retry = [rest], len(rest), 0
    tail = b"".join(parts)
    while True:
        if csv_mode and len(tail) > 2 * CHUNK_BYTES:
            # a long rest (after a re-sync below, or gathered while a quote stayed open): pieces of a chunk's size,
            # not one piece a single worker would check whole
            cut = _record_end(tail[:CHUNK_BYTES], delimiter)[0]
            if cut:
                yield first_line, tail[:cut], 0
                first_line += _line_breaks(tail[:cut])
                tail = tail[cut:]
                continue
        end, unclosed = _record_end(tail, delimiter) if csv_mode else (0, False)
        if not unclosed:
            yield first_line, tail, 0
            return
        # a quote that never closes would swallow the rest of the file into one field: the line it opens on is an
        # unusable row, and the rows after it are read on from the next line (one bad row costs one row)
        opens = first_line + _line_breaks(tail[:end])
        # the line ends the file uses: \n (or \r\n) — or a lone \r in a file that has no \n at all (an old Mac export);
        # a stray \r inside a row of an \n file ends nothing
        brk = (_NEWLINE if b"\n" in tail else _BYTE_LINE_END).search(tail, end)
        yield first_line, tail if brk is None else tail[:brk.end()], opens
        if brk is None:
            return
        first_line, tail = opens + 1, tail[brk.end():]


_BYTE_LINE_END = re.compile(rb"\r\n|\r|\n")
_NEWLINE = re.compile(rb"\n")


@cache
def _records_pattern(delimiter: bytes) -> tuple["re.Pattern[bytes]", "re.Pattern[bytes]"]:
    """(whole CSV records, one after another; one record without its line end), read as the csv module reads them:
    a field is quoted ("…", "" for a quote, characters after the closing quote kept) only when it starts with a
    quote — elsewhere a quote is a character. Possessive throughout: linear, however long a field that never closes."""
    d = re.escape(delimiter)
    field = (rb'(?:"[^"]*+(?:""[^"]*+)*+"[^' + d + rb'\r\n]*+|[^' + d + rb'\r\n"][^' + d + rb'\r\n]*+|)')
    record = field + rb"(?:" + d + field + rb")*+"
    return re.compile(rb"(?:" + record + rb"(?:\r\n|\r|\n))*+"), re.compile(record)


def _record_end(data: bytes, delimiter: bytes = b",") -> tuple[int, bool]:
    """(where the last whole record of `data` ends, whether what follows it opens a quoted field it never closes).
    A \r at the very end is left for the next block, which may start with its \n."""
    whole, one = _records_pattern(delimiter)
    scan = data[:-1] if data.endswith(b"\r") else data
    end = whole.match(scan).end()
    rest = data[end:]
    unclosed = bool(rest.strip()) and one.fullmatch(rest.rstrip(b"\r\n")) is None
    return end, unclosed


def _csv_columns(path: str, first_record: bytes, spec: ColumnSpec, delimiter: str = ",",
                 encoding: str = "utf-8") -> tuple:
    """(the header's columns, its width, the records it takes: the header, after any title rows above it)."""
    text = first_record.decode(encoding, errors="replace")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    head = [[h.strip() for h in row] for _, row in zip(range(TITLE_ROWS_MAX + 1), reader)]
    if not head or not head[0]:
        raise InputError(path, "a batch CSV needs a header with `name` or `title` (and optionally `id`, `text`)",
                         "line 1")
    columns, k = header_after_titles(head, spec, path, "line")
    return columns, len(head[k]), k + 1




def _array_chunks(path: str, fh: BinaryIO, encoding: str = "utf-8") -> Iterator[Chunk]:
    """A JSON array of label documents: each element is a row, numbered by its position."""
    try:
        items = json.loads(fh.read().decode("utf-8-sig" if encoding == "utf-8" else encoding, errors="replace"))
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
    the cells by role, see `cells`) or "error" ((a message, the cells read so far): the row could not be read)."""
    if chunk.kind == "table":
        for n, row in chunk.items:
            yield n, "csv", row
        return
    if chunk.kind == "items":
        for n, item in enumerate(chunk.items, chunk.first_line):
            yield n, "obj", item
        return
    text = _decoded(chunk.data, chunk.encoding, chunk.delimiter.encode() if chunk.kind == "csv" else None)
    if chunk.kind == "jsonl":
        for n, line in enumerate(io.StringIO(text, newline=""), chunk.first_line):
            if line.strip():
                yield n, "json", line
        return
    if chunk.kind == "lines":
        for n, line in enumerate(_LINE_END.split(text), chunk.first_line):
            title = line.strip()
            # a first line that only names the column (title, 标题) is a header, not a listing
            if title and not (n == 1 and resolve_alias(title) in ("title", "name")):
                yield n, "csv", {"title": title}
        return
    unreadable = "\ufffd" in text              # some bytes read in neither encoding: rows are checked for them
    if '"' not in text and "\x00" not in text:
        lines = _LINE_END.split(text)
        if max(map(len, lines)) <= csv.field_size_limit():
            yield from _plain_rows(chunk, lines, unreadable)
            return
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=chunk.delimiter)
    for _ in range(chunk.skip_header):
        next(reader, None)
    pending = None
    first = chunk.first_line - 1
    start = reader.line_num
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as e:        # a cell past MAX_CELL_CHARS, a NUL: this record is reported, the rest read on
            line, start = first + start + 1, reader.line_num
            if pending:
                yield pending
            pending = (line, "error", (f"the row could not be read as CSV: {e}", {}))
            continue
        line, start = first + start + 1, reader.line_num       # a record's number is the line it starts on
        if not "".join(row).strip():
            continue                  # a blank line between rows is layout, not a row
        if pending:
            yield pending
        pending = _row(line, row, chunk, unreadable)
    if pending and chunk.open_quote_line:
        pending = (chunk.open_quote_line, "error", (UNCLOSED_QUOTE, pending[2]))
    if pending:
        yield pending


UNCLOSED_QUOTE = "a quoted field is never closed on its line: the row is skipped and the rows after it are read on"
_LINE_END = re.compile(r"\r\n|\r|\n")        # what the csv module ends a line at


def _plain_rows(chunk: Chunk, lines: list[str], unreadable: bool = False) -> Iterator[tuple[int, str, object]]:
    """What csv.reader reads from a chunk with no quote in it: each line's cells split at the delimiter (most
    listing exports — a quarter of the batch's time per row went to the csv module)."""
    first, delimiter = chunk.first_line - 1, chunk.delimiter
    for n, line in enumerate(lines, 1):
        if n <= chunk.skip_header:
            continue
        row = line.split(delimiter)
        if not "".join(row).strip():
            continue                  # a blank line between rows is layout, not a row
        yield _row(first + n, row, chunk, unreadable)


def _row(line: int, row: list[str], chunk: Chunk, unreadable: bool) -> tuple[int, str, object]:
    """A CSV row by roles; an error where it holds more cells than the header (a delimiter in an unquoted title
    cuts it, and shifts every cell after it) or, in a chunk with some (`unreadable`), characters no encoding could
    read."""
    got = cells(row, chunk.columns)
    if not unreadable and len(row) <= chunk.width:
        return line, "csv", got                  # most rows: nothing more to look at
    if chunk.width and len(row) > chunk.width and any(c.strip() for c in row[chunk.width:]):
        return line, "error", (f"{len(row)} cells under a header of {chunk.width} (a delimiter inside a field that is "
                               "not quoted?)", got)
    if unreadable and "\ufffd" in "".join(row):
        return line, "error", ("bytes that are neither UTF-8 nor GB18030 (the file mixes encodings?)", got)
    return line, "csv", got


def _decoded(data: bytes, encoding: str, delimiter: bytes | None) -> str:
    """The chunk's text in the file's encoding. A line that is not (a GB18030 line in a file whose first 4 KB read
    as UTF-8, one cell pasted from another system) is read cell by cell in whichever of UTF-8 and GB18030 reads it;
    what neither reads is replaced by U+FFFD, and the row holding it is reported, not checked."""
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        pass
    other = "gb18030" if encoding == "utf-8" else "utf-8"

    def cell(raw: bytes) -> str:
        for enc in (encoding, other):
            try:
                return raw.decode(enc)
            except UnicodeDecodeError:
                continue
        return raw.decode(encoding, errors="replace")
    out = []
    for line in data.splitlines(keepends=True):
        try:
            out.append(line.decode(encoding))
        except UnicodeDecodeError:
            out.append(delimiter.decode().join(map(cell, line.split(delimiter))) if delimiter else cell(line))
    return "".join(out)


def count_rows(path: str) -> int | None:
    """Rows in a batch file, for the progress bar (an estimate for CSV with quoted newlines)."""
    if path == "-" or not os.path.isfile(path) or path.lower().endswith((".xlsx", ".xlsm", ".parquet", ".pq")):
        return None
    with open(path, "rb") as fh:
        n = sum(1 for line in fh if line.strip())
    return max(n - 1, 0) if path.lower().endswith((".csv", ".tsv", ".tab")) else n
