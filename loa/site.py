"""The site model and its queries: what every stage after enrich reads, and the neutral labels they share.

`enrich.enrich_site` builds a `Site`; render, hubs, export and publish only ask it questions (url_for,
places_of, related_entries, public_messages, term lookups) and name things the same way (doc_label,
section_label). Nothing here renders, writes or imports a later stage.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from loa.history import History
from loa.kinds import KINDS
from loa.kinds.document import DOC_TYPES
from loa.model import Entry, Owner, Term
from loa.scope import Scope
from loa.text.search import SearchWords
from loa.text.vi import sort_key


@dataclass(frozen=True, slots=True)
class Site:
    """Everything the renderer needs, already checked."""

    entries: tuple[Entry, ...]
    taxonomies: dict[str, dict[str, Term]]
    today: dt.date
    preview: bool = False
    anchors: dict[str, tuple[str, ...]] = field(default_factory=dict)  # entry id -> anchors in its body
    headings: dict[str, tuple[tuple[int, str, str], ...]] = field(default_factory=dict)  # id -> (level, text, anchor)
    cited_by: dict[str, tuple[str, ...]] = field(default_factory=dict)  # document id -> ids based on it
    search_words: SearchWords = field(default_factory=SearchWords)
    owner: Owner | None = None  # who runs the portal, for the footer (content/danh-muc/chu-quan.yml)
    archive_months: int = 24  # guidance whose newest source is older than this is "tư liệu"
    scopes: dict[str, Scope] = field(default_factory=dict)  # id -> where and when it applies
    history: History = field(default_factory=History)  # approvals, changes, withdrawals (the build reads git)

    index: dict[str, Entry] = field(default_factory=dict)  # id -> entry, built once by enrich_site
    _visible: dict[str | None, tuple[Entry, ...]] = field(default_factory=dict, compare=False, repr=False)
    # related_entries' indexes, built once per kind: places per entry, public entries per topic/audience
    _places: dict[str, tuple[str, ...]] = field(default_factory=dict, compare=False, repr=False)
    # kind -> (topic or audience) -> its first RELATED_SCAN public entries in title order, each with its
    # topics, audiences and places as sets and its rank in that order
    _by_term: dict[str, dict[tuple[str, str], tuple[_Scanned, ...]]] = field(default_factory=dict, compare=False,
                                                                          repr=False)

    def by_id(self, ident: str) -> Entry | None:
        return self.index.get(ident)

    def visible(self, kind: str | None = None) -> list[Entry]:
        """Entries this build shows, in Vietnamese title order (sorted once per kind)."""
        if kind not in self._visible:
            items = [e for e in self.entries if (kind is None or e.kind == kind) and e.is_visible(self.today, self.preview)]
            self._visible[kind] = tuple(sorted(items, key=lambda e: (sort_key(e.title), e.id)))
        return list(self._visible[kind])

    def scope(self, entry: Entry) -> Scope:
        """Where and when `entry` applies: places, dated sources, archive status (see loa/scope.py)."""
        return self.scopes[entry.id]

    def term(self, taxonomy: str, ident: str) -> Term:
        """The taxonomy term, or a stand-in named by its id (a draft's placeholder, shown in preview)."""
        return self.taxonomies.get(taxonomy, {}).get(ident) or Term(taxonomy, ident, ident)


def url_for(entry: Entry) -> str:
    """Site-absolute URL of an entry's page."""
    return f"/{KINDS[entry.kind].folder}/{entry.id}/"


def doc_label(doc: Entry) -> str:
    """How a document is named in a citation: "Kế hoạch số 43-KH/ThU", or its title when it has no number."""
    number = doc.get("number")
    if number and number[0].isdigit():
        return f"{DOC_TYPES[doc.get('doc_type')]} số {number}"
    title = doc.title
    return title if len(title) <= 90 else title[:89].rstrip() + "…"


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


def public_messages(site: Site, audience: str | None = None) -> list[Entry]:
    """Approved messages inside their validity window (never drafts, retired or expired), by id."""
    items = [e for e in site.entries if e.kind == "message" and e.is_public(site.today)]
    if audience is not None:
        items = [e for e in items if audience in (e.get("audiences") or [])]
    return sorted(items, key=lambda e: e.id)


RELATED_SCAN = 60  # entries looked at per shared topic or audience: bounded work per page at any size


def places_of(site: Site, entry: Entry) -> list[str]:
    """Where an entry applies (its scope: its sources' issuers' places, or the editor's stated scope)."""
    if entry.id not in site._places:
        scope = site.scopes.get(entry.id)
        site._places[entry.id] = tuple(p.label for p in scope.places) if scope else ()
    return list(site._places[entry.id])


def _terms(site: Site, entry: Entry) -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    return (frozenset(entry.get("topics") or ()), frozenset(entry.get("audiences") or ()),
            frozenset(places_of(site, entry)))


_Scanned = tuple[Entry, frozenset[str], frozenset[str], frozenset[str], int]  # see Site._by_term


def related_entries(site: Site, entry: Entry, limit: int = 5) -> list[Entry]:
    """Public entries of the same kind that share a topic (then an audience, then a place) with `entry`.

    Ranked by topics shared, then audiences shared, then a shared place, then Vietnamese title order;
    among the first RELATED_SCAN entries (title order) of each shared topic and audience.
    """
    index = site._by_term.get(entry.kind)
    if index is None:
        groups: dict[tuple[str, str], list[Entry]] = {}
        for other in site.visible(entry.kind):  # title order
            if other.is_public(site.today):
                for t in other.get("topics") or ():
                    groups.setdefault(("t", t), []).append(other)
                for a in other.get("audiences") or ():
                    groups.setdefault(("a", a), []).append(other)
        rank = {e.id: i for i, e in enumerate(site.visible(entry.kind))}
        terms = {e.id: _terms(site, e) for group in groups.values() for e in group[:RELATED_SCAN]}
        index = site._by_term[entry.kind] = {k: tuple((e, *terms[e.id], rank[e.id]) for e in v[:RELATED_SCAN])
                                             for k, v in groups.items()}
    topics, audiences, places = _terms(site, entry)
    scores: dict[str, tuple[int, int, bool, int]] = {}
    found: dict[str, Entry] = {}
    me = entry.id
    for key in [("t", t) for t in sorted(topics)] + [("a", a) for a in sorted(audiences)]:
        for other, their_topics, their_audiences, their_places, their_rank in index.get(key, ()):
            if other.id == me or other.id in scores:
                continue
            found[other.id] = other
            scores[other.id] = (-len(topics & their_topics), -len(audiences & their_audiences),
                                places.isdisjoint(their_places), their_rank)
    best = sorted(scores, key=scores.__getitem__)[:limit]
    return [found[ident] for ident in best]
