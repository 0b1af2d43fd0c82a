"""The MCP tools, driven by the official SDK's own client: over stdio (`python -m labelcheck mcp`) and over
streamable HTTP at /mcp of a running `labelcheck serve`."""
from __future__ import annotations

import asyncio
import base64
import json
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("mcp")
from mcp import Client  # noqa: E402
from mcp.client.stdio import StdioServerParameters  # noqa: E402

sys.path.insert(0, str(Path(__file__).parent))
from artwork import to_svg  # noqa: E402
from servehelp import running_server  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
AS_OF = "2026-11-23"
EXAMPLE = ROOT / "corpus/examples/dairy_fail_name_font.json"


def _cli_json(*args: str) -> dict | list:
    out = subprocess.run([sys.executable, "-m", "labelcheck", *args, "--format", "json"], capture_output=True, cwd=ROOT)
    return json.loads(out.stdout)


async def _exercise(target) -> dict:
    doc = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    async with Client(target, read_timeout_seconds=120) as c:
        tools = {t.name: t for t in (await c.list_tools()).tools}
        out = {"tools": sorted(tools)}
        r = await c.call_tool("check_name", {"name": "植物肉香肠", "product_class": "soy_meat", "as_of": AS_OF})
        out["name"] = (r.is_error, r.structured_content)
        r = await c.call_tool("check_label", {"document": doc, "as_of": AS_OF})
        out["label"] = (r.is_error, r.structured_content)
        svg = base64.b64encode(to_svg(doc)).decode()
        r = await c.call_tool("check_label", {"file_base64": svg, "filename": "proof.svg", "as_of": AS_OF})
        out["svg"] = (r.is_error, r.structured_content)
        r = await c.call_tool("list_rules", {})
        out["rules"] = (r.is_error, r.structured_content)
        r = await c.call_tool("explain_rule", {"rule_id": "lc101"})
        out["explain"] = (r.is_error, r.structured_content)
        bad = []
        for name, args in (("explain_rule", {"rule_id": "LC999"}), ("check_name", {"name": "  "}),
                           ("check_label", {"text": "x", "document": {"text": "y"}}),
                           ("check_label", {"document": {"spans": 5}}),
                           ("check_label", {"file_base64": "%%%", "filename": "a.pdf"}),
                           ("check_label", {"file_base64": base64.b64encode(b"<svg/>").decode(), "filename": "a.docx"}),
                           ("check_name", {"name": "植物肉", "as_of": "tomorrow"})):
            r = await c.call_tool(name, args)
            bad.append((r.is_error, " ".join(getattr(x, "text", "") for x in r.content)))
        out["bad"] = bad
    return out


def _check(out: dict) -> None:
    assert out["tools"] == ["check_label", "check_name", "explain_rule", "list_rules"]
    err, report = out["name"]
    assert not err and report == _cli_json("name", "植物肉香肠", "--class", "soy_meat", "--as-of", AS_OF)
    assert report["findings"][0]["rule"] == "LC101" and report["findings"][0]["clause"] == "8.2.2"
    err, report = out["label"]
    expected = _cli_json("check", str(EXAMPLE.relative_to(ROOT)), "--as-of", AS_OF)
    # the document reaches the tool as an object, not as the file's bytes: its input hash differs, nothing else
    same = lambda r: {**r, "source": None, "provenance": {**r["provenance"], "input_sha256": None}}  # noqa: E731
    assert not err and same(report) == same(expected)
    err, report = out["svg"]
    assert not err and report["source"] == "proof.svg" and any(f["rule"] == "LC113" for f in report["findings"])
    err, rules = out["rules"]
    rows = rules["result"] if isinstance(rules, dict) and "result" in rules else rules
    assert not err and [r["id"] for r in rows] == [r["id"] for r in _cli_json("rules")]
    err, rule = out["explain"]
    assert not err and rule["id"] == "LC101" and rule["clause"] == "8.2.2" and rule["why"]
    for is_error, text in out["bad"]:
        assert is_error and text and "Traceback" not in text
    assert "no rule 'LC999'" in out["bad"][0][1] and "YYYY-MM-DD" in out["bad"][-1][1]


def test_mcp_over_stdio():
    params = StdioServerParameters(command=sys.executable, args=["-m", "labelcheck", "mcp"], cwd=str(ROOT))
    _check(asyncio.run(_exercise(params)))


def test_mcp_over_http_on_the_service():
    pytest.importorskip("fastapi")
    with running_server() as base:
        _check(asyncio.run(_exercise(base + "/mcp")))
