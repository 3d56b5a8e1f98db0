"""The built site in a real headless Chromium at 360 px: renders, no console error, no other host."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]
PAGES = ["/", "/van-ban/", "/van-ban/ke-hoach-33-kh-tu/", "/van-ban/ke-hoach-dang-uy-khoi-truyen-thong-covid-19/",
         "/hoi-dap/tong-dai-1022-giai-dap-gi/", "/infographic/hinh-thuc-tuyen-truyen/"]

pytestmark = pytest.mark.browser


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@pytest.fixture(scope="module")
def server(built: Path) -> Iterator[str]:
    handler = functools.partial(QuietHandler, directory=str(built / "site"))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    if not os.path.exists(CHROMIUM):
        if os.environ.get("LOA_SKIP_BROWSER") == "1":
            pytest.skip("LOA_SKIP_BROWSER=1 and no /usr/bin/chromium")
        pytest.fail("Debian's chromium is missing: run scripts/test, which installs it")
    from playwright.sync_api import sync_playwright

    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            str(profile), executable_path=CHROMIUM, args=CHROMIUM_ARGS,
            viewport={"width": 360, "height": 740}, device_scale_factor=1, locale="vi-VN")
        yield context
        context.close()
    shutil.rmtree(profile, ignore_errors=True)


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
