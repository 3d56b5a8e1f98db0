"""Part of a build's work in a forked copy of this process, its result sent back pickled through a pipe.

A forked child starts with everything the parent has computed (the checked site, compiled templates),
so it costs nothing to hand it work. It never returns into the caller's code: it runs one function,
writes the pickled result and exits. Whatever goes wrong in the child (an exception, a signal, a
result that does not pickle) makes `result()` return None, and the caller does that work itself, so
an error is raised where it would have been without the fork, with its own type and message.

Only a process without other threads forks (a child would inherit their locks held), and only
where the system has fork (not Windows).
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import threading
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


def can_fork() -> bool:
    return hasattr(os, "fork") and threading.active_count() == 1


class Forked(Generic[T]):
    """`fn()` running in a forked child; `result()` waits for it."""

    def __init__(self, fn: Callable[[], T]) -> None:
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: never returns into the caller's code
            code = 1
            try:
                os.close(read)
                for sig in (signal.SIGINT, signal.SIGTERM):
                    signal.signal(sig, signal.SIG_DFL)  # an interrupted child just dies; the parent cleans up
                data = pickle.dumps(fn(), protocol=pickle.HIGHEST_PROTOCOL)
                with os.fdopen(write, "wb") as out:
                    out.write(data)
                code = 0
            finally:
                os._exit(code)
        os.close(write)
        self.pid, self.read = pid, read

    def result(self) -> T | None:
        """What `fn` returned in the child, or None when the child failed (then do the work here)."""
        if self.pid == 0:
            return None
        with os.fdopen(self.read, "rb") as src:
            data = src.read()
        _, status = os.waitpid(self.pid, 0)
        self.pid = 0
        if os.waitstatus_to_exitcode(status) != 0 or not data:
            return None
        value: T = pickle.loads(data)
        return value

    def stop(self) -> None:
        """Stop the child if it still runs (the parent failed first: the child may block writing)."""
        if self.pid == 0:
            return
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGKILL)
        os.waitpid(self.pid, 0)
        os.close(self.read)
        self.pid = 0


def result_or(helper: Forked[T] | None, fn: Callable[[], T]) -> T:
    """What `helper` returned, or `fn()` run here when there was no helper or it failed."""
    done = helper.result() if helper is not None else None
    return fn() if done is None else done


def start(fn: Callable[[], T]) -> Forked[T] | None:
    """`fn` in a forked child, or None where this process must not fork (run `fn` here then)."""
    return Forked(fn) if can_fork() else None
