"""The start-up cache: a value read back is the value built; any change to what it was built from builds it again;
a cache that cannot be used changes nothing but the time."""
import os
import pickle
import subprocess
import sys

import pytest

from labelcheck import normalize, startcache
from labelcheck.extract import name as name_mod
from labelcheck.resources import _lexicons, data_dir
from labelcheck.rules import records


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    where = tmp_path / "cache"
    monkeypatch.setenv("LABELCHECK_CACHE_DIR", str(where))
    return where


def _counting(value):
    calls = []

    def build():
        calls.append(1)
        return value
    return build, calls


def test_built_once_then_read(cache_dir, tmp_path):
    src = tmp_path / "words.toml"
    src.write_text("a = 1\n", encoding="utf-8")
    build, calls = _counting({"a": [1, "植物肉"]})
    assert startcache.cached("t", [src], build) == {"a": [1, "植物肉"]}
    assert startcache.cached("t", [src], build) == {"a": [1, "植物肉"]}
    assert len(calls) == 1
    assert len(list(cache_dir.glob("t-*.pickle"))) == 1


def test_a_changed_source_builds_again_and_old_entries_go(cache_dir, tmp_path):
    src = tmp_path / "words.toml"
    for n in range(startcache._KEEP + 3):
        src.write_text(f"a = {n}\n", encoding="utf-8")
        build, calls = _counting(n)
        assert startcache.cached("t", [src], build) == n
        assert calls == [1]                      # never an entry built from another content
    assert len(list(cache_dir.glob("t-*.pickle"))) == startcache._KEEP


def test_a_torn_or_foreign_entry_is_built_again(cache_dir, tmp_path):
    src = tmp_path / "words.toml"
    src.write_text("a = 1\n", encoding="utf-8")
    startcache.cached("t", [src], lambda: "first")
    (entry,) = cache_dir.glob("t-*.pickle")
    entry.write_bytes(b"\x80\x05not a pickle")
    build, calls = _counting("rebuilt")
    assert startcache.cached("t", [src], build) == "rebuilt" and calls == [1]
    assert pickle.loads(entry.read_bytes()) == "rebuilt"


@pytest.mark.parametrize("setting", ["off", "", "0", "OFF"])
def test_turned_off(monkeypatch, tmp_path, setting):
    monkeypatch.setenv("LABELCHECK_CACHE_DIR", setting)
    assert startcache.directory() is None
    assert startcache.jinja_bytecode_cache() is None
    build, calls = _counting(3)
    src = tmp_path / "s"
    src.write_text("x", encoding="utf-8")
    assert startcache.cached("t", [src], build) == 3 and startcache.cached("t", [src], build) == 3
    assert len(calls) == 2


def test_default_folder_follows_xdg(monkeypatch, tmp_path):
    monkeypatch.delenv("LABELCHECK_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert startcache.directory() == tmp_path / "labelcheck"


def test_a_cache_that_cannot_be_written_changes_nothing(monkeypatch, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("LABELCHECK_CACHE_DIR", str(blocker / "cache"))
    src = tmp_path / "s"
    src.write_text("x", encoding="utf-8")
    assert startcache.cached("t", [src], lambda: [1, 2]) == [1, 2]
    assert startcache.jinja_bytecode_cache() is None


def test_a_missing_source_is_left_to_the_builder(cache_dir, tmp_path):
    def build():
        raise FileNotFoundError("the builder names the file")
    with pytest.raises(FileNotFoundError, match="names the file"):
        startcache.cached("t", [tmp_path / "gone.toml"], build)


def test_real_entries_read_back_as_built(cache_dir):
    """Each start-up value, read from a fresh cache, is what its builder makes."""
    lex = data_dir("lexicons")
    fold_sources = [normalize.__file__, *(lex / f for f in normalize._ONE_FOR_ONE_FILES)]
    cases = [("fold", fold_sources, normalize._build_tables),
             ("symbol-run", [name_mod.__file__], name_mod._symbol_run_pattern)]
    for name, sources, build in cases:
        built = build()
        startcache.cached(name, [os.fspath(s) for s in sources], build)          # written
        assert startcache.cached(name, sources, lambda: pytest.fail("read, not built")) == built
    assert _lexicons.__wrapped__() == _lexicons.__wrapped__()                  # cold, then from the cache
    assert records._parsed_files() == records._parsed_files()
    assert {p.name.rsplit("-", 1)[0] for p in cache_dir.glob("*.pickle")} == {"fold", "symbol-run", "lexicons",
                                                                               "records"}


def test_cli_runs_alike_with_the_cache_cold_warm_and_off(tmp_path):
    """The same answer from a run that writes the cache, one that reads it, and one without it."""
    cmd = [sys.executable, "-m", "labelcheck", "name", "【包邮】植物肉汉堡饼 黑椒味 4片装", "--format", "json",
           "--as-of", "2026-11-23"]
    outs = []
    for setting in (str(tmp_path / "c"), str(tmp_path / "c"), "off"):
        run = subprocess.run(cmd, capture_output=True, text=True, env=dict(os.environ, LABELCHECK_CACHE_DIR=setting))
        assert run.returncode in (0, 1), run.stderr
        outs.append(run.stdout)
    assert outs[0] == outs[1] == outs[2]
    assert {p.name.rsplit("-", 1)[0] for p in (tmp_path / "c").glob("*.pickle")} >= {"lexicons", "records", "fold"}
