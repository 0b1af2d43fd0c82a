"""Batch output: each chunk of rows is rendered by the worker that checked it; the parent only concatenates,
in input order, between the format's opening and closing.

Every row carries its row number (`row`) and its id; the columns named with --keep ride along (`keep` in JSON,
their own columns in CSV/TSV)."""
from __future__ import annotations

import json
import os

from ..errors import InputError
from . import csv as csv_out

# -o/--output: the format from the file's extension
OUTPUT_FORMATS = {".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "json", ".csv": "csv", ".tsv": "tsv",
                  ".html": "html", ".htm": "html", ".txt": "text", ".xlsx": "xlsx"}


def output_format(args, default: str) -> str:
    """--format, else the -o file's extension, else `default`."""
    if args.format:
        return args.format
    target = getattr(args, "output", None)
    if target:
        fmt = OUTPUT_FORMATS.get(os.path.splitext(target.lower())[1])
        if fmt is None:
            raise InputError(target, "cannot tell the output format from the extension; use --format or one of "
                             + " ".join(OUTPUT_FORMATS))
        return fmt
    return default


def render_rows(fmt: str, rows: list, keep: tuple = ()) -> bytes | None:
    """The chunk's rows in the output format (UTF-8), from each row's Report or error record (a dict);
    None for html, which is one document built from every report at the end."""
    if fmt == "jsonl":
        out = "\n".join(map(_json, rows)) + "\n" if rows else ""
    elif fmt == "json":
        out = ",\n".join(map(_json, rows))
    elif fmt in ("csv", "tsv"):
        out = csv_out.rows_text((csv_out.record_row(_as_dict(r.record), r.number, r.keep, keep) for r in rows),
                                delimiter="\t" if fmt == "tsv" else ",")
    elif fmt == "text":
        out = "".join(map(_text, rows))
    else:
        return None
    return out.encode("utf-8")


def _as_dict(record) -> dict:
    return record if isinstance(record, dict) else record.model_dump(mode="json")


def _json(row) -> str:
    rec = row.record
    if isinstance(rec, dict):
        body = json.dumps(rec, ensure_ascii=False)
    else:
        # the report's own JSON with the row number spliced in first: no second serialisation per row
        body = (row.json or rec.model_dump_json()).replace("{", '{"row":%d,' % row.number, 1)
    if row.keep is not None:
        body = body[:-1] + ',"keep":' + json.dumps(row.keep, ensure_ascii=False) + "}"
    return body


def _text(row) -> str:
    rec = row.record
    if isinstance(rec, dict):
        return f"{rec['source']}: ERROR {rec['error']}\n"
    from .text import render
    return render(rec, show_info=False) + "\n"


class BatchWriter:
    def __init__(self, fmt: str, out, keep: tuple = ()):
        self.fmt, self.out, self.first = fmt, out, True
        self.html_reports: list = []
        if fmt in ("csv", "tsv"):
            out.write(csv_out.header(keep, delimiter="\t" if fmt == "tsv" else ","))
        elif fmt == "json":
            out.write("[")

    def write(self, rendered: bytes | None, reports: list) -> None:
        """One chunk: its rendered rows, or (html) its reports."""
        if self.fmt == "html":
            self.html_reports += reports
            return
        if not rendered:
            return
        if self.fmt == "json":
            self._bytes((b"\n" if self.first else b",\n") + rendered)
        else:
            self._bytes(rendered)
        self.first = False

    def _bytes(self, data: bytes) -> None:
        buffer = getattr(self.out, "buffer", None)
        if buffer is None:
            self.out.write(data.decode("utf-8"))
            return
        self.out.flush()
        buffer.write(data)
        buffer.flush()         # a chunk at a time, so a pipeline reading our output sees each as it is checked

    def close(self) -> None:
        if self.fmt == "json":
            self.out.write("\n]\n")
        elif self.fmt == "html":
            from .html import render_html
            self.out.write(render_html([r for r, _ in self.html_reports],
                                       carried=[keep for _, keep in self.html_reports]) + "\n")
        self.out.flush()
