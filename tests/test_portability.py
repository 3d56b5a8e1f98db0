"""loa imports, and `loa check` runs, where POSIX-only pieces are missing (Windows, macOS)."""

from __future__ import annotations

import re
import subprocess
import sys

from conftest import QA, ROOT, MakeSite

# Windows has no `resource` module, no os.fork and only the spawn start method; macOS has no
# sched_getaffinity. The interpreter is made to look like that before loa is imported.
AS_ON_WINDOWS = """
import multiprocessing, os, pkgutil, importlib, sys
sys.modules["resource"] = None  # `import resource` now raises ImportError, as on Windows
for name in ("fork", "forkpty", "sched_getaffinity"):
    if hasattr(os, name):
        delattr(os, name)
multiprocessing.get_all_start_methods = lambda: ["spawn"]

import loa
for module in pkgutil.walk_packages(loa.__path__, "loa."):
    if module.name != "loa.__main__":
        importlib.import_module(module.name)

from loa import pipeline, workers
assert workers.start_method() == "spawn" and workers.peak_rss_kb() == 0 and workers.cpu_count() >= 1
pipeline.PARALLEL_MIN_FILES = 0  # the check would fork here if it could
from loa.cli import main
try:
    main(["check"])
except SystemExit as exc:
    print("exit", exc.code)
"""


def test_loa_imports_and_checks_without_resource_or_fork(make_site: MakeSite) -> None:
    files = {f"hoi-dap/cau-{i}.md": QA.replace("id: vung-xanh-la-gi", f"id: cau-{i}") for i in range(4)}
    files["hoi-dap/cau-3.md"] = files["hoi-dap/cau-3.md"].replace("reviewed: 2026-11-01", "reviewed: 2026-02-30")
    content = make_site(files)
    run = subprocess.run([sys.executable, "-c", AS_ON_WINDOWS], cwd=content.parent, capture_output=True, text=True,
                         timeout=300, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "LOA_TODAY": "2026-11-23"})
    assert run.returncode == 0, run.stdout + run.stderr
    assert "content/hoi-dap/cau-3.md:5:11: error L204 invalid-date [reviewed]" in run.stdout, run.stdout + run.stderr
    assert re.search(r"^1 lỗi, 0 cảnh báo trong \d+ tệp\.$", run.stdout, re.M), run.stdout  # every file read
    assert run.stdout.rstrip().endswith("exit 1"), run.stdout
