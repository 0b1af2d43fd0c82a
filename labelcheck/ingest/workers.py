"""Run a function over a stream of jobs in worker processes, results in input order.

Workers pull jobs from one queue as they finish the last, so none waits on another's slow chunk; the parent
only cuts input (on a feeder thread) and writes output, and keeps at most `window` jobs out at a time, so a slow
reader of the output slows the workers instead of filling memory. Workers are forked after the parent has built
the lexicons and automata, so they start warm.
"""
from __future__ import annotations

import gc
import multiprocessing as mp
import os
import queue
import signal
import sys
import threading
import traceback
from multiprocessing.connection import wait
from typing import Callable, Iterable, Iterator

_STOP = None


# A chunk's output is a few hundred KB, allocated three times over (the text, its UTF-8, the message to the
# parent). glibc hands every buffer over 128 KB back to the kernel when it is freed and faults it in again for the
# next chunk: more system time than the checking itself takes in a worker (docs/performance.md). Kept instead.
MMAP_THRESHOLD = 32 * 1024 * 1024
TRIM_THRESHOLD = 64 * 1024 * 1024


def reuse_large_buffers() -> bool:
    """Have glibc's malloc keep freed buffers of up to MMAP_THRESHOLD for the next one, in this process and the
    workers it forks after this. False, and nothing changed, off Linux or where the C library refuses (a 32-bit
    glibc caps the threshold lower; musl has no such setting)."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        import ctypes

        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError, TypeError):   # no C library to load, or none with mallopt
        return False
    m_trim_threshold, m_mmap_threshold = -1, -3          # malloc.h
    mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
    return bool(mallopt(m_mmap_threshold, MMAP_THRESHOLD)) and bool(mallopt(m_trim_threshold, TRIM_THRESHOLD))


class WorkerError(RuntimeError):
    """A worker process failed or vanished; the batch cannot be completed."""


def _serve(fn: Callable, jobs, results, parent: int, lifeline: tuple[int, int] | None) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)        # Ctrl-C is the parent's to handle; it stops us
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if lifeline:
        _watch_parent(*lifeline)
    while True:
        try:
            item = jobs.get(timeout=1.0)
        except queue.Empty:
            if os.getppid() != parent:                   # the parent was killed outright: nobody to work for
                return
            continue
        if item is _STOP:
            break
        index, job = item
        try:
            results.send((index, True, fn(job)))
        except BaseException:                            # noqa: BLE001 — reported to the parent, which stops
            results.send((index, False, traceback.format_exc()))
            break
    results.close()


def _watch_parent(read_end: int, write_end: int) -> None:
    """Exit as soon as the parent is gone, even if killed outright: it alone holds the lifeline's write end,
    so its death reads as end-of-file here — whatever this worker is blocked on (a half-written job, say)."""
    os.close(write_end)

    def watch():
        os.read(read_end, 1)
        os._exit(1)
    threading.Thread(target=watch, daemon=True, name="labelcheck-lifeline").start()


def ordered_map(fn: Callable, jobs: Iterable, workers: int, window_per_worker: int = 4) -> Iterator:
    """fn(job) for each job, in order; `workers` processes (in this process when 1)."""
    if workers <= 1:
        yield from map(fn, jobs)
        return
    ctx = mp.get_context("fork" if "fork" in mp.get_all_start_methods() else "spawn")
    gc.freeze()           # what the workers inherit is never collected, so their collector leaves those pages shared
    jobs_queue = ctx.Queue()
    helpers: dict = {}
    lifeline = os.pipe() if ctx.get_start_method() == "fork" else None
    try:
        for _ in range(workers):
            receiver, sender = ctx.Pipe(duplex=False)
            _widen(sender)
            proc = ctx.Process(target=_serve, args=(fn, jobs_queue, sender, os.getpid(), lifeline), daemon=True)
            proc.start()
            sender.close()                               # so a worker's death reads as EOF here
            helpers[receiver] = proc
        gc.unfreeze()                                    # the workers keep their frozen copy; the parent collects as before
        feeder = _Feeder(jobs, jobs_queue, workers * window_per_worker)
        feeder.start()
        try:
            yield from _collect(feeder, helpers)
        finally:
            feeder.stop()
        for _ in helpers:
            jobs_queue.put(_STOP)
        for proc in helpers.values():
            proc.join()
    finally:
        gc.unfreeze()
        for proc in helpers.values():
            if proc.is_alive():
                proc.terminate()
                proc.join()
        jobs_queue.cancel_join_thread()                  # never wait to flush jobs nobody will take
        jobs_queue.close()
        if lifeline:
            os.close(lifeline[0])
            os.close(lifeline[1])


class _Feeder(threading.Thread):
    """Reads jobs and queues them, at most `window` ahead of the output, on its own thread: reading input
    (a pipe that has nothing yet, say) never holds back results that are ready to be written."""

    def __init__(self, jobs: Iterable, jobs_queue, window: int):
        super().__init__(daemon=True, name="labelcheck-feeder")
        self.jobs, self.queue = jobs, jobs_queue
        self.slots = threading.Semaphore(window)
        self.wake_fd, self._wake_w = os.pipe()
        self.sent, self.done, self.error, self._stopping = 0, False, None, False

    def run(self) -> None:
        try:
            for job in self.jobs:
                self.slots.acquire()
                if self._stopping:
                    return
                self.queue.put((self.sent, job))
                self.sent += 1
        except BaseException as exc:                     # noqa: BLE001 — raised again in the parent's main thread
            self.error = exc
        finally:
            self.done = True
            os.write(self._wake_w, b".")

    def stop(self) -> None:
        self._stopping = True
        self.slots.release()
        self.join(timeout=1)
        if not self.is_alive():
            os.close(self.wake_fd)
            os.close(self._wake_w)


def _collect(feeder: _Feeder, helpers: dict) -> Iterator:
    done: dict = {}
    written = 0
    while True:
        if feeder.done and (feeder.error or written == feeder.sent):
            if feeder.error:
                raise feeder.error
            return
        for ready in wait(list(helpers) + [feeder.wake_fd]):
            if ready == feeder.wake_fd:
                os.read(feeder.wake_fd, 1 << 16)
                continue
            try:
                index, ok, value = ready.recv()
            except EOFError:
                proc = helpers[ready]
                proc.join()
                raise WorkerError(f"a worker process stopped unexpectedly ({_how(proc.exitcode)})") from None
            if not ok:
                raise WorkerError(value.strip().splitlines()[-1] + f" (in a worker, pid {helpers[ready].pid})")
            done[index] = value
        while written in done:
            yield done.pop(written)
            written += 1
            feeder.slots.release()


def _widen(conn) -> None:
    """Room in the pipe for a few chunks' output, so a worker hands its result over and goes on without
    waiting for the parent to be scheduled to read it (Linux; elsewhere the default size serves, more slowly)."""
    try:
        import fcntl
        fcntl.fcntl(conn.fileno(), fcntl.F_SETPIPE_SZ, 1 << 20)
    except (ImportError, AttributeError, OSError):
        pass


def _how(exitcode: int | None) -> str:
    if exitcode is not None and exitcode < 0:
        try:
            return f"killed by {signal.Signals(-exitcode).name}"
        except ValueError:
            return f"signal {-exitcode}"
    return f"exit code {exitcode}"


def cpu_count() -> int:
    """Cores this process may use: its CPU affinity (taskset), capped by a container's CPU quota
    (cgroup v2 `cpu.max`, v1 `cfs_quota_us`) — not the host's core count, which a container may not get."""
    try:
        cores = len(os.sched_getaffinity(0)) or 1
    except (AttributeError, OSError):
        cores = os.cpu_count() or 1
    quota = _cgroup_quota()
    return max(1, min(cores, quota)) if quota else cores


def _cgroup_quota() -> int | None:
    for path, parse in (("/sys/fs/cgroup/cpu.max", lambda t: t.split()),
                        ("/sys/fs/cgroup/cpu/cpu.cfs_quota_us", lambda t: [t.strip(), _read("/sys/fs/cgroup/cpu/cpu.cfs_period_us")])):
        text = _read(path)
        if not text:
            continue
        try:
            quota, period = parse(text)[:2]
            if quota in ("max", "-1") or not period:
                return None
            return -(-int(quota) // int(period))           # a quota of 1.5 cores can keep 2 workers busy
        except (ValueError, TypeError):
            return None
    return None


def _read(path: str) -> str | None:
    try:
        with open(path, encoding="ascii") as fh:
            return fh.read()
    except OSError:
        return None
