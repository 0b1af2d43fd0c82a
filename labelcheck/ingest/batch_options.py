"""The batch command's pipeline options (kept here so cli.py stays small)."""
from __future__ import annotations

import argparse


def add_batch_options(b) -> None:
    b.add_argument("--output", "-o", default=None,
                   help="write the rows here (format from the extension: .jsonl .json .csv .tsv .html .txt)")
    b.add_argument("--id-column", default=None, metavar="COL",
                   help="the column (or JSON key) holding the row's id (default: id, 编号, 商品ID…)")
    b.add_argument("--name-column", default=None, metavar="COL",
                   help="the column holding the title or name to check (default: title, name, 标题, 商品名称…)")
    b.add_argument("--titles", action=argparse.BooleanOptionalAction, default=None,
                   help="read every name as a marketplace title (--titles) or as a product name (--no-titles); "
                        "default: as the column's header says (title, 标题, 商品名称 → titles), else judged per row")
    b.add_argument("--text-column", default=None, metavar="COL",
                   help="the column holding label text (default: text, 标签文字…)")
    b.add_argument("--keep", default=None, metavar="COL,…",
                   help="columns carried through to every output row (JSON: under `keep`; CSV: as columns)")
    b.add_argument("--only-failing", action="store_true",
                   help="write only rows that fail and rows that could not be read (the summary still counts all)")
