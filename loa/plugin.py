"""MkDocs adapter (entry point "loa"): hooks, each translating MkDocs objects and calling a stage; and three
speed-ups of MkDocs's own work that give the same site: its page conversion with one Markdown instance
per process (`PageMarkdown`), Material's shared template parts rendered once (`TemplateParts`), and
every page's content rendered before the pages so Pagefind indexes while they are written (`EarlyContent`)."""

import functools
import hashlib
import logging
import os
from collections.abc import Callable
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import markdown
import mkdocs
from markupsafe import Markup
from mkdocs.commands.build import get_context
from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import (
    Page,
    _ExtractAnchorsTreeprocessor,
    _ExtractTitleTreeprocessor,
    _RawHTMLPreprocessor,
    _RelativePathTreeprocessor,
)
from mkdocs.structure.toc import get_toc
from mkdocs.utils import normalize_url

from loa import log, publish, render, sections, shard, workers
from loa.fixedhtml import Fixed, put_back
from loa.htmlcache import HtmlCache
from loa.incremental import Incremental
from loa.memo import stable
from loa.options import BuildContext, options_from_environment
from loa.safety import sanitize_html


class PageMarkdown:
    """`Page.render` of MkDocs 1.6.1, converting every page with one `markdown.Markdown`, reset between pages,
    and keeping each conversion between builds (`loa.htmlcache`).

    MkDocs makes a new instance for each page: loading and configuring the Markdown extensions of
    mkdocs.yml was 0.9 of the 7.2 s MkDocs spent converting 1,036 pages (cProfile, N = 1,000).
    `reset()` is Python-Markdown's way to convert many documents with one instance (every extension
    used here resets its state); MkDocs's per-page processors are made afresh for each page, as
    MkDocs makes them, and replace the last page's by name. Another MkDocs version keeps its own
    `render` (this one copies 1.6.1's). tests/test_build.py builds the real content both ways.
    """

    MKDOCS_VERSION = "1.6.1"

    def __init__(self, config: MkDocsConfig, cache_dir: Path | None = None) -> None:
        self.md = markdown.Markdown(extensions=config["markdown_extensions"],
                                    extension_configs=config["mdx_configs"] or {})
        self.cache: HtmlCache | None = None
        self.files: tuple[Files, str] | None = None  # the build's files and their digest
        if cache_dir is not None:
            named = [stable(config[name]) for name in ("markdown_extensions", "mdx_configs", "use_directory_urls")]
            named.append(stable({k: dict(v) for k, v in dict(config["validation"]).items()}))
            settings = [s for s in named if s is not None]
            if len(settings) < len(named):
                return  # an extension set up with an object: no key could name it
            settings.append(f"log level {logging.getLogger('mkdocs.structure.pages').getEffectiveLevel()}")
            self.cache = HtmlCache(cache_dir, settings)

    @classmethod
    def applies(cls) -> bool:
        return mkdocs.__version__ == cls.MKDOCS_VERSION

    def render(self, page: Page, config: MkDocsConfig, files: Files) -> None:
        if page.markdown is None:
            raise RuntimeError("`markdown` field hasn't been set (via `read_source`)")
        key = self._key(page, files)
        if key is not None and self._from_cache(page, files, key):
            return
        md = self.md.reset()
        raw_html_ext = _RawHTMLPreprocessor()
        raw_html_ext._register(md)
        extract_anchors_ext = _ExtractAnchorsTreeprocessor(page.file, files, config)
        extract_anchors_ext._register(md)
        relative_path_ext = _RelativePathTreeprocessor(page.file, files, config)
        relative_path_ext._register(md)
        extract_title_ext = _ExtractTitleTreeprocessor()
        extract_title_ext._register(md)
        with log.Listening() as heard:
            page.content = md.convert(page.markdown)
        page.toc = get_toc(getattr(md, "toc_tokens", []))
        page._title_from_render = extract_title_ext.title
        page.present_anchor_ids = extract_anchors_ext.present_anchor_ids | raw_html_ext.present_anchor_ids
        if logging.getLogger("mkdocs.structure.pages").getEffectiveLevel() > logging.DEBUG:
            page.links_to_anchors = relative_path_ext.links_to_anchors
        if key is not None and self.cache is not None and not heard.records:
            links = page.links_to_anchors
            self.cache.put(key, {"content": page.content, "toc": getattr(md, "toc_tokens", []),
                                 "title": page._title_from_render, "anchors": sorted(page.present_anchor_ids),
                                 "links": None if links is None else {f.src_uri: v for f, v in links.items()}})

    def _key(self, page: Page, files: Files) -> str | None:
        if self.cache is None or page.markdown is None:
            return None
        if self.files is None or self.files[0] is not files:
            listing = "\n".join(f"{f.src_uri}\0{f.dest_uri}\0{f.url}\0{f.is_documentation_page()}" for f in files)
            self.files = (files, hashlib.sha256(listing.encode()).hexdigest())
        return self.cache.key(self.files[1], page.file.src_uri, page.file.dest_uri, page.file.url, page.markdown)

    def _from_cache(self, page: Page, files: Files, key: str) -> bool:
        """Fill the page from the cached conversion; False (nothing changed) when there is none."""
        assert self.cache is not None
        entry = self.cache.get(key)
        if entry is None:
            return False
        links = None
        if entry["links"] is not None:
            links = {files.get_file_from_path(uri): anchors for uri, anchors in entry["links"].items()}
            if None in links:
                return False
        page.content = entry["content"]
        page.toc = get_toc(entry["toc"])
        page._title_from_render = entry["title"]
        page.present_anchor_ids = set(entry["anchors"])
        if links is not None:
            page.links_to_anchors = links  # type: ignore[assignment]
        return True


class TemplateParts:
    """Parts of Material's page template that many pages share, rendered once per build and process.

    The navigation sidebars of a page outside the navigation (an entry's page), when the page has
    no table of contents to show, and the `__config` script: they depend on the page only through
    its links, which are relative (the key holds each of them as this page would write it). Material's
    navigation was 0.7 ms and the script 0.2 ms of every page (cProfile, N = 1,000). A page in the
    navigation, with headings below its title, or hiding a sidebar renders them itself.
    theme/main.html asks here; tests/test_build.py builds the real content both ways.
    """

    def __init__(self, nav: Any) -> None:
        self.parts: dict[tuple[Any, ...], Any] = {}
        self.early: dict[int, Markup] = {}  # a page's content, rendered by EarlyContent, by id(page)
        self.in_nav = {id(p) for p in nav.pages}
        urls, todo = ["assets/"], list(nav.items)  # the logo and theme files are under assets/
        while todo:
            item = todo.pop(0)
            if getattr(item, "url", None) is not None:
                urls.append(item.url)
            todo += list(getattr(item, "children", None) or [])
        if nav.homepage is not None:
            urls.append(nav.homepage.url)
        self.urls = tuple(urls)

    def nav_key(self, page: Any, base_url: str) -> tuple[Any, ...] | None:
        if not isinstance(page, Page) or id(page) in self.in_nav or (page.meta or {}).get("hide"):
            return None
        toc = list(page.toc or ())
        if toc and toc[0].level == 1:  # as partials/toc.html reads it: the title's children, if it is first
            toc = list(toc[0].children)
        if toc:
            return None
        return ("nav", base_url, *(normalize_url(url, page) for url in self.urls))

    def get(self, key: tuple[Any, ...] | None) -> Any:
        return None if key is None else self.parts.get(key)

    def put(self, key: tuple[Any, ...] | None, html: Any) -> Any:
        if key is not None:
            self.parts[key] = html
        return html

    def content(self, page: Any) -> Markup | None:
        """The page's content as EarlyContent rendered it (once: the page is then written), or None."""
        return self.early.pop(id(page), None)


class EarlyContent:
    """Every page's content rendered once all the Markdown is converted, before MkDocs renders the pages
    one by one: its search copy (loa.index.search_copy) is written at once, so Pagefind indexes while
    the pages are written. Before, it started after the last page and spent its last seconds on one
    core with the other idle (5 s at N = 5,000).

    The content is theme/partials/loa-content.html rendered with MkDocs's context for the page, which
    main.html's content block renders too; main.html puts this HTML into the page (`TemplateParts.content`),
    so the page holds exactly what was indexed. The copy's <title> is base.html's block, rendered the
    same way. A page another template renders, another plugin's page context, or a template error ends
    this: the pages left are rendered wholly by MkDocs, their copies written with them, and Pagefind
    starts after them, as before. tests/test_build.py builds the real content both ways.
    """

    PARTIAL = "partials/loa-content.html"

    def __init__(self, env: Any, config: MkDocsConfig, nav: Any, files: Files) -> None:
        self.env, self.config, self.nav, self.files = env, config, nav, files

    @staticmethod
    def applies(config: MkDocsConfig) -> bool:
        return not config.plugins.events["page_context"]  # nothing else changes what a page's template sees

    def write(self, parts: TemplateParts, keep: Callable[[str, str], None]) -> bool:
        """Render each page's content into `parts` and `keep(dest_uri, html)` its search copy; True when
        every page's was."""
        pages = self.files.documentation_pages()  # as MkDocs's build gives them to each page's context
        try:
            content, title = self.env.get_template(self.PARTIAL), self.env.get_template("base.html")
        except Exception as exc:  # noqa: BLE001 - MkDocs renders the pages itself and reports any error
            logging.getLogger(__name__).debug(f"{self.PARTIAL}: nội dung trang dựng cùng trang ({exc})")
            return False
        for file in pages:
            page = file.page
            if page is None or page.content is None or page.meta.get("template", "main.html") != "main.html":
                return False
            context = get_context(self.nav, pages, self.config, page)
            try:
                html = Markup(content.render(context))
                head = "".join(title.blocks["htmltitle"](title.new_context(context)))
            except Exception as exc:  # noqa: BLE001 - MkDocs renders the page itself and reports any error
                logging.getLogger(__name__).debug(f"{file.src_uri}: nội dung trang dựng cùng trang ({exc})")
                return False
            parts.early[id(page)] = html
            keep(file.dest_uri, f"{head}{html}</article>")
            page.content = None  # the HTML above holds it; as on_post_page, for the memory
        return True


class LoaPluginConfig(Config):
    preview = c.Type(bool, default=False)
    local = c.Type(bool, default=False)  # may name 127.0.0.1, noindex (`loa build --local`)
    allowed_hosts = c.ListOfItems(c.Type(str), default=[])  # hosts content images may load from


class LoaPlugin(BasePlugin[LoaPluginConfig]):
    """Run load -> validate -> enrich inside `mkdocs build`/`serve`, hand MkDocs our pages, then publish."""

    context: BuildContext | None = None  # from `loa build`/`loa serve` (use()); else made from the config
    shard: "shard.Shard | None" = None  # quoted: the attribute shadows the module once assigned
    publication: publish.Publication  # made in on_files
    fixed: dict[str, Fixed | None]  # per page being rendered: its HTML blocks set aside from Markdown (loa.fixedhtml)
    helpers: "publish.Helpers | None" = None  # hub pages and exports made by helpers from on_config to on_files
    serving, incremental = False, None  # set by on_startup (`loa build` calls none)

    def use(self, context: BuildContext) -> None:
        """How `loa build` and `loa serve` configure the next build: options, the check they already ran."""
        self.context = context

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining on_startup keeps this plugin object across `serve` rebuilds, with what it remembers.
        self.serving, self.incremental = command == "serve", Incremental() if command == "serve" and dirty else None
        log.configure()  # under a bare `mkdocs build`/`serve` too, loa's lines reach the terminal

    def on_shutdown(self) -> None:
        self.incremental.wait() if self.incremental is not None else None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        context, self.context = self.context, None  # `serve` rebuilds: a fresh context (or check) each time
        if context is None:  # bare `mkdocs build`/`serve`: this is the edge
            project = Path(config.config_file_path or ".").parent
            context = BuildContext(options_from_environment(project, preview=self.config.preview, local=self.config.local))
        self.options, self.shard, self.fixed, self.timer = context.options, None, {}, publish.Timer(context.options.timing)
        self.page_markdown: PageMarkdown | None = None  # made with this build's config by the first page
        self.safe_html: HtmlCache | None = None  # pages' sanitized content by content (loa.htmlcache), with it
        try:  # canonical links, sitemap, feeds and exports all take the address
            address, self.site, self.pages, self.helpers = publish.prepare(
                context, config.site_url, Path(config.docs_dir), self.config.allowed_hosts, serving=self.serving,
                check_cache=self.incremental.check_cache if self.incremental else None,
                history_cache=self.incremental.history if self.incremental else None,
                markdown=render.MarkdownSettings(tuple(config.markdown_extensions), dict(config.mdx_configs)))
        except publish.PublishFailed as exc:
            raise PluginError(str(exc)) from None
        config.site_url, config.nav = address.url, sections.nav()  # one registry of hubs (loa.sections)
        config.extra.update(loa_noindex=address.noindex, loa_preview=self.options.preview, loa_owner=self.site.owner)
        self.timer.lap("checked; hub pages " + ("and exports made by helpers" if self.helpers is not None else "rendered"))
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        docs = Path(config.docs_dir).resolve()  # content files are inputs to the pipeline, not pages
        kept = Files([f for f in files if f.abs_src_path is None or not Path(f.abs_src_path).is_relative_to(docs)])
        inc, base_url = self.incremental, config.site_url or "/"
        helpers = self.helpers
        reused = (inc.reuse(self.site, self.pages, base_url, self.timer) if inc is not None
                  else (None, helpers.exports(), helpers.words) if helpers is not None else (None, None))
        self.publication = publish.start(self.site, self.options, self.config.allowed_hosts, self.timer,
                                         one_worker=inc is not None, inline_guard=inc is not None)
        written: list[File] = []
        downloads: list[tuple[File, str | bytes]] = []  # kept by `loa serve` only, to see what changed
        for path, content in self.publication.files(base_url, *reused):
            file = _download(config, path, content, write=inc is None)
            written.append(file)
            if inc is not None:
                downloads.append((file, content))
        if self.helpers is not None:  # rendered by a helper while the downloads were made
            self.pages, self.helpers = {**self.helpers.pages(), **self.pages}, None
        for page in self.pages.values():  # a lazy page is rendered in on_page_markdown, by the process that builds it
            kept.append(File.generated(config, page.src_uri, content=page.markdown if isinstance(page, render.Page) else ""))
        for file in written:
            kept.append(file)
        if inc is not None:
            self.timer.lap(inc.mark_build(kept, self.pages, downloads, self.publication, config))
        if inc is None:  # a build indexes copies of its pages; `loa serve` indexes the site later
            self.publication.start_search_copies(Path(config.site_dir))
        self.shard = shard.maybe_split(kept, config, self.pages, self.options)
        if self.shard is not None:
            self.publication.split(child=self.shard.is_child)
        if self.shard is None or not self.shard.is_child:
            self.publication.draw()  # drawn in workers while pages render
        self.timer.lap(f"files listed; {self.publication.rasteriser.hits} PNGs from the cache")
        return kept

    def on_nav(self, nav: Any, *, config: MkDocsConfig, files: Files) -> Any:
        self.template_parts, self.nav = TemplateParts(nav), nav
        return nav

    def on_env(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        self.env, self.files = env, files  # shard.write_sitemap needs them
        env.globals["loa_parts"] = self.template_parts
        converted, safe = self.page_markdown.cache if self.page_markdown is not None else None, self.safe_html
        self.timer.lap("Markdown converted" + (f"; from the cache: {converted.hits} conversions, {safe.hits} safe contents"
                                               if converted is not None and safe is not None else ""))
        pub, split = self.publication, self.shard
        self.copies_written = False
        if pub.search_copies is not None:  # a build: Pagefind may start now, not after the last page
            self.copies_written = written = EarlyContent.applies(config) and EarlyContent(
                env, config, self.nav, files).write(self.template_parts, pub.keep_for_search)
            self.timer.lap("content rendered, search copies written" if written else
                           "search copies to be written with the pages")
            if split is not None and split.is_child:
                shard.say_copies_written(split, written)
            elif written:
                pub.index_when(Path(config.site_dir),
                               (lambda: shard.child_copies_written(split)) if split is not None else (lambda: True))
            elif split is not None:
                shard.ignore_copies(split)  # Pagefind starts after the pages, whatever the child says
            if written and (self.options.own_process or (split is not None and split.is_child)):
                # Pagefind ends on one core: it goes first, and the pages take what it leaves (both cores
                # once it is done) instead of Pagefind finishing alone after the last page. Only in a
                # process that ends with the build: without privileges, priority cannot be raised again.
                workers.lower_priority(workers.BEHIND_INDEX)
        return env

    def on_pre_page(self, page: Page, *, config: MkDocsConfig, files: Files) -> Page:
        if PageMarkdown.applies():
            if self.page_markdown is None:
                cache = self.options.png_cache.parent / "html" if self.options.png_cache is not None else None
                self.page_markdown = PageMarkdown(config, cache)
                self.safe_html = HtmlCache(cache, ["sanitized", *sorted(self.config.allowed_hosts)]) if cache else None
            page.render = functools.partial(self.page_markdown.render, page)  # type: ignore[method-assign]
        return page

    def on_page_markdown(self, markdown: str, *, page: Page, **kwargs: Any) -> str:
        ours = self.pages.get(page.file.src_uri)
        ours = ours.load() if isinstance(ours, render.LazyPage) else ours  # rendered by the process that builds it
        if ours is not None:
            page.meta.update(render.escaped_meta(ours))
            self.fixed[page.file.src_uri] = ours.fixed
        return markdown if ours is None else ours.markdown

    def on_page_content(self, html: str, *, page: Page, **kwargs: Any) -> str:
        # Whatever an editor wrote, the page body keeps only safe markup (defence beside `loa check`).
        trusted = page.meta.get("loa_kind") in ("home", "search")
        html = put_back(html, self.fixed.pop(page.file.src_uri, None))
        cache = self.safe_html
        if cache is None:
            return sanitize_html(html, self.config.allowed_hosts, allow_forms=trusted)
        # The same HTML gives the same safe HTML: kept by content, like the conversion before it.
        key = cache.key(str(trusted), html)
        entry = cache.get(key)
        if entry is not None and isinstance(entry.get("content"), str):
            return str(entry["content"])
        safe = sanitize_html(html, self.config.allowed_hosts, allow_forms=trusted)
        cache.put(key, {"content": safe})
        return safe

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        self.publication.guard.check(page.file.src_uri, output)  # an unsafe page fails the build in on_post_build
        if not self.copies_written:  # else written before the pages (EarlyContent)
            self.publication.keep_for_search(page.file.dest_uri, output)
        # MkDocs writes `output` and keeps the page to the end of the build: its HTML body is needed no more
        # (other pages' templates read titles and URLs), and for a large site it is most of this process.
        page.content = None
        return output

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        pub, split = self.publication, self.shard
        for cache in (self.page_markdown.cache if self.page_markdown is not None else None, self.safe_html):
            if cache is not None:
                cache.flush()  # this process's new conversions and safe contents, in one write
        if split is not None and split.is_child:
            split.problems += pub.guard.problems()
            shard.finish_child(split)  # does not return
        try:
            self.timer.lap("pages written")
            unsafe = pub.guard.problems() + (shard.join_child(split) if split is not None else [])
            if split is not None:  # MkDocs's sitemap lists only this process's pages
                self.timer.lap("pages rendered by both processes")
                shard.write_sitemap(self.files, config, self.env)
            if unsafe:
                raise PluginError("\n".join(unsafe))
            pub.finish(Path(config.site_dir), urlsplit(config.site_url or "/").path,
                       index=self.incremental is None, compress=self.incremental is None)
        except publish.PublishFailed as exc:
            raise PluginError(str(exc)) from None
        except BrokenProcessPool:
            raise PluginError("Tiến trình phụ (kiểm tra trang, vẽ PNG) bị dừng đột ngột; hãy dựng lại.") from None
        finally:
            pub.workers.close()
        if self.incremental is not None:
            self.incremental.index_later(Path(config.site_dir))
        self.timer.lap("published")
        self.timer.lap(publish.peak_memory(split.child_rss_kb if split is not None else 0))

    def on_build_error(self, *, error: Exception) -> None:
        if self.helpers is not None:
            self.helpers.stop()
        if self.shard is not None:  # a child stops here (finish_child does not return); the parent stops it
            shard.finish_child(self.shard, error=error) if self.shard.is_child else shard.stop_child(self.shard)
        if (pub := getattr(self, "publication", None)) is not None:
            pub.stop_indexing()
            pub.workers.close()


def _download(config: MkDocsConfig, path: str, content: str | bytes, *, write: bool = False) -> File:
    """A generated file copied as it is; a Markdown download (`.md`) must not become a page.

    `write`: written into the site now, as MkDocs would write it (MkDocs then leaves it there), so its
    content is not held in memory until MkDocs copies files after converting every page.
    """
    src_uri = path + ".download" if path.endswith(".md") else path
    if not write:
        file = File.generated(config, src_uri, content=content)
        file.dest_uri = path
        return file
    file = File.generated(config, src_uri, abs_src_path=os.devnull)  # its own place, once that is known
    file.dest_uri = path
    target = file.abs_dest_path
    os.makedirs(os.path.dirname(target), exist_ok=True)
    if isinstance(content, str):  # as mkdocs.structure.files.File.copy_file writes generated content
        with open(target, "w", encoding="utf-8") as out:
            out.write(content)
    else:
        with open(target, "wb") as out:
            out.write(content)
    file.abs_src_path = target  # the same file: MkDocs's copy leaves it as it is
    return file

