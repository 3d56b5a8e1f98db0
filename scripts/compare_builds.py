#!/usr/bin/env python3
"""Build two revisions of loa on the same inputs and diff the sites byte for byte.

    python scripts/compare_builds.py main HEAD [--n 1000] [--keep DIR]
    python scripts/compare_builds.py --build-only HEAD --out DIR     # keep one build to compare later
    python scripts/compare_builds.py --against DIR WORKTREE          # compare a kept build with one

A revision is a git revision, or WORKTREE for the files as they are now (uncommitted edits included).
Each revision is exported into a temporary folder and run with this interpreter (its dependencies)
and that folder first on the import path. Per revision, two sites: the shipped content, and the
benchmark tree at N items (this checkout's scripts/bench.py `generate` on that revision's
content and theme, with a fixed seed).
LOA_TODAY and LOA_SITE_URL are fixed, so the only difference left is the code. Exit 1 on any difference.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
TODAY = "2021-10-01"
SITE_URL = "https://so-sanh.example.vn/"
GENERATE = """
import datetime as dt, sys
from pathlib import Path
sys.path.insert(0, sys.argv[5])
import bench
bench.ROOT = Path(sys.argv[1])  # that revision's content, theme and mkdocs.yml
bench.generate(Path(sys.argv[2]), int(sys.argv[3]), bench.corpus(), dt.date.fromisoformat(sys.argv[4]))
"""


def export(rev: str, dest: Path) -> Path:
    """The revision's files in `dest` (a git archive, or a copy of the work tree)."""
    dest.mkdir(parents=True)
    if rev == "WORKTREE":
        files = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                               check=True, capture_output=True).stdout.decode().split("\0")
        for name in filter(None, files):
            src = ROOT / name
            if src.is_file():
                (dest / name).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(src, dest / name)
        return dest
    archive = subprocess.run(["git", "archive", "--format=tar", rev], cwd=ROOT, check=True, capture_output=True).stdout
    tar = dest.parent / f"{dest.name}.tar"
    tar.write_bytes(archive)
    with tarfile.open(tar) as t:
        t.extractall(dest, filter="data")
    tar.unlink()
    return dest


def env_for(code: Path, cache: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("LOA_") and k != "SOURCE_DATE_EPOCH"}
    env.update({"PYTHONPATH": str(code), "LOA_TODAY": TODAY, "LOA_SITE_URL": SITE_URL, "LOA_CACHE_DIR": str(cache)})
    return env


def build(rev: str, out: Path, n: int, work: Path) -> None:
    """Build `rev` on the shipped content into out/shipped and on the benchmark tree into out/bench-N."""
    code = export(rev, work / "code")
    env = env_for(code, work / "cache")
    print(f"{rev}: building the shipped content", flush=True)
    subprocess.run([PY, "-m", "loa", "build", "-d", str(work / "shipped")], cwd=code, env=env, check=True)
    out.mkdir(parents=True, exist_ok=True)
    shutil.copytree((work / "shipped").resolve(), out / "shipped", symlinks=True)
    if n == 0:
        return
    tree = work / "tree"
    subprocess.run([PY, "-c", GENERATE, str(code), str(tree), str(n), TODAY, str(ROOT / "scripts")], cwd=code, env=env, check=True)
    print(f"{rev}: building the benchmark tree (N = {n})", flush=True)
    subprocess.run([PY, "-m", "loa", "build", "-d", str(work / "bench")], cwd=tree, env=env, check=True)
    # `loa build -d X` makes X a symlink into .X.builds; copy the real folders.
    shutil.copytree((work / "bench").resolve(), out / f"bench-{n}", symlinks=True)


def diff(a: Path, b: Path) -> int:
    result = subprocess.run(["diff", "-r", "-q", str(a), str(b)], capture_output=True, text=True)
    lines = result.stdout.splitlines()
    print("\n".join(lines[:40]) + (f"\n... {len(lines) - 40} more" if len(lines) > 40 else ""))
    files = sum(1 for p in a.rglob("*") if p.is_file())
    print(f"{'identical' if result.returncode == 0 else f'{len(lines)} differences'}: {a} vs {b} ({files} files)")
    return result.returncode


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("revs", nargs="*", help="two revisions (or one with --against); WORKTREE = files as they are")
    p.add_argument("--n", type=int, default=1000, help="benchmark tree size (default 1000; 0: the shipped content only)")
    p.add_argument("--keep", type=Path, help="keep the builds in this folder")
    p.add_argument("--build-only", metavar="REV", help="build one revision into --out and stop")
    p.add_argument("--out", type=Path)
    p.add_argument("--against", type=Path, help="a folder written by --build-only, compared with one revision")
    args = p.parse_args()
    with tempfile.TemporaryDirectory(prefix="loa-compare-") as tmp:
        work = Path(tmp)
        if args.build_only:
            if not args.out:
                p.error("--build-only needs --out")
            build(args.build_only, args.out, args.n, work / "a")
            return 0
        if args.against:
            if len(args.revs) != 1:
                p.error("--against takes one revision")
            out = (args.keep or work / "out") / "b"
            build(args.revs[0], out, args.n, work / "b")
            if args.n == 0:
                return diff(args.against / "shipped", out / "shipped")
            return diff(args.against, out)
        if len(args.revs) != 2:
            p.error("give two revisions")
        outs = args.keep or work / "out"
        for name, rev in zip("ab", args.revs, strict=True):
            build(rev, outs / name, args.n, work / name)
        return diff(outs / "a", outs / "b")


if __name__ == "__main__":
    raise SystemExit(main())
