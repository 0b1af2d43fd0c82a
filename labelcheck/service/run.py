"""`labelcheck serve` and `labelcheck mcp`: start uvicorn on the app factory, or the MCP tools on stdio."""
from __future__ import annotations

import os
import sys

from ..errors import InputError

EXTRA_HINT = "pip install 'labelcheck[serve]'"


def _need_extra(command: str) -> None:
    try:
        import fastapi  # noqa: F401
        import mcp  # noqa: F401
        import uvicorn  # noqa: F401
    except ImportError as exc:
        raise InputError(command, f"needs the serve extra ({exc.name} is missing): {EXTRA_HINT}") from None


def serve(args) -> int:
    _need_extra("serve")
    import uvicorn

    from .limits import Limits
    if args.workers < 1 or not (0 < args.port < 65536):
        raise InputError("serve", "--workers wants 1 or more and --port 1-65535")
    limits = Limits.from_env(host=args.host, max_bytes=args.max_bytes, max_names=args.max_names,
                             timeout_s=args.timeout, concurrency=args.concurrency)
    # uvicorn's worker processes build their own app from the factory: they read the limits from here
    os.environ.update(limits.env())
    sys.stderr.write(f"labelcheck: serving on http://{args.host}:{args.port}/ (API docs at /docs, MCP at /mcp)\n")
    from .server import TCPConfig
    config = TCPConfig("labelcheck.service.app:create_app", factory=True, host=args.host, port=args.port,
                       workers=args.workers, log_level=args.log_level, timeout_graceful_shutdown=5, server_header=False)
    server = uvicorn.Server(config)
    try:
        if config.workers > 1:
            from uvicorn.supervisors import Multiprocess
            Multiprocess(config, sockets=[config.bind_socket()]).run()
            return 0
        server.run()
    except KeyboardInterrupt:
        return 0
    except SystemExit as exc:
        if exc.code in (0, None):
            raise
        if server.started:
            # served, then stopped: uvicorn shuts down on SIGTERM (systemd, Kubernetes, docker stop) and re-raises the
            # signal, which the CLI turns into an exit — a normal stop, exit 0
            return 0
        # uvicorn exits non-zero when it cannot bind (its log says why)
    if not server.started:
        raise InputError("serve", f"cannot listen on {args.host}:{args.port} (in use, or not an address here)")
    return 0


def mcp_stdio(args) -> int:
    _need_extra("mcp")
    from ..mcp_server import main
    return main()
