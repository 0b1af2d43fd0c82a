"""Moderation at scale (issue 17): the name path against bare jieba, workers, memory per worker, Spark local[2].

Run by hand (not in CI), about two minutes:  .venv/bin/python bench/scale.py [--names 60000] [--no-spark]
Every comparison is measured side by side in the same run, interleaved, so a shared machine's slow spells fall
on both sides; the figures are ratios. Prints each figure with its target and PASS/MISS.
"""
from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import platform
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
sys.path.insert(0, str(ROOT / "bench"))
from make_names import names  # noqa: E402

PY = sys.executable

def line(label: str, value: str, target: str = "", ok: bool | None = None) -> None:
    mark = "" if ok is None else ("PASS" if ok else "MISS")
    print(f"  {label:<58} {value:>22}   {target:<24} {mark}", flush=True)


def _children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children", encoding="ascii") as fh:
            return [int(x) for x in fh.read().split()]
    except OSError:
        return []


def _rss_mb(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as fh:
            for ln in fh:
                if ln.startswith("VmRSS:"):
                    return int(ln.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def timed(cmd: list[str]) -> tuple[float, float, float, float]:
    """(wall s, peak RSS of the process MB, peak RSS of its largest child MB sampled every 20 ms, CPU s)."""
    t = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak_child = [0.0]

    def sample():
        while p.poll() is None:
            for c in _children(p.pid):
                peak_child[0] = max(peak_child[0], _rss_mb(c))
            time.sleep(0.02)
    th = threading.Thread(target=sample, daemon=True)
    th.start()
    _, status, usage = os.wait4(p.pid, 0)
    p.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - t
    th.join(1)
    if p.returncode not in (0, 1):
        raise SystemExit(f"benchmark command failed: {' '.join(cmd)}")
    return wall, usage.ru_maxrss / 1024, peak_child[0], usage.ru_utime + usage.ru_stime


def spark_rows_per_s(parquet: Path, n: int) -> tuple[float, float] | None:
    """(rows/s of check_names on local[2] after the workers are warm, seconds to the first answer) or None."""
    code = f"""
import os, sys, time
os.environ["PYSPARK_PYTHON"] = sys.executable
from pyspark.sql import SparkSession
t0 = time.perf_counter()
spark = (SparkSession.builder.master("local[2]").config("spark.ui.enabled", "false")
         .config("spark.sql.shuffle.partitions", "2").getOrCreate())
spark.sparkContext.setLogLevel("ERROR")
from labelcheck.spark import check_names
df = spark.read.parquet({str(parquet)!r}).repartition(2).cache()
df.count()
check_names(df.limit(200), column="name", as_of="2026-11-23").write.format("noop").mode("overwrite").save()
first = time.perf_counter() - t0
t = time.perf_counter()
check_names(df, column="name", as_of="2026-11-23").write.format("noop").mode("overwrite").save()
print({n} / (time.perf_counter() - t), first)
spark.stop()
"""
    try:
        out = subprocess.run([PY, "-c", code], capture_output=True, text=True, timeout=240)
    except subprocess.TimeoutExpired:
        return None
    if out.returncode != 0:
        sys.stderr.write(out.stderr[-2000:])
        return None
    a, b = out.stdout.split()[-2:]
    return float(a), float(b)


def _has(tool: str) -> bool:
    return subprocess.run(["which", tool], capture_output=True).returncode == 0


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--names", type=int, default=30_000, help="titles for the batch runs (in-process: a third)")
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--part", choices=["names", "batch", "spark", "all"], default="all",
                    help="one part per run keeps each run under two minutes on a busy machine")
    args = ap.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    csv_path = OUT / "market.csv"
    with open(csv_path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "name"])
        w.writerows(names(args.names))
    print(f"labelcheck scale benchmark · {dt.datetime.now():%Y-%m-%d %H:%M} · {os.cpu_count()} cores · "
          f"Python {platform.python_version()} · shared machine: figures are noisy, ratios are what count")
    print(f"  {'figure':<58} {'value':>22}   {'target':<24}")

    inproc = max(args.names // 3, 1000)
    if args.part in ("names", "all"):
        # the same in-process measure as bench/run.py (one core, CPU time, rounds interleaved)
        from run import MIX_LABEL, in_process
        mixes, _labels = in_process(inproc, args.rounds)
        for mix, rounds in mixes.items():
            ratios = sorted(r[2] / r[0] for r in rounds)
            ratio = statistics.median(ratios)
            line(f"{MIX_LABEL[mix]}, {inproc:,} titles: bare jieba.lcut", f"{inproc / min(r[0] for r in rounds):,.0f}/s")
            line("  name path (report JSON) ÷ jieba (median of rounds)", f"{ratio:.2f}× ({ratios[0]:.2f}–{ratios[-1]:.2f})",
                 "≤ 0.5× (2× faster)" if mix == "market" else "reported", ratio <= 0.5 if mix == "market" else None)

    batch = [PY, "-m", "labelcheck", "batch", str(csv_path), "--no-progress", "--as-of", "2026-11-23"]
    if args.part in ("batch", "all"):
        run_batches(args, batch)
    if args.part in ("spark", "all"):
        spark_part(args, batch)


def run_batches(args, batch: list[str]) -> float:
    jieba_rss = max(timed([PY, "-c", "import jieba; jieba.setLogLevel(60); jieba.initialize()"])[1] for _ in range(2))
    ones, twos, worker_rss, cpu_one = [], [], [], []
    for i in range(2):
        pair = [batch + ["--workers", "1"], batch + ["--workers", "2"]]
        a, b = (timed(pair[0]), timed(pair[1])) if i == 0 else tuple(reversed((timed(pair[1]), timed(pair[0]))))
        ones.append(a[0])
        cpu_one.append(a[3])
        twos.append(b[0])
        worker_rss.append(b[2])
    one, two = min(ones), min(twos)
    scaling = statistics.median(o / t for o, t in zip(ones, twos))
    line(f"batch {args.names:,} titles --workers 1", f"{one:.2f} s ({args.names / one:,.0f} rows/s)")
    line("  its CPU time (what the machine's load does not inflate)", f"{min(cpu_one):.2f} s")
    line(f"batch {args.names:,} titles --workers 2", f"{two:.2f} s ({args.names / two:,.0f} rows/s)")
    # a short batch: the start-up both runs pay once weighs here; the target is bench/run.py's (60,000 and 180,000)
    line("  two workers ÷ one", f"{scaling:.2f}×", "reported (short batch)")
    line("resident memory: python + jieba.initialize()", f"{jieba_rss:.0f} MB")
    line("resident memory per name worker (--workers 2, peak)", f"{max(worker_rss):.0f} MB",
         "near jieba's own", max(worker_rss) <= 1.5 * jieba_rss)
    return two


def spark_part(args, batch: list[str]) -> None:
    if True:
        try:
            import pyarrow as pa
            import pyarrow.parquet as pq
            import pyspark  # noqa: F401
        except ImportError:
            line("Spark local[2]", "skipped (pip install '.[spark]')")
            return
        n = max(args.names // 6, 1000)
        parquet = OUT / "market.parquet"
        pq.write_table(pa.table({"id": list(range(n)), "name": [t for _, t in names(n)]}), parquet)
        got = spark_rows_per_s(parquet, n)
        if got is None:
            line("Spark local[2] check_names", "failed (see stderr)")
        else:
            rate, first = got
            line(f"Spark local[2] check_names, {n:,} titles (warm)", f"{rate:,.0f} rows/s")
            small = OUT / "spark_same.csv"
            with open(small, "w", encoding="utf-8", newline="") as fh:
                w = csv.writer(fh)
                w.writerow(["id", "name"])
                w.writerows(names(n))
            wall = timed(batch[:4] + [str(small)] + batch[5:] + ["--workers", "2"])[0]
            line(f"  beside batch --workers 2 on the same {n:,} titles (start-up included)", f"{n / wall:,.0f} rows/s")
            line("  start-up to the first answer (JVM, workers, jieba)", f"{first:.1f} s")


if __name__ == "__main__":
    main()
