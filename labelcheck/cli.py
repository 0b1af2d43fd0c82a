"""The command line: check, name, batch, rules (see CONTRACT.md)."""
from __future__ import annotations

import argparse
import datetime as dt
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


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--format", choices=["text", "json", "jsonl", "html", "csv"], default=None,
                        help="output format (text on a terminal, json otherwise)")
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
    n = sub.add_parser("name", parents=[common], help="check a product name or marketplace title")
    n.add_argument("name")
    n.add_argument("--class", dest="product_class", choices=PRODUCT_CLASSES, default=None)
    n.add_argument("--title", action=argparse.BooleanOptionalAction, default=None,
                   help="treat the input as a marketplace title (default: guess)")
    b = sub.add_parser("batch", parents=[common], help="check one listing or label per row of a .jsonl or .csv file")
    b.add_argument("file")
    b.add_argument("--workers", type=int, default=None, help="worker processes (default: all cores)")
    b.add_argument("--summary", default=None, help="write the summary JSON here (default: stderr, one line)")
    b.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None)
    b.add_argument("--class", dest="product_class", choices=PRODUCT_CLASSES, default=None)
    r = sub.add_parser("rules", parents=[common], help="list every rule")
    r.add_argument("--markdown", action="store_true", help="print docs/rules.md")
    r.add_argument("rule_id", nargs="?", metavar="ID", help="print one rule's full documentation (e.g. LC204)")
    return p


def _fmt(args) -> str:
    return args.format or ("text" if sys.stdout.isatty() else "json")


def _emit(reports, args, docs=None) -> None:
    fmt = _fmt(args)
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
    elif fmt == "csv":
        from .render.csv import render_csv
        out = render_csv(reports)
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
    reports, docs, unusable = [], [], False
    for path in args.paths:
        try:
            doc = load_path(path)
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


def _terminated(signum, frame):
    raise SystemExit(128 + signum)     # unwinds like Ctrl-C: batch workers are stopped, output closed


def main(argv: list[str] | None = None) -> int:
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _terminated)
    args = build_parser().parse_args(argv)
    handler = {"check": cmd_check, "name": cmd_name, "batch": cmd_batch, "rules": cmd_rules}[args.command]
    try:
        return handler(args)
    except InputError as exc:
        sys.stderr.write(f"labelcheck: {exc.line()}\n")
        return EXIT_UNUSABLE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK


if __name__ == "__main__":
    raise SystemExit(main())
