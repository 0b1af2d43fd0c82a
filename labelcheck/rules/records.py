"""Rule records: one TOML table per rule (rules/records/*.toml), loaded once and validated here.

A record is the single source of a rule's id, severity, standard, clauses per edition, classes,
parameters, messages, documentation and examples. Messages, `summary`, `why` and `applies` are
templates over the record's `params` (thresholds and lexicon entries referenced by name, so a
number lives in one place) and, for messages, the values a finding supplies.

    [LC424]
    summary = "…less than {limit:g} g protein per 100 g."   # templates: {name} or {name:.1f}
    severity = "error"                  # default; see RuleRecord.by_edition for GB editions
    standard = "ceac-123"
    clause = { seed = "5.3" }           # GB 7718/28050: { "2011" = "4.1.9", "2025" = "4.9" }
    classes = ["dairy_meat"]            # omit: every class
    scope = "label"                     # "name": also runs on a name or title alone
    kind = "nutrient_limit"             # a generic checker (engine.py) or "python" (@procedure)
    params = { nutrient = "protein", bound = "min", limit = "@classes:dairy_meat.composition.protein_min" }
    message.zh = "…{value:.1f} g/100 g，低于≥{limit:g} g/100 g"
    message.en = "protein {value:.1f} below the minimum {limit:g}"
    messages.<variant>.zh/.en/.clause  # other wordings a procedure picks with variant="…"
    why = "T/CEAC 123—2025 5.3 表2: 蛋白质 ≥ {limit:g} g/100 g."   # the clause, quoted
    applies = "…"                       # optional: where the rule bites (complete labels, artwork…)
    artwork_only = true                 # optional: runs even on artwork with no live text
    suggest = { template = "order100" } # optional: the suggest stage offers rewrites of the name
    [[LC424.examples.fails]]            # ≥ 1 fails and ≥ 1 passes; each: name | text (+ name) |
    text = "…"                          #   doc = {label document} | svg = "<svg…>" (artwork);
                                        #   optional as_of, class, title, note
"""
from __future__ import annotations

import datetime as dt
import tomllib
from functools import cache
from pathlib import Path
from typing import Any, Iterable, Iterator, Literal

import regex
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from ..models import Evidence, Finding, LabelDocument, PRODUCT_CLASSES
from ..resources import lexicon, thresholds

RECORDS_DIR = Path(__file__).resolve().parent / "records"
GB_EDITIONS = ("2011", "2025")
# `{name}` or `{name:spec}` in a template; anything else (braces in quoted text) is left alone
_PLACEHOLDER = regex.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)(?::([^{}]*))?\}")


def new_editions_date() -> dt.date:
    return dt.date.fromisoformat(thresholds()["editions"]["new_effective"])


@cache
def _parts(template: str) -> tuple[tuple[str, str | None, str, str], ...]:
    """The template cut once into (literal text, placeholder name or None, format spec, the placeholder as written)."""
    out, pos = [], 0
    for m in _PLACEHOLDER.finditer(template):
        out.append((template[pos:m.start()], m.group(1), m.group(2) or "", m.group(0)))
        pos = m.end()
    out.append((template[pos:], None, "", ""))
    return tuple(out)


def render(template: str, values: dict[str, Any], partial: bool = False) -> str:
    """Fill `{name}` / `{name:.1f}` from `values`; a name that is not there is an error of the record
    (or, with `partial`, left as it is: documentation shows the per-finding values as placeholders)."""
    pieces = []
    for literal, key, spec, written in _parts(template):
        pieces.append(literal)
        if key is None:
            continue
        if key not in values:
            if partial:
                pieces.append(written)
                continue
            raise KeyError(f"template needs {key!r}: {template}")
        v = values[key]
        if partial and isinstance(v, dict):
            pieces.append(written)          # a table the finding looks its own entry up in: shown as the placeholder
            continue
        if isinstance(v, (list, tuple)):
            v = "、".join(map(str, v))
        elif isinstance(v, dict):
            v = ", ".join(f"{k} {x}" for k, x in v.items())
        pieces.append(format(v, spec))
    return "".join(pieces)


def resolve_param(value: Any) -> Any:
    """`"@thresholds:plant_meat.fat_max"` → the number in lexicons/thresholds.toml (any lexicon by name)."""
    if isinstance(value, str) and value.startswith("@"):
        name, _, path = value[1:].partition(":")
        node: Any = lexicon(name)
        for part in path.split(".") if path else []:
            node = node[int(part)] if isinstance(node, list) else node[part]
        return node
    if isinstance(value, dict):
        return {k: resolve_param(v) for k, v in value.items()}
    return value


class Message(BaseModel):
    model_config = ConfigDict(extra="forbid")
    zh: str
    en: str
    clause: dict[str, str] | None = None    # a variant citing another clause than the record's


class Example(BaseModel):
    """A documented case: a name alone, a label text (with an optional displayed name), or a label document."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)
    name: str | None = None
    text: str | None = None
    doc: dict | None = None
    svg: str | None = None               # artwork: an SVG document, read as `labelcheck check x.svg` reads it
    as_of: dt.date | None = None
    product_class: str | None = Field(default=None, alias="class")
    title: bool | None = None
    note: str | None = None

    @model_validator(mode="after")
    def _has_input(self) -> "Example":
        given = [k for k in ("text", "doc", "svg") if getattr(self, k) is not None]
        if self.name is None and not given:
            raise ValueError("an example needs `name`, `text`, `doc` or `svg`")
        if len(given) > 1:
            raise ValueError(f"an example has one of `text`, `doc` and `svg`, not {' and '.join(given)}")
        if self.doc is not None:
            LabelDocument.model_validate(self.doc)
        if self.product_class is not None and self.product_class not in PRODUCT_CLASSES:
            raise ValueError(f"unknown class {self.product_class!r}")
        return self

    @property
    def is_label(self) -> bool:
        return self.text is not None or self.doc is not None or self.svg is not None

    def document(self) -> LabelDocument:
        if self.svg is not None:
            from ..ingest import load_bytes   # late: ingest reads models only, but the rules load first
            return load_bytes(self.svg.encode("utf-8"), "example.svg", ".svg")
        if self.doc is not None:
            return LabelDocument.model_validate(self.doc)
        return LabelDocument(name=self.name, text=self.text)

    def public(self) -> dict:
        d = self.model_dump(mode="json", by_alias=True, exclude_none=True)
        doc = d.pop("doc", None)
        return {**(doc or {}), **d}


class Suggest(BaseModel):
    """The suggest stage offers rewrites of the name for this rule's findings (suggest.py)."""

    model_config = ConfigDict(extra="forbid")
    template: str | None = None          # templates/names/<template>.j2; default: the class's own
    modified: bool | None = None         # 调制: force the template's `modified` value


class Examples(BaseModel):
    model_config = ConfigDict(extra="forbid")
    fails: list[Example] = Field(default_factory=list)
    passes: list[Example] = Field(default_factory=list)


# the code each record runs (a procedure or a generic checker), by rule id: kept outside the model, since a
# pydantic private attribute costs a __getattr__ on every one of the many rule runs
_BOUND: dict[str, Any] = {}
_RENDERED: dict[tuple, tuple[str, str]] = {}
_RENDERED_MAX = 4096


class RuleRecord(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    summary: str
    severity: Literal["error", "warning", "info"]
    standard: str
    clause: dict[str, str]               # {"2011": …, "2025": …} for GB 7718/28050, {"seed": …} otherwise
    # the part of the clause whose words the finding quotes, where the clause is long and only a note grounds the rule
    # (7.1.3 注3 for a name without 乳基蛋白): keys as `clause`'s, keys of lexicons/clause_text.toml as values
    quote: dict[str, str] = Field(default_factory=dict)
    classes: frozenset[str] | None = None   # None: every class
    scope: Literal["label", "name"] = "label"
    kind: str = "python"
    params: dict[str, Any] = Field(default_factory=dict)
    message: Message
    messages: dict[str, Message] = Field(default_factory=dict)   # variants a procedure picks by name
    why: str
    applies: str | None = None
    suggest: Suggest | None = None
    always: bool = False                 # an info finding on every report: there is no passing example
    artwork_only: bool = False           # still runs on artwork with no live text (outlined), where nothing else can
    examples: Examples = Field(default_factory=Examples)

    @field_validator("id")
    @classmethod
    def _id(cls, v: str) -> str:
        if not regex.fullmatch(r"LC\d{3}", v):
            raise ValueError(f"rule id {v!r} is not LCnnn")
        return v

    @field_validator("classes", mode="before")
    @classmethod
    def _classes(cls, v):
        if v in (None, "all"):
            return None
        bad = set(v) - set(PRODUCT_CLASSES)
        if bad:
            raise ValueError(f"unknown classes {sorted(bad)}")
        return frozenset(v)

    @field_validator("clause")
    @classmethod
    def _clause(cls, v: dict[str, str]) -> dict[str, str]:
        if not v or not set(v) <= {"seed", *GB_EDITIONS} or ("seed" in v and len(v) > 1):
            raise ValueError(f"clause is {{seed = …}} or {{'2011' = …, '2025' = …}}, got {v}")
        return v

    @field_validator("params", mode="after")
    @classmethod
    def _params(cls, v: dict) -> dict:
        return {k: resolve_param(x) for k, x in v.items()}

    @model_validator(mode="after")
    def _templates_render(self) -> "RuleRecord":
        if not self.always and (not self.examples.fails or not self.examples.passes):
            raise ValueError("a rule needs at least one `fails` and one `passes` example")
        # `why` renders from params alone; a message may also name per-finding values, checked when it fires
        render(self.why, self.params)
        render(self.summary, self.params)
        if self.applies:
            render(self.applies, self.params)
        return self

    # -- what listings show ------------------------------------------------------------------
    @property
    def clause_label(self) -> str:
        if "seed" in self.clause:
            return self.clause["seed"]
        if len(set(self.clause.values())) == 1 and len(self.clause) == 2:
            return next(iter(self.clause.values()))
        return " / ".join(f"{self.clause[e]} ({e})" for e in GB_EDITIONS if e in self.clause)

    @property
    def summary_text(self) -> str:
        return render(self.summary, self.params)

    @property
    def why_text(self) -> str:
        return render(self.why, self.params)

    # -- running ---------------------------------------------------------------------------------
    def check(self, ctx) -> Iterable[Finding]:
        return _BOUND[self.id](ctx, self)

    def bind(self, fn) -> None:
        _BOUND[self.id] = fn

    def finding(self, ctx, *, evidence: Evidence | None = None, suggestions: Iterable[str] = (),
                severity: str | None = None, edition: str | None = None, effective: str | None = None,
                variant: str | None = None, standard: str | None = None, clause: str | None = None,
                suffix_zh: str = "", **values) -> Finding:
        """One finding of this rule: the message rendered from params and `values`, the clause of `edition`."""
        msg = self.messages[variant] if variant else self.message
        clauses = msg.clause or self.clause
        if clause is None:
            clause = clauses.get(edition) if edition else None
            clause = clause or clauses.get("seed") or self.clause_label
        zh, en = self._rendered(msg, variant, values)
        return Finding(rule=self.id, severity=severity or self.severity, standard=standard or self.standard,
                       clause=clause, message=zh + suffix_zh, message_en=en,
                       evidence=evidence, suggestions=list(suggestions), edition=edition, effective=effective)

    def _rendered(self, msg: Message, variant: str | None, values: dict) -> tuple[str, str]:
        """The message in both languages; the same values give the same words, so they are kept (the class
        finding of every report, a missing item of many labels) in a bounded table."""
        key = (self.id, variant, tuple(sorted(values.items())))
        try:
            hit = _RENDERED.get(key)
        except TypeError:            # a list or dict among the values: rendered each time
            key, hit = None, None
        if hit is None:
            vals = {**self.params, **values}
            hit = (render(msg.zh, vals), render(msg.en, vals))
            if key is not None:
                if len(_RENDERED) >= _RENDERED_MAX:
                    _RENDERED.clear()
                _RENDERED[key] = hit
        return hit

    def by_edition(self, ctx, *, severity: str | None = None, editions: tuple[str, ...] | None = None,
                   **kw) -> Iterator[Finding]:
        """The finding under the edition in force, citing that edition's clause; a warning naming the
        date of the 2025 editions when only 2025 asks for it. Severity in force: the record's for a
        rule the 2011 edition has, an error for a 2025-only rule (its record says `warning`: what
        users see until the date). `editions` narrows the clauses for this finding (an item that
        only one edition lists)."""
        if severity is None:
            severity = self.severity if "2011" in self.clause else "error"
        clauses = (self.messages[kw["variant"]].clause if kw.get("variant") else None) or self.clause
        have = {e: c for e, c in clauses.items() if e in GB_EDITIONS and (editions is None or e in editions)}
        if ctx.edition == "2011":
            if "2011" in have:
                yield self.finding(ctx, edition="2011", severity=severity, **kw)
            elif "2025" in have:
                date = new_editions_date().isoformat()
                gb = "28050" if self.standard == "gb-28050" else "7718"
                suffix = f"（GB {gb}-2025 自{date}起实施）" + kw.pop("suffix_zh", "")
                # what only 2025 asks is a warning until then — or info where the caller says no more than that
                yield self.finding(ctx, edition="2025", effective=date, severity="info" if severity == "info" else "warning",
                                   suffix_zh=suffix, **kw)
        elif "2025" in have:
            yield self.finding(ctx, edition="2025", severity=severity, **kw)

    def public(self) -> dict:
        """The record as `labelcheck rules --format json` prints it."""
        return {"id": self.id, "severity": self.severity, "standard": self.standard, "clause": self.clause_label,
                "clauses": self.clause, **({"quote": self.quote} if self.quote else {}),
                "summary": self.summary_text, "why": self.why_text,
                "classes": sorted(self.classes) if self.classes else "all", "scope": self.scope, "kind": self.kind,
                "params": self.params, "message": self.message.model_dump(),
                **({"messages": {k: m.model_dump() for k, m in self.messages.items()}} if self.messages else {}),
                **({"applies": render(self.applies, self.params)} if self.applies else {}),
                **({"suggest": self.suggest.model_dump(exclude_none=True)} if self.suggest else {}),
                "examples": {"fails": [e.public() for e in self.examples.fails],
                             "passes": [e.public() for e in self.examples.passes]}}


class RecordError(ValueError):
    """A rule record file that cannot be used: names the file and the rule."""


@cache
def load_records() -> dict[str, RuleRecord]:
    """Every record of every file in rules/records/, validated once."""
    out: dict[str, RuleRecord] = {}
    for name, data in _parsed_files():
        for rid, body in data.items():
            if rid in out:
                raise RecordError(f"{name}: duplicate rule id {rid}")
            try:
                out[rid] = RuleRecord.model_validate({"id": rid, **body})
            except ValidationError as exc:   # one line: where, then what
                what = "; ".join(f"{'.'.join(map(str, e['loc'])) or 'record'}: {e['msg']}" for e in exc.errors())
                raise RecordError(f"{name} [{rid}]: {what}") from None
            except (KeyError, ValueError) as exc:
                raise RecordError(f"{name} [{rid}]: {exc}") from None
    return out


def _parsed_files() -> list[tuple[str, dict]]:
    """(file name, its TOML) for each record file; the parse is what the start-up cache keeps."""
    from ..startcache import cached
    files = sorted(RECORDS_DIR.glob("*.toml"))

    def parse() -> list[tuple[str, dict]]:
        out = []
        for path in files:
            try:
                out.append((path.name, tomllib.loads(path.read_text(encoding="utf-8"))))
            except tomllib.TOMLDecodeError as exc:
                raise RecordError(f"{path.name}: {exc}") from None
        return out
    return cached("records", files, parse)
