"""MkDocs adapter (entry point "loa"): runs the content pipeline; hooks only, no content rules."""

from __future__ import annotations

import dataclasses
import html
import os
import resource
import sys
import time
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from loa import render, shard
from loa.address import AddressMissing, resolve_address
from loa.build import PREVIEW_ENV, RENDER_PROCESSES_ENV
from loa.compress import compress_site
from loa.enrich import Site
from loa.export import iter_exports
from loa.fixedhtml import Fixed, put_back
from loa.headers import write_headers
from loa.history import Event, read_history
from loa.incremental import Incremental, digest
from loa.index import IndexFailed, index_site
from loa.pipeline import ContentErrors, Report, check_site
from loa.raster import Raster, Rasteriser, cache_key, default_cache_dir
from loa.safety import localise_theme_scripts, pages_problems, sanitize_html
from loa.workers import Workers

GUARD_BATCH = 64  # pages per job for the page guard: few round trips, work spread over the workers


class LoaPluginConfig(Config):
    preview = c.Type(bool, default=False)
    # A build to look at on this machine (`loa build --local`): may name 127.0.0.1, noindex.
    local = c.Type(bool, default=False)
    # Hosts that content images may load from; empty: only this site's own files.
    allowed_hosts = c.ListOfItems(c.Type(str), default=[])


class LoaPlugin(BasePlugin[LoaPluginConfig]):
    """Run load -> validate -> enrich inside `mkdocs build`/`serve` and hand MkDocs our pages."""

    site: Site | None = None
    prechecked: Report | None = None  # set by `loa build`, which has already run the check
    pages: dict[str, render.Page | render.LazyPage]
    fixed: dict[str, Fixed]  # per page being rendered: its HTML blocks set aside from Markdown
    rasteriser: Rasteriser | None = None
    workers: Workers | None = None
    shards = 1  # processes that render pages; `loa build` sets it to the CPU count
    shard: shard.Shard | None = None
    incremental: Incremental | None = None
    _started = 0.0
    serving = False

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining on_startup keeps this plugin object across `serve` rebuilds, with what it remembers.
        self.incremental = Incremental() if command == "serve" and dirty else None
        self.serving = command == "serve"
        self.history_cache: dict[str, list[Event]] = {}  # git history by commit, read once per commit

    def on_shutdown(self) -> None:
        if self.incremental is not None:
            self.incremental.wait()

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self._started = time.perf_counter()
        self.shard = None
        preview = self.config.preview or os.environ.get(PREVIEW_ENV) == "1"
        self.config.preview = preview
        try:  # canonical links, sitemap, feeds and exports all take this address
            address = resolve_address(config.site_url, local=self.serving or self.config.local or preview)
        except AddressMissing as exc:
            raise PluginError(str(exc)) from None
        config.site_url = address.url
        config.extra["loa_noindex"] = address.noindex
        # MkDocs would read our front matter leniently; the pipeline reads it strictly first.
        report = self.prechecked or check_site(Path(config.docs_dir), preview=preview,
                                               cache=self.incremental.check_cache if self.incremental else None,
                                               allowed_hosts=self.config.allowed_hosts)
        self.prechecked = None  # `serve` rebuilds: check again next time
        if report.errors or report.site is None:
            if self.serving:  # loa.serve shows the report in the browser and the terminal
                raise ContentErrors(report)
            raise PluginError("Nội dung có lỗi, không dựng trang:\n\n" + report.format())
        # Approval dates, change notes and withdrawals from git (only what the checkout's history says).
        history = read_history(Path(config.docs_dir), report.site.entries, getattr(self, "history_cache", None))
        self.site = dataclasses.replace(report.site, history=history)
        self.pages = {p.src_uri: p for p in render.iter_pages(self.site)}
        self.fixed = {}
        config.extra["loa_preview"] = self.config.preview
        config.extra["loa_owner"] = self.site.owner  # the footer's owner body and contact
        self._lap("checked; hub pages rendered")
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        # Content files are inputs to the pipeline, not pages: keep only the theme's files.
        kept = Files([f for f in files if not _is_docs_file(f, config)])
        generated: list[tuple[File, str]] = []
        assert self.site is not None
        if self.incremental is not None:  # each page's digest needs its Markdown
            rendered = self.incremental.load_pages(self.site, self.pages)
            self._lap(f"{rendered} entry pages rendered again")
        for page in self.pages.values():
            # A lazy page's Markdown is rendered in on_page_markdown, by the process that builds it.
            markdown = page.markdown if isinstance(page, render.Page) else ""
            kept.append(File.generated(config, page.src_uri, content=markdown))
            if isinstance(page, render.Page):
                generated.append((kept.src_uris[page.src_uri], digest(page.markdown, page.meta, page.title)))
        assert self.site is not None
        self.workers = Workers(1 if self.incremental else None)
        self.rasteriser = Rasteriser(default_cache_dir(Path(config.config_file_path).parent), self.workers)
        self.guarded: list[tuple[str, str]] = []
        self.unsafe: list[str] = []
        self.guard_results: list[Future[list[tuple[str, list[str]]]]] = []
        rasters = []
        inc = self.incremental
        assets = render.iter_assets(self.site, inc.entry_assets if inc else None)
        exports = inc.exports(self.site, config.site_url or "/") if inc else iter_exports(self.site, config.site_url or "/")
        for path, content in [*assets, *exports]:
            if isinstance(content, Raster):
                rasters.append((path, content))
            else:
                file = _download(config, path, content)
                kept.append(file)
                generated.append((file, digest(content)))
        if self.incremental is not None:
            changed = self.incremental.mark(generated, config)
            site_dir = Path(config.site_dir)
            rasters = [(p, job) for p, job in rasters if not self.incremental.unchanged(p, cache_key(job), site_dir)]
            self._lap(f"{changed} changed pages and files, {len(rasters)} PNGs to write")
        if self.shards > 1 and hasattr(os, "fork") and (len(self.pages) >= shard.MIN_PAGES or os.environ.get(RENDER_PROCESSES_ENV)):
            costs = {src: len(p.markdown) if isinstance(p, render.Page) else p.cost for src, p in self.pages.items()}
            self.shard = shard.split(kept, config, costs, _nav_pages(config.nav or []))
        if self.shard is None or not self.shard.is_child:
            self.rasteriser.submit_all(rasters)  # drawn in workers while pages render
        self._lap(f"files listed; {self.rasteriser.hits} PNGs from the cache")
        return kept

    def on_env(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        self.env, self.files = env, files
        self._lap("Markdown converted")
        return env

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.shard is not None and self.shard.is_child:
            self.shard.problems += self.unsafe
            shard.finish_child(self.shard)  # does not return
        assert self.rasteriser is not None and self.workers is not None
        try:
            self._finish(config)
        except BrokenProcessPool:
            raise PluginError("Tiến trình phụ (kiểm tra trang, vẽ PNG) bị dừng đột ngột; hãy dựng lại.") from None
        finally:
            self.workers.close()

    def _finish(self, config: MkDocsConfig) -> None:
        self._lap("pages written")
        self._send_to_guard()
        unsafe = [f"Trang {name} không an toàn: " + "; ".join(problems)
                  for future in self.guard_results for name, problems in future.result()]
        unsafe += self.unsafe
        if self.shard is not None:
            unsafe += shard.join_child(self.shard)
            self._lap("pages rendered by both processes")
            shard.write_sitemap(self.files, config, self.env)  # MkDocs's lists only this process's pages
        if unsafe:
            raise PluginError("\n".join(unsafe))
        site_dir = Path(config.site_dir)
        assert self.rasteriser is not None
        # Every build, `serve` included, gets its search index; a failed index fails the build.
        # Pagefind runs while this process writes the PNGs (they touch no HTML);
        # `serve` reloads the pages first and swaps the new index in when it is ready.
        png_cache = default_cache_dir(Path(config.config_file_path).parent)
        br_cache = png_cache.parent / "br" if png_cache else None
        with ThreadPoolExecutor(2) as pool:
            indexed = None if self.incremental is not None else pool.submit(index_site, site_dir)
            for path, png in self.rasteriser.results():
                (site_dir / path).parent.mkdir(parents=True, exist_ok=True)
                (site_dir / path).write_bytes(png)
            self.rasteriser.prune()
            self._lap(f"PNGs written ({self.rasteriser.drawn} drawn)")
            left = localise_theme_scripts(site_dir, urlsplit(config.site_url or "/").path)
            # `serve` sends files as they are; a build ships .br and .gz beside them. Pages are final
            # once written, so they are compressed while Pagefind reads them; Pagefind's files after.
            compressed = None if indexed is None else pool.submit(compress_site, site_dir, br_cache, skip=("pagefind/",),
                                                                  threads=self.workers.count)
            try:
                if indexed is not None:
                    indexed.result()
            except IndexFailed as exc:
                raise PluginError(str(exc)) from None
            if compressed is not None:
                compressed.result()
        write_headers(site_dir)  # after Pagefind: its hashed files get long caching
        if self.incremental is None:
            compress_site(site_dir, br_cache, within="pagefind", threads=self.workers.count)
            self._lap("pre-compressed copies written")
        if left:
            raise PluginError("Tệp JavaScript của giao diện còn tải từ máy chủ khác: " + ", ".join(left))
        if self.incremental is not None:
            self.incremental.index_later(site_dir)
        self._lap("search index")
        child = self.shard.child_rss_kb if self.shard is not None else 0
        self._lap(f"done; peak memory: main process {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024} MB, "
                  f"second renderer {child // 1024} MB, largest helper (Pagefind, workers) "
                  f"{resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024} MB")

    def _lap(self, what: str) -> None:
        """With LOA_TIMING=1, say on stderr when each phase ended (seconds since on_config)."""
        if os.environ.get("LOA_TIMING"):
            who = "" if self.shard is None else " (child)" if self.shard.is_child else " (parent)"
            print(f"[loa{who}] {time.perf_counter() - self._started:7.2f} s  {what}", file=sys.stderr, flush=True)

    def on_build_error(self, *, error: Exception) -> None:
        if self.shard is not None:
            if self.shard.is_child:
                shard.finish_child(self.shard, error=error)  # does not return
            shard.stop_child(self.shard)
        if self.workers is not None:
            self.workers.close()

    def on_page_markdown(self, markdown: str, *, page: Page, **kwargs: Any) -> str:
        ours = self.pages.get(page.file.src_uri)
        if isinstance(ours, render.LazyPage):
            ours = ours.load()
            markdown = ours.markdown
        if ours is not None:
            if ours.fixed is not None and ours.fixed.blocks:
                self.fixed[page.file.src_uri] = ours.fixed
            page.meta.update(ours.meta)
            # Material prints the title and description unescaped (header, <title>, nav, footer, meta
            # tags): they are escaped here, once; templates print them as they are.
            page.meta["title"] = html.escape(ours.title, quote=True)
            if isinstance(page.meta.get("description"), str):
                page.meta["description"] = html.escape(page.meta["description"], quote=True)
        return markdown

    def on_page_content(self, html: str, *, page: Page, **kwargs: Any) -> str:
        # Whatever an editor wrote, the page body keeps only safe markup (defence beside `loa check`).
        trusted = page.meta.get("loa_kind") in ("home", "search")
        fixed = self.fixed.pop(page.file.src_uri, None)
        return sanitize_html(put_back(html, fixed) if fixed else html, self.config.allowed_hosts, allow_forms=trusted)

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        # The whole page is checked in a worker while the next pages render; an unsafe page fails
        # the build in on_post_build, before `loa build` puts anything in place.
        # When both processes render (loa.shard), or `serve` renders a few pages, each checks here.
        if self.shard is not None or self.incremental is not None:
            self.unsafe += [f"Trang {name} không an toàn: " + "; ".join(problems)
                            for name, problems in pages_problems([(page.file.src_uri, output)], self.config.allowed_hosts)]
            return output
        self.guarded.append((page.file.src_uri, output))
        if len(self.guarded) >= GUARD_BATCH:
            self._send_to_guard()
        return output

    def _send_to_guard(self) -> None:
        if self.guarded:
            assert self.workers is not None
            self.guard_results.append(self.workers.submit(pages_problems, self.guarded, list(self.config.allowed_hosts)))
            self.guarded = []


def _download(config: MkDocsConfig, path: str, content: str | bytes) -> File:
    """A generated file copied as it is; a Markdown download (`.md`) must not become a page."""
    if not path.endswith(".md"):
        return File.generated(config, path, content=content)
    file = File.generated(config, path + ".download", content=content)
    file.dest_uri = path
    return file


def _nav_pages(nav: list[Any]) -> set[str]:
    """Source paths of the pages the nav names (they stay with the parent process)."""
    found: set[str] = set()
    for item in nav:
        values = item.values() if isinstance(item, dict) else [item]
        for value in values:
            found |= _nav_pages(value) if isinstance(value, list) else {value} if isinstance(value, str) else set()
    return found


def _is_docs_file(file: File, config: MkDocsConfig) -> bool:
    return file.abs_src_path is not None and Path(file.abs_src_path).is_relative_to(Path(config.docs_dir).resolve())
