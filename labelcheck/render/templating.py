"""The jinja2 environment the HTML renderings share (the report and its photo section)."""
from __future__ import annotations

from functools import cache

import jinja2

from ..resources import data_dir
from ..startcache import jinja_bytecode_cache


# the page is read by Chinese inspectors first: each verdict and severity in Chinese beside the word the JSON uses
ZH = {"pass": "通过", "warn": "警示", "fail": "不通过", "unusable": "无法检查", "unknown": "未判定",
      "error": "错误", "warning": "警告", "info": "提示"}


@cache
def env() -> jinja2.Environment:
    environment = jinja2.Environment(loader=jinja2.FileSystemLoader(str(data_dir("templates"))),
                                     autoescape=jinja2.select_autoescape(["html", "j2"]), trim_blocks=True,
                                     lstrip_blocks=True, undefined=jinja2.StrictUndefined,
                                     bytecode_cache=jinja_bytecode_cache())
    environment.globals["zh"] = ZH
    return environment
