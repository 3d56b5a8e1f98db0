"""Site -> every page of the build: the home page and hubs, the search page, one page per visible entry."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial

from loa import hubs, render
from loa.kinds import KINDS
from loa.memo import Memo
from loa.sections import kind_hubs
from loa.site import Site


def iter_pages(site: Site, markdown: render.MarkdownSettings | None = None,
               memo: Memo | None = None) -> Iterator[render.Page | render.LazyPage]:
    """Yield every page of the site: the home page, hubs, search and one page per visible entry.

    Entry pages are lazy: when `loa build` renders pages in two processes, each renders its own.
    """
    yield from iter_hub_pages(site, markdown, memo)
    yield from iter_entry_pages(site)


def iter_hub_pages(site: Site, markdown: render.MarkdownSettings | None = None,
                   memo: Memo | None = None) -> Iterator[render.Page]:
    """The pages drawn from many entries (home, hubs, handouts, changes) and the search page, rendered."""
    yield from hubs.iter_hub_pages(site, markdown, memo)
    search = render.SEARCH_PAGE
    yield render.Page(search, "Tìm kiếm", render.render_template("search.md.j2", search, site=site, hubs=kind_hubs()),
                      {"loa_kind": "search",
                       "description": "Tìm văn bản, hỏi đáp, khẩu hiệu, thông điệp; gõ có dấu hoặc không dấu.",
                       "loa_search_config": render.search_config(site)})


def iter_entry_pages(site: Site) -> Iterator[render.LazyPage]:
    """One lazy page per visible entry, rendered by the process that builds it."""
    for kind in {KINDS[e.kind].template for e in site.visible()}:  # compiled once, before `loa build` forks
        render.compiled(kind)
    for entry in site.visible():
        src_uri = f"{KINDS[entry.kind].folder}/{entry.id}.md"
        yield render.LazyPage(src_uri, entry.title, partial(render.entry_page, site, entry, src_uri),
                              len(entry.body) + render.PAGE_OVERHEAD, entry)
