"""The files of a built site: walked while other parts of the build change some of its folders, and
placed from loa's caches."""

from __future__ import annotations

import os
import shutil
from pathlib import Path


def _file_mode() -> int:
    """The mode `open()` gives a new file under this process's umask (what a web server can read)."""
    umask = os.umask(0o022)
    os.umask(umask)
    return 0o666 & ~umask


FILE_MODE = _file_mode()


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


def place(source: Path | bytes, target: Path) -> None:
    """Put a cached file's bytes (or `source` bytes) at `target` in the site being built.

    A cache entry becomes a hard link in the site where the file system allows, else a copy: writing
    13,000 compressed copies took seconds of the workers' time at N = 5,000, a link is a directory
    entry. Safe because nothing writes to a file in place: a cache entry is only ever replaced by a
    rename (`loa.raster.write_atomically`), and a site file is removed before it is written here.
    """
    target.unlink(missing_ok=True)
    if isinstance(source, bytes):
        target.write_bytes(source)
        return
    try:
        os.link(source, target)
    except OSError:  # another file system, or one without hard links
        shutil.copyfile(source, target)
        return
    if target.stat().st_mode & 0o777 != FILE_MODE:  # an entry an older loa wrote 0600, or a restored cache
        target.chmod(FILE_MODE)
