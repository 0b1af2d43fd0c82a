"""Provenance a regulator can file with a report, and the words of the clauses findings cite.

`ruleset` is a sha256 over the rule modules and records (labelcheck/rules/*.py and
rules/records/*.toml: the rules' logic and metadata), every lexicon data file (word lists, thresholds, clause texts) and the effective configuration, so
two reports with the same ruleset were judged by the same rules on the same data. `input_sha256`
is the hash of the input bytes as read (a file), else of the canonical JSON of the label document
or of the name string given to the API.
"""
from __future__ import annotations

import hashlib
import json
import re
from functools import cache, lru_cache
from pathlib import Path

from . import config as _config
from .models import Finding, LabelDocument, Provenance, trusted_copy
from .resources import data_dir, lexicon

_EDITION_PART = re.compile(r"^\s*(.+?)\s*\((\d{4})\)\s*$")


@cache
def _files_digest() -> str:
    h = hashlib.sha256()
    rules_dir = Path(__file__).resolve().parent / "rules"
    lex = data_dir("lexicons")
    files = (sorted(rules_dir.glob("*.py")) + sorted((rules_dir / "records").glob("*.toml"))
             + sorted(p for p in lex.iterdir() if p.suffix in (".toml", ".tsv", ".json")))
    for p in files:
        h.update(p.name.encode() + b"\0")
        h.update(p.read_bytes())
        h.update(b"\0")
    return h.hexdigest()


def ruleset_hash(config: dict | None = None) -> str:
    """The hash of the rules, the lexicons and (when given) the effective configuration."""
    if not config:
        return "sha256:" + _files_digest()
    h = hashlib.sha256(_files_digest().encode())
    h.update(json.dumps(config, sort_keys=True, ensure_ascii=False, default=str).encode())
    return "sha256:" + h.hexdigest()


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def input_hash(doc: LabelDocument | None = None, name: str | None = None) -> str:
    if doc is not None:
        if doc._input_sha256:
            return doc._input_sha256
        return sha256_bytes(doc.model_dump_json(exclude_none=True).encode("utf-8"))
    return sha256_bytes((name or "").encode("utf-8"))


def effective_config() -> dict | None:
    """The configuration in effect (labelcheck.config), as the keys a user writes; None when it is the default."""
    config = _config
    settings = config.current()
    out = settings.model_dump(mode="json", by_alias=True)
    if settings.selected is not None:            # what --select / --ignore left to run (None: every rule)
        out["selected"] = sorted(settings.selected)
    # no configuration, found or given: the same ruleset as the API's (the service, MCP, Spark)
    return None if out == config.DEFAULT.model_dump(mode="json", by_alias=True) else out


_RULESET: dict[int, tuple[object, str]] = {}


def _ruleset_in_effect() -> str:
    """The ruleset hash for the settings in effect, worked out once per settings object (checks are many)."""
    settings = _config.current()
    hit = _RULESET.get(id(settings))
    if hit is None or hit[0] is not settings:
        hit = (settings, ruleset_hash(effective_config()))
        _RULESET[id(settings)] = hit
    return hit[1]


def provenance(doc: LabelDocument | None = None, name: str | None = None, config: dict | None = None) -> Provenance:
    ruleset = _ruleset_in_effect() if config is None else ruleset_hash(config)
    return Provenance(tool_version=_version(), ruleset=ruleset, input_sha256=input_hash(doc, name))


@cache
def _version() -> str:
    from . import __version__
    return __version__


@cache
def _clause_index() -> dict[tuple[str, str, str | None], str]:
    out = {}
    for c in lexicon("clause_text").get("clause", []):
        out[(c["standard"], c["clause"], c.get("edition"))] = c["text"]
    return out


def standard_code(standard: str, edition: str | None = None) -> str:
    """The standard as printed on it (GB 28050—2025, T/CNFIA 165—2022), for a reader; the id where none is known."""
    codes = lexicon("clause_text").get("codes", {})
    return codes.get(f"{standard}.{edition}") or codes.get(standard) or standard


def clause_parts(clause: str, edition: str | None = None) -> list[tuple[str, str | None]]:
    """A rule's clause as (clause, edition) pairs: "4.1.2.1 (2011) / 4.2.1 (2025)" → two; with `edition`
    given, only that edition's part when the clause names one."""
    parts = []
    for piece in clause.split(" / "):
        m = _EDITION_PART.match(piece)
        parts.append((m.group(1), m.group(2)) if m else (piece.strip(), edition))
    if edition and any(ed == edition for _, ed in parts):
        parts = [p for p in parts if p[1] == edition]
    return parts


@lru_cache(maxsize=4096)
def clause_text(standard: str, clause: str, edition: str | None = None) -> str | None:
    """The clause's own words, or None when the lexicon has none."""
    idx = _clause_index()
    texts = []
    for num, ed in clause_parts(clause, edition):
        text = idx.get((standard, num, ed))
        if text is None and ed is None:
            # an edition-less citation of a two-edition standard: the edition in force is unknown here
            text = next((t for (s, c, _e), t in idx.items() if s == standard and c == num), None)
        if text is None:
            text = idx.get((standard, num, None))
        if text is None:
            return None
        texts.append(text if len(texts) == 0 and len(clause_parts(clause, edition)) == 1 else f"{num}: {text}")
    return " / ".join(texts) or None


def with_clause_text(findings: list[Finding], edition_in_force: str | None = None,
                     quotes: dict[str, dict[str, str]] | None = None) -> list[Finding]:
    """Errors and warnings with their clause's words attached (infos cite no obligation); `quotes`: the part of its
    clause a rule quotes (rule id → {edition or "seed": clause key}), where only a note of a long clause grounds it."""
    out = []
    for f in findings:
        if f.severity in ("error", "warning") and f.clause_text is None:
            edition = f.edition or edition_in_force
            part = (quotes or {}).get(f.rule, {})
            text = clause_text(f.standard, part.get(edition or "", part.get("seed", f.clause)), edition)
            if text:
                f = trusted_copy(f, clause_text=text)
        out.append(f)
    return out
