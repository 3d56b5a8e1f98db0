"""The site's sections (hubs): one registry read by the navigation, link checking, breadcrumbs and search.

A kind with a `hub` gets a section at /<folder>/; the sections no kind owns are declared here. Every
list of hubs is drawn from `sections()`, so a hub cannot be in the navigation and yet be reported as a
broken link (as /doi-tuong/ once was).
"""

from __future__ import annotations

from dataclasses import dataclass

from loa.kinds import KINDS


@dataclass(frozen=True, slots=True)
class Section:
    path: str  # under the site root, without slashes: "van-ban"; "" is the home page
    title: str
    position: int  # navigation order
    in_nav: bool = True
    kind: str | None = None  # the content kind whose hub it is


# Sections no kind owns (their pages are drawn by loa/hubs.py and loa/pages.py).
OTHER_SECTIONS = (
    Section("", "Trang chủ", 0),
    Section("doi-tuong", "Đối tượng", 60),  # talking points by audience, printable handouts
    Section("du-lieu-mo", "Dữ liệu mở", 200, in_nav=False),
    Section("thay-doi", "Thay đổi", 210, in_nav=False),
    Section("tim-kiem", "Tìm kiếm", 220, in_nav=False),
)


def sections() -> list[Section]:
    """Every section, in navigation order (the kinds' hubs read from the registry each time)."""
    hubs = [Section(k.folder, k.hub, k.hub_position, k.in_nav, k.name) for k in KINDS.values() if k.hub]
    return sorted([*OTHER_SECTIONS, *hubs], key=lambda s: s.position)


def kind_hubs() -> list[tuple[str, str]]:
    """`(folder, title)` of each kind's hub, in navigation order (breadcrumbs, the search page's list)."""
    return [(s.path, s.title) for s in sections() if s.kind is not None]


def hub_paths() -> set[str]:
    """Paths a link may point at besides entries: every section."""
    return {s.path for s in sections()}


def nav() -> list[dict[str, str]]:
    """MkDocs' `nav`: the sections shown in the top navigation."""
    return [{s.title: f"{s.path}/index.md" if s.path else "index.md"} for s in sections() if s.in_nav]
