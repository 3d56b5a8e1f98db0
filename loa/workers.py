"""Worker processes for the build's work that can leave the main process (PNGs, the page guard)."""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")


def peak_rss_kb(*, children: bool = False) -> int:
    """Peak memory (KiB) of this process, or of the children it has waited for; 0 where unknown (Windows)."""
    try:
        import resource  # POSIX only: imported here so that loa imports everywhere
    except ImportError:
        return 0
    peak = resource.getrusage(resource.RUSAGE_CHILDREN if children else resource.RUSAGE_SELF).ru_maxrss
    return peak // 1024 if sys.platform == "darwin" else peak  # macOS counts bytes, Linux KiB


def start_method() -> str:
    """forkserver, not fork: `loa serve` has threads, and a forked child may inherit a held lock.
    Windows has neither, only spawn."""
    return "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"


def cpu_count() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


# Niceness of worker processes doing the build's last work while Pagefind indexes the same pages.
# Pagefind reads pages on every core, then builds its index on one: at the default priority the
# others took turns with it on both cores and its one-core part came last, alone (N = 5,000: 17 s
# for what fits in 11); yielding, they take the core Pagefind leaves free.
YIELDING = 10


BEHIND_INDEX = 15  # niceness of the renderers once Pagefind runs beside them (`lower_priority`)


def lower_priority(level: int) -> None:
    """Lower this thread's (the main thread's: the process's) priority to `level`, for good."""
    if hasattr(os, "getpriority") and os.getpriority(os.PRIO_PROCESS, 0) < level:
        os.setpriority(os.PRIO_PROCESS, 0, level)


def yielding(fn: Callable[..., T], *args: Any) -> T:
    """`fn(*args)` in this worker process after lowering its priority to YIELDING, for good (without
    privileges a process cannot raise it again): submit it only to workers with nothing else to do."""
    lower_priority(YIELDING)
    return fn(*args)


# Niceness of workers drawing PNGs: the lowest, so they take only what the renderers and Pagefind
# leave. A cold build has 30-50 s of CPU of drawing at N = 5,000; at the renderers' priority it
# stretched their part (and Pagefind's start, which waits for the pages) by as much as it took.
BACKGROUND = 19


def in_background(fn: Callable[..., T], *args: Any) -> T:
    """`fn(*args)` in this worker process at the lowest priority, for good (like `yielding`)."""
    lower_priority(BACKGROUND)
    return fn(*args)


class Workers:
    """A pool of worker processes (one per CPU), started when first needed, for work off the main process."""

    def __init__(self, count: int | None = None) -> None:
        self.count = count or cpu_count()
        self._pool: ProcessPoolExecutor | None = None
        self._others: set[int] = set()  # processes that were children already: not this pool's

    def submit(self, fn: Callable[..., T], *args: Any) -> Future[T]:
        with _signals_held():  # the pool may start a worker here
            if self._pool is None:
                self._others = {p.pid for p in multiprocessing.active_children() if p.pid is not None}
                self._pool = ProcessPoolExecutor(self.count, mp_context=multiprocessing.get_context(start_method()))
            return self._pool.submit(fn, *args)

    def close(self) -> None:
        """Stop the workers; work not started yet is dropped (nothing waits for it after a failure).

        A build interrupted by a signal (loa.build) may stop while the pool is starting a worker, before
        the pool's own thread that stops workers runs: such a worker would wait for work for ever, and
        Python, joining its children at exit, with it. So whatever of this pool outlives its shutdown
        is ended here.
        """
        if self._pool is None:
            return
        pool, self._pool = self._pool, None
        try:
            with _signals_held():
                pool.shutdown(wait=True, cancel_futures=True)
        finally:
            for process in multiprocessing.active_children():
                if process.pid not in self._others:
                    process.terminate()
                    process.join(10)
                    if process.is_alive():
                        process.kill()
                        process.join()


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """Hold SIGINT and SIGTERM while the pool starts or stops workers; deliver them afterwards.

    `loa build` turns these signals into an exception wherever they land (loa.build). Landing while
    the pool starts a worker, after the worker process exists but before the pool has noted it, the
    exception left a worker no one would stop: it waited for work for ever, kept the forkserver
    alive, and with them the build's output pipes open (the interrupted-build test hung on them).
    """
    if threading.current_thread() is not threading.main_thread():
        yield  # only the main thread runs signal handlers (and may set them)
        return
    held: list[int] = []
    watched = (signal.SIGINT, signal.SIGTERM)
    previous = [(s, signal.signal(s, lambda signum, _frame: held.append(signum))) for s in watched]
    try:
        yield
    finally:
        for s, handler in previous:
            signal.signal(s, handler if handler is not None else signal.SIG_DFL)
        if held:
            signal.raise_signal(held[0])  # the handler the caller set runs now, at a safe point
