"""`loa check --changed`: which content files differ from a base branch (committed, staged or not)."""

from __future__ import annotations

import subprocess
from pathlib import Path

from loa.errors import LoaError
from loa.load import TAXONOMY_FOLDER


class GitError(LoaError):
    """git is missing, this is not a repository, or the base does not exist."""

    exit_code = 2  # not a content error: the command could not run


def _git(*args: str, cwd: Path) -> list[str]:
    try:
        proc = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=False)
    except FileNotFoundError:
        raise GitError("không tìm thấy lệnh git") from None
    if proc.returncode != 0:
        raise GitError(proc.stderr.strip() or f"git {' '.join(args)} thất bại")
    return [line for line in proc.stdout.splitlines() if line]


def changed_content_files(content: Path, base: str) -> list[Path] | None:
    """Changed files under `content` against `base`, or None when a taxonomy changed (check all).

    Raises:
        GitError: when git cannot answer (no repository, unknown base).
    """
    root = Path(_git("rev-parse", "--show-toplevel", cwd=content)[0])
    names = set(_git("diff", "--name-only", "--diff-filter=ACMR", f"{base}...HEAD", cwd=root))
    names |= set(_git("diff", "--name-only", "--diff-filter=ACMR", "HEAD", cwd=root))
    names |= set(_git("ls-files", "--others", "--exclude-standard", cwd=root))
    prefix = content.resolve().relative_to(root.resolve()).as_posix() + "/"
    files = sorted(root / n for n in names if n.startswith(prefix) and (root / n).is_file())
    if any(f.relative_to(root / prefix).parts[0] == TAXONOMY_FOLDER for f in files):
        return None
    return [f.relative_to(Path.cwd()) if f.is_relative_to(Path.cwd()) else f for f in files]
