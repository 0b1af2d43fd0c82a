"""`labelcheck check --compare-editions` and `--edition-by production-date` (the logic is editions.py)."""
from __future__ import annotations

import json
import sys

from .errors import InputError


def cmd_check_editions(args, *, emit, fmt, codes: tuple[int, int, int]) -> int:
    """`emit(reports, args, docs)` and `fmt(args)` are the CLI's own; `codes` its (ok, errors, unusable) exit codes."""
    EXIT_OK, EXIT_ERRORS, EXIT_UNUSABLE = codes
    _emit, _fmt = emit, fmt
    from .editions import compare_editions, edition_date_by_production, edition_for, render_comparison_text
    from .ingest import load_path
    from .pipeline import check
    if args.compare_editions and _fmt(args) not in ("text", "json"):
        raise InputError(args.output or "--compare-editions", f"--compare-editions writes text or json, not "
                         f"{_fmt(args)}: use --format json (or text), or -o FILE.json")
    unusable, failed, outputs, reports, docs = False, False, [], [], []
    for path in args.paths:
        try:
            doc = load_path(path)
        except InputError as exc:
            sys.stderr.write(f"labelcheck: {exc.line()}\n")
            unusable = True
            continue
        as_of, made = args.as_of, None
        basis = "check-date"
        if args.edition_by == "production-date":
            made = edition_date_by_production(doc)
            if made is not None:
                basis = f"production-date {made.isoformat()} → GB 7718/28050-{edition_for(made)}"
            else:
                sys.stderr.write(f"labelcheck: {path}: no readable production date; the edition follows the check date\n")
        if args.compare_editions:
            c = compare_editions(doc, as_of=made or as_of, product_class=args.product_class)
            failed |= c.edition_2011.verdict == "fail" or c.edition_2025.verdict == "fail"
            outputs.append(c)
        else:
            # the check date stays the report's (expiry, dates in the future); only the edition is the production date's
            r = check(doc, as_of=as_of, product_class=args.product_class, edition_date=made)
            r.classification["edition_basis"] = basis
            failed |= r.verdict == "fail"
            reports.append(r)
            docs.append(doc)
    if args.compare_editions and outputs:
        if _fmt(args) == "text":
            out = "\n\n".join(render_comparison_text(c) for c in outputs)
        else:
            data = [c.model_dump(mode="json", exclude_none=True) for c in outputs]
            out = json.dumps(data[0] if len(data) == 1 else data, ensure_ascii=False, indent=2)
        if args.output:
            with open(args.output, "w", encoding="utf-8") as fh:
                fh.write(out + "\n")
        else:
            sys.stdout.write(out + "\n")
    elif reports:
        _emit(reports, args, docs)
    if unusable:
        return EXIT_UNUSABLE
    return EXIT_ERRORS if failed else EXIT_OK
