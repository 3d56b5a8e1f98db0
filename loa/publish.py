"""Publish stage: everything a built site holds besides MkDocs' pages, and the checks before it ships.

The adapter (loa/plugin.py) calls it at three moments: when files are listed (`Publication.files`:
open data, feeds, drawn SVGs, the vocabulary; PNGs start drawing), for each page written (`guard`:
the page guard), and after MkDocs wrote every page (`finish`: PNGs written, search index, theme
scripts made local, headers, pre-compressed copies). It knows no MkDocs object.
"""

from __future__ import annotations

import dataclasses
import itertools
import logging
import os
import shutil
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from loa import forked, htmlcache
from loa.address import Address, AddressMissing, resolve_address
from loa.compress import compress_site, prune_daily
from loa.errors import LoaError
from loa.export import iter_exports
from loa.forked import Forked
from loa.headers import inline_script_hashes, write_headers
from loa.history import Event, read_history
from loa.index import SEARCH_COPIES, IndexFailed, Indexing, search_copy
from loa.kinds import KINDS
from loa.memo import remembering
from loa.options import BuildContext, BuildOptions
from loa.pages import iter_entry_pages, iter_hub_pages, iter_pages
from loa.pipeline import CheckCache, ContentErrors, check_site
from loa.raster import Raster, Rasteriser
from loa.render import Asset, LazyPage, MarkdownSettings, Page, iter_assets, vocabulary_of, vocabulary_texts
from loa.safety import localise_theme_scripts, pages_problems
from loa.site import Site
from loa.trash import is_ours
from loa.workers import Workers, peak_rss_kb, yielding

GUARD_BATCH = 64  # pages per job for the page guard: few round trips, work spread over the workers


class PublishFailed(LoaError):
    """The site must not ship; the message says why in terms an editor or a maintainer can act on."""


@dataclass(slots=True)
class Timer:
    """With LOA_TIMING=1 (`BuildOptions.timing`), say on stderr when each phase ended."""

    enabled: bool
    who: str = ""
    started: float = field(default_factory=time.perf_counter)

    def lap(self, what: str) -> None:
        if self.enabled:
            logging.getLogger(__name__).info(f"[loa{self.who}] {time.perf_counter() - self.started:7.2f} s  {what}")


class CleanPages:
    """Pages the guard found clean, by a digest of their bytes, kept between builds: the same bytes give
    the same verdict, so a rebuild checks only the pages that changed. The digest is salted with loa's
    own source and the allowed hosts.

    The verdicts are rows of an `HtmlCache` in `root` (a file per verdict cost a cold build 5,000 file
    creations at N = 5,000, seconds of the renderers' time), written once per build (`save`), dropped
    when unused for CACHE_MAX_AGE_DAYS. A damaged or unreadable file costs re-checking, never a
    verdict: a page not known clean is checked.
    """

    FILE = htmlcache.FILE

    def __init__(self, root: Path, allowed_hosts: Iterable[str]) -> None:
        self.store = htmlcache.HtmlCache(root, ["guard verdicts", *sorted(allowed_hosts)])

    def key(self, html: str) -> str:
        return self.store.key(html)

    def known(self, key: str) -> bool:
        return self.store.get(key) is not None

    def remember(self, key: str) -> None:
        self.store.put(key, {})

    def save(self) -> None:
        self.store.flush()


class PageGuard:
    """Checks every written page (no script, frame or resource from another host) in the workers.

    Pages go in batches while the next pages render; `inline` checks each at once (when two processes
    render, or `serve` renders a few pages). An unsafe page fails the build before anything ships.
    A page `clean` knows (these very bytes were checked before) is not checked again.
    """

    def __init__(self, workers: Workers, allowed_hosts: Iterable[str], *, inline: bool,
                 clean: CleanPages | None = None) -> None:
        self.workers, self.allowed_hosts, self.inline, self.clean = workers, list(allowed_hosts), inline, clean
        self.batch: list[tuple[str, str]] = []
        self.results: list[tuple[Future[list[tuple[str, list[str]]]], dict[str, str]]] = []
        self.keys: dict[str, str] = {}  # the batch's pages' digests, by name
        self.unsafe: list[str] = []

    def check(self, name: str, html: str) -> None:
        key = self.clean.key(html) if self.clean is not None else ""
        if key and self.clean is not None and self.clean.known(key):
            return
        if self.inline:
            found = pages_problems([(name, html)], self.allowed_hosts)
            self.unsafe += _messages(found)
            if key and not found and self.clean is not None:
                self.clean.remember(key)
            return
        self.batch.append((name, html))
        if key:
            self.keys[name] = key
        if len(self.batch) >= GUARD_BATCH:
            self.send()

    def send(self) -> None:
        if self.batch:
            self.results.append((self.workers.submit(pages_problems, self.batch, self.allowed_hosts), self.keys))
            self.batch, self.keys = [], {}

    def problems(self) -> list[str]:
        self.send()
        messages = list(self.unsafe)
        for future, keys in self.results:
            found = future.result()
            messages += _messages(found)
            if self.clean is not None:
                unsafe = {name for name, _ in found}
                for name, key in keys.items():
                    if name not in unsafe:
                        self.clean.remember(key)
        self.results = []
        if self.clean is not None:
            self.clean.save()
        return messages


def _messages(found: list[tuple[str, list[str]]]) -> list[str]:
    return [f"Trang {name} không an toàn: " + "; ".join(problems) for name, problems in found]


@dataclass(slots=True)
class Publication:
    """One build's published files beside the pages, and the workers that draw and check them."""

    site: Site
    options: BuildOptions
    workers: Workers
    rasteriser: Rasteriser
    guard: PageGuard
    timer: Timer
    rasters: list[tuple[str, Raster]] = field(default_factory=list)
    search_copies: Path | None = None  # a build writes `search_copy` of each indexed page here (loa.index)
    indexed: frozenset[str] = frozenset()  # the top folders of the indexed pages
    indexing: Indexing | None = None  # Pagefind, once every copy is written (`index_when`), else in `finish`
    _index_waiter: threading.Thread | None = None
    _index_lock: threading.Lock = field(default_factory=threading.Lock)
    _index_stopped: bool = False

    def keep_for_search(self, dest_uri: str, page: str) -> None:
        """Write what Pagefind reads of a page (a build only: `start_search_copies`), from the page or, before
        it is written, from its <title> and content (loa.plugin.EarlyContent)."""
        if self.search_copies is None or dest_uri.split("/", 1)[0] not in self.indexed:
            return
        copy = search_copy(page)
        if copy is not None:
            target = self.search_copies / dest_uri
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(copy, encoding="utf-8")

    def index_when(self, site_dir: Path, ready: Callable[[], bool]) -> None:
        """Start Pagefind on the search copies as soon as `ready()` returns True (every page's copy is
        written: this process's, and the other renderer's once it says so), while the pages are still
        being written; a thread waits for it. False: Pagefind starts in `finish`, as before."""
        def wait() -> None:
            if ready():
                with self._index_lock:
                    if not self._index_stopped and self.indexing is None and self.search_copies is not None:
                        self.indexing = Indexing(self.search_copies, site_dir / "pagefind",
                                                 indexed_folders(self.site), copies=True)
                        self.timer.lap("search index started")

        self._index_waiter = threading.Thread(target=wait, name="loa-index", daemon=True)
        self._index_waiter.start()

    def stop_indexing(self) -> None:
        """The build failed: Pagefind must not go on (or start) writing into its folder."""
        with self._index_lock:
            self._index_stopped = True
            if self.indexing is not None:
                self.indexing.stop()

    def start_search_copies(self, site_dir: Path) -> None:
        """Pagefind will index copies of the pages, written as the pages are (`keep_for_search`)."""
        shutil.rmtree(site_dir / SEARCH_COPIES, ignore_errors=True)  # left by a bare `mkdocs build` that failed
        self.search_copies, self.indexed = site_dir / SEARCH_COPIES, frozenset(indexed_folders(self.site))

    def files(self, base_url: str, assets: Iterable[Asset] | None = None,
              exports: Iterable[tuple[str, bytes]] | None = None,
              words: Callable[[], bytes] | None = None) -> Iterator[tuple[str, str | bytes]]:
        """`(path, content)` of every generated download, one at a time (the open data of a large site is
        tens of megabytes: the caller writes each and lets it go); the PNGs among them are kept to draw.
        Exhaust it before `draw`.

        `assets` and `exports` may stand in for this build's own (`loa serve` reuses unchanged ones; a
        build's exports may come from a helper, `Helpers.exports`: they are asked for after the drawings),
        and `words` for the vocabulary's maker (a build's helper, `Helpers.words`).
        """
        if assets is None:  # the vocabulary is made on another core while exports and drawings are made here
            words = words or self.workers.submit(vocabulary_of, vocabulary_texts(self.site)).result
            assets = iter_assets(self.site, words=words)
        if exports is None:  # made here, first: the vocabulary (last of the assets) is awaited last
            made = remembering(memo_file(self.options, "exports"), lambda memo: iter_exports(self.site, base_url, memo))
            order = itertools.chain(made, assets)
        else:  # a helper's (asked for once the drawings are made) or `serve`'s
            order = itertools.chain(assets, exports)
        for path, content in order:
            if isinstance(content, Raster):
                self.rasters.append((path, content))
            else:
                yield path, content

    def split(self, *, child: bool) -> None:
        """Two processes render the pages (loa.shard): each checks its own pages as they are written."""
        self.timer.who = " (child)" if child else " (parent)"
        self.guard.inline = True

    def draw(self) -> None:
        """Send the PNGs to the workers: they are drawn while the pages render, largest first."""
        self.rasteriser.submit_all(self.rasters)

    def finish(self, site_dir: Path, base_path: str, *, index: bool, compress: bool) -> None:
        """After the pages: PNGs written while Pagefind indexes, theme scripts local, headers, compression.

        Raises:
            PublishFailed: the search index failed, or a theme script still loads from another host.
        """
        # Pagefind runs while this process writes the PNGs (they touch no HTML): started before the pages
        # were written (`index_when`) or here. `serve` passes index=False and indexes later, swapping the
        # new index in when it is ready.
        png_cache = self.options.png_cache
        br_cache = png_cache.parent / "br" if png_cache else None
        copies = self.search_copies
        if self._index_waiter is not None:
            self._index_waiter.join()  # it has started Pagefind, or knows it must not
        if index and self.indexing is None:
            self.indexing = Indexing(copies or site_dir, site_dir / "pagefind", indexed_folders(self.site),
                                     copies=copies is not None)
        with ThreadPoolExecutor(3) as pool:
            indexed = pool.submit(self.indexing.result) if index and self.indexing is not None else None
            # The pages are final: the CSP's script hashes are read from them meanwhile (in a yielding
            # worker: Pagefind goes first), not after Pagefind.
            script_hashes = self.workers.submit(yielding, inline_script_hashes, site_dir)
            self.rasteriser.write_into(site_dir)
            self.rasteriser.prune()
            self.timer.lap(f"PNGs written ({self.rasteriser.drawn} drawn)")
            left = localise_theme_scripts(site_dir, base_path)
            # `serve` sends files as they are; a build ships .br and .gz beside them. Pages are final
            # once written, so they are compressed (on every core) while Pagefind reads them; Pagefind's files after.
            compressed = pool.submit(compress_site, site_dir, br_cache, skip=("pagefind/",),
                                     submit=self.workers.submit) if compress else None
            try:
                if indexed is not None:
                    indexed.result()
                    self.timer.lap("search index")
            except IndexFailed as exc:
                raise PublishFailed(str(exc)) from None
            finally:
                if copies is not None:  # never shipped
                    _discard(copies)
            if compressed is not None:
                compressed.result()
                self.timer.lap("pages compressed")
                pool.submit(prune_daily, br_cache)
                pool.submit(prune_daily, png_cache.parent / "html" if png_cache else None)  # conversions, verdicts
            write_headers(site_dir, script_hashes.result())  # after Pagefind: its hashed files get long caching
            if compress:
                compress_site(site_dir, br_cache, within="pagefind", submit=self.workers.submit)
                self.timer.lap("pre-compressed copies written")
        if left:
            raise PublishFailed("Tệp JavaScript của giao diện còn tải từ máy chủ khác: " + ", ".join(left))


def _discard(folder: Path) -> None:
    """Remove a folder of the site being built: in `loa build` it is moved into the builds folder as
    trash, which the build deletes in the background once the site is in place (loa.trash)."""
    staging = folder.parent
    if is_ours(staging) and staging.parent.name.endswith(".builds"):
        os.replace(folder, staging.parent / f"trash-{time.time_ns()}-{folder.name.lstrip('.')}")
    else:
        shutil.rmtree(folder, ignore_errors=True)


def indexed_folders(site: Site) -> list[str]:
    """The top folders of every page the search index holds: the kinds' folders (hubs with search data are in them)."""
    return sorted({KINDS[e.kind].folder for e in site.visible()})


def start(site: Site, options: BuildOptions, allowed_hosts: Iterable[str], timer: Timer, *,
          one_worker: bool, inline_guard: bool) -> Publication:
    workers, allowed_hosts = Workers(1 if one_worker else None), list(allowed_hosts)
    clean = CleanPages(options.png_cache.parent / "html" / "guard", allowed_hosts) if options.png_cache is not None else None
    return Publication(site, options, workers, Rasteriser(options.png_cache, workers),
                       PageGuard(workers, allowed_hosts, inline=inline_guard, clean=clean), timer)


def peak_memory(child_kb: int) -> str:
    """The peak memory line of LOA_TIMING: this process, the second renderer, the largest helper."""
    return (f"done; peak memory: main process {peak_rss_kb() // 1024} MB, "
            f"second renderer {child_kb // 1024} MB, largest helper (Pagefind, workers) "
            f"{peak_rss_kb(children=True) // 1024} MB")


@dataclass(slots=True)
class Helpers:
    """Work a build hands to forked helpers on a second CPU while this process makes the drawings:
    the hub pages (home, hubs, handouts, changes, search), the open-data exports and the search
    page's typo vocabulary. Each is made here instead when its helper failed (`loa.forked`), with
    the same result."""

    site: Site
    markdown: MarkdownSettings | None
    base_url: str
    hubs: Forked[list[Page]] | None = None
    exported: Forked[list[tuple[str, bytes]]] | None = None
    vocabulary: Forked[bytes] | None = None

    def pages(self) -> dict[str, Page]:
        """The hub pages by source path (waits for their helper)."""
        done = forked.result_or(self.hubs, lambda: list(iter_hub_pages(self.site, self.markdown)))
        self.hubs = None
        return {p.src_uri: p for p in done}

    def exports(self) -> Iterator[tuple[str, bytes]]:
        """The exports' `(path, bytes)`, waiting for their helper when first asked (lazily: the
        drawings are made meanwhile)."""
        done = forked.result_or(self.exported, lambda: iter_exports(self.site, self.base_url))
        self.exported = None
        yield from done

    def words(self) -> bytes:
        """The search page's typo vocabulary (waits for its helper)."""
        done = forked.result_or(self.vocabulary, lambda: vocabulary_of(vocabulary_texts(self.site)))
        self.vocabulary = None
        return done

    def stop(self) -> None:
        """Stop the helpers still running (the build failed first)."""
        for helper in (self.hubs, self.exported, self.vocabulary):
            if helper is not None:
                helper.stop()
        self.hubs = self.exported = self.vocabulary = None


def prepare(context: BuildContext, site_url: str | None, docs_dir: Path, allowed_hosts: list[str], *, serving: bool,
            check_cache: CheckCache | None, history_cache: dict[str, list[Event]] | None,
            markdown: MarkdownSettings | None = None) -> tuple[Address, Site, dict[str, Page | LazyPage], Helpers | None]:
    """The site's address, the checked site with its git history, its pages by source path, and the
    helpers still rendering the hub pages and making the exports (the pages then hold the entries' only).

    `markdown`: the pages' Markdown settings, for what is converted once for many pages (loa.render.shared_bodies).

    Raises:
        PublishFailed: no public address for a public build (said before the check: it is known at once).
        ContentErrors: the content has errors and `loa serve` shows them as a page.
        PublishFailed: the content has errors (a build stops; the message lists every one).
    """
    options = context.options
    try:
        address = resolve_address(site_url, local=serving or options.local or options.preview)
    except AddressMissing as exc:
        raise PublishFailed(str(exc)) from None
    # MkDocs would read our front matter leniently; the pipeline reads it strictly first.
    report = context.prechecked or check_site(docs_dir, preview=context.options.preview, cache=check_cache,
                                              allowed_hosts=allowed_hosts)
    if report.errors or report.site is None:
        if serving:
            raise ContentErrors(report)
        raise PublishFailed("Nội dung có lỗi, không dựng trang:\n\n" + report.format())
    # Approval dates, change notes and withdrawals from git (only what the checkout's history says).
    site = dataclasses.replace(report.site, history=read_history(docs_dir, report.site.entries, history_cache))
    # Rendering the hubs, making the exports and the vocabulary take one to two seconds of a CPU each at
    # N = 5,000, besides the drawings this process makes: with a second CPU, forked helpers do them
    # meanwhile (a fork starts at once and needs nothing sent to it, unlike a worker process).
    if not serving and options.splits(len(site.visible())):
        base_url = address.url or "/"  # what MkDocs's config.site_url becomes (the plugin's on_config)
        hubs = forked.start(lambda: remembering(memo_file(options, "hubs"),
                                                lambda memo: list(iter_hub_pages(site, markdown, memo))))
        if hubs is not None:
            exports = forked.start(lambda: remembering(memo_file(options, "exports"),
                                                       lambda memo: iter_exports(site, base_url, memo)))
            helpers = Helpers(site, markdown, base_url, hubs, exports, forked.start(lambda: vocabulary_of(vocabulary_texts(site))))
            return address, site, {p.src_uri: p for p in iter_entry_pages(site)}, helpers
    pages = remembering(memo_file(options, "hubs"), lambda memo: list(iter_pages(site, markdown, memo)))
    return address, site, {p.src_uri: p for p in pages}, None


def memo_file(options: BuildOptions, name: str) -> Path | None:
    """Where a helper keeps its small conversions between builds (`loa.memo`); None: the cache is off."""
    return options.png_cache.parent / "html" / f"memo-{name}.json" if options.png_cache is not None else None
