"""The command line: check, name, batch, rules, schema (see docs/contract.md)."""
from __future__ import annotations

import argparse
import datetime as dt
import os
import signal
import sys
import threading

from .errors import InputError
from .models import PRODUCT_CLASSES

EXIT_OK, EXIT_ERRORS, EXIT_UNUSABLE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # one line, exit 2, never a usage dump on stdout
        sys.stderr.write(f"labelcheck: {message}\n")
        raise SystemExit(EXIT_UNUSABLE)


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"--as-of wants YYYY-MM-DD, got {value!r}") from None


def _ids(value: str) -> list[str]:
    return [v.strip() for v in value.split(",") if v.strip()]


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--config", default=None, metavar="PATH",
                        help="config file (default: labelcheck.toml or pyproject.toml [tool.labelcheck], nearest upward)")
    common.add_argument("--select", type=_ids, default=None, metavar="IDS",
                        help="rule ids or prefixes to run, comma-separated (replaces the config's select)")
    common.add_argument("--extend-select", type=_ids, action="extend", default=[], metavar="IDS",
                        help="rule ids or prefixes to add to the selection")
    common.add_argument("--ignore", type=_ids, action="extend", default=[], metavar="IDS",
                        help="rule ids or prefixes not to run")
    common.add_argument("--format", choices=["text", "json", "jsonl", "html", "csv", "tsv", "xlsx"], default=None,
                        help="output format (default: from the -o file's extension; else check and name write text "
                             "on a terminal and json otherwise, batch writes jsonl; batch writes no xlsx)")
    common.add_argument("--as-of", type=_date, default=None, metavar="YYYY-MM-DD",
                        help="check date: picks the GB 7718/28050 edition in force (default: today)")
    common.add_argument("--no-info", action="store_true", help="hide info findings in text output")
    p = _Parser(prog="labelcheck", description="Check meat-analogue names and labels against Chinese standards.")
    p.add_argument("--version", action="version", version=f"labelcheck {__import__('labelcheck').__version__}")
    sub = p.add_subparsers(dest="command", required=True, parser_class=_Parser)
    c = sub.add_parser("check", parents=[common], help="check label files (.txt .json .pdf .svg) or - for stdin")
    c.add_argument("paths", nargs="+", metavar="PATH")
    c.add_argument("--class", dest="product_class", choices=PRODUCT_CLASSES, default=None)
    c.add_argument("--output", "-o", default=None, help="write the report here (html needs it or stdout)")
    c.add_argument("--one-label", action="store_true", help="the photos given are of one pack: read them as one label")
    c.add_argument("--scale", type=float, default=None, metavar="PX_PER_MM", help="photos: pixels per millimetre on the pack")
    c.add_argument("--compare-editions", action="store_true",
                   help="report under both GB 7718/28050 editions: findings that appear and go away")
    c.add_argument("--edition-by", choices=["check-date", "production-date"], default="check-date",
                   help="pick the edition by the check date (default) or by the label's printed production date")
    n = sub.add_parser("name", parents=[common], help="check a product name or marketplace title")
    n.add_argument("name")
    n.add_argument("--class", dest="product_class", choices=PRODUCT_CLASSES, default=None)
    n.add_argument("--title", action=argparse.BooleanOptionalAction, default=None,
                   help="treat the input as a marketplace title (default: guess)")
    n.add_argument("--output", "-o", default=None, help="write the report here (format from the extension)")
    b = sub.add_parser("batch", parents=[common], help="check one listing or label per row of a .jsonl or .csv file")
    b.add_argument("file")
    b.add_argument("--workers", type=int, default=None, help="worker processes (default: all cores)")
    b.add_argument("--summary", default=None, help="write the summary JSON here (default: stderr, one line)")
    b.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None)
    b.add_argument("--class", dest="product_class", choices=PRODUCT_CLASSES, default=None)
    from .ingest.batch_options import add_batch_options
    add_batch_options(b)
    r = sub.add_parser("rules", parents=[common], help="list every rule")
    r.add_argument("--markdown", action="store_true", help="print docs/rules.md")
    r.add_argument("rule_id", nargs="?", metavar="ID", help="print one rule's full documentation (e.g. LC204)")
    s = sub.add_parser("schema", help="print the JSON Schema of the report or of the label document")
    s.add_argument("kind", choices=["report", "label"])
    _service_commands(sub)
    return p


def _service_commands(sub) -> None:
    """serve and mcp (the `serve` extra); their code lives in labelcheck/service/."""
    s = sub.add_parser("serve", help="HTTP JSON API, the page at / and MCP at /mcp (needs labelcheck[serve])")
    s.add_argument("--host", default="127.0.0.1")
    s.add_argument("--port", type=int, default=8000)
    s.add_argument("--workers", type=int, default=1, help="server processes (default 1)")
    s.add_argument("--max-bytes", type=int, default=None, help="largest request body (default 20 MB)")
    s.add_argument("--max-names", type=int, default=None, help="most names per POST /v1/names")
    s.add_argument("--timeout", type=float, default=None, help="seconds one request may take")
    s.add_argument("--concurrency", type=int, default=None, help="checks at once per process")
    s.add_argument("--log-level", default="info", choices=["critical", "error", "warning", "info", "debug"])
    sub.add_parser("mcp", help="the labelcheck tools over MCP on stdio (needs labelcheck[serve])")


def _fmt(args) -> str:
    from .render.batch import output_format
    return output_format(args, "text" if sys.stdout.isatty() and not getattr(args, "output", None) else "json")


def _emit(reports, args, docs=None) -> None:
    fmt = _fmt(args)
    if fmt == "xlsx":
        from .render.xlsx import render_xlsx
        target = getattr(args, "output", None)
        if not target:
            raise InputError("--format xlsx", "a workbook needs a file: add -o FILE.xlsx")
        data = render_xlsx(reports)
        with open(target, "wb") as fh:
            fh.write(data)
        return
    if fmt == "text":
        from .render.text import render
        colour = sys.stdout.isatty()
        out = "\n\n".join(render(r, colour=colour, show_info=not args.no_info) for r in reports)
    elif fmt == "jsonl":
        from .render.json import dumps
        out = "\n".join(dumps(r) for r in reports)
    elif fmt == "html":
        from .render.html import render_html
        out = render_html(reports, docs)
    elif fmt in ("csv", "tsv"):
        from .render.csv import render_csv
        out = render_csv(reports, "\t" if fmt == "tsv" else ",")
    else:
        from .render.json import render_many
        out = render_many(reports)
    target = getattr(args, "output", None)
    if target:
        with open(target, "w", encoding="utf-8") as fh:
            fh.write(out + "\n")
    else:
        sys.stdout.write(out + "\n")


def cmd_check(args) -> int:
    from .ingest import load_path
    from .pipeline import check
    if getattr(args, "compare_editions", False) or getattr(args, "edition_by", "check-date") != "check-date":
        from .editions_cli import cmd_check_editions
        return cmd_check_editions(args, emit=_emit, fmt=_fmt, codes=(EXIT_OK, EXIT_ERRORS, EXIT_UNUSABLE))
    reports, docs, unusable = [], [], False
    if getattr(args, "one_label", False):
        from .ingest.photo_cli import load_one_label
        try:
            doc = load_one_label(args.paths, scale=args.scale)
        except InputError as exc:
            sys.stderr.write(f"labelcheck: {exc.line()}\n")
            return EXIT_UNUSABLE
        report = check(doc, as_of=args.as_of, product_class=args.product_class)
        _emit([report], args, [doc])
        return EXIT_ERRORS if report.verdict == "fail" else EXIT_OK
    for path in args.paths:
        try:
            doc = load_path(path, scale=getattr(args, "scale", None))
            reports.append(check(doc, as_of=args.as_of, product_class=args.product_class))
            docs.append(doc)
        except InputError as exc:
            sys.stderr.write(f"labelcheck: {exc.line()}\n")
            unusable = True
    if reports:
        _emit(reports, args, docs)
    if unusable:
        return EXIT_UNUSABLE
    return EXIT_ERRORS if any(r.verdict == "fail" for r in reports) else EXIT_OK


def cmd_name(args) -> int:
    from .pipeline import check_name
    if not args.name.strip():
        sys.stderr.write("labelcheck: name: the name is empty\n")
        return EXIT_UNUSABLE
    report = check_name(args.name, as_of=args.as_of, product_class=args.product_class, title=args.title)
    _emit([report], args)
    return EXIT_ERRORS if report.verdict == "fail" else EXIT_OK


def cmd_batch(args) -> int:
    from .ingest.batch import run_batch
    return run_batch(args)


def cmd_rules(args) -> int:
    from .rules.docs import render_markdown, render_rule, rule_rows
    if args.rule_id:
        return render_rule(args.rule_id.upper(), args.format or "text", sys.stdout)
    if args.markdown:
        sys.stdout.write(render_markdown())
        return EXIT_OK
    rows = rule_rows()
    if _fmt(args) == "jsonl":
        import json
        sys.stdout.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    elif _fmt(args) == "json":
        import json
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
    else:
        for r in rows:
            sys.stdout.write(f"{r['id']}  {r['severity']:<7} {r['standard']:<10} {r['clause']:<28} {r['summary']}\n")
    return EXIT_OK


def cmd_schema(args) -> int:
    import json
    from .schema import schema
    sys.stdout.write(json.dumps(schema(args.kind), ensure_ascii=False, indent=2) + "\n")
    return EXIT_OK


def _configure(args) -> None:
    """Read the configuration (file found or given, plus --select/--ignore) for every check this process makes."""
    from . import config
    from .pipeline import rule_ids
    settings = config.load(rule_ids(), args.config, args.select, args.extend_select, args.ignore)
    config.set_default(settings)


def cmd_serve(args) -> int:
    from .service.run import serve
    return serve(args)


def cmd_mcp(args) -> int:
    from .service.run import mcp_stdio
    return mcp_stdio(args)


def _terminated(signum, frame):
    raise SystemExit(128 + signum)     # unwinds like Ctrl-C: batch workers are stopped, output closed


def main(argv: list[str] | None = None) -> int:
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _terminated)
    args = build_parser().parse_args(argv)
    handler = {"check": cmd_check, "name": cmd_name, "batch": cmd_batch, "rules": cmd_rules,
               "schema": cmd_schema,
               "serve": cmd_serve, "mcp": cmd_mcp}[args.command]
    try:
        if args.command in ("check", "name", "batch"):
            _CHECKED.append(args.command)
            _configure(args)
        return handler(args)
    except InputError as exc:
        sys.stderr.write(f"labelcheck: {exc.line()}\n")
        return EXIT_UNUSABLE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK


_CHECKED: list[str] = []      # the check, name or batch command this process ran


def run() -> None:
    """The `labelcheck` command (and `python -m labelcheck`): main(), then exit. After a check the process exits at
    once, its output flushed: tearing the interpreter down object by object (lexicons, automata, rules, a batch's
    templates) takes 30–60 ms, for memory the system takes back anyway. Not under a tracer or profiler (coverage,
    cProfile), which write what they gathered at exit."""
    code = main()
    if not _CHECKED or sys.gettrace() is not None or sys.getprofile() is not None or "coverage" in sys.modules:
        raise SystemExit(code)
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except BrokenPipeError:           # the reader went away: what it did not read is not ours to keep
            pass
        except (OSError, ValueError) as exc:          # a full disk, a closed stream: say so if stderr still can
            code = EXIT_UNUSABLE
            try:
                sys.stderr.write(f"labelcheck: could not write the output: {exc}\n")
                sys.stderr.flush()
            except (OSError, ValueError):
                pass
    os._exit(code)


if __name__ == "__main__":
    run()
