"""Site -> hub pages: home, document register, Q&A by topic, hotline, slogan gallery, other lists."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from functools import partial

from loa.kinds import BY_FOLDER, KINDS
from loa.memo import Memo
from loa.model import Entry
from loa.render import MarkdownSettings, Page, hub_page, render_template, searchable_text, shared_bodies
from loa.sections import kind_hubs
from loa.site import Site, public_messages
from loa.structured import faq_jsonld, one_line_answer
from loa.text.search import HUB_KIND, expansion_terms
from loa.text.vi import format_date, sort_key

OTHER_TOPIC = ("khac", "Câu hỏi khác")
# Above this many questions the Q&A hub lists titles (answers are on each question's page), so no
# page grows with the corpus; each topic lists its first TOPIC_PREVIEW and links to a page of its own.
INLINE_LIMIT = 60
TOPIC_PREVIEW = 8


def last_reviewed(entries: list[Entry]) -> str | None:
    """The newest review date among `entries`, formatted, for a hub's "last reviewed" line."""
    dates = [e.reviewed for e in entries]
    return format_date(max(dates)) if dates else None


def group_by_topic(site: Site, entries: list[Entry]) -> list[tuple[str, str, list[Entry]]]:
    """`(topic id, topic name, entries)` in taxonomy order; an entry goes under its first topic."""
    groups: dict[str, list[Entry]] = {}
    for entry in entries:
        groups.setdefault(entry.topics[0] if entry.topics else OTHER_TOPIC[0], []).append(entry)
    order = list(site.taxonomies.get("topics", {})) + [OTHER_TOPIC[0]]
    out = []
    for topic in order:
        if topic in groups:
            # `Site.term` names an unknown id by the id itself, so the catch-all is named here.
            known = site.taxonomies.get("topics", {}).get(topic)
            out.append((topic, known.name if known else OTHER_TOPIC[1], groups[topic]))
    return out


def featured_questions(site: Site, limit: int = 6) -> list[Entry]:
    """Questions editors marked `featured`, else the first of each topic, for the home page."""
    qas = site.visible("qa")
    featured = [q for q in qas if q.get("featured")]
    if featured:
        return featured[:limit]
    firsts = [entries[0] for _, _, entries in group_by_topic(site, qas)]
    return (firsts + [q for q in qas if q not in firsts])[:limit]


def action_search_data(site: Site, title: str, entries: list[Entry]) -> dict[str, object]:
    """Search data for a hub that carries the 1022 call button: a citizen who searches for the hotline
    should land where the button is, so the hub is indexed (kind "Chuyên mục", meta `action`)."""
    text = "\n".join([title, *map(searchable_text, entries)])
    return {"filters": [("Loại", KINDS["hotline"].label_plural)],
            "meta": [("title", title), ("kind", HUB_KIND),
                     *([("date", f"Rà soát ngày {last_reviewed(entries)}")] if entries else []), ("action", "1022")],
            "extra": " ".join(expansion_terms(text, site.search_words))}


def by_date_newest_first(site: Site, documents: list[Entry]) -> list[Entry]:
    """Documents newest first; an undated one goes by the earliest date it can have, then title order."""
    def key(doc: Entry) -> tuple[dt.date, str]:
        newest = site.scope(doc).newest
        return newest or dt.date.min, doc.id
    return sorted(sorted(documents, key=lambda d: sort_key(d.title)), key=key, reverse=True)


def home_status(site: Site) -> dict[str, object]:
    """What the home page leads with: current guidance, or an honest note that all of it is archive."""
    guidance = [e for e in site.visible() if e.kind != "document"]
    current = [e for e in guidance if not site.scope(e).archived]
    archived = [e for e in guidance if site.scope(e).archived]
    years = sorted({s.date.year for e in archived for s in site.scope(e).sources if s.date is not None})
    era = (f"năm {years[0]}" if years[0] == years[-1] else f"{years[0]}–{years[-1]}") if years else None
    places = sorted({p.label for e in archived for p in site.scope(e).places}, key=sort_key)
    documents = by_date_newest_first(site, site.visible("document"))
    recent = [d for d in documents if not site.scope(d).archived]
    zones = [q for q in site.visible("qa") if "vung-nguy-co" in (q.get("topics") or [])]
    zone_places = sorted({p.label for q in zones for p in site.scope(q).places}, key=sort_key)
    zones_archived = bool(zones) and all(site.scope(q).archived for q in zones)
    hotlines = site.visible("hotline")
    hotline_places = sorted({p.label for h in hotlines for p in site.scope(h).places}, key=sort_key)
    return {"current": current, "archived_count": len(archived), "era": era, "places": places,
            "hotline_places": hotline_places,
            "zone_places": zone_places, "zones_archived": zones_archived,
            "new_documents": recent[:5], "latest_documents": documents[:5]}


def iter_hub_pages(site: Site, markdown: MarkdownSettings | None = None, memo: Memo | None = None) -> Iterator[Page]:
    """Yield the home page and one hub page per content folder.

    Args:
        markdown: how pages are converted; given, each talking point is converted once for all handouts.
        memo: keeps those conversions and the one-line answers between builds (`loa.memo`).
    """
    memo = memo or Memo(None)
    documents = site.visible("document")
    public = [e for e in site.entries if e.is_public(site.today)]
    featured = featured_questions(site)
    featured.sort(key=lambda q: site.scope(q).archived)  # current answers first; stable otherwise
    yield hub_page("index.md", "Trang chủ", render_template(
        "home.md.j2", "index.md", site=site, qas=featured, status=home_status(site),
        archive_months=site.archive_months, reviewed=last_reviewed(public)),
        {"loa_kind": "home", "description": "Thông tin chính thống về phòng, chống dịch: gọi 1022, hỏi đáp, văn bản."})
    register = sorted(documents, key=lambda e: (e.get("issued_on") or dt.date.min, sort_key(e.title)), reverse=True)
    yield hub_page("van-ban/index.md", "Văn bản", render_template(
        "register.md.j2", "van-ban/index.md", site=site, documents=register, reviewed=last_reviewed(documents)),
        {"loa_kind": "register", "description": "Danh mục văn bản: số, ký hiệu, loại, cơ quan ban hành, ngày, trích yếu."})
    yield from iter_qa_pages(site, memo)
    qas = site.visible("qa")
    hotlines = site.visible("hotline")
    hotline_qas = [q for q in qas if "tong-dai-1022" in (q.get("topics") or [])]
    yield hub_page("tong-dai-1022/index.md", "Tổng đài 1022", render_template(
        "hotline-hub.md.j2", "tong-dai-1022/index.md", site=site, hotlines=hotlines, qas=hotline_qas,
        inline=len(hotlines) <= INLINE_LIMIT // 6, reviewed=last_reviewed(hotlines + hotline_qas)),
        {"loa_kind": "hotline-hub", "description": "Gọi 1022: hỏi gì, tổng đài trả lời gì, thông tin được chuyển đi đâu.",
         "loa_search": action_search_data(site, "Tổng đài 1022", hotlines + hotline_qas)})
    slogans = site.visible("slogan")
    yield hub_page("khau-hieu/index.md", "Khẩu hiệu", render_template(
        "slogan-hub.md.j2", "khau-hieu/index.md", site=site, slogans=slogans, reviewed=last_reviewed(slogans)),
        {"loa_kind": "slogan-hub", "description": "Khẩu hiệu trích nguyên văn từ văn bản, tải về dạng băng rôn."})
    graphics = site.visible("infographic")
    yield hub_page("infographic/index.md", "Infographic", render_template(
        "infographic-hub.md.j2", "infographic/index.md", site=site, graphics=graphics, reviewed=last_reviewed(graphics)),
        {"loa_kind": "infographic-hub", "description": "Infographic vẽ từ dữ liệu của các văn bản: vùng, cấp độ, lịch, phân công."})
    yield from iter_audience_pages(site, markdown, memo)
    yield from iter_change_pages(site)
    for folder, title in kind_hubs():
        kind = BY_FOLDER[folder]
        if kind.own_hub_page:  # drawn above
            continue
        entries = site.visible(kind.name)
        yield hub_page(f"{folder}/index.md", title, render_template(
            "hub.md.j2", f"{folder}/index.md", site=site, title=title, entries=entries, kind=kind,
            reviewed=last_reviewed(entries)), {"loa_kind": "hub"})


def iter_qa_pages(site: Site, memo: Memo | None = None) -> Iterator[Page]:
    """The Q&A hub: questions by topic, each with a one-line answer and a link to its page.

    While questions are few the hub lists them all; else each topic lists its first few and links to a page of its own.
    """
    qas = site.visible("qa")
    groups = group_by_topic(site, qas)
    inline = len(qas) <= INLINE_LIMIT
    meta = {"loa_kind": "qa-hub", "description": "Câu hỏi người dân thường gặp, trả lời theo văn bản chính thức."}
    if inline:  # rich results need what they list to be on the page
        meta["loa_jsonld"] = faq_jsonld([q for q in qas if q.is_public(site.today)])
    memo = memo or Memo(None)
    answers = {q.id: memo(("one_line_answer", q.body), partial(one_line_answer, q.body)) for q in qas}
    yield hub_page("hoi-dap/index.md", "Hỏi đáp", render_template(
        "qa-hub.md.j2", "hoi-dap/index.md", site=site, groups=groups, inline=inline, preview=TOPIC_PREVIEW,
        answers=answers, reviewed=last_reviewed(qas)), meta)
    for topic, name, entries in groups if not inline else ():
        if len(entries) > TOPIC_PREVIEW:
            src = f"hoi-dap/chu-de/{topic}.md"
            yield hub_page(src, name, render_template("qa-topic.md.j2", src, site=site, name=name, entries=entries,
                                                  answers=answers, reviewed=last_reviewed(entries)),
                       {"loa_kind": "qa-topic", "description": f"Hỏi đáp về {name}."})


CHANGES_SHOWN = 100
CHANGE_GROUPS = (("changed", "Cập nhật"), ("withdrawn", "Đã rút khỏi cổng"), ("added", "Mới công bố"))


def iter_change_pages(site: Site) -> Iterator[Page]:
    """/thay-doi/: additions, changes and withdrawals, newest first (withdrawn items by title, date, reason)."""
    events = site.history.events
    # Bounded like every hub: the newest of each group (the feed and git keep the rest).
    groups = [(kind, title, [e for e in events if e.kind == kind][:CHANGES_SHOWN]) for kind, title in CHANGE_GROUPS]
    yield hub_page("thay-doi/index.md", "Thay đổi", render_template(
        "changes.md.j2", "thay-doi/index.md", site=site, history=site.history, groups=[g for g in groups if g[2]]),
        {"loa_kind": "changes", "description": "Nội dung mới công bố, cập nhật và đã rút khỏi cổng, kèm ngày và lý do."})


def iter_audience_pages(site: Site, markdown: MarkdownSettings | None = None, memo: Memo | None = None) -> Iterator[Page]:
    """The rapporteurs' index of audiences, one printable handout per audience, and the open-data page.

    Args:
        markdown: given, each talking point's body is converted once here, for every handout that has it;
            else each handout's Markdown has the bodies (MkDocs converts them with the page).
    """
    messages = site.visible("message")
    pages = {f"{KINDS[e.kind].folder}/{e.id}.md" for e in site.visible()}
    bodies = shared_bodies(messages, markdown, "doi-tuong/handout.md", pages, memo) if markdown is not None else {}
    audiences = []
    for ident, term in site.taxonomies.get("audiences", {}).items():
        mine = [m for m in messages if ident in (m.get("audiences") or [])]
        audiences.append((term, mine))
    reviewed = last_reviewed(messages)
    yield hub_page("doi-tuong/index.md", "Đối tượng", render_template(
        "audience-index.md.j2", "doi-tuong/index.md", site=site, audiences=audiences, reviewed=reviewed),
        {"loa_kind": "audience-index", "description": "Thông điệp đã duyệt, đang đăng trên cổng, theo từng nhóm đối tượng."})
    yield hub_page("du-lieu-mo/index.md", "Dữ liệu mở", render_template(
        "open-data.md.j2", "du-lieu-mo/index.md", site=site, audiences=audiences,
        total=len(public_messages(site)), reviewed=reviewed),
        {"loa_kind": "open-data", "description": "Thông điệp đã duyệt, đang đăng trên cổng: JSON, CSV, Markdown, Atom."})
    # The build knows the day it judged validity on, never the day a reader prints: the handout says
    # the first, and the browser writes the second into the printed page (theme/assets/loa.js).
    built = format_date(site.today)
    for term, mine in audiences:
        src = f"doi-tuong/{term.id}.md"
        places = sorted({(slug, name) for m in mine for slug, name in zip(site.scope(m).place_slugs,
                                                                           site.scope(m).place_filters, strict=True)},
                        key=lambda p: (p[0] != "toan-quoc", sort_key(p[1])))
        yield hub_page(src, term.name, render_template(
            "audience.md.j2", src, site=site, term=term, groups=group_by_topic(site, mine), places=places,
            reviewed=last_reviewed(mine), built=built, total=len(mine), bodies=bodies,
            archived=sum(site.scope(m).archived for m in mine)),
            {"loa_kind": "audience", "description": f"Thông điệp cho {term.name}: ý chính, dữ kiện, nguồn."})
