"""spaCy left the pipeline (no rule read its Doc; it cost ~1.5 s of start-up and ~130 MB): no command
imports it. -X importtime lists every module a process imports, so an import anywhere would show."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
HEAVY = {"spacy", "thinc"}


def imported(*args: str, cwd: Path = ROOT) -> set[str]:
    p = subprocess.run([sys.executable, "-X", "importtime", "-m", "labelcheck", *args],
                       capture_output=True, cwd=cwd, timeout=120)
    assert p.returncode in (0, 1), p.stderr.decode("utf-8")[-500:]
    lines = p.stderr.decode("utf-8").splitlines()
    assert any("labelcheck.pipeline" in ln for ln in lines)      # the listing is real: the pipeline ran
    return {ln.rsplit("|", 1)[-1].strip().split(".")[0] for ln in lines if ln.startswith("import time:")}


def test_name_imports_no_spacy():
    assert not imported("name", "植物肉汉堡肉饼", "--class", "soy_meat", "--format", "json") & HEAVY


def test_batch_of_names_imports_no_spacy(tmp_path):
    rows = tmp_path / "names.jsonl"
    rows.write_text("".join(json.dumps({"id": str(i), "name": n}, ensure_ascii=False) + "\n"
                            for i, n in enumerate(["【包邮】植物肉香肠 200g*2", "素鸡", "燕麦奶粉", "大豆素肉丸"])),
                    encoding="utf-8")
    assert not imported("batch", str(rows), "--format", "jsonl", "--workers", "1", "--no-progress") & HEAVY


@pytest.mark.parametrize("label", ["dairy_pass.json", "soy_low_protein.json"])
def test_label_check_imports_no_spacy(label):
    assert not imported("check", str(ROOT / "corpus" / "examples" / label), "--format", "json") & HEAVY


def test_annotation_has_no_spacy_doc():
    from labelcheck.annotate import annotate
    from labelcheck.normalize import normalize
    ann = annotate(normalize("植物肉汉堡饼 配料：水，大豆分离蛋白"))
    assert not hasattr(ann, "doc")
    assert [t for _, _, t in ann.tokens][:1] == ["植物肉"]
    assert "".join(t for _, _, t in ann.tokens) == ann.shadow.text
