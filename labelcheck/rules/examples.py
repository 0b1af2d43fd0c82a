"""Run a rule record's example through the public API, as a user would."""
from __future__ import annotations

import datetime as dt

from ..models import Report
from .records import Example, new_editions_date


def example_as_of(example: Example) -> dt.date:
    """An example without `as_of` is checked on the last day before the 2025 editions take effect:
    under the editions in force today, and the same result on any day the tests run."""
    return example.as_of or new_editions_date() - dt.timedelta(days=1)


def run_example(example: Example) -> Report:
    from .. import pipeline   # the public API's own module; imported late: pipeline imports the rules
    kw = {"as_of": example_as_of(example), "product_class": example.product_class}
    if example.is_label:
        return pipeline.check(example.document(), **kw)
    return pipeline.check_name(example.name, title=example.title, **kw)
