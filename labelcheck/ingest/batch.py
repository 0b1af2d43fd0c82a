"""batch: one listing or label per row of a .jsonl, .csv or .json (array) file, streamed, in input order.

The parent cuts the input into chunks of whole records (ingest.rows); `--workers` processes (default: the cores
this process may use) parse and check them (ingest.workers); the parent writes their output in input order. A row
that cannot be used becomes an error record naming its line, a one-line message on stderr, and exit code 2 once
every other row has been checked.
"""
from __future__ import annotations

import json
import sys
import time
from collections import Counter
from dataclasses import dataclass

from ..errors import InputError
from . import rows as batch_rows
from .workers import WorkerError, cpu_count, ordered_map

MAX_ROW_BYTES = 5 * 1024 * 1024


@dataclass(frozen=True)
class Settings:
    source: str
    as_of: object
    product_class: str | None
    fmt: str


def _row_object(lineno: int, kind: str, payload, source: str) -> dict:
    where = f"line {lineno}"
    if kind == "error":
        raise InputError(source, payload, where)
    if kind == "json":
        # characters first: a row of n characters is at least n and at most 4n bytes in UTF-8
        if len(payload) > MAX_ROW_BYTES // 4 and len(payload.encode("utf-8", "surrogatepass")) > MAX_ROW_BYTES:
            raise InputError(source, "row is larger than the 5 MB limit", where)
        try:
            payload = json.loads(payload)
        except json.JSONDecodeError as exc:
            raise InputError(source, f"malformed JSON: {exc.msg} (column {exc.colno})", where) from None
        except RecursionError:
            raise InputError(source, "JSON nested too deeply", where) from None
    if not isinstance(payload, dict):
        raise InputError(source, f"a row must be a JSON object, not {type(payload).__name__}", where)
    return payload


def _check_row(lineno: int, kind: str, payload, cfg: Settings) -> tuple:
    """(the Report, verdict, class, rules) — or (the error record, None, None, the error record)."""
    source = cfg.source
    try:
        obj = _row_object(lineno, kind, payload, source)
        row_id = obj.get("id")
        if "text" not in obj and "spans" not in obj:
            name = obj.get("title") or obj.get("name")
            if not isinstance(name, str) or not name.strip():
                raise InputError(source, "row has no `name`, `title`, `text` or `spans`", f"line {lineno}")
            report = check_name(name, as_of=cfg.as_of, product_class=cfg.product_class,
                                title=True if "title" in obj else None,
                                doc_id=None if row_id is None else str(row_id), source=f"{source}:{lineno}")
        else:
            doc = document_from_obj(obj, source, f"line {lineno}: ")
            doc.source = f"{source}:{lineno}"
            report = check(doc, as_of=cfg.as_of, product_class=cfg.product_class)
        return report, report.verdict, report.product_class, [f.rule for f in report.findings if f.severity != "info"]
    except InputError as exc:
        rec = {"id": None, "source": f"{source}:{lineno}", "line": lineno, "error": exc.reason,
               "where": exc.where or f"line {lineno}"}
    except Exception as exc:  # noqa: BLE001
        # a defect in labelcheck must cost one row, not the batch: say so, and go on
        rec = {"id": None, "source": f"{source}:{lineno}", "line": lineno, "where": f"line {lineno}",
               "error": f"internal error ({type(exc).__name__}: {exc}); please report it with this row"}
    return rec, None, None, rec


@dataclass
class ChunkResult:
    rendered: bytes | None
    reports: list                # html only: the chunk's reports, for the one document written at the end
    rows: int
    verdicts: Counter
    classes: Counter
    rules: Counter
    errors: list                 # error records of the rows that could not be used


def check_chunk(job: tuple) -> ChunkResult:
    """Parse and check one chunk (in a worker), and render its rows."""
    chunk, cfg = job
    records, errors, reports = [], [], []
    verdicts, classes, rules = Counter(), Counter(), Counter()
    for lineno, kind, payload in batch_rows.parse(chunk):
        record, verdict, row_class, extra = _check_row(lineno, kind, payload, cfg)
        records.append(record)
        if verdict is None:
            errors.append(extra)
        else:
            reports.append(record)
            verdicts[verdict] += 1
            classes[row_class] += 1
            rules.update(extra)
    rendered = render_rows(cfg.fmt, records)
    return ChunkResult(rendered, reports if rendered is None else [], len(records), verdicts, classes, rules, errors)


class Progress:
    """A one-line progress bar on stderr, only when stderr is a terminal (or --progress)."""

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
                filled = int(width * min(self.done, self.total) / self.total)
                bar = "█" * filled + "░" * (width - filled)
                sys.stderr.write(f"\r{bar} {self.done}/{self.total} rows  {rate:,.0f}/s ")
            else:
                sys.stderr.write(f"\r{self.done} rows  {rate:,.0f}/s ")
            sys.stderr.flush()

    def close(self) -> None:
        if self.enabled:
            sys.stderr.write("\n")


def run_batch(args) -> int:
    source = args.file
    fmt = args.format or "jsonl"
    workers = cpu_count() if args.workers is None else args.workers
    if workers < 1:
        raise InputError(source, "--workers must be at least 1")
    show = args.progress if args.progress is not None else sys.stderr.isatty()
    progress = Progress(show, batch_rows.count_rows(source) if show else None)
    cfg = Settings(source, args.as_of, getattr(args, "product_class", None), fmt)
    summary = {"rows": 0, "errors": 0, "verdict": Counter(), "product_class": Counter(), "rule": Counter()}
    _warm()          # build lexicons and automata once; forked workers inherit them
    jobs = ((chunk, cfg) for chunk in batch_rows.chunks(source))
    writer = None
    try:
        for result in ordered_map(check_chunk, jobs, workers):
            writer = writer or BatchWriter(fmt, sys.stdout)
            summary["rows"] += result.rows
            summary["errors"] += len(result.errors)
            summary["verdict"].update(result.verdicts)
            summary["product_class"].update(result.classes)
            summary["rule"].update(result.rules)
            for rec in result.errors:
                sys.stderr.write(f"{chr(13) if show else ''}labelcheck: {source}:{rec['where']}: {rec['error']}\n")
            writer.write(result.rendered, result.reports)
            progress.tick(result.rows)
        writer = writer or BatchWriter(fmt, sys.stdout)
    except WorkerError as exc:
        raise InputError(source, f"batch stopped: {exc}") from None
    finally:
        progress.close()
        if writer:
            writer.close()
    line = json.dumps({k: (dict(v) if isinstance(v, Counter) else v) for k, v in summary.items()}, ensure_ascii=False)
    if args.summary:
        with open(args.summary, "w", encoding="utf-8") as fh:
            fh.write(line + "\n")
    else:
        sys.stderr.write(f"summary: {line}\n")
    if summary["errors"]:
        return 2
    return 1 if summary["verdict"].get("fail") else 0


def _warm() -> None:
    """Build the automata and load the lexicons once, before workers fork, not on each worker's first rows."""
    check_name("植物肉", title=False)


from ..ingest.document import document_from_obj  # noqa: E402
from ..pipeline import check, check_name  # noqa: E402
from ..render.batch import BatchWriter, render_rows  # noqa: E402
