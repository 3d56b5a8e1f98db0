"""The stages' import direction (docs/architecture.md): the import-linter contract, and every module alone."""

from __future__ import annotations

import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def loa_modules() -> list[str]:
    """Every module of the package, by dotted name."""
    names = []
    for path in sorted((ROOT / "loa").rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        names.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return names


def test_import_contract_holds() -> None:
    """`lint-imports` reads [tool.importlinter] in pyproject.toml; CI runs it through this test too."""
    lint = Path(sys.executable).parent / "lint-imports"
    result = subprocess.run([str(lint), "--no-cache"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_every_module_imports_alone_in_a_fresh_interpreter() -> None:
    """An import cycle shows when a module is imported first (`import loa.infographics` raised ImportError)."""
    modules = loa_modules()
    assert {"loa.site", "loa.infographics", "loa.plugin", "loa.publish", "loa.kinds.infographic"} <= set(modules)

    def run(module: str) -> tuple[str, int, str]:
        done = subprocess.run([sys.executable, "-c", f"import {module}"], cwd=ROOT, capture_output=True, text=True)
        return module, done.returncode, done.stderr.strip().splitlines()[-1:] and done.stderr.strip().splitlines()[-1]

    with ThreadPoolExecutor(2) as pool:
        failed = [(m, err) for m, code, err in pool.map(run, modules) if code != 0]
    assert failed == []
