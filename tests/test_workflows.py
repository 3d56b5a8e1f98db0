"""Editors' pull-request workflow: actionlint passes, actions are pinned, permissions are minimal."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import yaml
from conftest import ROOT

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))


def test_actionlint_passes_on_every_workflow() -> None:
    actionlint = shutil.which("actionlint") or str(ROOT / ".venv" / "bin" / "actionlint")
    assert WORKFLOWS
    result = subprocess.run([actionlint, *map(str, WORKFLOWS)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_actions_are_pinned_by_commit_sha() -> None:
    for path in WORKFLOWS:
        for ref in re.findall(r"uses:\s*(\S+)", path.read_text(encoding="utf-8")):
            assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", ref), f"{path.name}: {ref} is not pinned"


def test_no_pull_request_target_and_minimal_permissions() -> None:
    for path in WORKFLOWS:
        text = path.read_text(encoding="utf-8")
        assert "pull_request_target" not in text
        data = yaml.safe_load(text)
        assert data["permissions"] == {"contents": "read"}, path.name
        for name, job in data["jobs"].items():
            extra = job.get("permissions", {})
            assert set(extra) <= {"pages", "id-token"}, f"{path.name}:{name} asks for {extra}"


def test_pull_request_workflow_checks_tests_and_previews() -> None:
    pr = yaml.safe_load((ROOT / ".github/workflows/pull-request.yml").read_text(encoding="utf-8"))
    assert list(pr[True]) == ["pull_request"]  # YAML reads the key `on` as True
    runs = " ".join(step.get("run", "") for job in pr["jobs"].values() for step in job["steps"])
    assert "loa check --format github" in runs and "scripts/test" in runs and "loa build --preview" in runs
    deploy = yaml.safe_load((ROOT / ".github/workflows/deploy.yml").read_text(encoding="utf-8"))
    assert deploy[True]["push"]["branches"] == ["main"]
    assert "deploy-pages" in (ROOT / ".github/workflows/deploy.yml").read_text(encoding="utf-8")


def test_owners_and_template_are_in_place() -> None:
    owners = (ROOT / ".github" / "CODEOWNERS").read_text(encoding="utf-8")
    assert re.search(r"^/content/\s+@\S*editors", owners, re.M)
    for path in ("/loa/", "/theme/", "/.github/", "/mkdocs.yml"):
        assert re.search(rf"^{re.escape(path)}\s+@\S*maintainers", owners, re.M), path
    template = (ROOT / ".github" / "pull_request_template.md").read_text(encoding="utf-8")
    assert "loa check" in template and "[CẦN ĐIỀN]" in template
    hook = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    assert hook["repos"][0]["hooks"][0]["entry"].endswith("loa check")


def test_vscode_maps_the_published_schemas() -> None:
    import json

    settings = json.loads((ROOT / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    mapped = settings["yaml.schemas"]
    assert Path(ROOT / next(k for k in mapped if k.endswith("infographic.schema.json"))).is_file()
