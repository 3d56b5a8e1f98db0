"""Search in a real headless Chromium: diacritics, đ, NFD, ranking, retry, filters, ?q=, no JavaScript."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from conftest import launch

from loa.text.vi import fold

pytestmark = pytest.mark.browser


def results(browser, server: str, query: str, extra: str = "") -> tuple[list[str], str]:  # type: ignore[no-untyped-def]
    """Open /tim-kiem/?q=… and return (result URLs in order, status text)."""
    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{server}/tim-kiem/?q={quote(query)}{extra}")
    page.wait_for_function("document.querySelector('[data-loa-status]').textContent.includes('kết quả')")
    if page.locator("[data-loa-all]").count():  # common words: every page that has them, not only the third listed first
        page.click("[data-loa-all]")
        page.wait_for_function("!document.querySelector('[data-loa-all]') && /kết quả/.test(document.querySelector('[data-loa-status]').textContent)")
    more = page.locator("[data-loa-more]")
    while more.is_visible():  # every result, not only the first page of them
        count = page.locator(".loa-result").count()
        more.click()
        page.wait_for_function(f"document.querySelectorAll('.loa-result').length > {count}")
    # A title that two pages share is one result, its kinds linking to each page.
    urls = page.locator(".loa-result__title, .loa-result__kinds a").evaluate_all(
        "els => els.map(e => new URL(e.href).pathname)")
    status = page.locator("[data-loa-status]").inner_text()
    page.close()
    assert errors == []
    return urls, status


def test_same_pages_with_and_without_diacritics(browser, server: str) -> None:  # type: ignore[no-untyped-def]
    accented, _ = results(browser, server, "tiêm vắc xin")
    assert accented, "the corpus mentions vắc xin"
    for variant in ("tiem vac xin", "TIEM VAC XIN", "tiem vacxin", "tiêm vaccine"):
        found, _ = results(browser, server, variant)
        assert set(found) == set(accented), variant


def test_d_bar_queries_without_diacritics(browser, server: str) -> None:  # type: ignore[no-untyped-def]
    found, _ = results(browser, server, "tong dai 1022")
    assert "/tong-dai-1022/tong-dai-1022/" in found
    assert "/hoi-dap/tong-dai-1022-giai-dap-gi/" in found
    reports, _ = results(browser, server, "bao cao dinh ky")
    assert "/van-ban/cong-van-01-cv-btgduk/" in reports  # "báo cáo định kỳ 02 lần/tháng"


def test_nfd_query_matches_like_nfc(browser, server: str) -> None:  # type: ignore[no-untyped-def]
    nfc, _ = results(browser, server, "tổng đài")
    nfd, _ = results(browser, server, unicodedata.normalize("NFD", "tổng đài"))
    assert nfc and nfd == nfc


def test_exact_accented_match_ranks_first(browser, server: str) -> None:  # type: ignore[no-untyped-def]
    found, _ = results(browser, server, "tổng đài")
    assert "/hoi-dap/hoi-dap-khong-dau/" in found
    assert found.index("/hoi-dap/hoi-dap-khong-dau/") > found.index("/tong-dai-1022/tong-dai-1022/")
    unaccented, _ = results(browser, server, "tong dai")
    assert "/hoi-dap/hoi-dap-khong-dau/" in unaccented


def test_question_words_and_unmatched_words_are_dropped(browser, server: str) -> None:  # type: ignore[no-untyped-def]
    found, status = results(browser, server, "tong dai 1022 la gi")
    assert "/tong-dai-1022/tong-dai-1022/" in found and "“tong dai 1022”" in status
    # Both words are indexed but never share a page: the last word is dropped, and the page says so.
    found, status = results(browser, server, "quyenluctest hoahongtest")
    assert found == ["/hoi-dap/hoi-dap-khong-dau/"] and "đã bỏ bớt: hoahongtest" in status


def test_filters_combine(browser, server: str) -> None:  # type: ignore[no-untyped-def]
    everything, _ = results(browser, server, "tuyên truyền")
    only_docs, _ = results(browser, server, "tuyên truyền", "&" + quote("Loại") + "=" + quote("Văn bản"))
    assert only_docs and set(only_docs) < set(everything)
    assert all(u.startswith("/van-ban/") for u in only_docs)
    year = "&" + quote("Năm") + "=2021"
    docs_2021, _ = results(browser, server, "tuyên truyền", "&" + quote("Loại") + "=" + quote("Văn bản") + year)
    assert docs_2021 and set(docs_2021) < set(only_docs)
    assert "/van-ban/cong-van-01-cv-btgduk/" not in docs_2021  # issued 2020


def test_results_show_title_kind_date_and_marked_excerpt(browser, server: str) -> None:  # type: ignore[no-untyped-def]
    page = browser.new_page()
    page.goto(f"{server}/tim-kiem/?q={quote('tong dai')}")
    page.wait_for_selector(".loa-result")
    first = page.locator(".loa-result").first
    assert first.locator(".loa-result__title").inner_text()
    assert "Rà soát ngày" in first.locator(".loa-result__meta").inner_text() or "Ban hành" in first.locator(".loa-result__meta").inner_text()
    marks = [fold(m) for m in first.locator("mark").all_inner_texts()]
    assert any(m.startswith(("tong", "dai")) for m in marks)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360
    page.close()


def test_header_search_leads_to_results(browser, server: str) -> None:  # type: ignore[no-untyped-def]
    page = browser.new_page()
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{server}/van-ban/")
    page.fill("#loa-header-q", "tong dai")
    page.press("#loa-header-q", "Enter")
    page.wait_for_selector(".loa-result")
    assert page.url.endswith("/tim-kiem/?q=tong+dai")
    page.close()


@pytest.fixture
def no_js_page(playwright: object, tmp_path: Path) -> Iterator[object]:
    context = launch(playwright, tmp_path / "profile", java_script_enabled=False)
    yield context.new_page()  # type: ignore[attr-defined]
    context.close()  # type: ignore[attr-defined]


def test_without_javascript_the_page_says_so(no_js_page, server: str) -> None:  # type: ignore[no-untyped-def]
    no_js_page.goto(f"{server}/tim-kiem/?q=tong+dai")
    text = no_js_page.locator("article").inner_text()
    assert "Tìm kiếm cần JavaScript" in text
    assert no_js_page.locator("noscript a[href$='van-ban/']").count() or no_js_page.get_by_role("link", name="Danh mục văn bản").count()
