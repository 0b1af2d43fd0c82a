"""Batch output: each chunk of rows is rendered by the worker that checked it; the parent only concatenates,
in input order, between the format's opening and closing."""
from __future__ import annotations

import json

from . import csv as csv_out


def render_rows(fmt: str, texts: list[str]) -> bytes | None:
    """The chunk's rows in the output format (UTF-8), from each row's report or error record as JSON text;
    None for html, which is one document built from every report at the end."""
    if fmt == "jsonl":
        out = "".join(t + "\n" for t in texts)
    elif fmt == "json":
        out = ",\n".join(texts)
    elif fmt == "csv":
        out = csv_out.rows_text(csv_out.record_row(json.loads(t)) for t in texts)
    elif fmt == "text":
        out = "".join(_text(json.loads(t)) for t in texts)
    else:
        return None
    return out.encode("utf-8")


def _text(rec: dict) -> str:
    if "error" in rec:
        return f"{rec['source']}: ERROR {rec['error']}\n"
    from ..models import Report
    from .text import render
    return render(Report.model_validate(rec), show_info=False) + "\n"


class BatchWriter:
    def __init__(self, fmt: str, out):
        self.fmt, self.out, self.first = fmt, out, True
        self.html_reports: list = []
        if fmt == "csv":
            out.write(csv_out.header())
        elif fmt == "json":
            out.write("[")

    def write(self, rendered: bytes | None, reports_json: list[str]) -> None:
        """One chunk: its rendered rows, or (html) its reports as JSON text."""
        if self.fmt == "html":
            from ..models import Report
            self.html_reports += [Report.model_validate_json(t) for t in reports_json]
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
