"""Which column of a batch row holds the id, the name or title, the label text, and what is carried through.

Headers in any language: the common names (编号, 商品标题, 商品名称, 标签文字…) are data in
lexicons/batch_columns.toml; any other header is named with --id-column / --name-column / --text-column.
The same choice applies to CSV/TSV/XLSX/Parquet headers and to the keys of JSONL objects.
"""
from __future__ import annotations

import sys
import unicodedata
from dataclasses import dataclass
from functools import cache

from ..errors import InputError
from ..resources import lexicon

ROLES = ("id", "title", "name", "text")
_CONTRACT_KEYS = frozenset({"id", "name", "title", "text", "spans", "package"})


def fold(header) -> str:
    """A header as it is compared: NFKC, case-folded, without spaces, `_`, `-` or a BOM."""
    h = unicodedata.normalize("NFKC", str(header)).casefold()
    return "".join(ch for ch in h if ch not in " \t_-\ufeff\u200b")


@cache
def _aliases() -> dict[str, str]:
    """folded header → role"""
    out: dict[str, str] = {}
    for role in ROLES:
        for name in lexicon("batch_columns")[role]["names"]:
            out.setdefault(fold(name), role)
    return out


def id_aliases() -> frozenset[str]:
    """The folded headers read as a row's id."""
    return frozenset(f for f, role in _aliases().items() if role == "id")


@dataclass(frozen=True)
class ColumnSpec:
    """Column names the user gave (None: found by the common names)."""

    id: str | None = None
    name: str | None = None          # --name-column: a title or a name, judged as check_name judges it
    text: str | None = None
    keep: tuple[str, ...] = ()

    @classmethod
    def from_args(cls, args) -> "ColumnSpec":
        keep = getattr(args, "keep", None) or ""
        return cls(getattr(args, "id_column", None), getattr(args, "name_column", None),
                   getattr(args, "text_column", None), tuple(k.strip() for k in keep.split(",") if k.strip()))


def resolve_alias(header: str) -> str | None:
    """The role a header cell names by the common names (title, 标题 → "title"), or None."""
    return _aliases().get(fold(header))


def resolve(header: list, spec: ColumnSpec, source: str, where: str = "line 1") -> tuple[tuple[str, int], ...]:
    """(role, index) pairs for a header row: roles id/title/name/text, and "keep:COL" for carried columns.

    A column the user named and the header lacks, or a header with nothing to check, is input that
    cannot be used (exit 2), named with the headers there are."""
    folded = [fold(h) for h in header]
    found: dict[str, int] = {}
    for role, given in (("id", spec.id), ("name", spec.name), ("text", spec.text)):
        if given is None:
            continue
        if fold(given) not in folded:
            raise InputError(source, f"no column {given!r} for --{role}-column; the header has: "
                             + ", ".join(map(str, header)), where)
        found[role] = folded.index(fold(given))
    aliases = _aliases()
    if spec.name and aliases.get(fold(spec.name)) == "title":
        found["title"] = found.pop("name")          # --name-column 标题: a title column, read as titles are
    for i, h in enumerate(folded):
        role = aliases.get(h)
        if role is None or (role in ("title", "name") and spec.name) or \
                (role == "id" and spec.id) or (role == "text" and spec.text):
            continue
        found.setdefault(role, i)
    if not {"title", "name", "text"} & set(found):
        raise InputError(source, "the header names no title, name or text column (e.g. name, title, 标题, "
                         "商品名称, text, 标签文字; or say which with --name-column / --text-column); it has: "
                         + ", ".join(map(str, header)), where)
    pairs = [(role, i) for role, i in found.items()]
    for k in spec.keep:
        if fold(k) not in folded:
            raise InputError(source, f"no column {k!r} for --keep; the header has: " + ", ".join(map(str, header)),
                             where)
        pairs.append(("keep:" + k, folded.index(fold(k))))
    return tuple(pairs)


TITLE_ROWS_MAX = 3


def header_after_titles(rows: list[list[str]], spec: ColumnSpec, path: str, unit: str) -> tuple[tuple, int]:
    """(columns, index of the header row) of a table whose header may sit under title rows — a sampling notice's
    2025年第23期食品安全监督抽检信息, one cell wide, merged across the sheet: such rows (one non-empty cell) are skipped,
    up to TITLE_ROWS_MAX, and said so on stderr; where none follows, the first row's own error stands."""
    try:
        return resolve(rows[0], spec, path, f"{unit} 1"), 0
    except InputError as first_error:
        for k in range(len(rows) - 1):
            if sum(1 for c in rows[k] if c) > 1:
                break
            try:
                columns = resolve(rows[k + 1], spec, path, f"{unit} {k + 2}")
            except InputError:
                continue
            sys.stderr.write(f"labelcheck: {path}: {unit} 1" + (f"–{k + 1}" if k else "")
                             + f": a title above the header ({rows[0][0]!r}) is not a row; the header is {unit} {k + 2}\n")
            return columns, k + 1
        raise first_error


LISTED_NAME = "_listed_name"      # set on a picked row whose name came from a listing's column, not the contract's key


def pick(obj: dict, spec: ColumnSpec) -> dict:
    """A JSON object's fields in the roles batch reads: the named keys, else the common names.

    Keys other than the chosen id/name/text ones (spans, package…) are left as they are, for label documents."""
    if not (spec.id or spec.name or spec.text or spec.keep) and all(k in _CONTRACT_KEYS for k in obj):
        return obj                                   # the contract's own keys: nothing to map (the common case)
    out = dict(obj)
    folded = {fold(k): k for k in obj}
    aliases = _aliases()
    chosen: dict[str, str] = {}
    for role, given in (("id", spec.id), ("name", spec.name), ("text", spec.text)):
        if given is None:
            continue
        if fold(given) not in folded:
            # the user named it: no guessing from the common names instead (the row is reported, as a CSV
            # without that column is refused)
            raise ValueError(f"no key {given!r} for --{role}-column; the object has: " + ", ".join(map(str, obj)))
        chosen[role] = folded[fold(given)]
    for f, key in folded.items():
        role = aliases.get(f)
        if role and role not in chosen and not (role == "title" and spec.name):
            chosen.setdefault(role, key)
    for role, key in chosen.items():
        value = obj[key]
        if key != role:
            out.pop(key, None)
            out[role] = value
    if "name" in chosen and (chosen["name"] != "name" or spec.name):
        # a column of another name (样品名称, 产品名称) or one the user named: the row's listing name, not the label
        # document's own `name` (the contract's displayed name)
        out[LISTED_NAME] = True
    if spec.name and "name" in chosen:
        value = obj[chosen["name"]]           # the named column decides, whatever title/name keys the object has
        out.pop("title", None)
        out.pop("name", None)
        out["title" if aliases.get(fold(spec.name)) == "title" else "name"] = value
    if spec.keep:
        out["_keep"] = {k: obj.get(k, folded.get(fold(k)) and obj[folded[fold(k)]]) for k in spec.keep}
    return out


def salvage(obj: dict, spec: ColumnSpec) -> dict:
    """What pick reads of an object that cannot be used as a row (a key it needs is missing): the id, the name and
    the carried columns it does have, so the error record still names the row."""
    folded = {fold(k): k for k in obj}
    aliases = _aliases()
    out: dict = {}
    for role, given in (("id", spec.id), ("name", spec.name)):
        key = folded.get(fold(given)) if given else next((k for f, k in folded.items() if aliases.get(f) == role), None)
        if key is not None:
            out[role] = obj[key]
    if spec.keep:
        out["_keep"] = {k: obj[folded[fold(k)]] if fold(k) in folded else None for k in spec.keep}
    return out


def cells(row: list, columns: tuple) -> dict:
    """The row's cells by role (id, title, name, text: when not empty) and the carried columns (always)."""
    out: dict = {}
    for role, i in columns:
        value = row[i] if i < len(row) else ""
        if role.startswith("keep:"):
            out.setdefault("_keep", {})[role[5:]] = value
        elif value:
            out[role] = value
    return out
