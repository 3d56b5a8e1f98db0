"""Worker processes for the build's work that can leave the main process (PNGs, the page guard)."""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections.abc import Callable
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


class Workers:
    """A pool of worker processes (one per CPU), started when first needed, for work off the main process."""

    def __init__(self, count: int | None = None) -> None:
        self.count = count or cpu_count()
        self._pool: ProcessPoolExecutor | None = None
        self._others: set[int] = set()  # processes that were children already: not this pool's

    def submit(self, fn: Callable[..., T], *args: Any) -> Future[T]:
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
            pool.shutdown(wait=True, cancel_futures=True)
        finally:
            for process in multiprocessing.active_children():
                if process.pid not in self._others:
                    process.terminate()
                    process.join(10)
                    if process.is_alive():
                        process.kill()
                        process.join()
