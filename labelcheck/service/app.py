"""The app factory: the JSON API, the page at /, and the MCP tools at /mcp, in one stateless process."""
from __future__ import annotations

import contextlib
import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

import labelcheck

from .body import BodyLimit
from .limits import Gate, Limits, Refused

log = logging.getLogger("labelcheck.service")
_JSON_TYPES = ("application/json", "text/json")
_HTTP_ERRORS = {400: "unusable_input", 404: "not_found", 405: "method_not_allowed", 413: "too_large",
                415: "unsupported_type", 422: "invalid", 503: "busy"}


def _error(status: int, error: str, detail: str) -> JSONResponse:
    return JSONResponse({"error": error, "detail": detail}, status_code=status)


def _swagger_assets() -> str | None:
    """Swagger UI's files from the swagger-ui-bundle package (in the serve extra), so /docs needs no CDN."""
    try:
        from swagger_ui_bundle import swagger_ui_path
    except ImportError:
        return None      # FastAPI's default /docs, which loads Swagger UI from a CDN
    return str(swagger_ui_path)


def _mount_docs(app: FastAPI, assets: str) -> None:
    from fastapi.openapi.docs import get_swagger_ui_html
    from fastapi.staticfiles import StaticFiles
    app.mount("/_docs", StaticFiles(directory=assets), name="docs-assets")

    @app.get("/docs", include_in_schema=False)
    async def docs():
        return get_swagger_ui_html(openapi_url=app.openapi_url, title="labelcheck API",
                                   swagger_js_url="/_docs/swagger-ui-bundle.js", swagger_css_url="/_docs/swagger-ui.css",
                                   swagger_favicon_url="/_docs/favicon-32x32.png")


def create_app(limits: Limits | None = None, *, mcp: bool = True) -> FastAPI:
    limits = limits or Limits.from_env()
    gate = Gate(limits)
    mcp_server = None
    if mcp:
        from ..mcp_server import build_server
        mcp_server = build_server(limits, gate)

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI):
        async with contextlib.AsyncExitStack() as stack:
            if mcp_server is not None:
                await stack.enter_async_context(mcp_server.session_manager.run())
            try:
                yield
            finally:
                gate.close()

    offline_docs = _swagger_assets()
    app = FastAPI(title="labelcheck", version=labelcheck.__version__, lifespan=lifespan,
                  docs_url=None if offline_docs else "/docs", redoc_url=None,
                  description="Checks names and labels of meat-analogue foods sold in China against their "
                              "standards. Every report is the CLI's report JSON (`labelcheck check --format json`).")
    app.state.limits, app.state.gate = limits, gate

    @app.exception_handler(Refused)
    async def refused(request: Request, exc: Refused):
        return _error(exc.status, exc.error, exc.detail)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError):
        errs = exc.errors()
        media = (request.headers.get("content-type") or "").split(";")[0].strip().lower()
        if request.method == "POST" and media not in _JSON_TYPES and any(e.get("loc", ())[:1] == ("body",) for e in errs):
            # a JSON endpoint sent another type (text/plain, a form, none): the type is what is wrong, as /v1/check says
            return _error(415, "unsupported_type", f"content type {media or '(none)'} is not read here; send "
                          "application/json")
        first = errs[0] if errs else {"loc": (), "msg": "invalid request"}
        loc = ".".join(str(p) for p in first.get("loc", ()) if p != "body") or "request"
        more = f" (+{len(errs) - 1} more)" if len(errs) > 1 else ""
        # a body that is not JSON at all is unusable input, not a schema mismatch
        status = 400 if first.get("type") == "json_invalid" else 422
        return _error(status, "unusable_input" if status == 400 else "invalid", f"{loc}: {first.get('msg')}{more}")

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        return _error(exc.status_code, _HTTP_ERRORS.get(exc.status_code, "error"), str(exc.detail))

    @app.exception_handler(Exception)
    async def crashed(request: Request, exc: Exception):
        log.exception("unexpected error on %s", request.url.path)     # the trace goes to the log, never to the client
        return _error(500, "internal", f"an unexpected {type(exc).__name__}; the server is still up")

    if offline_docs:
        _mount_docs(app, offline_docs)
    from .page import router as page_router
    from .routes import router as api_router
    app.include_router(api_router)
    app.include_router(page_router)
    if mcp_server is not None:
        # the SDK's streamable-HTTP endpoint joins this app's routes (not a Mount, which would swallow our 404s)
        mcp_app = mcp_server.streamable_http_app(streamable_http_path="/mcp", stateless_http=True, json_response=True,
                                                 max_request_body_size=limits.max_bytes, host=limits.host)
        app.router.routes.extend(mcp_app.routes)
    app.add_middleware(BodyLimit, max_bytes=limits.max_bytes)
    return app
