"""`labelcheck serve`: the JSON API, the page and the MCP tools over HTTP (needs the `serve` extra).

    from labelcheck.service import create_app
    app = create_app()          # limits from LABELCHECK_SERVE_* or the defaults in limits.py

Imported lazily, so that `labelcheck serve` without the extra can say which extra to install.
"""
from __future__ import annotations

__all__ = ["create_app", "Limits"]


def __getattr__(name: str):
    if name == "create_app":
        from .app import create_app
        return create_app
    if name == "Limits":
        from .limits import Limits
        return Limits
    raise AttributeError(name)
