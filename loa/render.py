"""Site -> pages: plain data (source path, Markdown, page meta) for any renderer to turn into HTML."""

from __future__ import annotations

import html
import json
import posixpath
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache, partial
from typing import Any

import jinja2
from markupsafe import Markup

from loa.banners import slogan_banners
from loa.enrich import Site, places_of, related_entries, url_for
from loa.fixedhtml import Fixed, set_aside
from loa.infographics import TYPES, render_svg
from loa.infographics.svg import social_card
from loa.kinds import KINDS
from loa.kinds.document import DOC_TYPES, FORCE, RELATIONS
from loa.kinds.message import gsm_length
from loa.model import Entry
from loa.raster import Raster, can_rasterise
from loa.text.search import ANSWER_RANK, HUB_KIND, SENTINEL, build_vocabulary, expansion_terms
from loa.text.vi import format_date, format_date_long

STATUS_LABELS = {"draft": "Bản nháp", "review": "Đang duyệt", "approved": "Đã duyệt", "retired": "Đã thu hồi"}
# The hubs every build has, in navigation order: (folder, title).
HUBS = (
    ("van-ban", "Văn bản"),
    ("hoi-dap", "Hỏi đáp"),
    ("khau-hieu", "Khẩu hiệu"),
    ("tong-dai-1022", "Tổng đài 1022"),
    ("thong-diep", "Thông điệp"),
    ("infographic", "Infographic"),
)
HUB_TITLES = dict(HUBS)
# The heading over an entry page's related items, per kind.
RELATED_TITLES = {"qa": "Câu hỏi liên quan", "slogan": "Khẩu hiệu cùng chủ đề", "message": "Thông điệp liên quan",
                  "hotline": "Hướng dẫn liên quan", "document": "Văn bản liên quan", "infographic": "Infographic liên quan"}
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
                       KINDS=KINDS, HUBS=HUBS, HUB_TITLES=HUB_TITLES, RELATED_TITLES=RELATED_TITLES)
    return env


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


def doc_label(doc: Entry) -> str:
    """How a document is named in a citation: "Kế hoạch số 43-KH/ThU", or its title when it has no number."""
    number = doc.get("number")
    if number and number[0].isdigit():
        return f"{DOC_TYPES[doc.get('doc_type')]} số {number}"
    title = doc.title
    return title if len(title) <= 90 else title[:89].rstrip() + "…"


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
    return _env().get_template(template).render(rel=rel, mdrel=mdrel, page_url=page_url, section_label=label,
                                                has_png=can_rasterise(), **helpers, **context)


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
    filters += [("Đối tượng", site.term("audiences", a).name) for a in entry.get("audiences") or []]  # type: ignore[union-attr]
    filters += [("Chủ đề", site.term("topics", t).name) for t in entry.get("topics") or []]  # type: ignore[union-attr]
    heading = []
    if entry.kind == "document":
        issuer = site.term("organizations", entry.get("issuer")).name  # type: ignore[union-attr]
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


def _strings(value: Any) -> Iterator[str]:
    """Every text value inside nested data (infographic data), in order."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


def searchable_text(entry: Entry) -> str:
    """All the words of an entry that a reader can see on its page."""
    parts: list[str] = [entry.title, entry.body]
    for key in ("subject", "summary", "text", "concern", "description"):
        if entry.get(key):
            parts.append(str(entry.get(key)))
    for key_message in entry.get("key_messages") or []:
        parts += [key_message["text"], *(key_message.get("facts") or [])]
    parts += [str(v) for v in (entry.get("variants") or {}).values() if v]
    parts += list(_strings(entry.get("data")))
    return "\n".join(parts)


def _description(entry: Entry) -> str:
    text = entry.get("subject") or entry.get("summary") or entry.get("text") or entry.title
    return " ".join(str(text).split())[:200]


def iter_pages(site: Site) -> Iterator[Page | LazyPage]:
    """Yield every page of the site: the home page, hubs, search and one page per visible entry.

    Entry pages are lazy: when `loa build` renders pages in two processes, each renders its own.
    """
    from loa import hubs

    yield from hubs.iter_hub_pages(site)
    yield Page(SEARCH_PAGE, "Tìm kiếm", render_template("search.md.j2", SEARCH_PAGE, site=site, hubs=HUBS),
               {"loa_kind": "search", "description": "Tìm văn bản, hỏi đáp, khẩu hiệu, thông điệp; gõ có dấu hoặc không dấu.",
                "loa_search_config": search_config(site)})
    for entry in site.visible():
        src_uri = f"{KINDS[entry.kind].folder}/{entry.id}.md"
        yield LazyPage(src_uri, entry.title, partial(entry_page, site, entry, src_uri), len(entry.body) + PAGE_OVERHEAD,
                       entry)


def entry_page(site: Site, entry: Entry, src_uri: str) -> Page:
    extra: dict[str, Any] = {}
    if entry.kind == "infographic":
        extra["svg_height"] = render_svg(entry)[1]
        extra["kind_label"] = TYPES[entry.get("type")].label
        extra["has_calendar"] = TYPES[entry.get("type")].calendar is not None
    body = render_template(f"{entry.kind}.md.j2", src_uri, site=site, entry=entry, data=entry.data, body=entry.body,
                           cited_by=[d for d in map(site.by_id, site.cited_by.get(entry.id, ()))
                                     if d is not None and d.is_visible(site.today, site.preview)],
                           **extra)
    fixed = set_aside(body, entry.body)  # the template's HTML skips Markdown; the plugin puts it back
    return Page(src_uri, entry.title, fixed.markdown, entry_meta(site, entry), fixed)


Asset = tuple[str, bytes | Raster]


def iter_assets(site: Site, drawn: Callable[[Entry], list[Asset]] | None = None) -> Iterator[Asset]:
    """Yield `(path under the site, bytes or PNG to draw)` for files drawn from data: infographics, banners.

    `drawn` may stand in for `entry_assets` (`loa serve` hands back last build's files for an unchanged entry).
    """
    for entry in [*site.visible("infographic"), *site.visible("slogan")]:
        yield from (drawn or entry_assets)(entry)
        kind = TYPES[entry.get("type")] if entry.kind == "infographic" else None
        if kind is not None and kind.calendar is not None:
            # A calendar ends with its sources' period and archive date, so it depends on more than the entry.
            stem = f"infographic/{entry.id}/{entry.id}"
            yield f"{stem}.ics", kind.calendar(entry, entry.get("data"), site.scope(entry), site.archive_months)
    yield VOCABULARY, vocabulary(site)


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


# The number a heading gives itself ("1. ", "3.5. ", "II- "): said once, by the anchor's full number.
HEADING_NUMBER = re.compile(r"^(?:[IVXLC]+|\d+(?:\.\d+)*)\s*[.\-–)]?\s+")


def section_label(doc: Entry, anchor: str, site: Site) -> str:
    """Name a cited section for a reader: "mục II.1 (Nội dung tuyên truyền)".

    The number comes from the anchor, since a sub-heading numbers itself within its part only
    ("1. Nội dung tuyên truyền" is II.1 of one plan and IV.1 of another); the heading names it.
    """
    heading = next((text for _level, text, found in site.headings.get(doc.id, ()) if found == anchor), None)
    parts = anchor.split("-")
    number = None
    if parts[0] == "muc" and len(parts) > 1:
        number = "mục " + parts[1].upper() + "".join(f".{p}" for p in parts[2:])
    elif parts[0] == "diem":
        number = "điểm " + ".".join(parts[1:])
    if heading is None:
        return number or ("phụ lục" if anchor.startswith("phu-luc") else anchor)
    if number is None:
        return heading if len(heading) <= 70 else heading[:69].rstrip() + "…"
    title = HEADING_NUMBER.sub("", heading)
    title = title if len(title) <= 60 else title[:59].rstrip() + "…"
    return f"{number} ({title})" if title else number


def search_config(site: Site) -> str:
    """JSON for the search page: trailing question words to drop, abbreviations to spell out, how much
    each kind (by its label) answers a question, the vocabulary's file; sorted keys so builds are
    reproducible."""
    return json.dumps({"question_words": list(site.search_words.question_words), "sentinel": SENTINEL,
                       "synonyms": [list(g) for g in site.search_words.synonyms],
                       "abbreviations": dict(site.search_words.abbreviations),
                       "answer_rank": {**{KINDS[k].label_plural: r for k, r in ANSWER_RANK.items() if k in KINDS},
                                       HUB_KIND: ANSWER_RANK["hub"]},
                       "document_kind": KINDS["document"].label_plural,
                       "vocabulary": VOCABULARY.removeprefix("tim-kiem/")},
                      ensure_ascii=False, sort_keys=True)


def vocabulary(site: Site) -> bytes:
    """The search page's typo-correction vocabulary: every word a reader can find on the public pages."""
    # Synonyms ("vacxin", "vaccine") are indexed beside the pages that have another variant: a query may
    # meet them too. Folded đ-words need nothing: the vocabulary is folded.
    variants = " , ".join(v for group in site.search_words.synonyms for v in group)
    return build_vocabulary([*map(searchable_text, site.visible()), variants]).encode()
