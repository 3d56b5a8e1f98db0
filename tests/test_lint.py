"""Code hygiene that is cheap to keep: ruff passes, published schemas are current."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner
from conftest import ROOT

from loa.cli import main


def test_ruff_passes() -> None:
    ruff = shutil.which("ruff") or str(ROOT / ".venv" / "bin" / "ruff")
    result = subprocess.run([ruff, "check", "loa", "tests", "scripts"], cwd=ROOT, capture_output=True, text=True,
                            check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_passes() -> None:
    """mypy over loa/ as pyproject.toml's [tool.mypy] sets it (strict on model, load, validate, enrich)."""
    mypy = shutil.which("mypy") or str(ROOT / ".venv" / "bin" / "mypy")
    result = subprocess.run([mypy], cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0 and "Success" in result.stdout, result.stdout + result.stderr


def test_mypy_is_strict_on_the_core_stages(tmp_path: Path) -> None:
    """The strict flags reach the core stages: an unannotated function there is an error, elsewhere not."""
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["mypy"]
    strict = next(o for o in config["overrides"] if "loa.validate" in o["module"])
    assert {"loa.model", "loa.load", "loa.validate", "loa.enrich"} <= set(strict["module"])
    assert strict["disallow_untyped_defs"] and strict["warn_return_any"] and strict["disallow_any_generics"]
    mypy = shutil.which("mypy") or str(ROOT / ".venv" / "bin" / "mypy")
    (tmp_path / "loa").mkdir()
    for name in ("__init__", "validate", "render"):
        (tmp_path / "loa" / f"{name}.py").write_text("def f(x):\n    return x\n", encoding="utf-8")
    result = subprocess.run([mypy, "--no-incremental", "--config-file", str(ROOT / "pyproject.toml"), "loa"],
                            cwd=tmp_path, capture_output=True, text=True, check=False)
    assert "loa/validate.py:1: error: Function is missing a type annotation" in result.stdout, result.stdout
    assert "loa/render.py" not in result.stdout


def test_published_schemas_are_current() -> None:
    result = CliRunner().invoke(main, ["schema", "--check"])
    assert result.exit_code == 0, result.output + " — run `loa schema` and commit loa/schema/"


def test_python_m_loa_runs() -> None:
    result = subprocess.run([sys.executable, "-m", "loa", "--help"], cwd=ROOT, capture_output=True, text=True,
                            check=False)
    assert result.returncode == 0 and "check" in result.stdout
