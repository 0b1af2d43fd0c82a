"""startcache: what start-up derives from the data files and the Unicode tables, kept between runs.

Parsing the rule records and the lexicons (TOML), and scanning the Unicode tables for the fold and for title noise,
cost about 50 ms of a 0.3 s start — paid again by every `labelcheck name` a designer runs and by every worker
process of a pipeline. Reading the same values from a pickle costs about 2 ms.

An entry is named by a hash of everything it was built from: the bytes of its source files (the module that
builds it among them, so an edit to the code rebuilds it too), the Python, Unicode and labelcheck versions. So
nothing is ever invalidated by hand, and a stale entry is never read; old entries of the same name are removed
when more than a few are there.

Where: `$LABELCHECK_CACHE_DIR`, else `$XDG_CACHE_HOME/labelcheck`, else `~/.cache/labelcheck`, created for the
user alone. `LABELCHECK_CACHE_DIR=off` (or empty) turns the cache off. Like jinja2's bytecode cache, which uses
the same folder, it trusts that folder: point it only at a folder nobody else can write. A cache that cannot be
read or written is passed by without a word: the value is built as it would be without one.
"""
from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
import unicodedata
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")

_FORMAT = b"labelcheck-startcache-1"
_KEEP = 4                       # entries of one name kept
_OFF = {"", "0", "off", "no", "false", "none"}


def directory() -> Path | None:
    """The cache folder, or None when the cache is turned off."""
    chosen = os.environ.get("LABELCHECK_CACHE_DIR")
    if chosen is not None:
        return None if chosen.strip().lower() in _OFF else Path(chosen).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "labelcheck"


def cached(name: str, sources: Sequence[Path], build: Callable[[], T]) -> T:
    """build(), or what it returned before from the same `sources` (files) on the same Python and Unicode."""
    where = directory()
    if where is None:
        return build()
    try:
        key = _key(sources)
    except OSError:
        return build()                      # build() meets the same file and says what is wrong with it
    entry = where / f"{name}-{key}.pickle"
    try:
        with open(entry, "rb") as fh:
            return pickle.load(fh)
    except Exception:                       # noqa: BLE001 — none there yet, torn, or not ours: built again below
        pass
    value = build()
    _store(where, name, entry, value)
    return value


def jinja_bytecode_cache():
    """A jinja2 bytecode cache in the same folder (templates compile once, not on every run), or None."""
    where = directory()
    if where is None:
        return None
    import jinja2
    try:
        folder = where / "jinja"
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError:
        return None
    return jinja2.FileSystemBytecodeCache(str(folder))


def _key(sources: Sequence[Path]) -> str:
    from . import __version__
    digest = hashlib.blake2b(digest_size=16)
    for part in (_FORMAT, sys.version.encode(), sys.implementation.cache_tag.encode(),
                 unicodedata.unidata_version.encode(), __version__.encode(), str(pickle.HIGHEST_PROTOCOL).encode()):
        digest.update(part + b"\0")
    for path in sources:
        data = Path(path).read_bytes()
        digest.update(Path(path).name.encode() + b"\0" + len(data).to_bytes(8, "little"))
        digest.update(data)
    return digest.hexdigest()


def _store(where: Path, name: str, entry: Path, value: object) -> None:
    try:
        where.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, tmp = tempfile.mkstemp(prefix=f".{name}-", suffix=".tmp", dir=where)
        try:
            with os.fdopen(fd, "wb") as fh:
                pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, entry)          # readers see the whole entry or none
        except BaseException:
            os.unlink(tmp)
            raise
        # a few builds side by side (two checkouts, two Pythons) each keep theirs; older ones go
        for old in sorted(where.glob(f"{name}-*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)[_KEEP:]:
            old.unlink(missing_ok=True)
    except Exception:                       # noqa: BLE001 — a read-only or full disk: run without the cache
        pass
