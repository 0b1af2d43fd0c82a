"""Batch input cut into chunks of whole records, and the worker pool that checks them in order."""
from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
import time

import pytest

from labelcheck.ingest import rows as batch_rows
from labelcheck.ingest.workers import WorkerError, ordered_map

ROWS = [["id", "name", "text"], ["1", "植物肉汉堡饼", ""], ["2", "大豆\n植物肉 \"香肠\"", ""], ["3", "乳基蛋白牛排", ""],
        ["4", "", "植物肉汉堡饼\r\n配料：水，大豆分离蛋白\n净含量：200g"], ["5", "黑椒牛排"]]


def _csv_text(rows, newline: str) -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator=newline).writerows(rows)
    return buf.getvalue()


def _parsed(path, monkeypatch, chunk_bytes):
    monkeypatch.setattr(batch_rows, "CHUNK_BYTES", chunk_bytes)
    return [row for chunk in batch_rows.chunks(str(path)) for row in batch_rows.parse(chunk)]


def _reference(text: str):
    """What one csv.reader over the whole text gives: (the line the record starts on, its cells), blank rows
    dropped."""
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""))
    header = [h.strip().lower() for h in next(reader)]
    cols = [(k, header.index(k)) for k in ("id", "name", "text", "title") if k in header]
    out, start = [], reader.line_num
    for r in reader:
        line, start = start + 1, reader.line_num
        if any(c.strip() for c in r):
            got = {k: r[i] for k, i in cols if i < len(r) and r[i]}
            if any(c.strip() for c in r[len(header):]):       # more cells than the header: reported, not read
                out.append((line, "error", (f"{len(r)} cells under a header of {len(header)} (a delimiter inside a "
                                            "field that is not quoted?)", got)))
            else:
                out.append((line, "csv", got))
    return out


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
@pytest.mark.parametrize("chunk_bytes", [1, 7, 64, 24 * 1024])
def test_csv_chunks_keep_records_and_line_numbers(tmp_path, monkeypatch, newline, chunk_bytes):
    text = _csv_text(ROWS + ROWS[1:] * 5, newline)
    path = tmp_path / "t.csv"
    path.write_text("\ufeff" + text, encoding="utf-8", newline="")
    assert _parsed(path, monkeypatch, chunk_bytes) == _reference(text)


def test_blank_csv_lines_are_not_rows(tmp_path, monkeypatch):
    path = tmp_path / "t.csv"
    path.write_text("id,name\r\n\r\n1,植物肉\r\n,\r\n \r\n2,大豆植物肉\r\n", encoding="utf-8", newline="")
    got = _parsed(path, monkeypatch, 5)
    assert [(n, p) for n, _, p in got] == [(3, {"id": "1", "name": "植物肉"}), (6, {"id": "2", "name": "大豆植物肉"})]


@pytest.mark.parametrize("end", ["\n", "\r\n", "\r"])
def test_unclosed_quote_is_an_error_row_naming_where_it_opened(tmp_path, monkeypatch, end):
    path = tmp_path / "t.csv"
    path.write_bytes(end.join(['id,name', '1,植物肉', '2,"大豆', '3,植物肉', '']).encode("utf-8"))  # an old Mac's lone CR too
    got = _parsed(path, monkeypatch, 3)
    assert got[0][2] == {"id": "1", "name": "植物肉"}
    assert got[1][:2] == (3, "error") and "never closed" in got[1][2][0] and got[1][2][1]["id"] == "2"
    # the rows after it are read on from the next line (the quote would otherwise swallow the rest of the file)
    assert got[2][:1] == (4,) and got[2][2] == {"id": "3", "name": "植物肉"} and len(got) == 3


def test_jsonl_line_numbers_across_chunks_with_crlf_and_blank_lines(tmp_path, monkeypatch):
    lines = ['{"name": "植物肉"}', "", '{"name": "a"}', "  ", "{bad", '{"name": "b"}']
    path = tmp_path / "t.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + "\r\n".join(lines).encode("utf-8"))
    got = _parsed(path, monkeypatch, 4)
    assert [n for n, _, _ in got] == [1, 3, 5, 6]
    assert json.loads(got[0][2]) == {"name": "植物肉"}


@pytest.mark.parametrize("content, reason", [("", "needs a header|not a batch file"), ("foo,bar\n1,2\n", "names no title")])
def test_csv_without_a_usable_header(tmp_path, content, reason):
    path = tmp_path / "t.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(Exception, match=reason):
        list(batch_rows.chunks(str(path)))


def _slow_square(n):
    time.sleep(0.002 * (n % 5))
    return n * n


def _die_on_seven(n):
    if n == 7:
        os._exit(9)
    return n


def _raise_on_seven(n):
    if n == 7:
        raise ValueError("seven is not allowed")
    return n


def test_ordered_map_keeps_input_order_whatever_finishes_first():
    assert list(ordered_map(_slow_square, range(200), workers=3, window_per_worker=2)) == [n * n for n in range(200)]
    assert list(ordered_map(_slow_square, iter(()), workers=2)) == []


@pytest.mark.parametrize("fn, message", [(_die_on_seven, "stopped unexpectedly"), (_raise_on_seven, "seven is not allowed")])
def test_ordered_map_reports_a_failed_worker(fn, message):
    got = []
    with pytest.raises(WorkerError, match=message):
        for value in ordered_map(fn, range(50), workers=2, window_per_worker=1):
            got.append(value)
    assert got == list(range(len(got))) and len(got) <= 7


def test_an_unexpected_error_costs_one_row_not_the_batch(monkeypatch):
    from labelcheck.ingest import batch

    def flaky(name, **kwargs):
        if "炸" in name:
            raise KeyError("boom")
        return real(name, **kwargs)
    real = batch.checked_name
    monkeypatch.setattr(batch, "checked_name", flaky)
    # the chunk's names are checked together first: the defect fails that, and then each row on its own
    monkeypatch.setattr(batch, "checked_names", lambda names, **kw: [flaky(n) for n in names])
    chunk = batch_rows.Chunk("jsonl", 1, '{"name": "大豆植物肉"}\n{"name": "炸鸡"}\n'.encode("utf-8"))
    result = batch.check_chunk((chunk, batch.Settings("t.jsonl", None, None, "jsonl")))
    recs = [json.loads(line) for line in result.rendered.decode("utf-8").splitlines()]
    assert recs[0]["verdict"] == "pass" and "internal error" in recs[1]["error"] and recs[1]["line"] == 2
    assert result.rows == 2 and len(result.errors) == 1


def test_batch_output_is_the_same_for_any_number_of_workers(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text(_csv_text(ROWS + ROWS[1:] * 300, "\r\n"), encoding="utf-8", newline="")
    outs = []
    for workers in ("1", "2", "3"):
        p = subprocess.run([sys.executable, "-m", "labelcheck", "batch", str(path), "--workers", workers,
                            "--as-of", "2026-11-23"], capture_output=True, timeout=300)
        outs.append((p.returncode, p.stdout))
    assert outs[0] == outs[1] == outs[2] and outs[0][0] == 1
    assert len(outs[0][1].splitlines()) == 5 * 301


from hypothesis import given, settings, strategies as st  # noqa: E402

_cell = st.text(alphabet=st.sampled_from(list('植物肉 ,"\r\n\tab1')), max_size=8)


@settings(max_examples=150, deadline=None)
@given(rows=st.lists(st.lists(_cell, min_size=1, max_size=4), max_size=12),
       newline=st.sampled_from(["\n", "\r\n", "\r"]), chunk_bytes=st.integers(1, 40))
def test_any_csv_cut_anywhere_reads_as_one_reader_would(tmp_path_factory, rows, newline, chunk_bytes):
    text = _csv_text([["id", "name", "text"]] + rows, newline)
    path = tmp_path_factory.mktemp("csv") / "t.csv"
    path.write_text(text, encoding="utf-8", newline="")
    old = batch_rows.CHUNK_BYTES
    batch_rows.CHUNK_BYTES = chunk_bytes
    try:
        got = [row for chunk in batch_rows.chunks(str(path)) for row in batch_rows.parse(chunk)]
    finally:
        batch_rows.CHUNK_BYTES = old
    assert got == _reference(text)


@pytest.mark.parametrize("workers", ["1", "2"])
def test_stdin_rows_are_answered_as_they_arrive(workers):
    """A pipeline that writes a row and waits for its report gets it without closing its end first."""
    import select
    p = subprocess.Popen([sys.executable, "-m", "labelcheck", "batch", "-", "--workers", workers, "--as-of", "2026-11-23"],
                         stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    try:
        for name in ("植物肉香肠", "大豆植物肉"):
            p.stdin.write(json.dumps({"name": name}, ensure_ascii=False).encode("utf-8") + b"\n")
            p.stdin.flush()
            ready, _, _ = select.select([p.stdout], [], [], 60)
            assert ready, "no report before the input ended"
            assert json.loads(p.stdout.readline())["fields"]["name"] == name
        p.stdin.close()
        assert p.wait(timeout=60) == 0
    finally:
        p.kill()


@pytest.mark.parametrize("sig", ["SIGKILL", "SIGTERM"])
def test_workers_do_not_outlive_a_killed_batch(tmp_path, sig):
    import signal
    sys.path.insert(0, str(os.path.join(os.path.dirname(__file__), "..", "bench")))
    from make_names import names
    path = tmp_path / "t.csv"
    path.write_text(_csv_text([["id", "name"]] + [[i, t] for i, t in names(20_000)], "\n"), encoding="utf-8")
    p = subprocess.Popen([sys.executable, "-m", "labelcheck", "batch", str(path), "--workers", "2"],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    try:
        p.stdout.readline()                   # workers are up and checking
        os.kill(p.pid, getattr(signal, sig))
        p.wait(timeout=30)
        p.stdout.close()
        # stderr reaches end-of-file only when every process holding it — the workers too — has exited
        import threading
        reader = threading.Thread(target=p.stderr.read, daemon=True)
        reader.start()
        reader.join(timeout=30)
        assert not reader.is_alive(), "a worker outlived the killed batch"
    finally:
        try:
            os.killpg(p.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


@pytest.mark.parametrize("files, cap", [
    ({"/sys/fs/cgroup/cpu.max": "150000 100000\n"}, 2),
    ({"/sys/fs/cgroup/cpu.max": "50000 100000\n"}, 1),
    ({"/sys/fs/cgroup/cpu.max": "max 100000\n"}, None),
    ({"/sys/fs/cgroup/cpu/cpu.cfs_quota_us": "-1\n", "/sys/fs/cgroup/cpu/cpu.cfs_period_us": "100000\n"}, None),
    ({"/sys/fs/cgroup/cpu/cpu.cfs_quota_us": "100000\n", "/sys/fs/cgroup/cpu/cpu.cfs_period_us": "100000\n"}, 1),
    ({}, None),
])
def test_default_workers_respect_a_container_cpu_quota(monkeypatch, files, cap):
    from labelcheck.ingest import workers
    monkeypatch.setattr(workers, "_read", files.get)
    monkeypatch.setattr(workers.os, "sched_getaffinity", lambda pid: set(range(8)), raising=False)
    assert workers.cpu_count() == (cap or 8)


def test_a_row_over_5_mb_of_utf8_is_an_error_row(tmp_path):
    """The limit is in bytes: 2 million Han characters are 6 MB though fewer than 5 million characters."""
    path = tmp_path / "t.jsonl"
    path.write_text("\n".join(json.dumps({"name": n}, ensure_ascii=False) for n in ("植物肉", "植" * 2_000_000, "大豆植物肉")) + "\n",
                    encoding="utf-8")
    p = subprocess.run([sys.executable, "-m", "labelcheck", "batch", str(path), "--workers", "2"], capture_output=True, timeout=120)
    recs = [json.loads(line) for line in p.stdout.decode("utf-8").splitlines()]
    assert p.returncode in (0, 1) and len(recs) == 3 and "5 MB" in recs[1]["error"] and recs[1]["line"] == 2
    assert "line 2: row is larger than the 5 MB limit" in p.stderr.decode("utf-8")


def test_freed_chunk_buffers_are_kept_where_the_c_library_allows():
    import platform
    from labelcheck.ingest.workers import reuse_large_buffers
    kept = reuse_large_buffers()
    assert isinstance(kept, bool)
    if sys.platform.startswith("linux") and platform.libc_ver()[0] == "glibc" and sys.maxsize > 2 ** 32:
        assert kept                       # a 64-bit glibc's mallopt took both thresholds


def test_a_chunk_without_quotes_reads_as_the_csv_module_reads_it():
    # such a chunk is split by hand (rows._plain_rows); it must give csv.reader's rows, line numbers and blanks
    import csv
    import io
    import random
    rnd = random.Random(3)
    pieces = ["a", "植物肉", " ", "\t", ",", "\r\n", "\n", "\r", "", "  ", "x y", "\u3000", "\x0b", "\x0c", "\u2028",
              "\x85", "b,c"]
    cols = (("id", 0), ("name", 1), ("keep:x", 2))
    for _ in range(5000):
        text = "".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 14)))
        delimiter, skip = rnd.choice([",", "\t"]), rnd.random() < 0.5
        chunk = batch_rows.Chunk("csv", 5, text.encode("utf-8"), columns=cols, skip_header=skip, delimiter=delimiter,
                                 encoding="utf-8")
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        if skip:
            next(reader, None)
        expected = [(4 + reader.line_num, "csv", batch_rows.cells(row, cols)) for row in reader if "".join(row).strip()]
        assert list(batch_rows.parse(chunk)) == expected, repr(text)


def test_cut_and_parsed_records_match_csv_reader_on_messy_exports(tmp_path, monkeypatch):
    """Chunks cut anywhere (small blocks), records spanning lines, doubled quotes, a quote in the middle of an
    unquoted field (5"大号: a character, as csv.reader reads it), CRLF, LF and CR: every row gives csv.reader's cells
    and the line its record starts on, and no row is lost to a cut."""
    import random
    monkeypatch.setattr(batch_rows, "CHUNK_BYTES", 48)
    rnd = random.Random(11)
    words = ["植物肉", "汉堡", "5\"大号", "素鸡", "a,b", "x\"\"y", "牛排", "100g", "店A", "\"引号\"", "line\nbreak", "tab\tin"]
    for case in range(60):
        delimiter = rnd.choice([",", "\t"])
        newline = rnd.choice(["\n", "\r\n", "\r"])
        rows_in = []
        for i in range(rnd.randint(1, 25)):
            title = " ".join(rnd.choice(words) for _ in range(rnd.randint(1, 4)))
            quoted = any(ch in title for ch in (delimiter, "\n", "\r")) or (title.startswith('"'))
            cell = '"' + title.replace('"', '""') + '"' if quoted or rnd.random() < 0.2 else title
            rows_in.append(f"{i}{delimiter}{cell}")
        text = newline.join(["id" + delimiter + "title"] + rows_in) + rnd.choice(["", newline])
        path = tmp_path / f"c{case}.{'tsv' if delimiter == chr(9) else 'csv'}"
        path.write_bytes(text.encode("utf-8"))
        got = [(n, payload) for chunk in batch_rows.chunks(str(path)) for n, kind, payload in batch_rows.parse(chunk)]
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        next(reader)
        want, start = [], reader.line_num
        for row in reader:
            line, start = start + 1, reader.line_num
            if "".join(row).strip():
                want.append((line, {"id": row[0], **({"title": row[1]} if len(row) > 1 and row[1] else {})}))
        assert [(n, {k: v for k, v in p.items() if k in ("id", "title")}) for n, p in got] == want, text
