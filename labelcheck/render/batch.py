"""Batch output: each chunk of rows is rendered by the worker that checked it; the parent only concatenates,
in input order, between the format's opening and closing."""
from __future__ import annotations

import json

from . import csv as csv_out


def render_rows(fmt: str, records: list) -> bytes | None:
    """The chunk's rows in the output format (UTF-8), from each row's Report or error record (a dict);
    None for html, which is one document built from every report at the end."""
    if fmt == "jsonl":
        out = "".join(_json(r) + "\n" for r in records)
    elif fmt == "json":
        out = ",\n".join(map(_json, records))
    elif fmt == "csv":
        out = csv_out.rows_text(csv_out.record_row(r if isinstance(r, dict) else r.model_dump(mode="json")) for r in records)
    elif fmt == "text":
        out = "".join(map(_text, records))
    else:
        return None
    return out.encode("utf-8")


def _json(record) -> str:
    return json.dumps(record, ensure_ascii=False) if isinstance(record, dict) else record.model_dump_json()


def _text(record) -> str:
    if isinstance(record, dict):
        return f"{record['source']}: ERROR {record['error']}\n"
    from .text import render
    return render(record, show_info=False) + "\n"


class BatchWriter:
    def __init__(self, fmt: str, out):
        self.fmt, self.out, self.first = fmt, out, True
        self.html_reports: list = []
        if fmt == "csv":
            out.write(csv_out.header())
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
            self.out.write(render_html(self.html_reports) + "\n")
        self.out.flush()
