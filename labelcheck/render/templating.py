"""The jinja2 environment the HTML renderings share (the report and its photo section)."""
from __future__ import annotations

from functools import cache

import jinja2

from ..resources import data_dir
from ..startcache import jinja_bytecode_cache


@cache
def env() -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.FileSystemLoader(str(data_dir("templates"))),
                              autoescape=jinja2.select_autoescape(["html", "j2"]), trim_blocks=True, lstrip_blocks=True,
                              undefined=jinja2.StrictUndefined, bytecode_cache=jinja_bytecode_cache())
