"""Labels from the tenth outside sweep, as files: a label written as a JSON object of its items (a template's or another
checking tool's output), English keys joined by _ (product_name, net_content), a cooking direction that says 少油, and an
import that names no importer. Each is checked through the CLI, as a designer or a regulator runs it."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

FIX = Path(__file__).parent / "fixtures" / "sweep10"


def _check(name: str, as_of: str = "2026-12-02") -> dict:
    p = subprocess.run([sys.executable, "-m", "labelcheck", "check", str(FIX / name), "--format", "json", "--as-of", as_of],
                       capture_output=True, text=True)
    assert p.returncode in (0, 1), p.stderr
    return json.loads(p.stdout)


def _rules(report: dict, severity: str | None = None) -> list[str]:
    return [f["rule"] for f in report["findings"] if f["severity"] != "info" and (severity is None or f["severity"] == severity)]


def test_a_label_written_as_a_json_object_is_read_item_by_item():
    r = _check("json_object_label.txt")
    assert r["fields"]["name"] == "植物基鸡块" and r["fields"]["net_content"] == "270克"
    assert set(r["fields"]["nutrition"]["rows"]) >= {"energy", "protein", "fat", "carbohydrate", "sodium"}
    assert "LC011" in [f["rule"] for f in r["findings"]]          # the import is recognised
    assert not _rules(r, "error")


def test_keys_joined_by_underscores_are_field_labels():
    r = _check("snake_case_keys.txt")
    assert r["fields"]["name"] == "植物肉培根片" and r["fields"]["net_content"] == "1000g"
    assert "LC501" not in _rules(r) and "LC503" not in _rules(r)
    assert "LC581" in _rules(r, "error")                             # 1000g is written as 1 kg (the real defect)


def test_a_cooking_direction_is_no_nutrition_claim():
    r = _check("cooking_direction_shaoyou.txt")
    assert "LC610" not in _rules(r)


def test_an_import_without_importer_is_one_finding_not_three():
    r = _check("import_without_importer.txt")
    # a JD detail page (商品介绍 / 规格与包装): a shop listing, so the missing importer asks to check the pack (info)
    assert "LC721" in [f["rule"] for f in r["findings"] if f["severity"] == "info"]
    assert "LC504" not in _rules(r) and "LC505" not in _rules(r)    # an import may leave its producer out (4.1.6.3)
