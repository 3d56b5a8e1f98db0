"""The stages' import direction (docs/architecture.md): the import-linter contract, and every module alone."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
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


def doc_layers() -> list[list[str]]:
    """The diagram's boxes in docs/architecture.md, top to bottom, as module names."""
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    diagram = text[text.index("```mermaid"):text.index("```", text.index("```mermaid") + 3)]
    boxes = dict.fromkeys(re.findall(r'\w+\["([^"]+)"\]', diagram))
    return [[w.split(" (")[0].strip() for w in box.split("·")] for box in boxes]


def test_architecture_doc_names_real_modules_in_the_contract_order() -> None:
    """docs/architecture.md must match the code: its modules exist and its diagram runs in the contract's order."""
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    for name in re.findall(r"`loa/([\w/]+\.py)`", text):
        assert (ROOT / "loa" / name).is_file(), name
    layers = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]["contracts"]
    contract = next(c for c in layers if c["id"] == "layers")["layers"]
    rank = {m.strip().removeprefix("loa."): i for i, layer in enumerate(contract) for m in re.split(r"[|:]", layer)}
    drawn = [(i, m) for i, box in enumerate(doc_layers()) for m in box]
    for _, module in drawn:
        assert (ROOT / "loa" / f"{module}.py").is_file() or (ROOT / "loa" / module).is_dir(), module
        assert module in rank, f"{module} is drawn but not in the import contract"
    assert set(rank) - {"__main__"} <= {m for _, m in drawn}, "a layer of the contract is missing from the diagram"
    for (i, a), (j, b) in zip(drawn, drawn[1:], strict=False):
        assert i == j or rank[a] <= rank[b], f"the diagram puts {a} above {b}; the contract does not"
