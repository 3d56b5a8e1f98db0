"""The built site in a real headless Chromium at 360 px: renders, no console error, no other host."""

from __future__ import annotations

import pytest

PAGES = ["/", "/van-ban/", "/van-ban/ke-hoach-33-kh-tu/", "/van-ban/ke-hoach-dang-uy-khoi-truyen-thong-covid-19/",
         "/hoi-dap/tong-dai-1022-giai-dap-gi/", "/infographic/hinh-thuc-tuyen-truyen/", "/tim-kiem/"]

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("path", PAGES)
def test_page_renders_at_360px_without_errors(browser, server: str, path: str) -> None:  # type: ignore[no-untyped-def]
    page = browser.new_page()
    requests: list[str] = []
    errors: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    response = page.goto(server + path, wait_until="networkidle")
    assert response is not None and response.status == 200
    assert page.locator("html").get_attribute("lang") == "vi"
    assert page.locator("h1").first.is_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"{path} scrolls horizontally: {width}px wide"
    assert errors == []
    foreign = [u for u in requests if not u.startswith(server)]
    assert foreign == [], f"{path} requested other hosts: {foreign}"
    page.close()


def test_document_page_shows_metadata_and_anchor(browser, server: str) -> None:  # type: ignore[no-untyped-def]
    page = browser.new_page()
    page.goto(server + "/van-ban/ke-hoach-33-kh-tu/#muc-iv-3", wait_until="networkidle")
    assert page.locator(".loa-docmeta").is_visible()
    assert "33-KH/TU" in page.locator(".loa-docmeta").inner_text()
    assert page.locator("#muc-iv-3").is_visible()
    page.close()


def test_register_sorts_by_date(browser, server: str) -> None:  # type: ignore[no-untyped-def]
    page = browser.new_page()
    page.set_viewport_size({"width": 1280, "height": 900})  # the sort buttons are in the desktop table
    page.goto(server + "/van-ban/", wait_until="networkidle")
    page.get_by_role("button", name="Sắp xếp theo Ngày ban hành").click()
    header = page.locator("th", has=page.get_by_role("button", name="Sắp xếp theo Ngày ban hành"))
    assert header.get_attribute("aria-sort") == "ascending"
    dates = page.locator("td[data-label='Ngày']").evaluate_all("els => els.map(e => e.dataset.sort)")
    assert dates == sorted(dates)
    page.close()
