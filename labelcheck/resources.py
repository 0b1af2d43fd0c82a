"""Locate the data directories (lexicons/, templates/) in a checkout or an installed wheel."""
from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path

_REPO = Path(__file__).resolve().parent.parent


def data_dir(kind: str) -> Path:
    """`kind` is "lexicons" or "templates": the checkout's folder, else the copy inside the wheel."""
    here = _REPO / kind
    if here.is_dir() and (_REPO / "pyproject.toml").is_file():
        return here
    return Path(__file__).resolve().parent / f"_{kind}"


@cache
def lexicon(name: str) -> dict:
    """lexicons/<name>.toml, parsed."""
    parsed = _lexicons()
    if name in parsed:
        return parsed[name]
    with open(data_dir("lexicons") / f"{name}.toml", "rb") as fh:      # not there: the error names the file
        return tomllib.load(fh)


@cache
def _lexicons() -> dict[str, dict]:
    """Every lexicon file, parsed together: the start-up cache keeps them as one entry."""
    from .startcache import cached
    files = sorted(data_dir("lexicons").glob("*.toml"))

    def parse() -> dict[str, dict]:
        out = {}
        for path in files:
            with open(path, "rb") as fh:
                try:
                    out[path.stem] = tomllib.load(fh)
                except tomllib.TOMLDecodeError as exc:
                    raise tomllib.TOMLDecodeError(f"{path.name}: {exc}") from None
        return out
    return cached("lexicons", files, parse)


@cache
def thresholds() -> dict:
    return lexicon("thresholds")


@cache
def pattern(source: str):
    """A compiled `regex` pattern, compiled once: lexicon patterns and literals in hot code alike
    (the module-level `regex.search(str, …)` looks its cache up in Python on every call)."""
    import regex
    return regex.compile(source)
