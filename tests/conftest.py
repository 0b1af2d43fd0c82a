import datetime as dt
import os
import shutil
import tempfile
from pathlib import Path

import pytest

# The suite's own start-up cache (labelcheck.startcache), empty at the start: its first uses build each entry,
# later ones (and the CLI runs the tests start, which inherit it) read them — both paths run on every test run.
_CACHE = tempfile.mkdtemp(prefix="labelcheck-test-cache-")
os.environ["LABELCHECK_CACHE_DIR"] = _CACHE


def pytest_sessionfinish(session, exitstatus):
    shutil.rmtree(_CACHE, ignore_errors=True)

ROOT = Path(__file__).resolve().parent.parent
AS_OF = dt.date(2026, 11, 23)
AFTER = dt.date(2027, 6, 1)


@pytest.fixture
def root() -> Path:
    return ROOT
