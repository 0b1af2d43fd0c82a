"""labelcheck — checks the names and labels of meat analogues sold in China against their standards.

Library API (the CLI, batch, Spark and any service call these; see `labelcheck.api`):

    labelcheck.check(doc, as_of=None, product_class=None, config=None) -> Report
    labelcheck.check_name(name, as_of=None, product_class=None, title=None, config=None) -> Report
    labelcheck.check_many(items, as_of=None, product_class=None, workers=1) -> Iterator[Report]

`as_of` is a `datetime.date` or an ISO date string; bad arguments raise `ValueError`.
`config` is a labelcheck.config.Settings, a dict of the config file's keys, or a config file's
path; without it no configuration applies (the Python API never looks for files by itself).
"""
from __future__ import annotations

__version__ = "0.1.0"

from .api import check, check_many, check_name  # noqa: E402
from .models import PRODUCT_CLASSES, Finding, LabelDocument, Report, Span  # noqa: E402

__all__ = ["check", "check_name", "check_many", "LabelDocument", "Span", "Finding", "Report", "PRODUCT_CLASSES",
           "__version__"]
