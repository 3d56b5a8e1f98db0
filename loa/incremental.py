"""What `loa serve` keeps between rebuilds, so that one changed file re-renders only what it changes.

`loa serve` runs MkDocs's dirty builds: MkDocs reads and renders a page only when its file says
it is modified. Every page and file loa generates is compared, by digest, with the last build:
its Markdown, metadata and title (a page's HTML depends on nothing else but the theme and
mkdocs.yml, whose change re-renders everything). The check reuses unchanged files' results, and
the search index is rebuilt in the background after the pages are reloaded.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

from loa import render
from loa.export import iter_exports
from loa.history import Event
from loa.index import IndexFailed, index_site
from loa.model import Entry
from loa.pipeline import CheckCache
from loa.publish import Publication, Timer
from loa.raster import Raster, cache_key
from loa.render import Asset, LazyPage, Page
from loa.site import Site

log = logging.getLogger("mkdocs.plugins.loa")


class NoDirtyWarning(logging.Filter):
    """MkDocs warns on every dirty build; for `loa serve` that is the design, not a problem."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("A 'dirty' build is being performed")


class Incremental:
    def __init__(self) -> None:
        self.check_cache = CheckCache()
        self.history: dict[str, list[Event]] = {}  # git history by commit, read once per commit
        self.digests: dict[str, str] = {}  # generated file (src_uri) -> digest at the last build
        self.outputs: dict[str, str] = {}  # the same -> where it was written
        self.drawn: dict[str, str] = {}  # PNG path -> cache key of the image written at the last build
        self.base: str | None = None
        self.indexer: threading.Thread | None = None
        self.index_wanted: Path | None = None
        self.lock = threading.Lock()
        self.memo: dict[str, tuple[Entry, tuple[str, ...], Page]] = {}  # lazy page -> (entry, cited by, render)
        self.context: tuple[Any, ...] | None = None
        self.assets: dict[str, tuple[Entry, list[Asset]]] = {}
        self.exported: tuple[tuple[Any, ...], list[tuple[str, bytes]]] | None = None

    def load_pages(self, site: Site, pages: dict[str, Page | LazyPage]) -> int:
        """Turn every lazy page into a page, reusing the last build's render where nothing it shows changed.

        An entry's page shows the entry, the documents it cites (and, for a document, what cites
        it), taxonomy names (organizations' places), the date and the archive age: while those are the same objects as last time
        (the check cache hands back the same entry for an unchanged file), so is the page.
        Returns how many pages were rendered again.
        """
        context = (tuple(e for e in site.entries if e.kind == "document"), site.taxonomies, site.today, site.preview,
                   site.archive_months)  # places, dated sources and archive status come from these
        same_context = self.context is not None and _same_key(context, self.context)
        memo, rendered = {}, 0
        for src, page in pages.items():
            if not isinstance(page, LazyPage):
                continue
            cited = site.cited_by.get(page.entry.id, ())
            last = self.memo.get(src)
            if same_context and last is not None and last[0] is page.entry and last[1] == cited:
                pages[src] = last[2]
            else:
                pages[src] = page.load()
                rendered += 1
            memo[src] = (page.entry, cited, pages[src])
        self.memo, self.context = memo, context
        return rendered

    def entry_assets(self, entry: Entry) -> list[Asset]:
        """An entry's drawn files: last build's when it is the same entry object (its file did not change)."""
        last = self.assets.get(entry.id)
        if last is None or last[0] is not entry:
            last = self.assets[entry.id] = (entry, render.entry_assets(entry))
        return last[1]

    def exports(self, site: Site, site_url: str) -> list[tuple[str, bytes]]:
        """The open-data files, made again only when a message, a taxonomy, the date or the URL changed."""
        # Each record carries its sources' places and dates and its archive status, hence the documents.
        key = (tuple(site.visible("message")), tuple(e for e in site.entries if e.kind == "document"),
               site.taxonomies, site.today, site.preview, site.archive_months, site_url)
        if self.exported is None or not _same_key(key, self.exported[0]):
            self.exported = (key, iter_exports(site, site_url))
        return self.exported[1]

    def mark(self, generated: list[tuple[File, str]], config: MkDocsConfig) -> int:
        """Tell MkDocs which generated files changed since the last build; remove outputs of files gone.

        Args:
            generated: each file loa generated, with the digest of everything its output depends on.
        Returns:
            How many files changed.
        """
        base = _base_digest(config)
        if base != self.base:  # mkdocs.yml or the theme changed: every page renders again
            self.base, self.digests = base, {}
        current = {file.src_uri for file, _ in generated}
        for gone in set(self.outputs) - current:
            Path(self.outputs.pop(gone)).unlink(missing_ok=True)
            self.digests.pop(gone, None)
        changed = 0
        for file, digest in generated:
            modified = self.digests.get(file.src_uri) != digest
            file.is_modified = (lambda m=modified: m)  # type: ignore[method-assign]
            changed += modified
            self.digests[file.src_uri] = digest
            self.outputs[file.src_uri] = file.abs_dest_path
        return changed

    def reuse(self, site: Site, pages: dict[str, Page | LazyPage], base_url: str, timer: Timer
              ) -> tuple[Iterator[Asset], list[tuple[str, bytes]]]:
        """Render again the entry pages that changed (each page's digest needs its Markdown); return the
        drawn files and exports, reusing last build's for what did not change."""
        timer.lap(f"{self.load_pages(site, pages)} entry pages rendered again")
        return render.iter_assets(site, self.entry_assets), self.exports(site, base_url)

    def mark_build(self, files: Files, pages: dict[str, Page | LazyPage], downloads: list[tuple[File, str | bytes]],
                   publication: Publication, config: MkDocsConfig) -> str:
        """Mark what changed since the last build (pages rendered now, downloads) and keep only the PNGs to
        draw again; return the timing line."""
        generated = [(files.src_uris[p.src_uri], digest(p.markdown, p.meta, p.title)) for p in pages.values()
                     if isinstance(p, Page)]
        changed = self.mark(generated + [(file, digest(content)) for file, content in downloads], config)
        publication.rasters = self.changed_rasters(publication.rasters, Path(config.site_dir))
        return f"{changed} changed pages and files, {len(publication.rasters)} PNGs to write"

    def changed_rasters(self, rasters: list[tuple[str, Raster]], site_dir: Path) -> list[tuple[str, Raster]]:
        """The PNGs to draw: those not already in `site_dir` as they were at the last build."""
        return [(path, job) for path, job in rasters if not self.unchanged(path, cache_key(job), site_dir)]

    def unchanged(self, path: str, digest: str, site_dir: Path) -> bool:
        """Whether a drawn file (a PNG) is already in `site_dir` as it was at the last build."""
        same = self.drawn.get(path) == digest and (site_dir / path).is_file()
        self.drawn[path] = digest
        return same

    def index_later(self, site_dir: Path) -> None:
        """Rebuild the search index in a thread; the new index replaces the old one in one step.

        Never waits: while an index is being built, a new request makes the thread run once more.
        """
        with self.lock:
            self.index_wanted = site_dir
            if self.indexer is None:  # a running thread clears this (under the lock) only when it stops
                self.indexer = threading.Thread(target=self._index_until_current, name="loa-index", daemon=True)
                self.indexer.start()

    def _index_until_current(self) -> None:
        while True:
            with self.lock:
                site_dir, self.index_wanted = self.index_wanted, None
                if site_dir is None:
                    self.indexer = None
                    return
            _index(site_dir)

    def wait(self) -> None:
        """Block until the search index is current (when `serve` stops, and in tests)."""
        while (thread := self.indexer) is not None:
            thread.join()


def _same_key(a: tuple[Any, ...], b: tuple[Any, ...]) -> bool:
    """Same entries (the very objects), then equal for the rest."""
    return len(a[0]) == len(b[0]) and all(x is y for x, y in zip(a[0], b[0], strict=True)) and a[1:] == b[1:]


def digest(*parts: Any) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(part if isinstance(part, bytes) else json.dumps(part, ensure_ascii=False, sort_keys=True,
                                                                   default=str).encode())
        h.update(b"\0")
    return h.hexdigest()


def _base_digest(config: MkDocsConfig) -> str:
    """mkdocs.yml and every file of the project's theme folder (path, size, time): what all pages share.

    Installed packages (Material itself) do not change while `serve` runs.
    """
    stamps = []
    config_file = Path(config.config_file_path)
    custom = [Path(config.theme.custom_dir)] if config.theme.custom_dir else []
    for root in [config_file, *custom]:
        files = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file()) if root.is_dir() else []
        for p in files:
            st = p.stat()
            stamps.append((str(p), st.st_size, st.st_mtime_ns))
    return digest(stamps)


def _index(site_dir: Path) -> None:
    # Written beside the site (not in it, where the next build may be looking), then swapped in.
    staging, old = site_dir.parent / f".{site_dir.name}.pagefind-next", site_dir.parent / f".{site_dir.name}.pagefind-old"
    current = site_dir / "pagefind"
    try:
        shutil.rmtree(staging, ignore_errors=True)
        index_site(site_dir, index_dir=staging)
        shutil.rmtree(old, ignore_errors=True)
        if current.exists():
            os.replace(current, old)
        os.replace(staging, current)
        shutil.rmtree(old, ignore_errors=True)
        log.info("Đã cập nhật chỉ mục tìm kiếm.")
    except (IndexFailed, OSError) as exc:
        log.error(f"Không cập nhật được chỉ mục tìm kiếm: {exc}")
