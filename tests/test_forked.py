"""loa.forked: work in a forked copy of the process; any failure there leaves the work to the parent."""

from __future__ import annotations

import os
import signal
import time

import pytest

from loa import forked

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="fork only")


def test_the_childs_result_comes_back_and_the_child_is_gone() -> None:
    # Forked itself, not start(): other tests may have left a thread in this process.
    helper = forked.Forked(lambda: {"pid": os.getpid(), "text": "Gọi 1022" * 100_000})
    child = helper.pid
    value = helper.result()
    assert value is not None and value["pid"] == child != os.getpid() and value["text"].startswith("Gọi 1022")
    with pytest.raises(ChildProcessError):
        os.waitpid(child, os.WNOHANG)  # reaped


def test_an_exception_or_a_death_in_the_child_gives_none() -> None:
    def fails() -> int:
        raise ValueError("sai")

    def dies() -> int:
        os.kill(os.getpid(), signal.SIGKILL)
        return 1

    for fn in (fails, dies, lambda: (lambda: 1)):  # the last result does not pickle
        assert forked.Forked(fn).result() is None


def test_stop_ends_a_child_that_still_works() -> None:
    helper = forked.Forked(lambda: time.sleep(60))
    started = time.monotonic()
    helper.stop()
    assert time.monotonic() - started < 10 and helper.result() is None


def test_no_fork_while_other_threads_run() -> None:
    import threading

    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert forked.start(lambda: 1) is None
    finally:
        stop.set()
        thread.join()


def test_result_or_does_the_work_here_without_a_helper_or_when_it_failed() -> None:
    assert forked.result_or(None, lambda: "here") == "here"
    assert forked.result_or(forked.Forked(lambda: "there"), lambda: "here") == "there"

    def fails() -> str:
        raise RuntimeError("in the child")

    assert forked.result_or(forked.Forked(fails), lambda: "here") == "here"
