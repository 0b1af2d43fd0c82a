"""The package has no import circle: a static graph of every `import` between labelcheck's modules
(module-level and deferred ones inside functions alike — a deferred import that closes a circle is
still a circle), plus a fresh interpreter importing each module on its own."""
from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

PKG = Path(__file__).resolve().parent.parent / "labelcheck"


def _module_name(path: Path) -> str:
    rel = path.relative_to(PKG.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _graph() -> dict[str, set[str]]:
    modules = {_module_name(p): p for p in PKG.rglob("*.py")}
    graph: dict[str, set[str]] = {m: set() for m in modules}
    for mod, path in modules.items():
        package = mod if path.name == "__init__.py" else mod.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets = []
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join(anchor + ([base] if base else []))
                targets = [base] + [f"{base}.{a.name}" for a in node.names]
            for t in targets:
                if t in modules and t != mod and not mod.startswith(t + "."):
                    graph[mod].add(t)   # importing one's own parent package is not a circle
    return graph


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(m: str) -> list[str] | None:
        state[m] = 1
        stack.append(m)
        for n in sorted(graph[m]):
            if state.get(n) == 1:
                return stack[stack.index(n):] + [n]
            if n not in state and (found := visit(n)):
                return found
        stack.pop()
        state[m] = 2
        return None

    for m in sorted(graph):
        if m not in state and (found := visit(m)):
            return found
    return None


def test_no_import_circle():
    cycle = _cycle(_graph())
    assert cycle is None, "import circle: " + " → ".join(cycle)


def test_the_old_circle_is_gone():
    g = _graph()
    assert "labelcheck.pipeline" not in g["labelcheck.context"]
    assert "labelcheck.pipeline" not in g["labelcheck.suggest"]


def test_rules_never_call_back_into_the_pipeline_or_suggest():
    # suggestion is a stage after the rules; a rule only reads the Context
    for mod, deps in _graph().items():
        if mod.startswith("labelcheck.rules.") and mod != "labelcheck.rules.examples":
            assert not deps & {"labelcheck.pipeline", "labelcheck.suggest", "labelcheck"}, (mod, deps)


def test_each_core_module_imports_alone():
    mods = ["labelcheck.context", "labelcheck.rules.base", "labelcheck.rules.records", "labelcheck.suggest",
            "labelcheck.classes", "labelcheck.pipeline", "labelcheck.rules.engine"]
    code = "import importlib, sys\nfor m in sys.argv[1:]:\n    importlib.import_module(m)\n"
    for m in mods:
        r = subprocess.run([sys.executable, "-c", code, m], capture_output=True, text=True)
        assert r.returncode == 0, f"{m}: {r.stderr[-400:]}"
