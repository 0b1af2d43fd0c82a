"""The Python API: `check`, `check_name` and the streaming `check_many`, validated at the edge.

Every bad argument — an unknown product class or option, a date that is not one, an empty text, a value of
the wrong type — is a `ValueError` whose message names what was wrong and, where there is a choice, the
choices. Nothing else escapes from bad arguments (no KeyError, no TypeError, no pydantic internals beyond
`pydantic.ValidationError`, itself a ValueError). All three call the one pipeline (`labelcheck.pipeline`).
"""
from __future__ import annotations

import datetime as dt
import functools
import inspect
import itertools
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, Union

from .errors import InputError
from .models import PRODUCT_CLASSES, LabelDocument, Report

DateLike = Union[dt.date, str, None]
LabelLike = Union[LabelDocument, Mapping[str, Any], str]

_MISSING: Any = object()
_NAME_OPTIONS = ("title", "doc_id", "source")
_MANY_CHUNK = 64                   # items per job when check_many runs in worker processes


def _as_of(value: Any) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            raise ValueError(f"as_of must be an ISO date (YYYY-MM-DD), got {value!r}") from None
    raise ValueError(f"as_of must be a datetime.date or an ISO date string (YYYY-MM-DD), not {type(value).__name__}")


def _product_class(value: Any) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or value not in PRODUCT_CLASSES:
        raise ValueError(f"unknown product_class {value!r}; choose one of: {', '.join(PRODUCT_CLASSES)}")
    return value


@functools.cache
def _pipeline_options(func: str) -> tuple[str, ...]:
    """Keyword options the pipeline function itself takes beyond the label, as_of and product_class — passed
    through, so an option added to the pipeline is an option of the API without a second list here."""
    from . import pipeline
    params = inspect.signature(getattr(pipeline, func)).parameters
    return tuple(n for n, p in list(params.items())[1:] if n not in ("as_of", "product_class")
                 and p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY))


def _config_alias(options: dict) -> dict:
    """`config=` (the documented name) is the pipeline's `settings=`: a Settings, a dict of the config
    file's keys, or a config file's path."""
    if "config" in options:
        if "settings" in options:
            raise ValueError("give config= or settings=, not both")
        options["settings"] = options.pop("config")
    return options


def _no_extra(func: str, extra: tuple, options: dict, allowed: tuple = ()) -> None:
    if extra:
        raise ValueError(f"{func}() takes the label, as_of and product_class by position; "
                         f"{len(extra)} more argument(s) given")
    unknown = sorted(set(options) - set(allowed))
    if unknown:
        # the documented names: config (the pipeline's settings), not the internal hints
        choices = ", ".join(("as_of", "product_class") + tuple("config" if a == "settings" else a for a in allowed
                                                               if a != "hints"))
        raise ValueError(f"{func}() got unknown option(s) {', '.join(unknown)}; the options are: {choices}")


def _document(doc: Any) -> LabelDocument:
    if isinstance(doc, LabelDocument):
        pass
    elif isinstance(doc, Mapping):
        from .ingest.document import document_from_obj
        try:
            doc = document_from_obj(dict(doc), "label document")
        except InputError as exc:
            raise ValueError(exc.line()) from None
    elif isinstance(doc, str):
        from .ingest import label_text
        doc = LabelDocument(text=label_text(doc))
    else:
        raise ValueError(f"a label must be a LabelDocument, a dict (the contract's label document) or the label "
                         f"text as a str, not {type(doc).__name__}")
    # artwork read from a file may hold no live text (outlined): the check says so (LC801), it is no empty input
    from .normalize import is_blank
    if is_blank(doc.full_text) and doc._artwork is None:
        raise ValueError("the label is empty: there is no label text to check")
    return doc


def check(doc: LabelLike = _MISSING, as_of: DateLike = None, product_class: str | None = None,
          *extra: Any, **options: Any) -> Report:
    """Check a whole label.

    Args:
        doc: a `LabelDocument`, a dict with the contract's label-document keys (`text`, `spans`, `name`,
            `id`, `package`), or the label copy as a string.
        as_of: the check date (a `datetime.date` or an ISO string "YYYY-MM-DD"; default today). It picks the
            GB 7718 / GB 28050 edition in force.
        product_class: say what the product is (one of `labelcheck.PRODUCT_CLASSES`); default: classified.
        config: (option) a configuration for this call — a `labelcheck.config.Settings`, a dict of the config
            file's keys or a config file's path; none applies by default.

    Returns:
        The `Report` (verdict, findings with clause and evidence, fields, classification, needs_review).

    Raises:
        ValueError: an empty label, a value of the wrong type, an unknown class or option, a bad date.
    """
    _no_extra("check", extra, _config_alias(options), _pipeline_options("check"))
    if doc is _MISSING:
        raise ValueError("check() needs a label: a LabelDocument, a dict or the label text")
    from .pipeline import check as _check
    return _check(_document(doc), as_of=_as_of(as_of), product_class=_product_class(product_class), **options)


def check_name(name: str = _MISSING, as_of: DateLike = None, product_class: str | None = None,
               *extra: Any, **options: Any) -> Report:
    """Check a product name or a marketplace title alone (only the name rules run).

    Args:
        name: the name or title, e.g. "【包邮】植物肉汉堡饼 200g*2".
        as_of: the check date (a `datetime.date` or an ISO string; default today).
        product_class: say what the product is (one of `labelcheck.PRODUCT_CLASSES`); default: from the name.
        title: (option) True: a marketplace title, noise removed first; False: a bare name; None (default): guess.
        doc_id: (option) the id to put in the report.
        source: (option) where the name came from, for the report.
        config: (option) a configuration for this call, as for `check`.

    Raises:
        ValueError: an empty name, a name that is not a string, an unknown class or option, a bad date.
    """
    _no_extra("check_name", extra, _config_alias(options), _pipeline_options("check_name"))
    if name is _MISSING:
        raise ValueError("check_name() needs a name")
    if not isinstance(name, str):
        raise ValueError(f"name must be a str, not {type(name).__name__}")
    from .normalize import is_blank
    if is_blank(name):
        raise ValueError("the name is empty (or only spaces and invisible characters)")
    title = options.get("title")
    if title is not None and not isinstance(title, bool):
        raise ValueError(f"title must be True, False or None, not {title!r}")
    doc_id = options.get("doc_id")
    if doc_id is not None and not isinstance(doc_id, (str, int)):
        raise ValueError(f"doc_id must be a str or an int, not {type(doc_id).__name__}")
    source = options.get("source", "-")
    if not isinstance(source, str):
        raise ValueError(f"source must be a str, not {type(source).__name__}")
    from .pipeline import check_name as _check_name
    rest = {k: v for k, v in options.items() if k not in _NAME_OPTIONS}
    if rest.get("hints") is not None and not isinstance(rest["hints"], Mapping):
        raise ValueError(f"hints must be a dict, not {type(rest['hints']).__name__}")
    return _check_name(name, as_of=_as_of(as_of), product_class=_product_class(product_class), title=title,
                       doc_id=None if doc_id is None else str(doc_id), source=source, **rest)


def _one(item: Any, as_of: dt.date | None, product_class: str | None, settings=None) -> Report:
    """One item of check_many: a name/title (str), a {"name"|"title", "id"} dict, or a label document (under
    `settings`, already prepared, when given)."""
    if settings is not None:
        from . import config
        with config.using(settings):
            return _one(item, as_of, product_class)
    if isinstance(item, str):
        return check_name(item, as_of, product_class)
    if isinstance(item, Mapping) and "text" not in item and "spans" not in item:
        title = item.get("title")
        name = title or item.get("name")
        if name is None:
            raise ValueError("a dict item needs `name`, `title`, `text` or `spans`")
        return check_name(name, as_of, product_class, title=True if title else None, doc_id=item.get("id"))
    return check(item, as_of, product_class)


def _chunk(job: tuple) -> list:
    start, items, as_of, product_class, settings = job
    out = []
    for i, item in enumerate(items, start):
        try:
            out.append(_one(item, as_of, product_class, settings))
        except ValueError as exc:
            out.append(ValueError(f"item {i}: {exc}"))
    return out


def check_many(items: Iterable[LabelLike] = _MISSING, as_of: DateLike = None, product_class: str | None = None,
               *extra: Any, workers: int = 1, **options: Any) -> Iterator[Report]:
    """Check a stream of labels and names, yielding one report per item, in input order, as they are done.

    Args:
        items: any iterable (a generator, a file's lines…) of names or titles (`str`), dicts with `name` or
            `title` (and optionally `id`), label-document dicts (with `text` or `spans`) or `LabelDocument`s.
            It is read lazily: a few chunks ahead of what has been yielded, never all at once.
        as_of: the check date for every item (a `datetime.date` or an ISO string; default today).
        product_class: one class for every item (one of `labelcheck.PRODUCT_CLASSES`); default: classified.
        workers: processes checking chunks of items in parallel (default 1: in this process).
        config: (option) a configuration for every item, as for `check` — validated before anything is read.

    Raises:
        ValueError: bad arguments (before anything is read), or an item that cannot be checked — an empty
            name, a dict with nothing to check — named by its position ("item 3: the name is empty").
    """
    _no_extra("check_many", extra, _config_alias(options), ("workers", "settings"))
    if items is _MISSING or isinstance(items, (str, bytes, Mapping, LabelDocument)):
        raise ValueError("check_many() needs an iterable of labels or names (for one, use check or check_name)")
    try:
        iterator = iter(items)
    except TypeError:
        raise ValueError(f"check_many() needs an iterable, not {type(items).__name__}") from None
    if isinstance(workers, bool) or not isinstance(workers, int) or workers < 1:
        raise ValueError(f"workers must be a positive int, not {workers!r}")
    date, cls = _as_of(as_of), _product_class(product_class)
    settings = None
    if options.get("settings") is not None:
        from . import config
        from .pipeline import rule_ids
        try:
            settings = config.prepare(options["settings"], rule_ids())
        except InputError as exc:
            raise ValueError(exc.line()) from None
    return _many(iterator, date, cls, workers, settings)


def _many(iterator: Iterator, date, cls, workers: int, settings=None) -> Iterator[Report]:
    failure: list[BaseException] = []

    def jobs():
        # an iterator that fails (a database cursor that dies) fails after the reports of what it gave before
        start = 0
        while True:
            batch = []
            try:
                batch.extend(itertools.islice(iterator, _MANY_CHUNK))
            except Exception as exc:   # noqa: BLE001 — raised again once the items read before it are reported
                failure.append(exc)
            if batch:
                yield start, batch, date, cls, settings
                start += len(batch)
            if failure or len(batch) < _MANY_CHUNK:
                return
    if workers == 1:
        for i, item in enumerate(iterator):
            try:
                yield _one(item, date, cls, settings)
            except ValueError as exc:
                raise ValueError(f"item {i}: {exc}") from None
        return
    from .ingest.workers import ordered_map
    from .pipeline import check_name as _warm
    _warm("植物肉", title=False)                # lexicons and automata built once, inherited by the workers
    for reports in ordered_map(_chunk, jobs(), workers):
        for r in reports:
            if isinstance(r, ValueError):
                raise r
            yield r
    if failure:
        raise failure[0]
