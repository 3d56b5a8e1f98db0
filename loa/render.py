"""Site -> pages: plain data (source path, Markdown, page meta) for any renderer to turn into HTML."""

from __future__ import annotations

import hashlib
import html
import json
import posixpath
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache, partial
from typing import Any
from urllib.parse import unquote, urlsplit
from xml.etree.ElementTree import Element

import jinja2
import markdown
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup

from loa.banners import slogan_banners
from loa.fixedhtml import Fixed, set_aside
from loa.infographics import TYPES, render_svg
from loa.infographics.svg import social_card
from loa.kinds import KINDS
from loa.kinds.document import DOC_TYPES, FORCE, RELATIONS
from loa.kinds.message import gsm_length
from loa.memo import Memo, stable
from loa.model import Entry
from loa.raster import Raster, can_rasterise
from loa.sections import kind_hubs
from loa.site import Site, doc_label, places_of, related_entries, section_label, url_for
from loa.text.search import HUB_ANSWER_RANK, HUB_KIND, SENTINEL, build_vocabulary, expansion_terms
from loa.text.vi import format_date, format_date_long

STATUS_LABELS = {"draft": "Bản nháp", "review": "Đang duyệt", "approved": "Đã duyệt", "retired": "Đã thu hồi"}
SEARCH_PAGE = "tim-kiem/index.md"
VOCABULARY = "tim-kiem/tu-vung.json"
SITE_NAME = "Cổng thông tin tuyên truyền"


@dataclass(frozen=True, slots=True)
class Page:
    """One page to build: `src_uri` as if it were a file under docs_dir."""

    src_uri: str
    title: str
    markdown: str
    meta: dict[str, Any] = field(default_factory=dict)
    fixed: Fixed | None = None  # the template's HTML blocks set aside from `markdown` (loa.fixedhtml)

    @property
    def written(self) -> str:
        """The page as its template wrote it: `markdown` with the set-aside HTML blocks back in place."""
        return self.markdown if self.fixed is None else self.fixed.restore(self.markdown)


PAGE_OVERHEAD = 3000  # Markdown a template adds around an entry's body (metadata, sources), roughly


@dataclass(frozen=True, slots=True)
class LazyPage:
    """A page whose Markdown is rendered only when MkDocs reads it (by the process that builds it)."""

    src_uri: str
    title: str
    load: Callable[[], Page]
    cost: int  # a guess at its Markdown's length, to share pages fairly between processes
    entry: Entry  # whose page it is


@lru_cache(maxsize=1)
def _env() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("loa", "templates"),
        autoescape=True,  # every value from front matter is escaped; bodies are passed as Markdown
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters.update(date=format_date, date_long=format_date_long, url=url_for, md_escape=md_escape,
                       doc_label=doc_label, gsm_length=gsm_length)
    env.globals.update(DOC_TYPES=DOC_TYPES, RELATIONS=RELATIONS, FORCE=FORCE, STATUS_LABELS=STATUS_LABELS,
                       KINDS=KINDS)
    return env


def compiled(template: str) -> jinja2.Template:
    """A template of loa's, compiled (Jinja keeps it: later renders in this process, or a fork, reuse it)."""
    return _env().get_template(template)


def relative_url(target: str, page_url: str) -> str:
    """Return `target` (site-absolute, ending in /) relative to the page at `page_url`."""
    rel = posixpath.relpath(target, page_url)
    return "./" if rel == "." else rel + ("/" if target.endswith("/") and not rel.endswith("/") else "")


def page_url_for(src_uri: str) -> str:
    """Site-absolute URL of a page built from `src_uri` with directory URLs."""
    stem = src_uri[: -len(".md")]
    if stem == "index":
        return "/"
    return "/" + (stem[: -len("/index")] if stem.endswith("/index") else stem) + "/"


def md_escape(text: str) -> Markup:
    """Front-matter text made safe for a Markdown line, escaped once for each reader.

    Markdown's inline syntax gets a backslash; then `<`, `>`, `&` and quotes become HTML
    entities, which Markdown passes through. The result is Markup, so Jinja's autoescape
    does not escape it a second time (that showed "a < b" as "a \\< b").
    """
    out = str(text)
    for char in "\\`*_[]{}#|":
        out = out.replace(char, "\\" + char)
    return Markup(html.escape(out, quote=True))


def render_template(template: str, src_uri: str, **context: Any) -> str:
    page_url = page_url_for(src_uri)

    def rel(target: str) -> str:
        return relative_url(target, page_url)

    def mdrel(entry: Entry) -> str:
        """Relative path to an entry's source page, for Markdown links MkDocs resolves and checks."""
        return posixpath.relpath(f"{KINDS[entry.kind].folder}/{entry.id}.md", posixpath.dirname(src_uri) or ".")

    def label(doc: Entry, anchor: str) -> str:
        return section_label(doc, anchor, context["site"])

    site = context.get("site")
    helpers = {"related": partial(related_entries, site), "places_of": partial(places_of, site)} if site else {}
    # Read from the registries at each render: a kind registered later (a test's) has its hub and titles.
    titles = {"HUB_TITLES": dict(kind_hubs()), "RELATED_TITLES": {k.name: k.related_title for k in KINDS.values()}}
    return _env().get_template(template).render(rel=rel, mdrel=mdrel, page_url=page_url, section_label=label,
                                                has_png=can_rasterise(), **titles, **helpers, **context)


def entry_meta(site: Site, entry: Entry) -> dict[str, Any]:
    meta: dict[str, Any] = {
        "loa_kind": entry.kind,
        "loa_id": entry.id,
        "loa_status": entry.status,
        "loa_reviewed": format_date(entry.reviewed),
        "description": _description(entry),
    }
    if not entry.is_public(site.today):
        meta["loa_unpublished"] = (STATUS_LABELS.get(entry.status, entry.status) if entry.status != "approved"
                                   else "Ngoài thời hạn công bố")
    meta["loa_search"] = search_data(site, entry)
    if entry.kind == "infographic" and can_rasterise():
        meta["loa_og_image"] = f"infographic/{entry.id}/og.png"
    return meta


def search_data(site: Site, entry: Entry) -> dict[str, Any]:
    """Filters, result metadata and extra index words for one page (emitted by the theme for Pagefind)."""
    label = KINDS[entry.kind].label_plural
    filters = [("Loại", label)]
    filters += [("Đối tượng", site.term("audiences", a).name) for a in entry.get("audiences") or []]
    filters += [("Chủ đề", site.term("topics", t).name) for t in entry.get("topics") or []]
    heading = []
    if entry.kind == "document":
        issuer = site.term("organizations", entry.get("issuer")).name
        filters.append(("Cơ quan ban hành", issuer))
        # Shown under the result and matched like its title: citizens ask for "kế hoạch 43 của thành ủy lai châu".
        number = entry.get("number")
        heading = [("doc", f"{doc_label(entry) if number and number[0].isdigit() else DOC_TYPES[entry.get('doc_type')]}, {issuer}")]
        issued = entry.get("issued_on")
        filters.append(("Năm", str(issued.year) if issued else "Không ghi năm"))
        date = f"Ban hành ngày {format_date(issued)}" if issued else "Không ghi ngày ban hành"
    else:
        date = f"Rà soát ngày {format_date(entry.reviewed)}"
    scope = site.scope(entry)
    filters += [("place", name) for name in scope.place_filters]
    extra = expansion_terms(searchable_text(entry), site.search_words)
    meta = [("title", entry.title), ("kind", label), ("date", date), *heading, ("place", scope.place_label),
            ("source", scope.source_label)]
    if scope.archived:
        meta.append(("status", f"Tư liệu {scope.era}" if scope.era else "Tư liệu"))
    return {"filters": filters, "meta": meta, "extra": " ".join(extra)}


def searchable_text(entry: Entry) -> str:
    """All the words of an entry that a reader can see on its page (its kind says which fields)."""
    return "\n".join([entry.title, entry.body, *KINDS[entry.kind].search_texts(entry.data)])


def _description(entry: Entry) -> str:
    text = entry.get("subject") or entry.get("summary") or entry.get("text") or entry.title
    return " ".join(str(text).split())[:200]


def entry_page(site: Site, entry: Entry, src_uri: str) -> Page:
    extra: dict[str, Any] = {}
    if entry.kind == "infographic":
        extra["svg_height"] = render_svg(entry)[1]
        extra["kind_label"] = TYPES[entry.get("type")].label
        extra["has_calendar"] = TYPES[entry.get("type")].calendar is not None
        extra["data_table"] = TYPES[entry.get("type")].table
    body = render_template(KINDS[entry.kind].template, src_uri, site=site, entry=entry, data=entry.data, body=entry.body,
                           cited_by=[d for d in map(site.by_id, site.cited_by.get(entry.id, ()))
                                     if d is not None and d.is_visible(site.today, site.preview)],
                           **extra)
    fixed = set_aside(body, entry.body)  # the template's HTML skips Markdown; the plugin puts it back
    return Page(src_uri, entry.title, fixed.markdown, entry_meta(site, entry), fixed)


def hub_page(src_uri: str, title: str, markdown: str, meta: dict[str, Any]) -> Page:
    """A page drawn from many entries (a hub, a topic, a handout): its HTML blocks skip Markdown.

    Its lists are HTML (one block each), so a hub of hundreds of items costs Markdown a few headings.
    """
    fixed = set_aside(markdown, "")
    return Page(src_uri, title, fixed.markdown, meta, fixed)


@dataclass(frozen=True, slots=True)
class MarkdownSettings:
    """The Markdown extensions and their settings pages are converted with (mkdocs.yml, MkDocs's built-ins)."""

    extensions: tuple[Any, ...]
    configs: dict[str, dict[str, Any]]


# Markdown that means something beyond its own text: headings (ids, table of contents), footnotes,
# abbreviations and reference definitions act on the whole page, so such a body stays in the page's Markdown.
_PAGE_WIDE = re.compile(r"^(?:#|\*\[|\[[^\]]*\]:)|\[\^", re.M)


class _Links(Treeprocessor):
    """Relative links to pages, as MkDocs writes them for a page at `page_src`; anything else is noted."""

    def __init__(self, md: markdown.Markdown, pages: set[str]) -> None:
        super().__init__(md)
        self.pages, self.src, self.page_url, self.unresolved = pages, "", "/", False

    def run(self, root: Element) -> None:
        for element in root.iter():
            key = {"a": "href", "img": "src"}.get(element.tag)
            url = element.get(key) if key else None
            if key is None or url is None:
                continue
            scheme, netloc, path, query, anchor = urlsplit(url)
            if scheme or netloc:
                continue  # another site's page
            target = posixpath.normpath(posixpath.join(posixpath.dirname(self.src), unquote(path)))
            if not path or url.startswith(("/", "\\")) or query or target not in self.pages:
                self.unresolved = True  # not a page of this site: MkDocs decides (and warns) as it converts the page
                continue
            element.set(key, relative_url(page_url_for(target), self.page_url) + (f"#{anchor}" if anchor else ""))


def shared_bodies(entries: list[Entry], settings: MarkdownSettings, page_src: str, pages: set[str],
                  memo: Memo | None = None) -> dict[str, Markup]:
    """Bodies as HTML, each converted once for all the pages that repeat it (the handouts), keyed by entry id.

    Every such page sits where `page_src` does (one folder deep), so one conversion fits them all.
    Left out, for the page's own Markdown to convert as before: a body with page-wide Markdown
    (`_PAGE_WIDE`), a link that is not to a page of this site, or a blank line in its HTML.
    `memo` keeps each conversion between builds, under the body, its source path, `page_src`, the
    Markdown settings and the site's pages (its links resolve against them).
    """
    md = markdown.Markdown(extensions=list(settings.extensions), extension_configs=settings.configs)
    links = _Links(md, pages)
    md.treeprocessors.register(links, "loa_links", 0)  # last, as MkDocs's own link rewriting
    links.page_url, out = page_url_for(page_src), {}
    named = [stable(list(settings.extensions)), stable(settings.configs)]
    context = hashlib.sha256("\n".join([page_src, *map(str, named), *sorted(pages)]).encode()).hexdigest()
    if None in named:
        memo = None  # an extension set up with an object: nothing could name it in a key
    memo = memo or Memo(None)

    def convert(entry: Entry) -> str | None:
        links.src, links.unresolved = f"{KINDS[entry.kind].folder}/{entry.id}.md", False
        converted = md.reset().convert(entry.body)
        return None if links.unresolved or re.search(r"\n[ \t]*\n", converted) else converted

    for entry in entries:
        if not entry.body.strip() or _PAGE_WIDE.search(entry.body):
            continue
        converted = memo(("shared_body", context, entry.kind, entry.id, entry.body), partial(convert, entry))
        if converted is not None:
            out[entry.id] = Markup(converted)
    return out


def escaped_meta(page: Page) -> dict[str, Any]:
    """The page meta MkDocs gets. Material prints the title and description unescaped (header, <title>,
    nav, footer, meta tags): they are escaped here, once; templates print them as they are."""
    meta = {**page.meta, "title": html.escape(page.title, quote=True)}
    if isinstance(meta.get("description"), str):
        meta["description"] = html.escape(meta["description"], quote=True)
    return meta


Asset = tuple[str, bytes | Raster]


def iter_assets(site: Site, drawn: Callable[[Entry], list[Asset]] | None = None,
                words: Callable[[], bytes] | None = None) -> Iterator[Asset]:
    """Yield `(path under the site, bytes or PNG to draw)` for files drawn from data: infographics, banners.

    `drawn` may stand in for `entry_assets` (`loa serve` hands back last build's files for an unchanged entry);
    `words` gives the vocabulary's bytes (`loa build` makes them on another core meanwhile), else they are made here.
    """
    for entry in [*site.visible("infographic"), *site.visible("slogan")]:
        yield from (drawn or entry_assets)(entry)
        kind = TYPES[entry.get("type")] if entry.kind == "infographic" else None
        if kind is not None and kind.calendar is not None:
            # A calendar ends with its sources' period and archive date, so it depends on more than the entry.
            stem = f"infographic/{entry.id}/{entry.id}"
            yield f"{stem}.ics", kind.calendar(entry, entry.get("data"), site.scope(entry), site.archive_months)
    yield VOCABULARY, words() if words is not None else vocabulary(site)


def entry_assets(entry: Entry) -> list[Asset]:
    """The files drawn from one infographic or slogan; they depend on nothing but the entry."""
    out: list[Asset] = []
    if entry.kind == "infographic":
        stem = f"infographic/{entry.id}/{entry.id}"
        svg, _ = render_svg(entry)
        out += [(f"{stem}.svg", svg.encode()), (f"{stem}.png", Raster(svg, 960)),
                (f"infographic/{entry.id}/og.png", Raster(social_card(entry.title, entry.get("description"), SITE_NAME), 1200))]
    elif entry.kind == "slogan":
        for banner in slogan_banners(entry.get("text")):
            stem = f"khau-hieu/{entry.id}/{entry.id}-{banner.name}"
            out += [(f"{stem}.svg", banner.svg.encode()), (f"{stem}.png", banner.png)]
    return out


def search_config(site: Site) -> str:
    """JSON for the search page: trailing question words to drop, abbreviations to spell out, how much
    each kind (by its label) answers a question, the vocabulary's file; sorted keys so builds are
    reproducible."""
    return json.dumps({"question_words": list(site.search_words.question_words), "sentinel": SENTINEL,
                       "synonyms": [list(g) for g in site.search_words.synonyms],
                       "abbreviations": dict(site.search_words.abbreviations),
                       "answer_rank": {**{k.label_plural: k.answer_rank for k in KINDS.values()},
                                       HUB_KIND: HUB_ANSWER_RANK},
                       "document_kind": KINDS["document"].label_plural,
                       "vocabulary": VOCABULARY.removeprefix("tim-kiem/")},
                      ensure_ascii=False, sort_keys=True)


def vocabulary(site: Site) -> bytes:
    """The search page's typo-correction vocabulary: every word a reader can find on the public pages."""
    return vocabulary_of(vocabulary_texts(site))


def vocabulary_texts(site: Site) -> list[str]:
    """The texts the vocabulary is made of (plain strings: they go to a worker process)."""
    # Synonyms ("vacxin", "vaccine") are indexed beside the pages that have another variant: a query may
    # meet them too. Folded đ-words need nothing: the vocabulary is folded.
    variants = " , ".join(v for group in site.search_words.synonyms for v in group)
    return [*map(searchable_text, site.visible()), variants]


def vocabulary_of(texts: list[str]) -> bytes:
    return build_vocabulary(texts).encode()
