"""Render pages in two processes: MkDocs renders one page after another, so `loa build` forks.

After `on_files` the build has everything a page needs (every file, the nav, our page sources).
The process forks once; each process marks the other's pages as excluded, so MkDocs neither reads
nor renders them, yet still resolves links to them. Both write into the same staging folder
(each only its own pages); the child writes nothing else. The parent waits for the child before
its post-build work (PNGs, sitemap, search index), and any failure in the child fails the build.

Only `loa build` splits, and only with two CPUs or more: `loa serve` keeps one process (it has
threads, and a forked child would inherit their locks).
"""

from __future__ import annotations

import gzip
import json
import logging
import os
import signal
import struct
import traceback
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any
from urllib.parse import urljoin, urlsplit

from mkdocs import utils
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files, InclusionLevel

from loa.options import BuildOptions
from loa.render import LazyPage, Page
from loa.workers import peak_rss_kb


@dataclass(slots=True)
class Shard:
    """This process's share of the pages: index 0 is the parent, 1 the forked child."""

    index: int
    child: int = 0  # the child's pid, in the parent
    pipe: int = -1  # parent: read end; child: write end
    copies: int = -1  # the same, for one byte: whether the child wrote its pages' search copies early
    problems: list[str] = field(default_factory=list)
    child_rss_kb: int = 0  # the child's peak memory, as it reported it

    @property
    def is_child(self) -> bool:
        return self.index == 1


def assign(costs: dict[str, int], nav_pages: set[str]) -> set[str]:
    """The pages the child renders: about half the work, by estimated cost (nav pages stay with the parent)."""
    loads, child = [sum(costs.get(p, 0) for p in nav_pages), 0], set()
    for src in sorted((p for p in costs if p not in nav_pages), key=lambda p: (-costs[p], p)):
        if loads[1] < loads[0]:
            child.add(src)
            loads[1] += costs[src]
        else:
            loads[0] += costs[src]
    return child


def maybe_split(files: Files, config: MkDocsConfig, pages: dict[str, Page | LazyPage], options: BuildOptions
                ) -> Shard | None:
    """Split the pages between two processes when the build may and the site is worth it; else None."""
    costs = {src: len(p.markdown) if isinstance(p, Page) else p.cost for src, p in pages.items()}
    if options.splits(len(costs)) and hasattr(os, "fork"):
        return split(files, config, costs, nav_pages(config.nav or []))
    return None


def nav_pages(nav: list[Any]) -> set[str]:
    """Source paths of the pages the nav names (they stay with the parent process)."""
    found: set[str] = set()
    for item in nav:
        for value in item.values() if isinstance(item, dict) else [item]:
            found |= nav_pages(value) if isinstance(value, list) else {value} if isinstance(value, str) else set()
    return found


def split(files: Files, config: MkDocsConfig, costs: dict[str, int], nav_pages: set[str]) -> Shard:
    """Fork; each process keeps its share of the pages (see `assign`) and excludes the other's."""
    for_child = assign(costs, nav_pages)
    pages = files.documentation_pages(inclusion=lambda _level: True)
    read, write = os.pipe()
    copies_read, copies_write = os.pipe()
    pid = os.fork()
    index = 1 if pid == 0 else 0
    for file in pages:
        if (file.src_uri in for_child) != (index == 1):
            file.inclusion = InclusionLevel.EXCLUDED
    if index == 0:
        os.close(write)
        os.close(copies_write)
        return Shard(0, child=pid, pipe=read, copies=copies_read)
    os.close(read)
    os.close(copies_read)
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, signal.SIG_DFL)  # an interrupted child just dies; the parent cleans up
    for file in files:
        if not file.is_documentation_page() or file.src_uri in nav_pages:
            file.inclusion = InclusionLevel.EXCLUDED  # static files, exports, hubs: the parent writes them
    config.theme.static_templates.clear()  # 404.html and sitemap.xml too
    return Shard(1, pipe=write, copies=copies_write)


def say_copies_written(shard: Shard, written: bool) -> None:
    """In the child: tell the parent whether every page it renders has its search copy (loa.index)."""
    try:
        os.write(shard.copies, b"1" if written else b"0")
    finally:
        os.close(shard.copies)
        shard.copies = -1


def ignore_copies(shard: Shard) -> None:
    """In the parent: what the child says of its search copies does not matter (the parent's are late)."""
    if shard.copies >= 0:
        os.close(shard.copies)
        shard.copies = -1


def child_copies_written(shard: Shard) -> bool:
    """In the parent (from a thread): wait until the child says whether its search copies are written.
    False if it wrote them late or not at all, or ended first (its end of the pipe closed)."""
    try:
        said = os.read(shard.copies, 1)
    except OSError:
        return False
    finally:
        os.close(shard.copies)
        shard.copies = -1
    return said == b"1"


def finish_child(shard: Shard, *, error: BaseException | None = None) -> None:
    """In the child: report to the parent and exit at once (never return into MkDocs or `loa build`)."""
    warnings = sum(count for h in logging.getLogger("mkdocs").handlers if isinstance(h, utils.CountHandler)
                   for _level, count in h.get_counts())
    problems = list(shard.problems)
    if warnings:
        problems.append(f"{warnings} cảnh báo của MkDocs khi dựng trang (xem ở trên)")
    if error is not None:
        problems.append(f"lỗi khi dựng trang: {error}")
        if not isinstance(error, Exception):
            problems.append("".join(traceback.format_exception(error)))
    try:
        rss_kb = peak_rss_kb()
        data = json.dumps({"problems": problems, "rss_kb": rss_kb}, ensure_ascii=False).encode()
        os.write(shard.pipe, struct.pack("!I", len(data)))
        view = memoryview(data)
        while view:
            view = view[os.write(shard.pipe, view):]
    finally:
        os._exit(1 if problems else 0)


def join_child(shard: Shard) -> list[str]:
    """In the parent: wait for the child; return its problems (empty when it built its pages)."""
    if shard.child == 0:
        return []
    chunks = []
    while chunk := os.read(shard.pipe, 1 << 16):
        chunks.append(chunk)
    os.close(shard.pipe)
    _, status = os.waitpid(shard.child, 0)
    shard.child = 0
    data = b"".join(chunks)
    report = json.loads(data[4:]) if len(data) >= 4 else {}
    problems: list[str] = report.get("problems", [])
    shard.child_rss_kb = report.get("rss_kb", 0)
    code = os.waitstatus_to_exitcode(status)
    if code != 0 and not problems:
        problems.append(f"tiến trình dựng trang thứ hai dừng với mã {code}")
    return problems


def stop_child(shard: Shard) -> None:
    """In the parent, when the build failed: do not leave the child running."""
    if shard.child:
        try:
            os.kill(shard.child, signal.SIGKILL)
            os.waitpid(shard.child, 0)
        except ProcessLookupError:
            pass
        shard.child = 0


def write_sitemap(files: Files, config: MkDocsConfig, env: Any) -> None:
    """Render sitemap.xml (and .gz) over every page, both processes' alike, as MkDocs would alone."""
    date, base = utils.get_build_date(), config.site_url
    if base and not base.endswith("/"):
        base += "/"
    pages = []
    for file in files.documentation_pages(inclusion=lambda _level: True):
        canonical = urljoin(base, file.url) if base else None  # as mkdocs.structure.pages.Page does
        pages.append(SimpleNamespace(page=SimpleNamespace(
            is_link=False, canonical_url=canonical, abs_url=urlsplit(canonical).path if canonical else None,
            update_date=date)))
    output = env.get_template("sitemap.xml").render(pages=pages, config=config)
    path = os.path.join(config.site_dir, "sitemap.xml")
    utils.write_file(output.encode("utf-8"), path)
    with open(f"{path}.gz", "wb") as raw, gzip.GzipFile(fileobj=raw, filename=f"{path}.gz", mode="wb",
                                                          mtime=utils.get_build_timestamp(pages=[p.page for p in pages])) as gz:
        gz.write(output.encode("utf-8"))
