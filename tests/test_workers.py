"""Worker processes: work runs off the main process, and nothing is left running when they close."""

from __future__ import annotations

import subprocess
import sys

from conftest import ROOT

from loa.workers import Workers

# A signal that lands while the pool starts a worker, after the worker was launched but before the
# pool's own thread started (that thread is what tells workers to stop), is simulated by making
# that step raise. The worker then waits for work for ever and Python's exit, which joins child
# processes, waited with it: `loa build` hung after SIGTERM on a loaded machine.
INTERRUPTED_WHILE_STARTING = """
import multiprocessing, sys
from concurrent.futures import ProcessPoolExecutor
from loa.workers import Workers

class Interrupted(Exception):
    pass

def interrupted(self):
    raise Interrupted("SIGTERM")

if __name__ == "__main__":
    if not hasattr(ProcessPoolExecutor, "_start_executor_manager_thread"):
        print("skip: this Python starts pools differently")
        sys.exit(0)
    ProcessPoolExecutor._start_executor_manager_thread = interrupted
    workers = Workers(2)
    try:
        workers.submit(len, "abc")
    except Interrupted:
        pass
    launched = len(multiprocessing.active_children())
    workers.close()
    print("launched", launched, "left", len(multiprocessing.active_children()), flush=True)
"""


# The same, with a real signal: SIGTERM arrives while the pool starts a worker, after the worker was
# forked and given its work queues but before the pool read its pid (so before it noted the worker).
# Raised there, the build's exception left a worker no one stops, which kept the forkserver, and the
# build's output pipes, open: `loa build` had exited, the test reading its output waited for ever.
SIGNAL_WHILE_STARTING = """
import multiprocessing, multiprocessing.forkserver as forkserver, signal, sys
from loa.workers import Workers

class Interrupted(BaseException):
    pass

def stop(signum, frame):
    raise Interrupted(signum)

if __name__ == "__main__":
    signal.signal(signal.SIGTERM, stop)
    read_pid, sent = forkserver.read_signed, []

    def read_signed(fd):
        if not sent:
            sent.append(True)
            signal.raise_signal(signal.SIGTERM)  # as `kill` would, between two steps of starting a worker
        return read_pid(fd)

    forkserver.read_signed = read_signed
    workers = Workers(2)
    try:
        workers.submit(len, "abc").result()
        print("not interrupted")
    except Interrupted:
        print("interrupted")
    finally:
        workers.close()
    print("left", len(multiprocessing.active_children()), flush=True)
"""


def _kill_processes_naming(marker: str) -> None:
    """Leftover workers (and their forkserver) name the script's folder in their command line."""
    import os
    import signal
    from pathlib import Path

    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            if marker in cmdline.read_text(errors="replace"):
                os.kill(int(cmdline.parent.name), signal.SIGKILL)
        except OSError:
            pass


def test_a_signal_while_a_worker_starts_waits_until_the_pool_knows_it(tmp_path) -> None:  # type: ignore[no-untyped-def]
    script = tmp_path / "signal_while_starting.py"
    script.write_text(SIGNAL_WHILE_STARTING, encoding="utf-8")
    try:  # output pipes stay open while any leftover process lives: the run ends only when none is left
        run = subprocess.run([sys.executable, str(script)], cwd=tmp_path, capture_output=True, text=True, timeout=120,
                             env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    finally:
        _kill_processes_naming(str(tmp_path))
    assert run.returncode == 0, run.stdout + run.stderr
    assert run.stdout.split() == ["interrupted", "left", "0"], run.stdout + run.stderr
    assert "Traceback" not in run.stderr, run.stderr


def test_workers_run_work_in_other_processes() -> None:
    import os

    workers = Workers(1)
    try:
        assert workers.submit(os.getpid).result(timeout=120) != os.getpid()
    finally:
        workers.close()


def test_closing_workers_interrupted_while_starting_leaves_no_process(tmp_path) -> None:  # type: ignore[no-untyped-def]
    script = tmp_path / "interrupted.py"
    script.write_text(INTERRUPTED_WHILE_STARTING, encoding="utf-8")
    run = subprocess.run([sys.executable, str(script)], cwd=tmp_path, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
                         capture_output=True, text=True, timeout=120)
    if run.stdout.startswith("skip:"):
        import pytest

        pytest.skip(run.stdout)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "launched 1 left 0" in run.stdout, run.stdout + run.stderr
