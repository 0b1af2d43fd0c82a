"""The page at /: drop artwork or type a name, see the CLI's HTML report, download JSON/CSV/XLSX.

One self-contained HTML file (templates/service_page.html.j2, CSS and JS inline, no CDN), Chinese by
default with an English switch (?lang=en). It calls the JSON API like any other client.
"""
from __future__ import annotations

from functools import cache

import jinja2
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from ..resources import data_dir
from . import core

router = APIRouter()


@cache
def _template() -> jinja2.Template:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(data_dir("templates"))), autoescape=True)
    return env.get_template("service_page.html.j2")


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
async def page(request: Request) -> HTMLResponse:
    html = _template().render(xlsx=core.xlsx_renderer() is not None, max_name_chars=request.app.state.limits.max_name_chars)
    # the page loads nothing from elsewhere; say so to the browser too
    csp = "default-src 'self'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src 'self' data: blob:; frame-src 'self' about:"
    return HTMLResponse(html, headers={"content-security-policy": csp})
