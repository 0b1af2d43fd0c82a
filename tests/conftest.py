import datetime as dt
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
AS_OF = dt.date(2026, 11, 23)
AFTER = dt.date(2027, 6, 1)


@pytest.fixture
def root() -> Path:
    return ROOT
