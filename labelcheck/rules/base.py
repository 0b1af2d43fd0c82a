"""The rule framework: small rules with stable ids, registered with their metadata.

A rule's docstring is its documentation: a summary line, then `Why:`, `Fails:` and `Passes:`
paragraphs. `labelcheck rules` and docs/rules.md are generated from it and from the class
attributes, so the two can never disagree.
"""
from __future__ import annotations

import inspect
from typing import ClassVar, Iterable, Iterator

from ..context import Context, new_editions_date
from ..models import Evidence, Finding

REGISTRY: dict[str, "Rule"] = {}


class Rule:
    id: ClassVar[str]
    severity: ClassVar[str]
    standard: ClassVar[str]
    clause: ClassVar[str]
    summary: ClassVar[str]
    classes: ClassVar[frozenset[str] | None] = None      # None: every class
    scope: ClassVar[str] = "label"                        # "name": also runs on a name alone

    def check(self, ctx: Context) -> Iterable[Finding]:
        raise NotImplementedError

    def finding(self, message: str, *, evidence: Evidence | None = None, suggestions: Iterable[str] = (),
                severity: str | None = None, clause: str | None = None, standard: str | None = None,
                message_en: str | None = None, edition: str | None = None, effective: str | None = None) -> Finding:
        return Finding(rule=self.id, severity=severity or self.severity, standard=standard or self.standard,
                       clause=clause or self.clause, message=message, message_en=message_en,
                       evidence=evidence, suggestions=list(suggestions), edition=edition, effective=effective)

    def by_edition(self, ctx: Context, message: str, *, clause_2011: str | None, clause_2025: str | None,
                   **kw) -> Iterator[Finding]:
        """An error under the edition in force; a warning naming the date when only 2025 asks for it."""
        if ctx.edition == "2011":
            if clause_2011:
                yield self.finding(message, clause=clause_2011, edition="2011", severity=kw.pop("severity", "error"), **kw)
            elif clause_2025:
                date = new_editions_date().isoformat()
                kw.pop("severity", None)
                yield self.finding(f"{message}（GB {self._gb()}-2025 自{date}起实施）", clause=clause_2025,
                                   edition="2025", effective=date, severity="warning", **kw)
        elif clause_2025:
            yield self.finding(message, clause=clause_2025, edition="2025", severity=kw.pop("severity", "error"), **kw)

    def _gb(self) -> str:
        return "28050" if self.standard == "gb-28050" else "7718"

    @classmethod
    def doc_sections(cls) -> dict[str, str]:
        doc = inspect.cleandoc(cls.__doc__ or "")
        head, _, rest = doc.partition("\n\n")
        out = {"summary": head.strip().replace("\n", " ")}
        key = None
        for line in rest.splitlines():
            for k in ("Why", "Fails", "Passes"):
                if line.startswith(k + ":"):
                    key = k.lower()
                    out[key] = line[len(k) + 1:].strip()
                    break
            else:
                if key and line.strip():
                    out[key] += " " + line.strip()
        return out


def register(cls: type[Rule]) -> type[Rule]:
    if cls.id in REGISTRY:
        raise ValueError(f"duplicate rule id {cls.id}")
    sections = cls.doc_sections()
    for k in ("why", "fails", "passes"):
        if k not in sections:
            raise ValueError(f"{cls.id}: docstring lacks '{k.capitalize()}:'")
    cls.summary = sections["summary"]
    REGISTRY[cls.id] = cls()
    return cls


def all_rules() -> list[Rule]:
    from . import load_all  # noqa: F401  (importing registers every rule module)
    return [REGISTRY[k] for k in sorted(REGISTRY)]
