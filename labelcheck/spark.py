"""Spark: check a DataFrame column of titles or names where the marketplace's data already lives.

    from labelcheck.spark import check_names
    checked = check_names(spark.read.parquet("listings.parquet"), column="title", id_column="item_id")

Needs the `spark` extra (`pip install 'labelcheck[spark]'`: pyspark, pandas, pyarrow) and Java 17. Built on
`mapInPandas`: each Python worker process checks Arrow batches of rows with `labelcheck.check_name` — the same
pipeline as the CLI — after building the lexicons, automata and jieba's dictionary once per process (Spark
reuses its Python workers, so once per executor core, not once per batch).
"""
from __future__ import annotations

import datetime as dt
import json
from typing import Iterator

from .normalize import is_blank

OUTPUT_COLUMNS = ("lc_class", "lc_verdict", "lc_rules", "lc_findings", "lc_needs_review")
_READY = False


def _init_worker() -> None:
    """Build what every check needs, once per Python worker process (Spark reuses its workers, so the second
    jieba takes to load its dictionary is paid once per worker, never per batch)."""
    global _READY
    if not _READY:
        from .annotate import jieba_tokenizer
        from .pipeline import check_name
        jieba_tokenizer()                # jieba's dictionary with our user words: the slow part, done once
        check_name("植物肉", title=False)  # lexicons, automata, rule dispatch
        _READY = True


# the columns of a report copied from a template (shared, kept alive here so its id stays its own)
_BY_TEMPLATE: dict[int, tuple[object, tuple]] = {}


def _columns(report) -> tuple:
    findings = json.dumps([f.model_dump(mode="json", exclude_none=True) for f in report.findings], ensure_ascii=False)
    rules = [f.rule for f in report.findings if f.severity in ("error", "warning")]
    return report.product_class, report.verdict, rules, findings, report.needs_review


def _rows(names: list, row_ids: list, as_of: dt.date | None, product_class: str | None) -> list[tuple]:
    """(class, verdict, rules, findings JSON, needs_review) for each cell; nulls for an empty or missing title. The
    batch's titles are checked together (pipeline.checked_names)."""
    from .pipeline import checked_names
    # (blank as the API and the batch judge it: only spaces and invisible characters, a zero-width space alone)
    todo = [k for k, name in enumerate(names) if isinstance(name, str) and not is_blank(name)]
    checked = checked_names([names[k] for k in todo], as_of=as_of, product_class=product_class,
                            doc_ids=[None if row_ids[k] is None else str(row_ids[k]) for k in todo], want_json=True)
    out: list[tuple] = [(None, None, [], None, None) for _ in names]
    for k, (report, rendered) in zip(todo, checked):
        out[k] = _columns(report) if rendered is None else _template_columns(report)
    return out


def _template_columns(report) -> tuple:
    """A name whose report is its classification's template's: the columns are the template's (none names the
    row)."""
    hit = _BY_TEMPLATE.get(id(report))
    if hit is None or hit[0] is not report:
        if len(_BY_TEMPLATE) > 4096:
            _BY_TEMPLATE.clear()
        hit = _BY_TEMPLATE[id(report)] = (report, _columns(report))
    cls, verdict, rules, findings, review = hit[1]
    return cls, verdict, list(rules), findings, review


def _checker(column: str, id_column: str | None, as_of: dt.date | None, product_class: str | None):
    def check_batches(batches: Iterator) -> Iterator:
        _init_worker()
        for pdf in batches:
            ids = list(pdf[id_column]) if id_column else [None] * len(pdf)
            rows = _rows(list(pdf[column]), ids, as_of, product_class)
            out = pdf.copy()
            for k, name in enumerate(OUTPUT_COLUMNS):
                out[name] = [r[k] for r in rows]
            yield out
    return check_batches


def check_names(df, column: str = "title", id_column: str | None = None, as_of: dt.date | str | None = None,
                product_class: str | None = None):
    """The DataFrame with five columns added, one check per row of `column` (a title or a product name).

    Args:
        df: a `pyspark.sql.DataFrame`.
        column: the column of titles or names (string).
        id_column: the column of row ids, put in each report (optional; must exist when given).
        as_of: the check date (a `datetime.date` or an ISO string; default: today, on the driver).
        product_class: one class for every row (one of `labelcheck.PRODUCT_CLASSES`); default: from each name.

    Returns:
        `df` with `lc_class` (string), `lc_verdict` ("fail"/"warn"/"pass"), `lc_rules` (array of the rule ids
        of error and warning findings), `lc_findings` (the findings as a JSON string) and `lc_needs_review`
        (boolean). A null or empty title gets nulls and an empty `lc_rules`.

    Raises:
        ValueError: a column that is not in `df`, an unknown product class, a bad date.
    """
    from pyspark.sql.types import ArrayType, BooleanType, StringType, StructField, StructType

    from .api import _as_of, _product_class
    names = df.columns
    for label, col in (("column", column), ("id_column", id_column)):
        if col is not None and col not in names:
            raise ValueError(f"{label} {col!r} is not a column of the DataFrame; it has: {', '.join(names)}")
    from pyspark.sql import types as T
    kind = df.schema[column].dataType
    text_types = tuple(getattr(T, t) for t in ("StringType", "VarcharType", "CharType", "NullType") if hasattr(T, t))
    if not isinstance(kind, text_types):      # (a collated string is a StringType too; an all-null column gets nulls)
        raise ValueError(f"column {column!r} holds {kind.simpleString()}, not strings: name the column of titles or names")
    clash = [c for c in OUTPUT_COLUMNS if c in names]
    if clash:
        raise ValueError(f"the DataFrame already has {', '.join(clash)}: rename or drop them first")
    date = _as_of(as_of) or dt.date.today()        # fixed on the driver: every executor checks the same date
    cls = _product_class(product_class)
    schema = StructType(df.schema.fields + [
        StructField("lc_class", StringType(), True),
        StructField("lc_verdict", StringType(), True),
        StructField("lc_rules", ArrayType(StringType()), True),
        StructField("lc_findings", StringType(), True),
        StructField("lc_needs_review", BooleanType(), True),
    ])
    return df.mapInPandas(_checker(column, id_column, date, cls), schema)
