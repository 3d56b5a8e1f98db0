"""The files of a built site, walked while other parts of the build change some of its folders."""

from __future__ import annotations

import os
from pathlib import Path


def site_files(site_dir: Path, within: str = "", skip: tuple[str, ...] = ()) -> list[Path]:
    """The files of the built site (or of its folder `within`), sorted, without going into hidden
    folders (loa.index.SEARCH_COPIES, which a build removes while others read the site) or folders
    whose path from the site's root starts with one of `skip` (Pagefind's, while it writes it)."""
    found: list[Path] = []
    for folder, dirs, files in os.walk(site_dir / within):
        here = Path(folder)
        rel = here.relative_to(site_dir).as_posix()
        dirs[:] = [d for d in dirs if not d.startswith(".")
                   and not f"{rel}/{d}/".lstrip("./").startswith(skip)]
        found += [here / f for f in files]
    return sorted(found)
