"""docs/contract.md is the contract: the README points to it and to nothing outside the repository, and it
names every command, option, report key and label-document key the tool has (so the two cannot drift)."""
from __future__ import annotations

import re
from pathlib import Path

from labelcheck.cli import build_parser
from labelcheck.config import Settings
from labelcheck.models import Evidence, Finding, LabelDocument, Report, Span

ROOT = Path(__file__).resolve().parent.parent
CONTRACT = (ROOT / "docs" / "contract.md").read_text(encoding="utf-8")


def test_readme_links_stay_inside_the_repository():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    targets = re.findall(r"\]\(([^)]+)\)", readme)
    assert "docs/contract.md" in targets
    for target in targets:
        path = target.split("#", 1)[0]
        assert "://" not in target and not target.startswith("/"), target
        resolved = (ROOT / path).resolve()
        assert resolved.is_relative_to(ROOT) and resolved.exists(), target


def test_contract_names_every_command_and_option():
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    for name, cmd in sub.choices.items():
        assert f"labelcheck {name}" in CONTRACT, name
        for action in cmd._actions:
            for flag in action.option_strings:
                if flag.startswith("--") and flag not in ("--help",):
                    assert f"`{flag}" in CONTRACT or f"/{flag}" in CONTRACT or f"`-o/{flag}" in CONTRACT, (name, flag)


def test_contract_names_every_key():
    for model in (Report, Finding, Evidence, LabelDocument, Span):
        for key in model.model_fields:
            if key != "source" or model is not LabelDocument:
                assert f"`{key}`" in CONTRACT or f'"{key}"' in CONTRACT, (model.__name__, key)
    for key, field in Settings.model_fields.items():       # the configuration keys as users write them
        assert f"{field.alias or key} =" in CONTRACT or f".{field.alias or key}]" in CONTRACT, key
