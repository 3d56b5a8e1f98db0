"""Old build folders -> deleted in a detached process, so `loa build` returns as soon as the new site is in place.

Deleting a previous site (thousands of files) took longer than swapping the new one in. The
folders are first renamed to a `trash-` name inside loa's own builds folder (one rename each, so
the next build never mistakes a half-deleted folder for anything else), then removed by a process
in its own session that outlives `loa build`. Only names loa itself gave are touched: a file an
editor or another tool put in the builds folder stays.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

OURS = ("build-", "previous-", "trash-")  # names loa gives inside `.<site>.builds/`
_DELETE = "import shutil, sys\nfor p in sys.argv[1:]:\n    shutil.rmtree(p, ignore_errors=True)\n"


def is_ours(path: Path) -> bool:
    """Whether loa made this entry of the builds folder (and may delete it)."""
    return path.name.startswith(OURS)


def discard(builds: Path, keep: Path) -> subprocess.Popen[bytes] | None:
    """Move every old build in `builds` (all but `keep`) aside and delete them in the background.

    Returns:
        The deleting process (tests wait for it), or None when there was nothing to delete.
    """
    doomed = []
    for old in sorted(builds.iterdir()):
        if old == keep or not is_ours(old):
            continue
        if not old.is_dir() or old.is_symlink():
            old.unlink()
            continue
        if not old.name.startswith("trash-"):
            moved = builds / f"trash-{time.time_ns()}-{old.name}"
            os.replace(old, moved)
            old = moved
        doomed.append(str(old))
    if not doomed:
        return None
    # A new session: a Ctrl+C in the terminal after `loa build` returned does not stop the deletion,
    # and nothing waits for it; a deletion cut short is finished by the next build (trash- names).
    return subprocess.Popen([sys.executable, "-c", _DELETE, *doomed], stdin=subprocess.DEVNULL,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
                            close_fds=True)
