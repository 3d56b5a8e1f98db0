"""Every command example in README.md and the Vietnamese guides runs (or, for a synopsis, names real options).

Examples are the lines of ```sh blocks and the inline code spans that start with `loa`, `.venv/bin/loa`,
`scripts/` or `python`. A `loa` command is run in a fresh copy of the project (a git repository whose
`origin/main` is its first commit), except `loa serve`, which is parsed only because it serves until
stopped (tests/test_serve.py runs it). A synopsis (`loa check [PATH...]`, `loa new LOẠI --title "…"`)
must name a real command and real options. Other commands are listed below with the reason they
are not run here.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import click
import pytest
from conftest import ROOT, copy_project

from loa.cli import main

DOCS = [ROOT / "README.md", *sorted((ROOT / "docs" / "huong-dan").glob("*.md"))]
PLACEHOLDER = re.compile(r"…|\[|\\\||\b(?:LOẠI|KIND|PATH|ID|ADDR|DIR|FILE|BASE|SITE|OUT|FIRST|SECOND|Q|N)\b")
# Commands the docs show that this test does not run, and why.
NOT_RUN = {
    "scripts/serve": "installs into .venv and serves until stopped",
    "scripts/test": "runs this very test suite",
    "scripts/setup-venv": "installs packages from PyPI",
    "scripts/lock": "needs PyPI to regenerate the locks",
    "scripts/fetch-pagefind": "downloads Pagefind from the npm registry (tests/test_build.py checks a wrong hash is refused)",
    "scripts/bench.py": "a benchmark of several minutes",
    "scripts/screenshot.py": "needs a built site and a browser (tests/test_browser.py covers the pages)",
    "scripts/measure_pages.py": "needs a built site and a browser",
    "scripts/search_bytes.py": "needs two built sites and a browser",
    "scripts/search_quality.py": "needs a built site and a browser (tests/test_search_quality.py runs its judged set)",
    "scripts/lighthouse.py": "needs Lighthouse from npm, which is not a dependency, and minutes per page",
    "curl": "fetches the public site over the network",
    "pip": "installs packages",
    "python3 -m http.server": "serves until stopped",
}


# Inline `loa NAME` with no options: the name of a command in prose, checked as a synopsis.
MENTIONS: set[str] = set()


def iter_examples() -> list[tuple[str, str]]:
    """`(where, command)` for every example, each command once (first place it appears)."""
    found: dict[str, str] = {}
    for doc in DOCS:
        text = doc.read_text(encoding="utf-8")
        where = doc.relative_to(ROOT).as_posix()
        for block in re.finditer(r"^```(?:sh|bash|shell)\n(.*?)^```", text, re.S | re.M):
            for line in block.group(1).splitlines():
                if line.strip() and not line.strip().startswith("#"):
                    found.setdefault(line.strip(), where)
        for span in re.finditer(r"(?<!`)`([^`\n]+)`(?!`)", text):
            code = span.group(1).strip()
            if re.match(r"^(?:[A-Z_]+=\S+ )*(?:\.venv/bin/)?loa(?: |$)|^scripts/\S|^\.venv/bin/python |^python", code):
                if code not in found and re.fullmatch(r"loa [a-z]+", code):  # `loa build` in prose names it
                    MENTIONS.add(code)
                found.setdefault(code, where)
    return [(where, command) for command, where in found.items()]


EXAMPLES = iter_examples()


def split(command: str) -> tuple[dict[str, str], list[str]]:
    """Environment assignments and the argument list, with `.venv/bin/` and `python -m` removed."""
    words = shlex.split(command.replace("\\|", "|"))
    env = {}
    while words and re.match(r"^[A-Z_]+=", words[0]):
        key, value = words.pop(0).split("=", 1)
        env[key] = value
    if words[:1] == [".venv/bin/loa"]:
        words[0] = "loa"
    if words[:3] in (["python", "-m", "loa"], ["python3", "-m", "loa"]):
        words = ["loa", *words[3:]]
    return env, words


def test_docs_have_command_examples() -> None:
    commands = [c for _, c in EXAMPLES]
    assert len(commands) > 40
    assert "loa check" in commands and any("loa export" in c for c in commands)


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real project as a git repository whose origin/main is its first commit."""
    project = copy_project(tmp_path_factory.mktemp("docs-project"))
    # The real mkdocs.yml, with no public address unless the example sets one: what a new user has.
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.vn", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.vn"}
    for args in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-q", "-m", "x"],
                 ["update-ref", "refs/remotes/origin/main", "HEAD"]):
        subprocess.run(["git", *args], cwd=project, env=env, check=True, capture_output=True)
    return project


def _check_synopsis(words: list[str]) -> None:
    """A synopsis names a real command and only options that command has."""
    name = next((w for w in words[1:] if not w.startswith("-") and not PLACEHOLDER.search(w)), None)
    if name is None or name not in main.commands:  # `loa`, `loa …`, or `loa --version`
        options = {o for p in main.params for o in p.opts}
        assert all(w in options for w in words[1:] if w.startswith("-")), words
        return
    command = main.commands[name]
    options = {o for p in command.params for o in [*p.opts, *p.secondary_opts]}
    for word in words[2:]:
        option = word.strip("[]").split("=")[0]
        if option.startswith("-"):
            assert option in options, f"{option} is not an option of `loa {name}`"


@pytest.mark.parametrize(("where", "command"), EXAMPLES, ids=[c for _, c in EXAMPLES])
def test_command_example_runs(where: str, command: str, project: Path, tmp_path: Path) -> None:
    env, words = split(command)
    reason = next((why for prefix, why in NOT_RUN.items() if command.startswith(prefix)
                   or " ".join(words).startswith(prefix)), None)
    if words[0].startswith("scripts/") or (len(words) > 1 and words[1].startswith("scripts/")):
        script = ROOT / next(w for w in words if w.startswith("scripts/")).rstrip("/")
        assert script.exists(), f"{where}: {script} does not exist"
        if script.is_dir():
            return
        assert os.access(script, os.X_OK) or script.suffix == ".py", f"{where}: {script} is not executable"
        if script.name == "error_guide.py":  # regenerating would rewrite the docs: compare instead
            proc = subprocess.run([sys.executable, str(script), "--check"], cwd=ROOT, capture_output=True, text=True)
            assert proc.returncode == 0, proc.stderr
            return
        assert NOT_RUN.get(f"scripts/{script.name}"), f"{where}: `{command}` is neither run nor listed in NOT_RUN"
        return
    if words[0] != "loa":
        assert reason, f"{where}: `{command}` is neither run nor listed in NOT_RUN"
        return
    if any(PLACEHOLDER.search(w) for w in words[1:]) or words[1:] == [] or command in MENTIONS:
        _check_synopsis(words)
        return
    name, args = words[1], words[2:]
    if name.startswith("-"):
        result = subprocess.run([sys.executable, "-m", "loa", *words[1:]], cwd=project, capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
        return
    assert name in main.commands, f"{where}: no command `loa {name}`"
    try:
        main.commands[name].make_context(name, list(args))
    except click.MissingParameter:
        _check_synopsis(words)  # a reference to the command (`loa new qa` in a table), not a call
        return
    except click.exceptions.Exit:
        pass  # --help, --version
    if name == "serve":
        return  # parsed: it serves until stopped
    writes = name in ("new", "export") or "--fix-unicode" in args  # these get a copy of their own
    if writes:
        work = copy_project(tmp_path / "p")
        shutil.copy(ROOT / "mkdocs.yml", work / "mkdocs.yml")
    else:
        work = project
    outside = {k: v for k, v in os.environ.items() if k != "LOA_SITE_URL"}
    run_env = {**outside, "LOA_TODAY": "2026-11-23", **env}
    proc = subprocess.run([sys.executable, "-m", "loa", name, *args], cwd=work, env=run_env,
                          capture_output=True, text=True, timeout=300)
    out = proc.stdout + proc.stderr
    assert "Traceback" not in out, f"{where}: `{command}`\n{out}"
    assert proc.returncode in (0, 1), f"{where}: `{command}` exited {proc.returncode}\n{out}"
    if proc.returncode == 1:  # a documented failure must still be a located, explained one
        # (under --strict a warning fails the check too, e.g. the portal owner still [CẦN ĐIỀN])
        assert re.search(r"^\S+:\d+:\d+: (error|warning) L\d{3}", out, re.M), f"{where}: `{command}`\n{out}"
