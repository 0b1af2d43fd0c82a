"""ingest: files and streams → LabelDocument (txt, json, pdf, svg) or rows (batch)."""
from __future__ import annotations

import json

from pathlib import Path

from ..errors import InputError
from ..models import LabelDocument
from ..normalize import is_blank
from .document import parse_document
from .markup import plain_text
from .text import decode_text, read_limited

MAX_INPUT_BYTES = 50 * 1024 * 1024


def load_bytes(data: bytes, source: str, hint: str = "", scale: float | None = None) -> LabelDocument:
    """One input's bytes → a label document, by extension or by sniffing the content."""
    from .photo_sniff import IMAGE_EXTS, is_image
    kind = hint.lower()
    head = data[:1024].lstrip()
    if kind in IMAGE_EXTS or (kind not in (".json", ".txt", ".pdf", ".svg") and is_image(data)):
        from .photo import parse_photo
        doc = parse_photo(data, source, scale=scale)
        doc.source = source
        return doc
    if kind not in (".json", ".txt", ".pdf", ".svg"):
        if head.startswith(b"%PDF"):
            kind = ".pdf"
        elif head.startswith(b"<svg") or (head.startswith(b"<?xml") and b"<svg" in data[:4096]):
            kind = ".svg"
        elif head.startswith(b"{") or head.startswith(b"\xef\xbb\xbf{"):
            kind = ".json"
        else:
            kind = ".txt"
    if kind == ".pdf":
        from .pdf import parse_pdf
        doc = parse_pdf(data, source)
    elif kind == ".svg":
        from .svg import parse_svg
        doc = parse_svg(data, source)
    elif kind == ".json":
        doc = parse_document(decode_text(data, source), source)
        doc.photo = None           # what a photo reader found is never taken from the input
        if doc.images:
            from .photo import images_of_document
            doc = images_of_document(doc, source, scale=scale)
        elif is_blank(doc.full_text):
            raise InputError(source, "the label document has no text: its text and spans are empty or only spaces")
    else:
        text = decode_text(data, source)
        if is_blank(text):
            raise InputError(source, "the file is empty: there is no label text to check")
        doc = LabelDocument(text=label_lines(text, source))
    doc.source = source
    from ..provenance import sha256_bytes
    doc._input_sha256 = sha256_bytes(data)
    return doc


def label_lines(text: str, source: str, where: str | None = None, what: str = "the page's markup") -> str:
    """label_text of a label that arrived as text (a .txt, a batch row's cell): an InputError where its markup holds
    no text at all."""
    lines = label_text(text)
    if is_blank(lines):
        raise InputError(source, f"{what} holds no text: there is no label text to check", where)
    return lines


def label_text(text: str) -> str:
    """A label given as text, as its lines: out of a JSON object of its items (key_value_text) or of HTML or Markdown
    markup (markup.plain_text); any other text as it is."""
    return plain_text(key_value_text(text))


def key_value_text(text: str) -> str:
    """A label written as a JSON object of its items ({"产品名称": "植物基鸡块", "营养成分表": {"能量": "926千焦 / 11%"}}),
    as a label template or another checking tool writes it: its items as the lines a pack prints (产品名称：植物基鸡块;
    a nested object as a table under its heading). Any other text as it is."""
    if not text.lstrip().startswith("{"):
        return text
    try:
        obj = json.loads(text)
    except (ValueError, RecursionError):     # not JSON, or nested deeper than a label's items ever are
        return text
    if not isinstance(obj, dict) or not obj or {"text", "spans"} & set(obj):
        return text
    lines: list[str] = []
    for key, value in obj.items():
        if isinstance(value, dict):
            lines.append(str(key))
            # a table's cells (每100克 / NRV%, 926千焦 / 11%): one column each
            lines.extend(f"{k}\t" + _cell_text(v).replace(" / ", "\t") for k, v in value.items())
        else:
            lines.append(f"{key}：{_cell_text(value)}")
    return "\n".join(lines)


def _cell_text(value) -> str:
    if isinstance(value, list):
        return "、".join(_cell_text(v) for v in value)
    if isinstance(value, dict):
        return "；".join(f"{k}：{_cell_text(v)}" for k, v in value.items())
    return "" if value is None else str(value)


def load_path(path: str, scale: float | None = None) -> LabelDocument:
    if path == "-":
        import sys
        data = read_limited(sys.stdin.buffer, "-", MAX_INPUT_BYTES)
        return load_bytes(data, "-", scale=scale)
    p = Path(path)
    if not p.exists():
        raise InputError(path, "no such file")
    if p.is_dir():
        raise InputError(path, "is a directory, not a label file")
    try:
        with open(p, "rb") as fh:
            data = read_limited(fh, path, MAX_INPUT_BYTES)
    except PermissionError:
        raise InputError(path, "permission denied") from None
    except OSError as exc:
        raise InputError(path, f"cannot be read ({exc.strerror or exc})") from None
    return load_bytes(data, path, p.suffix, scale=scale)
