"""Handouts for a talk (/doi-tuong/…): what each message carries, downloads, filters, copy and print."""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import re
from pathlib import Path

import pytest
from conftest import TEST_SITE_URL

from loa.pipeline import check_site
from loa.site import Site, url_for
from loa.text.vi import format_date

AUDIENCE = "nguoi-dan"


@pytest.fixture(scope="module")
def site(built: Path, monkeypatch_module: pytest.MonkeyPatch) -> Site:
    monkeypatch_module.setenv("LOA_TODAY", "2026-11-23")
    report = check_site(built / "content")
    assert report.site is not None
    return report.site


@pytest.fixture(scope="module")
def monkeypatch_module() -> pytest.MonkeyPatch:
    mp = pytest.MonkeyPatch()
    yield mp  # type: ignore[misc]
    mp.undo()


def handout(built: Path, audience: str = AUDIENCE) -> str:
    return (built / "site" / "doi-tuong" / audience / "index.html").read_text(encoding="utf-8")


def messages_for(site: Site, audience: str = AUDIENCE) -> list:  # type: ignore[type-arg]
    return [m for m in site.visible("message") if audience in m.get("audiences")]


def test_each_message_carries_what_a_talk_needs(built: Path, site: Site) -> None:
    page = html.unescape(handout(built))
    mine = messages_for(site)
    assert len(mine) >= 3
    for msg in mine:
        start = page.index(f'id="{msg.id}"')
        block = page[start: page.index("</dl>", start) + 2000]
        scope = site.scope(msg)
        assert f"{scope.place_label} · {scope.source_label}" in re.sub(r"<[^>]+>", "", block)
        assert msg.get("variants")["loudspeaker"] in block
        assert msg.get("variants")["sms"] in block and msg.get("variants")["led"] in block
        for key in msg.get("key_messages"):
            for fact in key.get("facts") or []:
                assert fact in block
        for source in scope.sources:
            assert source.label in block  # the document with its date
        until = msg.get("valid_until")
        assert (f"đến hết ngày {format_date(until)}" if until else "không ghi") in block
        assert f'href="../../thong-diep/{msg.id}/" data-loa-absolute' in block  # its address
        for channel in ("sms", "led", "loa"):
            assert f'data-loa-copy="{channel}-{msg.id}"' in block
        assert f'data-loa-places="{" ".join(scope.place_slugs)}"' in page


def test_handout_claims_only_what_the_build_knows(built: Path) -> None:
    for page_file in (built / "site" / "doi-tuong").glob("*/index.html"):
        text = page_file.read_text(encoding="utf-8")
        assert "vào ngày in" not in text and "in từ cổng thông tin ngày" not in text, page_file
    page = handout(built)
    assert "đang đăng trên cổng vào ngày dựng trang (23/11/2026)" in page
    assert "<span data-loa-print-date=\"\">……/……/………</span>" in page  # the browser fills it in when printing


def test_handout_does_not_call_archive_items_in_force(built: Path, site: Site) -> None:
    """Every talking point of the real corpus is 'tư liệu' (2020-2021 sources): the handout says so up front."""
    mine = messages_for(site)
    archived = sum(site.scope(e).archived for e in mine)
    assert mine and archived == len(mine)
    note = handout(built).split('class="loa-handout-note"', 1)[1].split("</p>", 1)[0]
    assert "còn hiệu lực" not in note
    assert f"Cả {len(mine)} thông điệp đều là <strong>tư liệu</strong>" in note
    assert "không phải quy định đang áp dụng" in note and "quá 24 tháng" in note


def test_audience_downloads_csv_with_vietnamese_headers_and_facts(built: Path, site: Site) -> None:
    raw = (built / "site" / "api" / "v1" / "audiences" / f"{AUDIENCE}.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    mine = {m.id: m for m in messages_for(site)}
    assert sorted(r["Mã"] for r in rows) == sorted(mine)
    for row in rows:
        msg = mine[row["Mã"]]
        first = msg.get("key_messages")[0]
        assert row["Ý chính 1"] == first["text"]
        assert row["Dữ kiện của ý 1"] == "; ".join(first.get("facts") or [])
        assert row["Lời đọc trên loa"] == msg.get("variants")["loudspeaker"]
        assert row["Nơi áp dụng"] == site.scope(msg).place_label
        assert row["Địa chỉ"] == TEST_SITE_URL.rstrip("/") + url_for(msg)
        assert row["Văn bản nguồn"] == site.scope(msg).source_label  # each document with its date
        for source in site.scope(msg).sources:
            assert source.label in row["Nguồn (văn bản, ngày, mục)"]
    md = (built / "site" / "api" / "v1" / "audiences" / f"{AUDIENCE}.md").read_text(encoding="utf-8")
    assert md.startswith("# Thông điệp cho ")
    for msg in mine.values():
        assert f"Địa chỉ: <{TEST_SITE_URL.rstrip('/')}{url_for(msg)}>" in md
        assert msg.get("variants")["loudspeaker"] in md


def test_open_data_instructions_have_their_own_page(built: Path) -> None:
    index = (built / "site" / "doi-tuong" / "index.html").read_text(encoding="utf-8")
    assert "loa export" not in index and "curl" not in index and "<pre" not in index
    assert 'href="../du-lieu-mo/"' in index
    data = (built / "site" / "du-lieu-mo" / "index.html").read_text(encoding="utf-8")
    text = html.unescape(re.sub(r"<[^>]+>", "", data))
    assert "loa export --audience nguoi-dan --format csv -o nguoi-dan.csv" in text and "messages.schema.json" in data
    assert f'href="../api/v1/audiences/{AUDIENCE}.csv"' in data


@pytest.mark.browser
def test_filter_by_place_and_topic(browser, server: str, site: Site) -> None:  # type: ignore[no-untyped-def]
    mine = messages_for(site)
    place = "lai-chau"
    expected = {m.id for m in mine if place in site.scope(m).place_slugs or "toan-quoc" in site.scope(m).place_slugs}
    assert 0 < len(expected) < len(mine)
    page = browser.new_page()
    page.goto(f"{server}/doi-tuong/{AUDIENCE}/")
    page.get_by_label("Nơi áp dụng").select_option(place)
    visible = set(page.eval_on_selector_all(".loa-handout-item:not([hidden]) h3", "hs => hs.map(h => h.id)"))
    assert visible == expected
    assert page.url.endswith(f"?noi={place}")
    assert page.get_by_text(f"Đang hiện {len(expected)}/{len(mine)} thông điệp.").is_visible()
    page.get_by_label("Nơi áp dụng").select_option("")
    first_topic = page.eval_on_selector("[data-loa-topic]", "g => g.getAttribute('data-loa-topic')")
    page.get_by_label("Chủ đề").select_option(first_topic)
    shown = page.eval_on_selector_all("[data-loa-topic]:not([hidden])", "gs => gs.map(g => g.getAttribute('data-loa-topic'))")
    assert shown == [first_topic]
    page.close()


@pytest.mark.browser
def test_copy_button_copies_the_sms_text(browser, server: str, site: Site) -> None:  # type: ignore[no-untyped-def]
    msg = messages_for(site)[0]
    browser.grant_permissions(["clipboard-read", "clipboard-write"], origin=server)
    page = browser.new_page()
    page.goto(f"{server}/doi-tuong/{AUDIENCE}/")
    button = page.locator(f'[data-loa-copy="sms-{msg.id}"]')
    button.click()
    page.wait_for_function("b => b.textContent === 'Đã chép'", arg=button.element_handle())
    assert page.evaluate("navigator.clipboard.readText()") == msg.get("variants")["sms"]
    page.close()


@pytest.mark.browser
def test_printed_handout_has_its_address_and_todays_date(browser, server: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from pypdf import PdfReader

    page = browser.new_page()
    page.goto(f"{server}/doi-tuong/{AUDIENCE}/")
    page.get_by_label("Nơi áp dụng").select_option("kien-giang")
    address = page.url
    pdf = tmp_path / "handout.pdf"
    page.pdf(path=str(pdf), format="A4")
    page.close()
    text = "".join(p.extract_text() for p in PdfReader(pdf).pages)
    flat = re.sub(r"\s+", "", text)
    today = format_date(dt.date.today())
    assert f"Ngàyin:{today}" in flat, text[-400:]
    assert "Ingàyin" not in flat and "……/……" not in text
    assert "Intừ:" + address in flat, (address, text[-400:])
    assert "Lờiđọctrênloa" in flat and "Inlàiliệu" not in flat
    # The download links are not printed, nor is what was left of their line ("Tải về cho nhóm này: · · .").
    assert "Tảivề" not in flat and "··" not in flat, text[-400:]
    assert "Nộidungtheobảndựngngày" in flat


def test_cited_section_says_which_part_it_is_in(built: Path) -> None:
    """A sub-heading numbers itself within its part ("1. Nội dung tuyên truyền" is II.1 of 43-KH/ThU):
    a citation of it once read "Kế hoạch 43-KH/ThU, 06/9/2021, 1. Nội dung tuyên truyền"."""
    page = html.unescape(handout(built))
    assert ">mục II.1 (Nội dung tuyên truyền)</a>" in page
    assert ">1. Nội dung tuyên truyền</a>" not in page
    rows = (built / "site" / "api" / "v1" / "audiences" / f"{AUDIENCE}.csv").read_text(encoding="utf-8-sig")
    assert "Kế hoạch 43-KH/ThU, 06/9/2021, mục II.1 (Nội dung tuyên truyền)" in rows
    assert ", 1. Nội dung tuyên truyền" not in rows


def test_handout_dates_itself_by_the_build_not_the_newest_review() -> None:
    """The shipped corpus was reviewed on the day the shared build is dated (23/11/2026), so the
    built pages cannot tell the two apart: here the build runs on another day."""
    from conftest import REAL_CONTENT

    from loa.hubs import iter_audience_pages

    report = check_site(REAL_CONTENT, today=dt.date(2026, 12, 5))
    assert report.site is not None and not report.errors, report.format()
    newest = max(e.reviewed for e in report.site.entries)
    assert newest != dt.date(2026, 12, 5)
    [page] = [p for p in iter_audience_pages(report.site) if p.src_uri == f"doi-tuong/{AUDIENCE}.md"]
    assert "vào ngày dựng trang (05/12/2026)" in page.written
    assert "Nội dung theo bản dựng ngày 05/12/2026" in page.written
    assert f"ngày dựng trang ({format_date(newest)})" not in page.written
    assert "Ngày in: <span data-loa-print-date>……/……/………</span>" in page.written  # the browser's, at print time


def test_each_talking_point_is_converted_once_with_its_links_as_mkdocs_writes_them() -> None:
    """Handouts share one conversion of each body (loa.render.shared_bodies); what it cannot do as MkDocs
    would (page-wide Markdown, a link to no page) stays in the handout's Markdown."""
    import dataclasses

    from conftest import REAL_CONTENT, ROOT
    from mkdocs.config import load_config

    from loa.kinds import KINDS
    from loa.render import MarkdownSettings, shared_bodies

    report = check_site(REAL_CONTENT, today=dt.date(2026, 11, 23))
    assert report.site is not None
    config = load_config(str(ROOT / "mkdocs.yml"))
    settings = MarkdownSettings(tuple(config.markdown_extensions), dict(config.mdx_configs))
    msg, doc = report.site.visible("message")[0], report.site.visible("document")[0]
    pages = {f"{KINDS[e.kind].folder}/{e.id}.md" for e in report.site.visible()}
    bodies = {
        "link": f"Xem [kế hoạch](../van-ban/{doc.id}.md#muc-ii) và <https://moh.gov.vn>, *nhấn mạnh*.",
        "heading": "### Lưu ý\n\nMột đoạn.",
        "footnote": "Một ý[^1].\n\n[^1]: Chú thích.",
        "image": "![hình](../anh/a.png)",
        "nowhere": "Xem [trang](../van-ban/khong-co.md).",
    }
    entries = [dataclasses.replace(msg, id=name, body=body) for name, body in bodies.items()]
    html_of = shared_bodies(entries, settings, "doi-tuong/nguoi-dan.md", pages)
    assert set(html_of) == {"link"}
    assert html_of["link"] == (f'<p>Xem <a href="../../van-ban/{doc.id}/#muc-ii">kế hoạch</a> và '
                               '<a href="https://moh.gov.vn">https://moh.gov.vn</a>, <em>nhấn mạnh</em>.</p>')


def test_handouts_carry_each_body_converted_once(built: Path, site: Site) -> None:
    page = handout(built)
    with_body = [m for m in messages_for(site) if m.body.strip()]
    assert with_body and page.count('<div class="loa-handout-body">') == len(with_body)
