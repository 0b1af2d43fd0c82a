"""Label photos: seconds per photo and memory, side by side with bare RapidOCR in the same run.

Run by hand (not in CI):  .venv/bin/python bench/photo.py [--rounds 3]
Needs the photo extra and a CJK font (the labels are rendered here, as in tests/test_photo.py).
The reference is RapidOCR's own one-call API on the same picture: labelcheck does the same
detection and recognition, plus straightening, ink sampling, layout and the checks, so its time
should stay within a small factor of the reference (targets below, as ratios: absolute times
drift on a shared machine).
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "bench"))
from run import line, timed  # noqa: E402

PY = sys.executable
TIME_RATIO_TARGET = 1.6        # labelcheck seconds per photo ≤ 1.6 × bare RapidOCR (warm, in process)
RSS_RATIO_TARGET = 1.5         # peak RSS of `labelcheck check photo.jpg` ≤ 1.5 × a bare RapidOCR process


def make_photos(folder: Path) -> list[Path]:
    from photo_render import DAIRY_BACK, dairy_front, phone_photo, render_label
    shots = {
        "front.jpg": phone_photo(render_label(dairy_front()), angle=6, perspective=0.05, blur=0.8, noise=6, light=0.3, quality=60),
        "back.jpg": phone_photo(render_label(DAIRY_BACK), angle=-4, perspective=0.05, blur=0.8, noise=6, light=0.3, quality=60),
    }
    paths = []
    for name, data in shots.items():
        (folder / name).write_bytes(data)
        paths.append(folder / name)
    return paths


def warm_seconds(paths: list[Path], rounds: int) -> tuple[list[float], list[float]]:
    """Per photo, median seconds in one warm process: labelcheck (read + check) and bare RapidOCR."""
    code = f"""
import datetime as dt, statistics, sys, time
from rapidocr_onnxruntime import RapidOCR
from labelcheck.ingest import load_path
from labelcheck.ingest.photo_ocr import engine
from labelcheck.pipeline import check
paths = {[str(p) for p in paths]!r}
bare = RapidOCR(intra_op_num_threads=1, inter_op_num_threads=1)
engine(); check(load_path(paths[0]), as_of=dt.date(2026, 11, 23)); bare(paths[0])
lc, ref = [], []
for p in paths:
    a, b = [], []
    for _ in range({rounds}):
        t = time.perf_counter(); check(load_path(p), as_of=dt.date(2026, 11, 23)); a.append(time.perf_counter() - t)
        t = time.perf_counter(); bare(p); b.append(time.perf_counter() - t)
    lc.append(statistics.median(a)); ref.append(statistics.median(b))
print(" ".join(map(str, lc))); print(" ".join(map(str, ref)))
"""
    out = subprocess.run([PY, "-c", code], capture_output=True, text=True, check=True).stdout.split("\n")
    return [float(x) for x in out[0].split()], [float(x) for x in out[1].split()]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=1, help="warm reads per photo (each ~2-8 s; keep the run under 2 minutes)")
    args = ap.parse_args()
    print(f"labelcheck photo benchmark · {dt.datetime.now():%Y-%m-%d %H:%M} · {os.cpu_count()} cores")
    print(f"  {'figure':<56} {'value':>18}   {'target':<22}")
    with tempfile.TemporaryDirectory() as tmp:
        paths = make_photos(Path(tmp))
        lc, ref = warm_seconds(paths, args.rounds)
        for p, a, b in zip(paths, lc, ref):
            line(f"{p.name}: labelcheck s/photo (warm)", f"{a:.2f} s")
            line(f"{p.name}: bare RapidOCR s/photo (warm)", f"{b:.2f} s")
            line(f"{p.name}: ratio", f"{a / b:.2f}×", f"≤ {TIME_RATIO_TARGET}×", a / b <= TIME_RATIO_TARGET)
        cold = [timed([PY, "-m", "labelcheck", "check", str(p), "--format", "json"]) for p in paths]
        bare = [timed([PY, "-c", f"from rapidocr_onnxruntime import RapidOCR; RapidOCR()({str(p)!r})"]) for p in paths]
        for p, (w, rss), (bw, brss) in zip(paths, cold, bare):
            line(f"{p.name}: `labelcheck check` process, wall", f"{w:.2f} s")
            line(f"{p.name}: peak RSS labelcheck / bare RapidOCR", f"{rss:.0f} / {brss:.0f} MB",
                 f"≤ {RSS_RATIO_TARGET}×", rss <= RSS_RATIO_TARGET * brss)
        print(f"  median labelcheck s/photo (warm): {statistics.median(lc):.2f}")


if __name__ == "__main__":
    main()
