"""The JSON API: /v1/check, /v1/names, /v1/rules, /healthz. Every answer is the CLI's rendering."""
from __future__ import annotations

import datetime as dt
from typing import Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field, StrictBool

from ..models import PRODUCT_CLASSES
from . import core
from .limits import Refused

router = APIRouter()
Format = Literal["json", "html", "csv", "xlsx"]
ProductClass = Literal[tuple(PRODUCT_CLASSES)]  # type: ignore[valid-type]

_CHECK_BODY = {
    "requestBody": {
        "required": True,
        "description": "A label document (JSON), label copy (text/plain), a PDF or SVG as the raw body, "
                       "or a multipart upload with one file field `file` (.txt .json .pdf .svg).",
        "content": {
            "application/json": {"schema": {"type": "object", "description": "the contract's label document",
                                            "example": {"name": "植物肉香肠", "text": "植物肉香肠\n配料：水，大豆分离蛋白"}}},
            "text/plain": {"schema": {"type": "string"}},
            "application/pdf": {"schema": {"type": "string", "format": "binary"}},
            "image/svg+xml": {"schema": {"type": "string", "format": "binary"}},
            "multipart/form-data": {"schema": {"type": "object", "required": ["file"],
                                               "properties": {"file": {"type": "string", "format": "binary"}}}},
        },
    }
}


def _answer(body: bytes, fmt: str, filename: str) -> Response:
    headers = {}
    if fmt in ("csv", "xlsx"):
        headers["content-disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return Response(body, media_type=core.FORMATS[fmt], headers=headers)


async def _upload(request: Request) -> tuple[bytes, str, str]:
    """The body's bytes, the source name the report carries, and the kind of document."""
    media = (request.headers.get("content-type") or "").split(";")[0].strip().lower()
    if media == "multipart/form-data":
        # the form's files are spooled (in memory, or a temporary file past 1 MB) and closed — so
        # deleted — when this block ends, whatever happens inside it
        async with request.form(max_files=1, max_fields=4) as form:
            upload = form.get("file")
            if upload is None or isinstance(upload, str):
                raise Refused(422, "invalid_form", "the multipart form needs one file field named `file`")
            kind = core.kind_of(upload.filename)
            data = await upload.read()
            return data, upload.filename or "upload" + kind, kind
    if media not in core.MEDIA_KIND:
        raise Refused(415, "unsupported_type", f"content type {media or '(none)'} is not read; send one of "
                      f"{', '.join(core.MEDIA_KIND)} or multipart/form-data")
    return await request.body(), "-", core.MEDIA_KIND[media]


@router.post("/v1/check", openapi_extra=_CHECK_BODY, summary="Check one label (document, copy, PDF or SVG)",
             response_description="the CLI's report JSON (`labelcheck check --format json`), or HTML/CSV/XLSX")
async def check(request: Request,
                as_of: dt.date | None = Query(None, description="check date YYYY-MM-DD; picks the GB 7718/28050 edition in force"),
                product_class: ProductClass | None = Query(None, alias="class", description="say what the product is"),
                format: Format = Query("json", description="json (default), html, csv or xlsx")) -> Response:
    data, source, kind = await _upload(request)
    limits, gate = request.app.state.limits, request.app.state.gate

    def work() -> bytes:
        doc = core.read_document(data, source, kind, limits)
        report = core.check_document(doc, as_of, product_class)
        return core.render([report], [doc], format, many=False)

    return _answer(await gate.run(work), format, "report")


class NamesRequest(BaseModel):
    names: list[str] = Field(..., min_length=1, description="product names or marketplace titles")
    title: StrictBool | None = Field(None, description="treat every entry as a marketplace title (default: guess)")


@router.post("/v1/names", summary="Check product names or marketplace titles: one report per name",
             response_description="a JSON array with one report per name, in order (or HTML/CSV/XLSX)")
async def names(request: Request, body: NamesRequest | list[str],
                as_of: dt.date | None = Query(None, description="check date YYYY-MM-DD"),
                product_class: ProductClass | None = Query(None, alias="class"),
                format: Format = Query("json")) -> Response:
    req = body if isinstance(body, NamesRequest) else NamesRequest(names=body)
    limits, gate = request.app.state.limits, request.app.state.gate
    if not req.names:
        raise Refused(422, "invalid", "names: give at least one name")
    if len(req.names) > limits.max_names:
        raise Refused(413, "too_many", f"{len(req.names)} names is more than the {limits.max_names} allowed per request")
    for i, n in enumerate(req.names):
        if not n.strip():
            raise Refused(400, "unusable_input", f"names[{i}]: the name is empty")
        if len(n) > limits.max_name_chars:
            raise Refused(413, "too_large", f"names[{i}]: {len(n)} characters is more than the {limits.max_name_chars} allowed")

    def work() -> bytes:
        reports = core.check_names(req.names, as_of, product_class, req.title)
        return core.render(reports, None, format, many=True)

    return _answer(await gate.run(work), format, "names")


@router.get("/v1/rules", summary="Every rule: id, severity, standard, clause, what it checks, why")
async def rules() -> JSONResponse:
    return JSONResponse(core.rules())


@router.get("/healthz", summary="Liveness, version, and which downloads this server offers")
async def healthz() -> dict:
    import labelcheck
    return {"status": "ok", "version": labelcheck.__version__, "formats": sorted(f for f in core.FORMATS
                                                                                 if f != "xlsx" or core.xlsx_renderer())}
