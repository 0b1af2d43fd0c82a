"""labelcheck — checks the names and labels of meat analogues sold in China against their standards.

Library API (the CLI, batch and any service call these):

    labelcheck.check(doc, as_of=None, product_class=None, config=None) -> Report
    labelcheck.check_name(name, as_of=None, product_class=None, config=None) -> Report

`config` is a labelcheck.config.Settings, a dict of the config file's keys, or a config file's
path; without it no configuration applies (the Python API never looks for files by itself).
"""
from __future__ import annotations

__version__ = "0.1.0"

from .models import Finding, LabelDocument, Report, Span  # noqa: E402


def check(doc, as_of=None, product_class=None, config=None) -> Report:
    from .pipeline import check as _check
    if isinstance(doc, dict):
        doc = LabelDocument.model_validate(doc)
    elif isinstance(doc, str):
        doc = LabelDocument(text=doc)
    return _check(doc, as_of=as_of, product_class=product_class, settings=config)


def check_name(name: str, as_of=None, product_class=None, config=None, **kw) -> Report:
    from .pipeline import check_name as _check_name
    return _check_name(name, as_of=as_of, product_class=product_class, settings=config, **kw)


__all__ = ["check", "check_name", "LabelDocument", "Span", "Finding", "Report", "__version__"]
