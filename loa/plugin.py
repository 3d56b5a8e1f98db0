"""MkDocs adapter (entry point "loa"): runs the content pipeline; hooks only, no content rules."""

from __future__ import annotations

import os
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

from loa import render
from loa.build import PREVIEW_ENV
from loa.enrich import Site
from loa.export import iter_exports
from loa.headers import write_headers
from loa.index import IndexFailed, index_site
from loa.pipeline import Report, check_site
from loa.safety import localise_theme_scripts, page_problems, sanitize_html


class LoaPluginConfig(Config):
    preview = c.Type(bool, default=False)
    # Hosts that content images may load from; empty: only this site's own files.
    allowed_hosts = c.ListOfItems(c.Type(str), default=[])


class LoaPlugin(BasePlugin[LoaPluginConfig]):
    """Run load -> validate -> enrich inside `mkdocs build`/`serve` and hand MkDocs our pages."""

    site: Site | None = None
    prechecked: Report | None = None  # set by `loa build`, which has already run the check
    pages: dict[str, render.Page]

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        preview = self.config.preview or os.environ.get(PREVIEW_ENV) == "1"
        self.config.preview = preview
        # MkDocs would read our front matter leniently; the pipeline reads it strictly first.
        report = self.prechecked or check_site(Path(config.docs_dir), preview=preview)
        self.prechecked = None  # `serve` rebuilds: check again next time
        if report.errors or report.site is None:
            raise PluginError("Nội dung có lỗi, không dựng trang:\n\n" + report.format())
        self.site = report.site
        self.pages = {p.src_uri: p for p in render.iter_pages(self.site)}
        config.extra["loa_preview"] = self.config.preview
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        # Content files are inputs to the pipeline, not pages: keep only the theme's files.
        kept = Files([f for f in files if not _is_docs_file(f, config)])
        for page in self.pages.values():
            kept.append(File.generated(config, page.src_uri, content=page.markdown))
        assert self.site is not None
        for path, content in [*render.iter_assets(self.site), *iter_exports(self.site, config.site_url or "/")]:
            kept.append(File.generated(config, path, content=content))
        return kept

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        # Every build, `serve` included, gets its search index; a failed index fails the build.
        try:
            index_site(Path(config.site_dir))
        except IndexFailed as exc:
            raise PluginError(str(exc)) from None
        left = localise_theme_scripts(Path(config.site_dir), urlsplit(config.site_url or "/").path)
        if left:
            raise PluginError("Tệp JavaScript của giao diện còn tải từ máy chủ khác: " + ", ".join(left))
        write_headers(Path(config.site_dir))

    def on_page_markdown(self, markdown: str, *, page: Page, **kwargs: Any) -> str:
        ours = self.pages.get(page.file.src_uri)
        if ours is not None:
            page.meta.update(ours.meta)
            # Material prints titles unescaped in the header, nav and footer.
            page.meta["title"] = ours.title.replace("<", "&lt;").replace(">", "&gt;")
        return markdown

    def on_page_content(self, html: str, *, page: Page, **kwargs: Any) -> str:
        # Whatever an editor wrote, the page body keeps only safe markup (defence beside `loa check`).
        trusted = page.meta.get("loa_kind") in ("home", "search")
        return sanitize_html(html, self.config.allowed_hosts, allow_forms=trusted)

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        problems = page_problems(output, self.config.allowed_hosts)
        if problems:
            raise PluginError(f"Trang {page.file.src_uri} không an toàn: " + "; ".join(problems))
        return output


def _is_docs_file(file: File, config: MkDocsConfig) -> bool:
    return file.abs_src_path is not None and Path(file.abs_src_path).is_relative_to(Path(config.docs_dir).resolve())
