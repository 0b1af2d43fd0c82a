"""JSON Schemas of both ends of the contract, generated from the pydantic models (`labelcheck schema`).

Pipelines validate their label documents before sending them and the reports they receive; the
schemas follow the models, so a field added to a model appears here without anyone writing it twice.
"""
from __future__ import annotations

from typing import Any

from .models import LabelDocument, Report

DIALECT = "https://json-schema.org/draft/2020-12/schema"
KINDS = ("report", "label")


def report_schema() -> dict[str, Any]:
    """The report as `--format json` prints it (serialization: what the tool writes)."""
    schema = Report.model_json_schema(mode="serialization")
    schema["title"] = "labelcheck report"
    schema["description"] = ("One report per input. --format json prints one object for one input, an array "
                             "for several; jsonl one object per line.")
    return {"$schema": DIALECT, **schema}


def label_schema() -> dict[str, Any]:
    """The label document as the tool accepts it (validation: what a user may send)."""
    schema = LabelDocument.model_json_schema(mode="validation")
    schema["properties"].pop("source", None)      # set by the tool from the file name, never read from input
    schema["title"] = "labelcheck label document"
    schema["description"] = "Every key is optional, except that at least one of text and spans is present."
    schema["anyOf"] = [{"required": ["text"]}, {"required": ["spans"]}]
    return {"$schema": DIALECT, **schema}


def schema(kind: str) -> dict[str, Any]:
    if kind == "report":
        return report_schema()
    if kind == "label":
        return label_schema()
    raise ValueError(f"no schema named {kind!r}: want one of {', '.join(KINDS)}")
