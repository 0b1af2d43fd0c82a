"""Cold start of `labelcheck check` on one label, side by side with jieba's own initialisation.

Issue 13's target: a cold `labelcheck check` of one label starts in at most 1.5× the time
`import jieba; jieba.initialize()` takes, measured in the same run (interleaved rounds, medians).
Also reports whether the check imported spaCy (it must not: spaCy left the pipeline).

Run alone:  .venv/bin/python bench/cold_start.py [--rounds 7]
bench/run.py calls `report(line)` with its own line printer.
"""
from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
LABEL = ROOT / "corpus" / "examples" / "dairy_pass.json"
# The worst case: a label whose name (香肠（大豆植物肉）, food word before the qualifier) makes a rule ask
# jieba where words end, so this check pays for jieba's whole initialisation too.
SEGMENTED = ROOT / "bench" / "cold_label_segmented.json"
TARGET = 1.5

JIEBA_CMD = [PY, "-c", "import jieba; jieba.setLogLevel(60); jieba.initialize()"]


def _check_cmd(label: Path) -> list[str]:
    return [PY, "-m", "labelcheck", "check", str(label), "--format", "json", "--as-of", "2026-11-23"]


CHECK_CMD = _check_cmd(LABEL)


def _wall(cmd: list[str]) -> float:
    t = time.perf_counter()
    p = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - t
    if p.returncode not in (0, 1):
        raise SystemExit(f"benchmark command failed: {' '.join(cmd)}")
    return wall


def measure(rounds: int = 7) -> tuple[float, float, float]:
    """Medians of jieba's start, a cold check of one label, and of the label that needs jieba,
    run in turn each round (alternating order)."""
    jieba_runs, check_runs, seg_runs = [], [], []
    _wall(JIEBA_CMD)            # jieba builds its on-disk dictionary cache once; neither side pays for that
    for n in range(rounds):
        steps = [(jieba_runs, JIEBA_CMD), (check_runs, CHECK_CMD), (seg_runs, _check_cmd(SEGMENTED))]
        for runs, cmd in (steps if n % 2 == 0 else steps[::-1]):
            runs.append(_wall(cmd))
    return statistics.median(jieba_runs), statistics.median(check_runs), statistics.median(seg_runs)


def imports_spacy() -> bool:
    """Does a cold `labelcheck check` of one label import spaCy? (-X importtime lists every import.)"""
    p = subprocess.run([PY, "-X", "importtime"] + CHECK_CMD[1:], capture_output=True, text=True)
    return any(ln.rsplit("|", 1)[-1].strip().split(".")[0] == "spacy" for ln in p.stderr.splitlines())


def report(line, rounds: int = 7) -> bool:
    jieba_start, check_start, seg_start = measure(rounds)
    ok = max(check_start, seg_start) / jieba_start <= TARGET
    line("cold start: python -c 'import jieba; jieba.initialize()'", f"{jieba_start:.3f} s")
    line("cold start: labelcheck check label.json", f"{check_start:.3f} s  ({check_start / jieba_start:.2f}×)",
         f"≤ {TARGET}× jieba start", check_start / jieba_start <= TARGET)
    line("cold start: … a label whose name needs jieba", f"{seg_start:.3f} s  ({seg_start / jieba_start:.2f}×)",
         f"≤ {TARGET}× jieba start", seg_start / jieba_start <= TARGET)
    spacy = imports_spacy()
    line("labelcheck check label.json imports spaCy", "yes" if spacy else "no", "no", not spacy)
    return ok and not spacy


def _line(label: str, value: str, target: str = "", ok: bool | None = None) -> None:
    mark = "" if ok is None else ("PASS" if ok else "MISS")
    print(f"  {label:<56} {value:>18}   {target:<22} {mark}")


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=7)
    raise SystemExit(0 if report(_line, ap.parse_args().rounds) else 1)
