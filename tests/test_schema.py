"""`labelcheck schema report|label`: JSON Schemas from the pydantic models, and real reports and the
shared example label documents validate against them (and broken ones do not)."""
from __future__ import annotations

import json
import subprocess
import sys
import tomllib
from pathlib import Path

import jsonschema
import pytest

ROOT = Path(__file__).resolve().parent.parent
EX = ROOT / "corpus" / "examples"
LABELS = sorted(p for p in EX.glob("*.json") if not p.name.endswith(".expect.json"))


def cli(*args: str) -> tuple[int, str, str]:
    p = subprocess.run([sys.executable, "-m", "labelcheck", *args], capture_output=True, timeout=120, cwd=ROOT)
    return p.returncode, p.stdout.decode("utf-8"), p.stderr.decode("utf-8")


@pytest.fixture(scope="module")
def schemas() -> dict[str, dict]:
    out = {}
    for kind in ("report", "label"):
        code, text, err = cli("schema", kind)
        assert code == 0, err
        out[kind] = json.loads(text)
        jsonschema.Draft202012Validator.check_schema(out[kind])
    return out


def test_unknown_schema_is_exit_2():
    code, out, err = cli("schema", "finding")
    assert code == 2 and out == "" and err.count("\n") == 1


def test_example_label_documents_validate(schemas):
    assert len(LABELS) >= 9
    for path in LABELS:
        jsonschema.validate(json.loads(path.read_text(encoding="utf-8")), schemas["label"])
    docs = [case["doc"] for path in sorted((ROOT / "corpus").glob("*.toml"))
            for cases in tomllib.loads(path.read_text(encoding="utf-8")).values() if isinstance(cases, list)
            for case in cases if isinstance(case, dict) and "doc" in case]
    assert len(docs) > 50
    for doc in docs:                                   # the corpus's label documents, spans and all
        jsonschema.validate(doc, schemas["label"])


@pytest.mark.parametrize("doc", [
    {"name": "植物肉"},                                         # neither text nor spans
    {"text": "x", "spans": [{"size_mm": 3}]},                    # a span without its text
    {"text": "x", "spans": [{"text": "y", "size_mm": -1}]},      # a height that cannot be
    {"text": 5},
])
def test_broken_label_documents_fail(schemas, doc):
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(doc, schemas["label"])


def test_real_reports_validate(schemas):
    code, out, err = cli("check", *map(str, LABELS), "--as-of", "2026-11-23", "--format", "json")
    assert code == 1, err
    reports = json.loads(out)
    assert len(reports) == len(LABELS) and any(r["findings"] for r in reports)
    for report in reports:
        jsonschema.validate(report, schemas["report"])
    code, out, _ = cli("name", "【包邮】植物肉香肠 200g*2", "--format", "jsonl")
    jsonschema.validate(json.loads(out), schemas["report"])


def test_broken_report_fails(schemas):
    code, out, _ = cli("name", "植物肉香肠", "--class", "soy_meat", "--format", "json")
    report = json.loads(out)
    jsonschema.validate(report, schemas["report"])
    bad = json.loads(out)
    bad["findings"][0]["severity"] = "fatal"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, schemas["report"])
    del report["verdict"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(report, schemas["report"])


def test_schema_follows_the_models():
    from labelcheck.models import LabelDocument, Report
    from labelcheck.schema import label_schema, report_schema
    assert set(report_schema()["properties"]) == set(Report.model_fields)
    assert set(label_schema()["properties"]) == set(LabelDocument.model_fields) - {"source"}
