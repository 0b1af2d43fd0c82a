"""JSON label documents: parsed with limits, validated once, errors named by line or key."""
from __future__ import annotations

import json

from pydantic import ValidationError

from ..errors import InputError
from ..models import LabelDocument

MAX_SPANS = 20_000
MAX_DEPTH = 64


def _depth(obj, limit: int) -> int:
    stack = [(obj, 1)]
    deepest = 0
    while stack:
        cur, d = stack.pop()
        deepest = max(deepest, d)
        if d > limit:
            return d
        if isinstance(cur, dict):
            stack.extend((v, d + 1) for v in cur.values())
        elif isinstance(cur, list):
            stack.extend((v, d + 1) for v in cur)
    return deepest


def validation_line(exc: ValidationError) -> tuple[str, str]:
    err = exc.errors()[0]
    loc = ".".join(str(p) for p in err["loc"]) or "document"
    msg = err["msg"]
    if msg.startswith("Value error, "):
        msg = msg[len("Value error, "):]
    more = f" (+{len(exc.errors()) - 1} more)" if len(exc.errors()) > 1 else ""
    return loc, msg + more


def document_from_obj(obj, source: str, where_prefix: str = "") -> LabelDocument:
    if not isinstance(obj, dict):
        raise InputError(source, f"a label document must be a JSON object, not {type(obj).__name__}", where_prefix or None)
    spans = obj.get("spans")
    if isinstance(spans, list) and len(spans) > MAX_SPANS:
        raise InputError(source, f"{len(spans)} spans is more than the {MAX_SPANS} limit", f"{where_prefix}spans")
    try:
        return LabelDocument.model_validate(obj)
    except ValidationError as exc:
        loc, msg = validation_line(exc)
        raise InputError(source, msg, f"{where_prefix}{loc}") from None


def parse_document(text: str, source: str) -> LabelDocument:
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(source, f"malformed JSON: {exc.msg}", f"line {exc.lineno} column {exc.colno}") from None
    except RecursionError:
        raise InputError(source, f"JSON nested deeper than {MAX_DEPTH} levels") from None
    if _depth(obj, MAX_DEPTH) > MAX_DEPTH:
        raise InputError(source, f"JSON nested deeper than {MAX_DEPTH} levels")
    return document_from_obj(obj, source)
