"""batch: one listing or label per row of a .csv, .tsv, .jsonl, .json (array), .xlsx or .parquet file, streamed,
in input order.

The parent cuts the input into chunks of whole records (ingest.rows); `--workers` processes (default: the cores
this process may use) parse and check them (ingest.workers); the parent writes their output in input order. A row
that cannot be used becomes an error record in its place (with its id and row number when they can be read), a
one-line message on stderr, and a count in the summary; the exit code reflects the rows checked (1 if any fails).
Exit code 2 is for input that cannot be used at all: no file, no usable header, the wrong format, no row readable.
"""
from __future__ import annotations

import itertools
import os
import json
import re
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from ..errors import InputError
from ..resources import lexicon
from . import rows as batch_rows
from .columns import LISTED_NAME, ColumnSpec, fold, id_aliases, pick, salvage
from .workers import WorkerError, cpu_count, ordered_map, reuse_large_buffers

MAX_ROW_BYTES = 5 * 1024 * 1024


@dataclass(frozen=True)
class Settings:
    source: str
    as_of: object
    product_class: str | None
    fmt: str
    columns: ColumnSpec = ColumnSpec()
    only_failing: bool = False
    unit: str = "line"           # what a row number counts: line (text files), element (JSON array), row (XLSX), record (Parquet)
    titles: bool | None = None   # --titles / --no-titles: every name is a listing title, or a name; None: the column says


def _row_object(lineno: int, kind: str, payload, cfg: Settings) -> dict:
    where = f"{cfg.unit} {lineno}"
    source = cfg.source
    if kind == "error":
        raise InputError(source, payload[0], where)
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
    if kind == "csv":
        return payload
    try:
        return pick(payload, cfg.columns)
    except ValueError as exc:                # a key the user named is not in this object
        raise InputError(source, str(exc), where) from None


def _salvaged(kind: str, payload, cfg: Settings) -> dict:
    """What can still be read of a row that could not be used: its id, its name, its carried columns."""
    if kind == "error":
        return payload[1]
    if isinstance(payload, dict):
        return salvage(payload, cfg.columns) if kind == "obj" else payload
    if kind == "json" and isinstance(payload, str):
        try:
            obj = json.loads(payload) if len(payload) <= MAX_ROW_BYTES // 4 else None
        except (json.JSONDecodeError, RecursionError):
            obj = None
        if isinstance(obj, dict):
            return salvage(obj, cfg.columns)
        # a malformed line: its id and carried columns as far as they can be picked out of the raw text — the id under
        # any of the id headers (商品ID, SKU…) when --id-column names none, as for a whole object
        out: dict = {"_keep": {k: None for k in cfg.columns.keep}} if cfg.columns.keep else {}
        aliases = id_aliases()
        for m in _RAW_PAIR.finditer(payload[:4096]):
            try:
                key, value = json.loads(f'"{m.group(1)}"'), json.loads(m.group(2))
            except json.JSONDecodeError:
                continue
            folded = fold(key)
            if "id" not in out and (fold(cfg.columns.id) == folded if cfg.columns.id else folded in aliases):
                out["id"] = value
            for k in cfg.columns.keep or ():
                if fold(k) == folded and out["_keep"][k] is None:
                    out["_keep"][k] = value
        return out
    # a line that is JSON but no object ([1, 2, 3]): the carried columns are there, empty, as in every record
    return {"_keep": {k: None for k in cfg.columns.keep}} if cfg.columns.keep else {}


# a key and its string or number value in a JSON line that does not parse as a whole
_RAW_PAIR = re.compile(r'"((?:[^"\\]|\\.)*)"\s*:\s*("(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?)')


def _check_row(lineno: int, kind: str, payload, cfg: Settings) -> tuple:
    """(the Report, verdict, class, rules) — or (the error record, None, None, the error record)."""
    source = cfg.source
    obj = None
    try:
        obj = payload if kind in ("csv", "parsed") else _row_object(lineno, kind, payload, cfg)
        job = _name_job(lineno, obj, cfg)
        if job is not None:
            name, doc_id, title, row_source = job
            report, rendered = checked_name(name, as_of=cfg.as_of, product_class=cfg.product_class, title=title,
                                            doc_id=doc_id, source=row_source, want_json=cfg.fmt in ("jsonl", "json"))
        else:
            fields = {k: v for k, v in obj.items() if k not in ("_keep", "title", LISTED_NAME)}
            listed = None
            if "spans" not in fields and isinstance(fields.get("text"), str):
                # a cell's label text arrives as a .txt file's does: a detail page's HTML, Markdown, a JSON object of
                # the label's items — read as the lines they show
                fields["text"] = label_lines(fields["text"], cfg.source, f"{cfg.unit} {lineno}", "the row's markup")
                # a name column beside the label's text (食品名称, 样品名称: a sampler's or a shop's shortening) names
                # the row, not the label: the printed 产品名称 is what the label says. (A JSON label document's own
                # `name` key is its displayed name, as `check` reads it.)
                if kind == "csv" or obj.get(LISTED_NAME):
                    listed = fields.pop("name", None)
                    if isinstance(listed, str) and listed.strip() in _placeholders():
                        listed = None       # 食品名称 "/": no name at all
            doc = document_from_obj(fields, source, f"{cfg.unit} {lineno}: ")
            doc.source = f"{source}:{lineno}"
            report, rendered = check(doc, as_of=cfg.as_of, product_class=cfg.product_class), None
            fallback = next((t for t in (listed, obj.get("title")) if isinstance(t, str) and t.strip()), None)
            if "name" not in report.fields and fallback is not None and not doc.name:
                # the label names no product of its own (no 产品名称, name span or name line): the row's listing
                # name or title, whole (its qualifiers as the seller wrote them), is the name the rules read
                report = check(doc.model_copy(update={"name": fallback}), as_of=cfg.as_of, product_class=cfg.product_class)
        return _checked_row(lineno, obj, report, rendered)
    except InputError as exc:
        reason, where = exc.reason, exc.where or f"{cfg.unit} {lineno}"
    except Exception as exc:  # noqa: BLE001
        # a defect in labelcheck must cost one row, not the batch: say so, and go on
        reason, where = f"internal error ({type(exc).__name__}: {exc}); please report it with this row", f"{cfg.unit} {lineno}"
    known = obj if obj is not None else _salvaged(kind, payload, cfg)
    row_id = known.get("id") if isinstance(known, dict) else None
    rec = {"id": None if row_id is None else str(row_id), "row": lineno, "source": f"{source}:{lineno}",
           "line": lineno, "error": reason, "where": where}
    name = known.get("title") or known.get("name") if isinstance(known, dict) else None
    if isinstance(name, str) and name:
        rec["name"] = name
    row = Row(lineno, rec, known.get("_keep") if isinstance(known, dict) else None)
    return row, None, None, rec


@dataclass(slots=True)
class Row:
    """One output row: its row number, its Report (or the error record of a row that could not be used) and
    the columns carried through (--keep)."""
    number: int
    record: object
    keep: dict | None = None
    json: str | None = None      # the report's JSON when the check already has it (a report copied from a template)


@dataclass
class ChunkResult:
    rendered: bytes | None
    reports: list                # html only: the chunk's reports, for the one document written at the end
    rows: int
    verdicts: Counter
    classes: Counter
    rules: Counter
    errors: list                 # error records of the rows that could not be used
    needs_review: int = 0
    ids: list = field(default_factory=list)   # each row's id (None where it has none), for the repeated-id note


def check_chunk(job: tuple) -> ChunkResult:
    """Parse and check one chunk (in a worker), and render its rows. The chunk's names are checked together
    (pipeline.checked_names: the names without a class cue first, in one pass); a label, or a row that cannot be
    used, on its own."""
    chunk, cfg = job
    parsed = [_read(lineno, kind, payload, cfg) for lineno, kind, payload in batch_rows.parse(chunk)]
    names = [_name_of(lineno, kind, payload, cfg) for lineno, kind, payload in parsed]
    checked = _checked_names([name for name in names if name is not None], cfg)
    out, errors, ids = [], [], []
    verdicts, classes, rules = Counter(), Counter(), Counter()
    review = 0
    for (lineno, kind, payload), name in zip(parsed, names):
        if name is not None and checked is not None:
            row, verdict, row_class, extra = _checked_row(lineno, payload, *next(checked))
        else:
            row, verdict, row_class, extra = _check_row(lineno, kind, payload, cfg)
        ids.append(name[1] if name is not None else _row_id(row.record))
        if verdict is None:
            errors.append(extra)
        else:
            verdicts[verdict] += 1
            classes[row_class] += 1
            if extra:
                rules.update(extra)
            review += row.record.needs_review
            if cfg.only_failing and verdict != "fail":
                continue
        out.append(row)
    rendered = render_rows(cfg.fmt, out, cfg.columns.keep)
    # unusable rows too: the page lists them; each with its carried columns (--keep)
    html_reports = [(r.record, r.keep) for r in out] if rendered is None else []
    return ChunkResult(rendered, html_reports, len(parsed), verdicts, classes, rules, errors, review, ids)


def _row_id(record) -> str | None:
    value = record.get("id") if isinstance(record, dict) else getattr(record, "id", None)
    return None if value is None else str(value)


@cache
def _placeholders() -> frozenset[str]:
    return frozenset(lexicon("batch_columns")["placeholders"]["values"])


class RepeatedIds:
    """Counts the ids of a run that repeat (a customs list's 商品编号 is the HS code, shared by many lines): a pipeline
    keying its results by id would lose rows. The first IDS_TRACKED distinct ids are tracked, so memory stays bounded
    on a stream of millions."""

    IDS_TRACKED = 200_000

    def __init__(self) -> None:
        self.seen: Counter = Counter()
        self.repeats = 0

    def add(self, ids: list) -> None:
        for i in ids:
            if i is None:
                continue
            if i in self.seen or len(self.seen) < self.IDS_TRACKED:
                self.repeats += i in self.seen
                self.seen[i] += 1

    def note(self, source: str, spec) -> str | None:
        if not self.repeats:
            return None
        top, n = self.seen.most_common(1)[0]
        column = f"the column {spec.id!r}" if spec.id else "the id column found by its header"
        return (f"labelcheck: {source}: {self.repeats} row(s) repeat an id of an earlier row ({top!r} {n} times): "
                f"{column} does not tell rows apart — each record's row number does; --id-column names another\n")


def _read(lineno: int, kind: str, payload, cfg: Settings) -> tuple:
    """A row as an object (kind "parsed") when it can be read as one; as it came when not (_check_row says why)."""
    if kind in ("json", "obj"):
        try:
            return lineno, "parsed", _row_object(lineno, kind, payload, cfg)
        except Exception:  # noqa: BLE001 — _check_row reads it again and reports it
            pass
    return lineno, kind, payload


def _name_job(lineno: int, obj: dict, cfg: Settings) -> tuple | None:
    """(name, id, title?, source) of a row that is a name or title to check; None for a label. Raises InputError
    for a row with nothing to check."""
    if "spans" in obj:
        return None
    text = obj.get("text")
    if "text" in obj and not (isinstance(text, str) and is_blank(text)):
        return None
    # a text of only spaces (or none): the row is its name or title, or has nothing to check
    name = obj.get("title") or obj.get("name")
    if name and not isinstance(name, str):
        raise InputError(cfg.source, f"the row's name or title is a {type(name).__name__}, not text", f"{cfg.unit} {lineno}")
    if not isinstance(name, str) or is_blank(name):
        raise InputError(cfg.source, "row has no name, title or text (an empty cell?)", f"{cfg.unit} {lineno}")
    if name.strip() in _placeholders():
        raise InputError(cfg.source, f"the row's name is a placeholder ({name.strip()!r}), not a name: nothing to check",
                         f"{cfg.unit} {lineno}")
    row_id = obj.get("id")
    title = cfg.titles if cfg.titles is not None else (True if obj.get("title") else None)
    return name, None if row_id is None else str(row_id), title, f"{cfg.source}:{lineno}"


def _name_of(lineno: int, kind: str, payload, cfg: Settings) -> tuple | None:
    """_name_job of a row read as an object; None for a label or a row that cannot be used (_check_row reads those,
    one by one, and says why)."""
    if kind not in ("csv", "parsed"):
        return None
    try:
        return _name_job(lineno, payload, cfg)
    except InputError:
        return None


def _checked_row(lineno: int, obj: dict, report, rendered: str | None) -> tuple:
    """(the Row, verdict, class, rules that spoke) of a row checked."""
    # each rule once per row: the summary counts rows by rule (a label missing two rows of its table is one row)
    rules = list(dict.fromkeys(f.rule for f in report.findings if f.severity != "info"))
    return Row(lineno, report, obj.get("_keep"), rendered), report.verdict, report.product_class, rules


def _checked_names(jobs: list[tuple], cfg: Settings):
    """An iterator of (report, JSON) for the names, in order; None when checking them together failed (each row is
    then checked on its own, so a defect costs only its row)."""
    if not jobs:
        return iter(())
    try:
        names, doc_ids, titles, sources = zip(*jobs)
        return iter(checked_names(list(names), as_of=cfg.as_of, product_class=cfg.product_class, titles=list(titles),
                                  doc_ids=list(doc_ids), sources=list(sources),
                                  want_json=cfg.fmt in ("jsonl", "json")))
    except Exception:  # noqa: BLE001 — the rows, one by one, say which
        return None


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
    fmt = output_format(args, "jsonl")
    if fmt == "xlsx":
        raise InputError(args.output or args.file, "batch writes no workbook: use -o FILE.csv (Excel opens it); a "
                         "workbook of label reports comes from `labelcheck check … -o FILE.xlsx`")
    workers = cpu_count() if args.workers is None else args.workers
    if workers < 1:
        raise InputError(source, "--workers must be at least 1")
    spec = ColumnSpec.from_args(args)
    jobs_iter = batch_rows.chunks(source, spec)
    first = next(jobs_iter, None)             # the header and the format are checked before any output is opened
    show = args.progress if args.progress is not None else sys.stderr.isatty()
    progress = Progress(show, batch_rows.count_rows(source) if show else None)
    cfg = Settings(source, args.as_of, getattr(args, "product_class", None), fmt, spec,
                   bool(getattr(args, "only_failing", False)), _unit(source, first), getattr(args, "titles", None))
    summary = {"rows": 0, "checked": 0, "unreadable": 0, "needs_review": 0, "verdict": Counter(),
               "product_class": Counter(), "rule": Counter()}
    repeated = RepeatedIds()
    _warm(workers, args.as_of)   # build lexicons and automata once; forked workers inherit them
    reuse_large_buffers()
    jobs = ((chunk, cfg) for chunk in itertools.chain([first] if first else [], jobs_iter))
    # every file to write is checked before any is opened (opening one empties it): a typo costs no run and no file
    targets = [t for t in (getattr(args, "output", None), args.summary) if t]
    for target in targets:
        _check_writable(target, source, targets)
    out = _writable(args.output, newline="") if getattr(args, "output", None) else sys.stdout
    summary_fh = _writable(args.summary) if args.summary else None
    writer = None
    try:
        for result in ordered_map(check_chunk, jobs, workers):
            writer = writer or BatchWriter(fmt, out, spec.keep)
            summary["rows"] += result.rows
            summary["unreadable"] += len(result.errors)
            summary["checked"] += result.rows - len(result.errors)
            summary["needs_review"] += result.needs_review
            summary["verdict"].update(result.verdicts)
            summary["product_class"].update(result.classes)
            summary["rule"].update(result.rules)
            repeated.add(result.ids)
            for rec in result.errors:
                known = f" (id {rec['id']})" if rec.get("id") is not None else ""
                sys.stderr.write(f"{chr(13) if show else ''}labelcheck: {source}:{rec['where']}{known}: {rec['error']}\n")
            writer.write(result.rendered, result.reports)
            progress.tick(result.rows)
        writer = writer or BatchWriter(fmt, out, spec.keep)
    except WorkerError as exc:
        raise InputError(source, f"batch stopped: {exc}") from None
    finally:
        progress.close()
        if writer:
            writer.close()
        if out is not sys.stdout:
            out.close()
    summary["errors"] = summary["unreadable"]          # the name before 0.2, kept for readers of the old summary
    summary["repeated_ids"] = repeated.repeats
    if (note := repeated.note(source, spec)) is not None:
        sys.stderr.write(note)
    line = json.dumps({k: (dict(v) if isinstance(v, Counter) else v) for k, v in summary.items()}, ensure_ascii=False)
    if summary_fh:
        with summary_fh:
            summary_fh.write(line + "\n")
    else:
        sys.stderr.write(f"summary: {line}\n")
    if summary["rows"] and not summary["checked"]:
        sys.stderr.write(f"labelcheck: {source}: no row could be checked\n")
        return 2                                        # the input could not be used at all
    return 1 if summary["verdict"].get("fail") else 0


def _unit(source: str, first) -> str:
    """What the input's row numbers count: a line of a text file, an element of a JSON array, a sheet row of a
    workbook, a record of a Parquet file."""
    if first is None or first.kind in ("csv", "jsonl", "lines"):
        return "line"
    if first.kind == "items":
        return "element"
    return "record" if source.lower().endswith((".parquet", ".pq")) else "row"


def _check_writable(path: str, source: str, targets: list[str]) -> None:
    """A one-line InputError (exit code 2) for a file the batch cannot or must not write — its own input, the other
    output, a folder, a folder that does not exist, a file it may not change — without opening (emptying) it."""
    target = Path(os.path.realpath(path))        # a link is checked as the file it names
    regular = not target.exists() or target.is_file()   # a device (/dev/stdout) empties nothing when opened
    if regular and _is_input(target, source):
        raise InputError(path, "is the batch's input: writing it would destroy the rows being read — name another file")
    if regular and sum(_same_file(target, Path(os.path.realpath(t))) for t in targets) > 1:
        raise InputError(path, "is named for both -o and --summary: name two files")
    if target.is_dir() or (path.endswith(("/", os.sep)) and not target.exists()):
        raise InputError(path, "is a folder: name a file to write")
    folder = target.parent
    if not folder.is_dir():
        raise InputError(path, "cannot be written: its folder does not exist")
    if not os.access(target if target.exists() else folder, os.W_OK):
        raise InputError(path, "cannot be written: permission denied")


def _is_input(target: Path, source: str) -> bool:
    """Is `target` the file the batch reads — named, or redirected to its standard input (batch - < FILE)?"""
    if source != "-":
        return _same_file(target, Path(source))
    try:
        given = os.fstat(sys.stdin.fileno())
        return target.exists() and os.path.samestat(given, target.stat())
    except (OSError, ValueError):
        return False


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and a.samefile(b) or a.resolve() == b.resolve()
    except OSError:
        return False


def _writable(path: str, newline: str | None = None):
    """The file opened for writing, or a one-line InputError naming it (exit code 2)."""
    try:
        return open(path, "w", encoding="utf-8", newline=newline)
    except FileNotFoundError:
        raise InputError(path, "cannot be written: its folder does not exist") from None
    except IsADirectoryError:
        raise InputError(path, "is a folder: name a file to write") from None
    except OSError as exc:
        raise InputError(path, f"cannot be written: {exc.strerror or exc}") from None


def _warm(workers: int = 1, as_of=None) -> None:
    """Build the automata and load the lexicons once, before workers fork, not on each worker's first rows — and
    the no-cue template of the batch's date, which most titles take. jieba is not loaded here: only the word-order
    rules of a bare analogue name (LC103, LC112) segment, never a title's, so a batch of titles never pays its second
    of start-up or its 60 MB — a worker that needs it loads it."""
    checked_name("植物肉", as_of=as_of, title=False)
    for title in ("植物肉 汉堡 【包邮】", "【包邮】 纯牛奶 250ml*24盒"):
        checked_name(title, as_of=as_of, title=True)


from ..ingest.document import document_from_obj  # noqa: E402
from ..ingest import label_lines  # noqa: E402
from ..normalize import is_blank  # noqa: E402
from ..pipeline import check, checked_name, checked_names  # noqa: E402
from ..render.batch import BatchWriter, output_format, render_rows  # noqa: E402
