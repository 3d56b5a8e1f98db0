"""Code hygiene that is cheap to keep: ruff passes, published schemas are current."""

from __future__ import annotations

import shutil
import subprocess
import sys

from click.testing import CliRunner
from conftest import ROOT

from loa.cli import main


def test_ruff_passes() -> None:
    ruff = shutil.which("ruff") or str(ROOT / ".venv" / "bin" / "ruff")
    result = subprocess.run([ruff, "check", "loa", "tests", "scripts"], cwd=ROOT, capture_output=True, text=True,
                            check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_published_schemas_are_current() -> None:
    result = CliRunner().invoke(main, ["schema", "--check"])
    assert result.exit_code == 0, result.output + " — run `loa schema` and commit loa/schema/"


def test_python_m_loa_runs() -> None:
    result = subprocess.run([sys.executable, "-m", "loa", "--help"], cwd=ROOT, capture_output=True, text=True,
                            check=False)
    assert result.returncode == 0 and "check" in result.stdout
