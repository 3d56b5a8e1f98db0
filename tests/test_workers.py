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
