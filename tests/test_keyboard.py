"""Keyboard: Tab through page types at phone and desktop widths; every stop is on screen and visibly changes the page."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

PAGES = {
    "home": "/",
    "qa": "/hoi-dap/tong-dai-1022-giai-dap-gi/",
    "search": "/tim-kiem/?q=tong+dai",
    "document": "/van-ban/ke-hoach-33-kh-tu/",
}
VIEWPORTS = {"phone": {"width": 360, "height": 740}, "desktop": {"width": 1280, "height": 900}}
MAX_STOPS = 45  # enough to leave the header and the navigation and reach the page's own content

ACTIVE = """() => { const el = document.activeElement; const r = el.getBoundingClientRect();
  return {tag: el.tagName, cls: String(el.className), text: (el.getAttribute('aria-label') || el.textContent || '').trim().slice(0, 40),
          top: r.top, bottom: r.bottom, left: r.left, right: r.right, w: r.width, h: r.height,
          vw: innerWidth, vh: innerHeight, body: el === document.body}; }"""


def describe(stop: dict) -> str:  # type: ignore[type-arg]
    return f"<{stop['tag']} class={stop['cls']!r}> {stop['text']!r}"


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("name", PAGES)
def test_keyboard_every_tab_stop_is_on_screen_and_visible(browser, server: str, name: str, viewport: str) -> None:  # type: ignore[no-untyped-def]
    page = browser.new_page()
    page.set_viewport_size(VIEWPORTS[viewport])
    page.goto(server + PAGES[name], wait_until="networkidle")
    if name == "search":
        page.wait_for_selector(".loa-result")
        page.locator(".loa-search__filters > summary").click()
        page.wait_for_selector(".loa-search__filters input[type=checkbox]")
        page.evaluate("document.activeElement.blur()")
        page.mouse.move(0, 0)
    before = page.screenshot()
    problems: list[str] = []
    stops = 0
    seen_filter = False
    for _ in range(MAX_STOPS):
        page.keyboard.press("Tab")
        stop = page.evaluate(ACTIVE)
        if stop["body"]:
            break  # walked off the end of the page
        stops += 1
        seen_filter |= stop["tag"] == "INPUT" and "checkbox" in (page.evaluate("document.activeElement.type") or "")
        on_screen = (stop["w"] > 0 and stop["h"] > 0 and stop["top"] >= -1 and stop["left"] >= -1
                     and stop["bottom"] <= stop["vh"] + 1 and stop["right"] <= stop["vw"] + 1)
        if not on_screen:
            problems.append(f"stop {stops} off screen: {describe(stop)} at {stop['left']:.0f},{stop['top']:.0f}")
        after = page.screenshot()
        # Chromium encodes the same pixels to the same PNG bytes, so equal bytes mean nothing changed.
        if after == before:
            problems.append(f"stop {stops} changes nothing on screen: {describe(stop)}")
        before = after
    assert stops >= 8, f"only {stops} Tab stops on {name}"
    if name == "search":
        assert seen_filter, "Tab never reached a filter checkbox"
    assert problems == [], "\n".join(problems)
    page.close()


def test_keyboard_menu_button_opens_and_closes_drawer(browser, server: str) -> None:  # type: ignore[no-untyped-def]
    page = browser.new_page()
    page.goto(server + "/hoi-dap/tong-dai-1022-giai-dap-gi/", wait_until="networkidle")
    drawer_links = page.locator(".md-sidebar--primary a[href]")
    assert not drawer_links.first.is_visible()
    button = page.get_by_role("button", name="Mở danh mục trang")
    assert button.get_attribute("aria-expanded") == "false"
    button.focus()
    page.keyboard.press("Enter")
    closed = page.get_by_role("button", name="Đóng danh mục trang")
    assert closed.get_attribute("aria-expanded") == "true"
    page.wait_for_function("document.activeElement.closest('.md-sidebar--primary') !== null")
    assert drawer_links.first.is_visible()
    page.keyboard.press("Escape")
    assert page.evaluate("document.activeElement.dataset.loaMenu") == ""
    assert button.get_attribute("aria-expanded") == "false"
    page.wait_for_function("getComputedStyle(document.querySelector('.md-sidebar--primary')).visibility === 'hidden'")
    page.close()
