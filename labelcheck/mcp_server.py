"""labelcheck as Model Context Protocol tools: check_label, check_name, list_rules, explain_rule.

The same `labelcheck.check` / `check_name` calls and the same report JSON as the CLI and the HTTP
service — deterministic answers citing clauses, for assistants. Served over stdio by `labelcheck mcp`
and over streamable HTTP at /mcp by `labelcheck serve`.
"""
from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
from typing import Any

from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.exceptions import ToolError

import labelcheck

from .render.json import report_dict
from .service import core
from .service.limits import Gate, Limits, Refused

INSTRUCTIONS = ("Checks names and labels of meat-analogue foods sold in China (plant-based meat, soy meat, "
                "dairy-protein meat, plant-based milk powder) against T/CNFIA 165, T/CEAC 123, the T/CHC drafts "
                "and GB 7718 / GB 28050. Every finding cites a standard and clause. Reports are labelcheck's "
                "report JSON: verdict fail/warn/pass, findings with rule, severity, clause, message, evidence, suggestions.")


def _date(as_of: str | None) -> dt.date | None:
    if not as_of:
        return None
    try:
        return dt.date.fromisoformat(as_of)
    except ValueError:
        raise ToolError(f"as_of wants YYYY-MM-DD, got {as_of!r}") from None


def _class(product_class: str | None) -> str | None:
    from .models import PRODUCT_CLASSES
    if product_class and product_class not in PRODUCT_CLASSES:
        raise ToolError(f"product_class must be one of {', '.join(PRODUCT_CLASSES)}")
    return product_class or None


def build_server(limits: Limits | None = None, gate: Gate | None = None) -> MCPServer:
    """The tools; checks run through `gate` (the service's, when mounted at /mcp) so they share its
    concurrency bound and time limit with the HTTP API."""
    limits = limits or Limits.from_env()
    gate = gate or Gate(limits)

    async def bounded(fn, *args):
        try:
            return await gate.run(fn, *args)
        except Refused as exc:
            raise ToolError(exc.detail) from None
    # log_level: the SDK configures the root logger; keep it to warnings (stdout is the protocol on stdio)
    server = MCPServer("labelcheck", version=labelcheck.__version__, instructions=INSTRUCTIONS, log_level="WARNING")

    @server.tool()
    async def check_label(document: dict[str, Any] | None = None, text: str | None = None,
                    file_base64: str | None = None, filename: str | None = None,
                    as_of: str | None = None, product_class: str | None = None) -> dict[str, Any]:
        """Check one label. Give exactly one of: `document` (a label document object: name, text, spans,
        package), `text` (the label copy as printed), or `file_base64` with `filename` (a .pdf, .svg, .txt
        or .json file, base64-encoded). `as_of` (YYYY-MM-DD) picks the GB 7718/28050 edition in force;
        `product_class` says what the product is. Returns the report JSON."""
        given = [x is not None for x in (document, text, file_base64)]
        if sum(given) != 1:
            raise ToolError("give exactly one of document, text, file_base64")
        if document is not None:
            data, kind, source = json.dumps(document, ensure_ascii=False).encode(), ".json", "document"
        elif text is not None:
            data, kind, source = text.encode(), ".txt", "text"
        else:
            try:
                data = base64.b64decode(file_base64 or "", validate=True)
            except (binascii.Error, ValueError):
                raise ToolError("file_base64 is not valid base64") from None
            try:
                kind = core.kind_of(filename)
            except Refused as exc:
                raise ToolError(exc.detail) from None
            source = filename or "file"
        if len(data) > limits.max_bytes:
            raise ToolError(f"{len(data)} bytes is over the {limits.max_bytes}-byte limit")
        when, cls = _date(as_of), _class(product_class)

        def work() -> dict[str, Any]:
            return report_dict(core.check_document(core.read_document(data, source, kind, limits), when, cls))
        return await bounded(work)

    @server.tool()
    async def check_name(name: str, as_of: str | None = None, product_class: str | None = None,
                   title: bool | None = None) -> dict[str, Any]:
        """Check a product name or a marketplace listing title alone (e.g. "植物肉香肠", "【包邮】植物肉汉堡饼 200g*2").
        `title` true/false says whether it is a listing title (default: guessed). Returns the report JSON,
        with compliant names suggested for each finding."""
        if not name.strip():
            raise ToolError("the name is empty")
        if len(name) > limits.max_name_chars:
            raise ToolError(f"{len(name)} characters is more than the {limits.max_name_chars} allowed")
        when, cls = _date(as_of), _class(product_class)
        return await bounded(lambda: report_dict(core.check_names([name], when, cls, title)[0]))

    @server.tool()
    def list_rules() -> list[dict[str, Any]]:
        """Every rule labelcheck applies: id, severity, standard, clause and a one-line summary."""
        return [{k: r[k] for k in ("id", "severity", "standard", "clause", "summary")} for r in core.rules()]

    @server.tool()
    def explain_rule(rule_id: str) -> dict[str, Any]:
        """One rule in full: what it checks, why (the clause quoted), a failing and a passing example,
        the product classes it applies to. `rule_id` as in a finding, e.g. "LC101"."""
        wanted = rule_id.strip().upper()
        for r in core.rules():
            if r["id"].upper() == wanted:
                return r
        raise ToolError(f"no rule {rule_id!r}; list_rules gives every id")

    return server


def main() -> int:
    """`labelcheck mcp`: the tools over stdio (stdout carries only protocol messages)."""
    build_server().run()
    return 0
