"""Worker processes for the build's work that can leave the main process (PNGs, the page guard)."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")


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

    def submit(self, fn: Callable[..., T], *args: Any) -> Future[T]:
        if self._pool is None:
            # forkserver, not fork: `loa serve` has threads, and a forked child may inherit a held lock.
            self._pool = ProcessPoolExecutor(self.count, mp_context=multiprocessing.get_context("forkserver"))
        return self._pool.submit(fn, *args)

    def close(self) -> None:
        """Stop the workers; work not started yet is dropped (nothing waits for it after a failure)."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
