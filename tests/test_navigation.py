"""Ways on from every page: breadcrumb and back link, related items, share, 1022, and the 404 page."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from test_build import page

ENTRY_PAGES = {  # page -> (hub link text, has share, has 1022)
    "hoi-dap/tong-dai-1022-giai-dap-gi": ("Hỏi đáp", True, True),
    "khau-hieu/minh-vi-moi-nguoi": ("Khẩu hiệu", True, False),
    "thong-diep/chia-se-thong-tin-chinh-thong": ("Thông điệp", True, False),
    "van-ban/ke-hoach-33-kh-tu": ("Văn bản", False, False),
    "infographic/cac-cap-do-vung": ("Infographic", False, False),
}


@pytest.mark.parametrize("path", ENTRY_PAGES)
def test_entry_page_has_breadcrumb_way_back_and_actions(built: Path, path: str) -> None:
    hub, share, call = ENTRY_PAGES[path]
    html = page(built, path)
    crumb = re.search(r'<nav class="loa-breadcrumb" aria-label="Vị trí trang"[^>]*>(.*?)</nav>', html, re.S)
    assert crumb and f'<a href="../">{hub}</a>' in crumb.group(1) and '<a href="../../">Trang chủ</a>' in crumb.group(1)
    assert f'<p class="loa-back" data-pagefind-ignore=""><a href="../">← {hub}</a></p>' in html
    assert ("data-loa-share" in html) is share
    assert ('href="tel:1022"' in html.split('<footer')[0]) is call  # the footer has it on every page


def test_related_questions_share_a_topic_and_prefer_the_same_place(built: Path) -> None:
    html = page(built, "hoi-dap/kien-giang-vung-do-co-duoc-ra-ngoai-khong")
    related = re.search(r'<nav class="loa-related"[^>]*>\s*<h2[^>]*>Câu hỏi liên quan</h2>(.*?)</nav>', html, re.S)
    assert related, "no related questions"
    links = re.findall(r'<a href="\.\./([^/]+)/">', related.group(1))
    assert 1 <= len(links) <= 5 and "kien-giang-vung-do-co-duoc-ra-ngoai-khong" not in links
    import yaml

    own = yaml.safe_load((Path(__file__).parent.parent / "content/hoi-dap/kien-giang-vung-do-co-duoc-ra-ngoai-khong.md")
                         .read_text(encoding="utf-8").split("---")[1])
    for ident in links:
        other = yaml.safe_load((Path(__file__).parent.parent / f"content/hoi-dap/{ident}.md")
                               .read_text(encoding="utf-8").split("---")[1])
        assert set(own["topics"]) & set(other.get("topics") or []), ident
    assert links[0].startswith("kien-giang"), links  # same topics and the same province first


@pytest.mark.parametrize("scan", [60, 3])
def test_related_entries_follow_their_ranking_rule(scan: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """`related_entries` (indexes built once per kind) gives, for every entry of the real content, what its
    rule says, read directly: among the first RELATED_SCAN public entries of the same kind (title order)
    under each shared topic and audience, the most topics shared, then audiences, then a shared place,
    then title order; five at most, never the entry itself. With a scan of 3, the limit matters."""
    import datetime as dt

    from loa import site as site_module
    from loa.pipeline import check_site
    from loa.site import places_of, related_entries

    monkeypatch.setattr(site_module, "RELATED_SCAN", scan)
    RELATED_SCAN = scan  # noqa: N806 - the rule below reads it as the module does
    report = check_site(Path(__file__).parent.parent / "content", today=dt.date(2026, 11, 23))
    site = report.site
    assert site is not None

    def rule(entry):  # type: ignore[no-untyped-def]
        public = [e for e in site.visible(entry.kind) if e.is_public(site.today)]
        order = {e.id: i for i, e in enumerate(site.visible(entry.kind))}
        topics, audiences = set(entry.get("topics") or ()), set(entry.get("audiences") or ())
        places = set(places_of(site, entry))
        seen = {e.id: e for t in topics for e in [x for x in public if t in (x.get("topics") or ())][:RELATED_SCAN]}
        seen |= {e.id: e for a in audiences for e in [x for x in public if a in (x.get("audiences") or ())][:RELATED_SCAN]}
        seen.pop(entry.id, None)
        return sorted(seen.values(), key=lambda e: (-len(topics & set(e.get("topics") or ())),
                                                    -len(audiences & set(e.get("audiences") or ())),
                                                    places.isdisjoint(places_of(site, e)), order[e.id]))[:5]

    entries = list(site.visible())
    assert sum(1 for e in entries if related_entries(site, e)) > 50
    for entry in entries:
        assert [e.id for e in related_entries(site, entry)] == [e.id for e in rule(entry)], entry.id


def test_share_data_names_the_place_from_the_sources(built: Path) -> None:
    html = page(built, "hoi-dap/tong-dai-1022-giai-dap-gi")
    assert 'data-share-title="Tổng đài 1022 giải đáp những gì?"' in html
    assert 'data-share-place="Bình Phước"' in html  # the issuer of the cited plan


def test_404_is_vietnamese_with_search_sections_and_1022(built: Path) -> None:
    html = (built / "site" / "404.html").read_text(encoding="utf-8")
    assert "Không tìm thấy trang này" in html and "Not found" not in html
    assert re.search(r'<form class="loa-home-search" action="/tim-kiem/" method="get" role="search"', html)
    for href, name in (("/van-ban/", "Văn bản"), ("/hoi-dap/", "Hỏi đáp"), ("/tong-dai-1022/", "Tổng đài 1022")):
        assert f'<a href="{href}">{name}</a>' in html
    assert 'href="tel:1022"' in html


@pytest.mark.browser
def test_share_copies_title_place_and_address_and_sends_nothing(browser, server: str) -> None:  # type: ignore[no-untyped-def]
    browser.grant_permissions(["clipboard-read", "clipboard-write"], origin=server)
    page_ = browser.new_page()
    requests: list[str] = []
    page_.goto(server + "/hoi-dap/tong-dai-1022-giai-dap-gi/", wait_until="networkidle")
    page_.on("request", lambda r: requests.append(r.url))
    assert page_.evaluate("typeof navigator.share") == "undefined"  # headless Linux Chromium: the copy fallback
    page_.get_by_role("button", name="Chia sẻ").click()
    page_.wait_for_function("document.querySelector('.loa-share__status').textContent.length > 0")
    copied = page_.evaluate("navigator.clipboard.readText()")
    canonical = page_.locator("link[rel=canonical]").get_attribute("href")  # the public address, from site_url
    assert canonical.endswith("/hoi-dap/tong-dai-1022-giai-dap-gi/")
    assert copied == f"Tổng đài 1022 giải đáp những gì? (Bình Phước)\n{canonical}"
    assert "Đã chép" in page_.locator(".loa-share__status").inner_text()
    assert [u for u in requests if not u.endswith("/assets/favicon.svg")] == []  # the browser fetches its icon late
    page_.close()


def test_footer_names_the_owner_from_content_and_the_hotline(built: Path) -> None:
    for path in ("", "hoi-dap/tong-dai-1022-giai-dap-gi", "van-ban"):
        footer = page(built, path).split('<footer class="md-footer">')[1]
        # the sources do not name the portal's owner: the shipped file's marked values are a note to the
        # editor (loa check warns, L229), never shown to citizens
        assert "CẦN ĐIỀN" not in footer and "Cơ quan chủ quản" not in footer
        assert '<a href="tel:1022">1022</a>' in footer


def test_footer_shows_a_filled_in_owner_and_leaves_out_unfilled_contacts(make_site) -> None:  # type: ignore[no-untyped-def]
    from conftest import ROOT

    from loa.build import build_site

    content = make_site({"danh-muc/chu-quan.yml": 'name: Sở Thông tin và Truyền thông\nphone: 0123 456.789\n'
                                                  'email: "[CẦN ĐIỀN] thư điện tử"\n'})
    project = content.parent
    (project / "mkdocs.yml").write_text((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), encoding="utf-8")
    for folder in ("theme",):
        shutil.copytree(ROOT / folder, project / folder)
    build_site(project / "mkdocs.yml", project / "site", local=True)
    footer = (project / "site" / "index.html").read_text(encoding="utf-8").split('<footer class="md-footer">')[1]
    assert 'Cơ quan chủ quản:</span> Sở Thông tin và Truyền thông' in footer
    assert '<li>Điện thoại: <a href="tel:0123456789">0123 456.789</a></li>' in footer
    assert "Thư điện tử" not in footer and "CẦN ĐIỀN" not in footer


def test_owner_file_filled_in_is_read_without_warning(make_site) -> None:  # type: ignore[no-untyped-def]
    from loa.taxonomy import load_owner

    content = make_site({"danh-muc/chu-quan.yml": "name: Sở Thông tin và Truyền thông\nphone: 0123 456 789\n"})
    owner, problems = load_owner(content)
    assert problems == [] and owner is not None
    assert (owner.name, owner.phone, owner.email, owner.unfilled) == ("Sở Thông tin và Truyền thông", "0123 456 789",
                                                                       None, False)


def _luminance(hex_colour: str) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def test_logo_contrasts_at_least_3_to_1_with_the_header(built: Path) -> None:
    svg = (built / "site" / "assets" / "logo.svg").read_text(encoding="utf-8")
    css = (built / "site" / "assets" / "loa.css").read_text(encoding="utf-8")
    header = re.search(r"--md-primary-fg-color:\s*(#[0-9a-fA-F]{6})", css).group(1)  # type: ignore[union-attr]
    colours = set(re.findall(r'(?:fill|stroke)="(#[0-9a-fA-F]{6}|#fff|currentColor)"', svg))
    assert colours and "currentColor" not in colours  # an <img> has no current colour: it would draw black
    for colour in colours:
        full = "#ffffff" if colour == "#fff" else colour
        light, dark = sorted((_luminance(full), _luminance(header)), reverse=True)
        assert (light + 0.05) / (dark + 0.05) >= 3, colour
