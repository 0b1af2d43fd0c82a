"""XLSX and Parquet batch input (the `batch-formats` extra: openpyxl, pyarrow), read in the parent a few hundred
rows at a time and handed to the workers as rows already split into cells."""
from __future__ import annotations

import datetime as dt
import itertools
from typing import Iterator

from ..errors import InputError
from .columns import TITLE_ROWS_MAX, ColumnSpec, cells, header_after_titles

_EXTRA = {"xlsx": ("openpyxl", "pip install 'labelcheck[batch-formats]'"),
          "parquet": ("pyarrow", "pip install 'labelcheck[batch-formats]'")}


def _cell(value) -> str:
    """A cell as text: 12.0 → "12" (spreadsheets store ids as floats), dates as ISO, None as ""."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime) and value.time() == dt.time(0):
        return value.date().isoformat()        # a workbook stores a date as a datetime at midnight: 2025-03-12
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return str(value)


def table_chunks(path: str, fmt: str, spec: ColumnSpec, rows_per_chunk: int, make_chunk) -> Iterator:
    module, hint = _EXTRA[fmt]
    try:
        __import__(module)
    except ImportError:
        raise InputError(path, f"reading .{fmt} needs {module}: {hint}") from None
    rows = _xlsx_rows(path) if fmt == "xlsx" else _parquet_rows(path)
    head = [r for _, r in zip(range(TITLE_ROWS_MAX + 1), rows)]
    if not head:
        raise InputError(path, "the sheet is empty: a batch needs a header row", "row 1")
    columns, k = header_after_titles([[_cell(h).strip() for h in r[1]] for r in head], spec, path, "row")
    rows = itertools.chain(head[k + 1:], rows)
    batch: list = []
    for n, values in rows:
        texts = [_cell(v) for v in values]
        if not any(t.strip() for t in texts):
            continue
        batch.append((n, cells(texts, columns)))
        if len(batch) >= rows_per_chunk:
            yield make_chunk("table", batch[0][0], items=batch)
            batch = []
    if batch:
        yield make_chunk("table", batch[0][0], items=batch)


def _xlsx_rows(path: str) -> Iterator[tuple[int, list]]:
    """(sheet row number, values) of the workbook's first sheet; the header is row 1 as Excel numbers it."""
    import openpyxl
    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 — openpyxl raises many kinds for a damaged file
        raise InputError(path, f"not a readable XLSX workbook ({type(exc).__name__})") from None
    try:
        ws = wb.worksheets[0]
        for n, values in enumerate(ws.iter_rows(values_only=True), 1):
            yield n, list(values)
    finally:
        wb.close()


def _parquet_rows(path: str) -> Iterator[tuple[int, list]]:
    """The column names as a header, then (record number from 1, values) per record."""
    import pyarrow.parquet as pq
    try:
        pf = pq.ParquetFile(path)
    except Exception as exc:  # noqa: BLE001
        raise InputError(path, f"not a readable Parquet file ({type(exc).__name__}: {exc})") from None
    names = pf.schema_arrow.names
    yield 0, names
    n = 0
    for batch in pf.iter_batches(batch_size=1024):
        cols = [batch.column(i).to_pylist() for i in range(batch.num_columns)]
        for values in zip(*cols):
            n += 1
            yield n, list(values)
