"""`labelcheck serve`: the JSON API, the page and the MCP tools over HTTP (needs the `serve` extra).

    from labelcheck.service.app import create_app
    app = create_app()          # limits from LABELCHECK_SERVE_* or the defaults in limits.py

The package itself imports nothing, so that `labelcheck serve` without the extra can say which extra
to install, and so that the MCP tools (labelcheck.mcp_server) can use the service's core and limits
while the app mounts them.
"""
