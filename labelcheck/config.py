"""Configuration, as ruff and sqlfluff users expect it.

Where it comes from (the first found wins; nothing is merged across files):

- ``--config PATH`` (a ``labelcheck.toml``-style file, or a ``pyproject.toml`` whose
  ``[tool.labelcheck]`` table is read);
- else, from the working directory upward to the filesystem root, the nearest directory holding
  a ``labelcheck.toml`` (its top-level keys) or a ``pyproject.toml`` with a ``[tool.labelcheck]``
  table (``labelcheck.toml`` wins within one directory).

Keys::

    select = ["LC1", "LC602"]        # rule ids or prefixes; "ALL" for every rule (default: all)
    extend-select = ["LC6"]          # added to select
    ignore = ["LC5"]                 # taken away; the more specific selector wins, a tie goes to ignore
    as-of = 2026-11-23               # the check date when none is given
    brands = ["植得好", "Oatly"]      # brand names the label may show (read through brand_allowlist())
    [severity]                       # [tool.labelcheck.severity] in pyproject.toml
    LC602 = "info"                   # error | warning | info, applied after the rule ran
    [lexicon]                        # extra entries for the annotator's word lists
    plant_meat = ["蔬肉"]            # a category of lexicons/terms.toml, ingredients.toml or sources.toml
    "ingredients.soy_protein" = ["豆粕蛋白"]   # file-qualified when the category name is in several files

On the command line ``--select`` replaces the file's selection, ``--extend-select`` and ``--ignore``
add to it (applied as a second layer, as ruff does). An unknown key, rule id or lexicon category is
one line naming the file and the key (exit code 2).

Which settings apply is held per process (``set_default``, set by the CLI before any worker forks)
and, for one API call, per context (``using``). Stages read them through ``current()``,
``brand_allowlist()`` and ``extra_terms()``; this module imports no stage, so any stage may read it.
"""
from __future__ import annotations

import contextvars
import datetime as dt
import tomllib
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterable, Iterator

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationError, field_validator

from .errors import InputError
from .models import Severity
from .resources import lexicon

FILE_NAME = "labelcheck.toml"


class ConfigError(InputError, ValueError):
    """A configuration that cannot be used: one line naming the file and the key (CLI exit code 2;
    a ValueError to Python callers)."""

# Lexicon files whose categories the annotator's automaton matches (annotate.find_terms).
MATCHED_LEXICONS = ("terms", "ingredients", "sources")


class Settings(BaseModel):
    """The keys of ``[tool.labelcheck]`` / ``labelcheck.toml``. Validate with ``prepare`` before use."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True, frozen=True)

    select: list[str] | None = None
    extend_select: list[str] = Field(default_factory=list, alias="extend-select")
    ignore: list[str] = Field(default_factory=list)
    severity: dict[str, Severity] = Field(default_factory=dict)
    as_of: dt.date | None = Field(default=None, alias="as-of")
    brands: list[str] = Field(default_factory=list)
    lexicon: dict[str, list[str] | dict[str, list[str]]] = Field(default_factory=dict)

    # worked out by prepare(): the rules that run, and the extra terms per lexicon file
    _selected: frozenset[str] | None = PrivateAttr(default=None)
    _extra: dict[str, tuple[tuple[str, str], ...]] = PrivateAttr(default_factory=dict)
    _source: str = PrivateAttr(default="-")
    _cli: tuple[list[str] | None, list[str], list[str]] | None = PrivateAttr(default=None)

    @field_validator("as_of", mode="before")
    @classmethod
    def _date_only(cls, v: Any) -> Any:
        if isinstance(v, dt.datetime):
            raise ValueError("want a date (YYYY-MM-DD), not a date and time")
        return v

    # read on every check: straight from pydantic's private store (its __getattr__ is the slow way there)
    @property
    def selected(self) -> frozenset[str] | None:
        """Rule ids that run (None: settings not prepared, every rule)."""
        return self.__pydantic_private__["_selected"]

    @property
    def source(self) -> str:
        """The file these settings were read from ("-" when none)."""
        return self._source

    def with_cli(self, select: list[str] | None = None, extend_select: Iterable[str] = (),
                 ignore: Iterable[str] = ()) -> "Settings":
        """These settings with the command line's --select / --extend-select / --ignore as a second layer."""
        out = self.model_copy()
        out._cli = (select, list(extend_select), list(ignore))
        out._source = self._source
        return out

    def apply_severity(self, findings: list) -> list:
        """Per-rule severity overrides, applied after the rules ran (the verdict follows them)."""
        if not self.severity:
            return findings
        return [f.model_copy(update={"severity": self.severity[f.rule]}) if f.rule in self.severity else f
                for f in findings]

    def extra_terms(self, lex: str) -> tuple[tuple[str, str], ...]:
        return self.__pydantic_private__["_extra"].get(lex, ())


DEFAULT = Settings()
DEFAULT._selected = None
_process_default: Settings = DEFAULT
_active: contextvars.ContextVar[Settings | None] = contextvars.ContextVar("labelcheck_settings", default=None)


# ---- the accessors stages read ----

def current() -> Settings:
    """The settings that apply to the check running now."""
    return _active.get() or _process_default


def brand_allowlist() -> tuple[str, ...]:
    """Brand names the user's configuration allows (``brands = [...]``), as written. Extraction and
    classification read this to tell a known brand from a product word; empty when none is configured."""
    return tuple(current().brands)


def extra_terms(lex: str) -> tuple[tuple[str, str], ...]:
    """(category, normalized term) pairs the configuration adds to lexicon file `lex`."""
    return current().extra_terms(lex)


def set_default(settings: Settings) -> None:
    """Make `settings` apply to every check in this process (and in workers forked after this)."""
    global _process_default
    _process_default = settings


@contextmanager
def using(settings: Settings | None) -> Iterator[None]:
    """Apply `settings` to the checks made inside this block (None: leave what applies)."""
    if settings is None:
        yield
        return
    token = _active.set(settings)
    try:
        yield
    finally:
        _active.reset(token)


# ---- loading and validating ----

def prepare(settings: Settings | dict | str | Path | None, rule_ids: Iterable[str]) -> Settings | None:
    """Validate settings against the known rule ids and lexicons and work out what they select.

    Accepts a Settings object, a dict of the file's keys, or the path of a config file. Raises
    InputError (one line naming the file and the key) on anything unknown."""
    if settings is None:
        return None
    if isinstance(settings, (str, Path)):
        return load_file(Path(settings), rule_ids)
    source = "config"
    if isinstance(settings, Settings):
        source, cli = settings.source, settings._cli
        data = settings.model_dump(by_alias=True, exclude_unset=True)
    else:
        cli, data = None, settings
    return _validate(data, source, "", rule_ids, cli)


def _validate(data: dict, source: str, table: str, rule_ids: Iterable[str],
              cli: tuple | None = None) -> Settings:
    try:
        s = Settings.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        key = ".".join(str(p) for p in err["loc"])
        if err["type"] == "extra_forbidden":
            raise ConfigError(source, f"unknown key '{key}'", table or None) from None
        msg = err["msg"].removeprefix("Value error, ")
        raise ConfigError(source, f"{key}: {msg}", table or None) from None
    ids = frozenset(rule_ids)
    where = table or None
    for key, selectors in (("select", s.select or []), ("extend-select", s.extend_select), ("ignore", s.ignore)):
        for sel in selectors:
            if not _known_selector(sel, ids):
                raise ConfigError(source, f"{key}: unknown rule id or prefix '{sel}'", where)
    for rule_id in s.severity:
        if rule_id not in ids:
            raise ConfigError(source, f"severity: unknown rule id '{rule_id}'", where)
    if cli is not None:
        for key, selectors in (("--select", cli[0] or []), ("--extend-select", cli[1]), ("--ignore", cli[2])):
            for sel in selectors:
                if not _known_selector(sel, ids):
                    raise ConfigError("command line", f"{key}: unknown rule id or prefix '{sel}'")
    s._extra = _extra_terms(s.lexicon, source, where)
    s._source = source
    s._cli = cli
    layers = [(s.select, s.extend_select, s.ignore)]
    if cli is not None:
        layers.append(cli)
    chosen = _select(sorted(ids), layers)
    s._selected = None if chosen == frozenset(ids) else chosen      # None: every rule (as with no configuration)
    return s


def _known_selector(sel: str, ids: frozenset[str]) -> bool:
    return sel == "ALL" or any(i.startswith(sel) for i in ids) if sel else False


def _specificity(sel: str, rule_id: str) -> int:
    """How closely `sel` names `rule_id` (-1: not at all; "ALL" is the least specific)."""
    if sel == "ALL":
        return 0
    return len(sel) if rule_id.startswith(sel) else -1


def _select(ids: list[str], layers: list[tuple]) -> frozenset[str]:
    """ruff's rule selection: each layer's select (if any) resets, extend-select adds, ignore removes;
    within a layer the most specific selector decides, a tie going to ignore."""
    chosen = set()
    for rule_id in ids:
        on = True
        for select, extend, ignore in layers:
            base = on if select is None else False
            best_on = max((_specificity(s, rule_id) for s in [*(select or []), *extend]), default=-1)
            best_off = max((_specificity(s, rule_id) for s in ignore), default=-1)
            if best_on < 0 and best_off < 0:
                on = base
            else:
                on = best_on > best_off
        if on:
            chosen.add(rule_id)
    return frozenset(chosen)


def _extra_terms(entries: dict, source: str, where: str | None) -> dict[str, tuple[tuple[str, str], ...]]:
    """Resolve `lexicon` keys to (file, category) and normalize the terms as the shadow text is."""
    from .normalize import normalize

    flat: list[tuple[str, list[str]]] = []
    for key, value in entries.items():
        if isinstance(value, dict):                       # [lexicon.ingredients] soy_protein = [...]
            flat.extend((f"{key}.{cat}", terms) for cat, terms in value.items())
        else:
            flat.append((key, value))
    out: dict[str, list[tuple[str, str]]] = {}
    for key, terms in flat:
        lex, cat = _resolve_category(key, source, where)
        for term in terms:
            norm = normalize(term).text
            if not norm:
                raise ConfigError(source, f"lexicon.{key}: empty term", where)
            out.setdefault(lex, []).append((cat, norm))
    return {lex: tuple(sorted(set(pairs))) for lex, pairs in out.items()}


def _resolve_category(key: str, source: str, where: str | None) -> tuple[str, str]:
    if "." in key:
        lex, cat = key.split(".", 1)
        if lex in MATCHED_LEXICONS and cat in lexicon(lex):
            return lex, cat
        raise ConfigError(source, f"lexicon: unknown lexicon '{key}'", where)
    homes = [lex for lex in MATCHED_LEXICONS if key in lexicon(lex)]
    if len(homes) == 1:
        return homes[0], key
    if not homes:
        raise ConfigError(source, f"lexicon: unknown lexicon '{key}'", where)
    raise ConfigError(source, f"lexicon: '{key}' is in several word lists; write "
                     + " or ".join(f"'{h}.{key}'" for h in homes), where)


def _read_toml(path: Path) -> dict:
    try:
        with open(path, "rb") as fh:
            return tomllib.load(fh)
    except OSError as exc:
        raise ConfigError(str(path), f"cannot read config: {exc.strerror or exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(str(path), f"invalid TOML: {exc}") from None


def load_file(path: Path, rule_ids: Iterable[str]) -> Settings:
    """One config file: a pyproject.toml's [tool.labelcheck] table, or any other file's top level."""
    data = _read_toml(path)
    if path.name == "pyproject.toml":
        table = data.get("tool", {}).get("labelcheck")
        if not isinstance(table, dict):
            raise ConfigError(str(path), "no [tool.labelcheck] table")
        return _validate(table, str(path), "[tool.labelcheck]", rule_ids)
    return _validate(data, str(path), "", rule_ids)


def find_config(start: Path | None = None) -> Path | None:
    """The nearest labelcheck.toml, or pyproject.toml with [tool.labelcheck], from `start` upward."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        own = folder / FILE_NAME
        if own.is_file():
            return own
        py = folder / "pyproject.toml"
        if py.is_file():
            try:
                with open(py, "rb") as fh:
                    if isinstance(tomllib.load(fh).get("tool", {}).get("labelcheck"), dict):
                        return py
            except (OSError, tomllib.TOMLDecodeError):
                pass          # a broken pyproject.toml that is not ours is not our business
    return None


def load(rule_ids: Iterable[str], config_path: str | None = None, select: list[str] | None = None,
         extend_select: Iterable[str] = (), ignore: Iterable[str] = (), start: Path | None = None) -> Settings:
    """The settings the command line runs with: the file (given or found) plus the CLI's selection."""
    ids = frozenset(rule_ids)
    path = Path(config_path) if config_path else find_config(start)
    base = load_file(path, ids) if path else _validate({}, "-", "", ids)
    cli = (select, list(extend_select), list(ignore))
    if cli == (None, [], []):
        return base
    return prepare(base.with_cli(*cli), ids)
