"""batch: one listing or label per row of a .jsonl or .csv file, streamed, in input order.

Rows are read lazily, in chunks, and checked by `--workers` processes (default: all cores; the
parent is one of them); results are written in input order. A row that cannot be used becomes an error record naming
its line, a one-line message on stderr, and exit code 2 once every other row has been checked.
"""
from __future__ import annotations

import csv
import io
import json
import os
import sys
import time
from collections import Counter
from typing import Iterator

from ..errors import InputError

MAX_ROW_BYTES = 5 * 1024 * 1024


def _rows(path: str) -> Iterator[tuple[int, str, object]]:
    """(line number, kind, payload) for each row; kind is "json" (raw line) or "csv" (dict)."""
    if path != "-" and not os.path.exists(path):
        raise InputError(path, "no such file")
    fh = sys.stdin.buffer if path == "-" else open(path, "rb")
    text = io.TextIOWrapper(fh, encoding="utf-8-sig", errors="replace", newline="")
    try:
        if path.lower().endswith(".csv"):
            reader = csv.reader(text)
            header = [h.strip().lower() for h in next(reader, [])]
            cols = [(k, header.index(k)) for k in ("id", "name", "text", "title") if k in header]
            if not {"name", "text", "title"} & set(header):
                raise InputError(path, "a batch CSV needs a header with `name` (and optionally `id`, `text`)", "line 1")
            for row in reader:
                yield reader.line_num, "csv", {k: row[i] for k, i in cols if i < len(row) and row[i]}
        elif path.lower().endswith(".json"):
            # a JSON array of label documents: each element is a row, numbered by its position
            try:
                items = json.load(text)
            except json.JSONDecodeError as exc:
                raise InputError(path, f"malformed JSON: {exc.msg}", f"line {exc.lineno} column {exc.colno}") from None
            if not isinstance(items, list):
                raise InputError(path, "a .json batch must be an array of label documents (or use .jsonl)")
            for n, item in enumerate(items, 1):
                yield n, "json", json.dumps(item, ensure_ascii=False)
        else:
            for n, line in enumerate(text, 1):
                if line.strip():
                    yield n, "json", line
    finally:
        if fh is not sys.stdin.buffer:
            fh.close()


def _check_row(args) -> tuple:
    """(JSON text of the report or error record, verdict, class, rules) — text, so workers send one string back."""
    lineno, kind, payload, source, as_of, product_class = args
    where = f"line {lineno}"
    try:
        if kind == "json":
            if len(payload) > MAX_ROW_BYTES:
                raise InputError(source, "row is larger than the 5 MB limit", where)
            try:
                obj = json.loads(payload)
            except json.JSONDecodeError as exc:
                raise InputError(source, f"malformed JSON: {exc.msg} (column {exc.colno})", where) from None
            except RecursionError:
                raise InputError(source, "JSON nested too deeply", where) from None
        else:
            obj = payload
        if not isinstance(obj, dict):
            raise InputError(source, f"a row must be a JSON object, not {type(obj).__name__}", where)
        row_id = obj.get("id")
        if "text" not in obj and "spans" not in obj:
            name = obj.get("title") or obj.get("name")
            if not isinstance(name, str) or not name.strip():
                raise InputError(source, "row has no `name`, `title`, `text` or `spans`", where)
            report = check_name(name, as_of=as_of, product_class=product_class,
                                title=True if "title" in obj else None,
                                doc_id=None if row_id is None else str(row_id), source=f"{source}:{lineno}")
        else:
            doc = document_from_obj(obj, source, f"{where}: ")
            doc.source = f"{source}:{lineno}"
            report = check(doc, as_of=as_of, product_class=product_class)
        return (report.model_dump_json(), report.verdict, report.product_class,
                [f.rule for f in report.findings if f.severity != "info"])
    except InputError as exc:
        rec = {"id": None, "source": f"{source}:{lineno}", "line": lineno, "error": exc.reason, "where": exc.where or where}
        return json.dumps(rec, ensure_ascii=False), None, None, rec


class Progress:
    """A one-line progress bar on stderr, only when stderr is a terminal."""

    def __init__(self, enabled: bool, total: int | None):
        self.enabled, self.total, self.done, self.start, self.last = enabled, total, 0, time.monotonic(), 0.0

    def tick(self, n: int = 1) -> None:
        self.done += n
        now = time.monotonic()
        if self.enabled and (now - self.last > 0.1 or self.done == self.total):
            self.last = now
            rate = self.done / max(now - self.start, 1e-9)
            if self.total:
                width = 30
                filled = int(width * self.done / self.total)
                bar = "█" * filled + "░" * (width - filled)
                sys.stderr.write(f"\r{bar} {self.done}/{self.total} rows  {rate:,.0f}/s ")
            else:
                sys.stderr.write(f"\r{self.done} rows  {rate:,.0f}/s ")
            sys.stderr.flush()

    def close(self) -> None:
        if self.enabled:
            sys.stderr.write("\n")


def _count_rows(path: str) -> int | None:
    if path == "-":
        return None
    with open(path, "rb") as fh:
        n = sum(1 for line in fh if line.strip())
    return n - 1 if path.lower().endswith(".csv") else n


CHUNK = 1024


def _chunks(rows, size: int = CHUNK):
    chunk = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _check_chunk(args) -> tuple:
    """A chunk of rows in one call, counted here: few, large messages between processes.

    Returns (texts — one joined string for jsonl, a list otherwise —, verdicts, classes, rules, error records)."""
    chunk, source, as_of, product_class, joined = args
    texts, errors = [], []
    verdicts, classes, rules = Counter(), Counter(), Counter()
    for n, kind, payload in chunk:
        text, verdict, row_class, extra = _check_row((n, kind, payload, source, as_of, product_class))
        texts.append(text)
        if verdict is None:
            errors.append(extra)
        else:
            verdicts[verdict] += 1
            classes[row_class] += 1
            rules.update(extra)
    return ("\n".join(texts) + "\n" if joined else texts), verdicts, classes, rules, errors


def _ordered_results(jobs, workers: int):
    """Chunk results in input order. With N workers the parent is one of them and N-1 forked helpers
    take the rest: on N cores that keeps N processes busy instead of N+1 competing for them."""
    if workers == 1:
        yield from map(_check_chunk, jobs)
        return
    import multiprocessing as mp
    from collections import deque
    helpers = workers - 1
    pool = mp.get_context("fork" if hasattr(os, "fork") else "spawn").Pool(helpers, initializer=_warm)
    pending: deque = deque()
    in_flight = 0
    try:
        for job in jobs:
            if in_flight < 2 * helpers:
                pending.append(pool.apply_async(_check_chunk, (job,)))
                in_flight += 1
            else:
                pending.append(_check_chunk(job))       # the parent works while its helpers do
            while pending and (not hasattr(pending[0], "ready") or pending[0].ready()):
                head = pending.popleft()
                if hasattr(head, "ready"):
                    in_flight -= 1
                    head = head.get()
                yield head
        while pending:
            head = pending.popleft()
            yield head.get() if hasattr(head, "ready") else head
    finally:
        pool.close()
        pool.join()


def run_batch(args) -> int:
    source = args.file
    fmt = args.format or "jsonl"
    workers = args.workers or os.cpu_count() or 1
    if workers < 1:
        raise InputError(source, "--workers must be at least 1")
    show = args.progress if args.progress is not None else sys.stderr.isatty()
    progress = Progress(show, _count_rows(source) if show else None)
    forced_class = getattr(args, "product_class", None)
    jobs = ((chunk, source, args.as_of, forced_class, fmt == "jsonl") for chunk in _chunks(_rows(source)))
    summary = {"rows": 0, "errors": 0, "verdict": Counter(), "product_class": Counter(), "rule": Counter()}
    writer = _Writer(fmt, sys.stdout)
    bad = False
    _warm()          # build lexicons and automata once; forked helpers inherit them
    try:
        for texts, verdicts, classes, rules, errors in _ordered_results(jobs, workers):
            n = texts.count("\n") if isinstance(texts, str) else len(texts)
            summary["rows"] += n
            summary["errors"] += len(errors)
            summary["verdict"].update(verdicts)
            summary["product_class"].update(classes)
            summary["rule"].update(rules)
            for rec in errors:
                bad = True
                sys.stderr.write(f"{chr(13) if show else ''}labelcheck: {source}:{rec['where']}: {rec['error']}\n")
            writer.write_many(texts)
            progress.tick(n)
    finally:
        progress.close()
        writer.close()
    line = json.dumps({k: (dict(v) if isinstance(v, Counter) else v) for k, v in summary.items()}, ensure_ascii=False)
    if args.summary:
        with open(args.summary, "w", encoding="utf-8") as fh:
            fh.write(line + "\n")
    else:
        sys.stderr.write(f"summary: {line}\n")
    if bad:
        return 2
    return 1 if summary["verdict"].get("fail") else 0


def _warm() -> None:
    """Build the automata and load the lexicons once per worker, not on its first rows."""
    check_name("植物肉", title=False)


from ..ingest.document import document_from_obj  # noqa: E402
from ..pipeline import check, check_name  # noqa: E402


CSV_COLUMNS = ["id", "source", "verdict", "product_class", "standards", "errors", "warnings", "rules", "messages", "suggestions", "error"]


class _Writer:
    def __init__(self, fmt: str, out):
        self.fmt, self.out, self.first = fmt, out, True
        if fmt == "csv":
            out.write("\ufeff")     # Excel opens UTF-8 CSV correctly only with a BOM
            self.csv = csv.writer(out)
            self.csv.writerow(CSV_COLUMNS)
        elif fmt == "json":
            out.write("[")
        self.html_reports: list = []        # --format html is one document: written when the batch ends

    def write_many(self, texts) -> None:
        if isinstance(texts, str):
            self.out.write(texts)
            self.first = False
        else:
            for text in texts:
                self.write(text)

    def write(self, text: str) -> None:
        if self.fmt == "jsonl":
            self.out.write(text + "\n")
            self.first = False
            return
        rec = json.loads(text)
        if self.fmt == "csv":
            fs = [f for f in rec.get("findings", []) if f["severity"] != "info"]
            self.csv.writerow([rec.get("id") or "", rec.get("source", ""), rec.get("verdict", ""), rec.get("product_class", ""),
                               " ".join(rec.get("standards", [])), sum(f["severity"] == "error" for f in fs),
                               sum(f["severity"] == "warning" for f in fs), " ".join(f["rule"] for f in fs),
                               " | ".join(f"{f['rule']} {f['standard']} {f['clause']}: {f['message']}" for f in fs),
                               " | ".join(s for f in fs for s in f["suggestions"]), rec.get("error", "")])
        elif self.fmt == "json":
            self.out.write(("" if self.first else ",") + "\n" + text)
        elif self.fmt == "html":
            if "error" not in rec:
                from ..models import Report
                self.html_reports.append(Report.model_validate(rec))
        elif self.fmt == "text":
            if "error" in rec:
                self.out.write(f"{rec['source']}: ERROR {rec['error']}\n")
            else:
                from ..models import Report
                from ..render.text import render
                self.out.write(render(Report.model_validate(rec), show_info=False) + "\n")
        self.first = False

    def close(self) -> None:
        if self.fmt == "json":
            self.out.write("\n]\n")
        elif self.fmt == "html":
            from ..render.html import render_html
            self.out.write(render_html(self.html_reports) + "\n")
        self.out.flush()
