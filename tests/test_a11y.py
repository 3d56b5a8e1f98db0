"""Accessibility: axe-core (WCAG 2.1 A/AA and best practices) finds no violation on any page type, in headless Chromium."""

from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

PAGE_TYPES = {
    "home": "/",
    "register": "/van-ban/",
    "document": "/van-ban/ke-hoach-33-kh-tu/",
    "qa-hub": "/hoi-dap/",
    "qa": "/hoi-dap/tong-dai-1022-giai-dap-gi/",
    "hotline-hub": "/tong-dai-1022/",
    "slogan-hub": "/khau-hieu/",
    "slogan": "/khau-hieu/minh-vi-moi-nguoi/",
    "message": "/thong-diep/chia-se-thong-tin-chinh-thong/",
    "message-hub": "/thong-diep/",
    "infographic": "/infographic/hinh-thuc-tuyen-truyen/",
    "infographic-zones": "/infographic/cac-cap-do-vung/",
    "infographic-schedule": "/infographic/lich-bao-cao-dinh-ky/",
    "infographic-hub": "/infographic/",
    "audience-index": "/doi-tuong/",
    "audience": "/doi-tuong/can-bo-dang-vien/",
    "audience-filtered": "/doi-tuong/nguoi-dan/?noi=kien-giang",
    "open-data": "/du-lieu-mo/",
    "changes": "/thay-doi/",
    "search": "/tim-kiem/?q=tong+dai",
    "hotline": "/tong-dai-1022/tong-dai-1022/",
    "not-found": "/404.html",
}
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


def axe_source() -> str:
    import axe_playwright_python

    return (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", PAGE_TYPES)
def test_axe_finds_no_violation(browser, server: str, name: str) -> None:  # type: ignore[no-untyped-def]
    page = browser.new_page()
    page.goto(server + PAGE_TYPES[name], wait_until="networkidle")
    if name == "search":
        page.wait_for_selector(".loa-result")
    page.add_script_tag(content=axe_source())
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG)
    violations = [
        f"{v['id']} ({v['impact']}): {v['help']} — " + "; ".join(n["target"][0] for n in v["nodes"][:3])
        for v in result["violations"]
    ]
    assert violations == [], "\n".join(violations)
    assert len(result["passes"]) > 10  # axe really ran
    page.close()


FOCUS_STATE = """() => { const el = document.activeElement; const s = getComputedStyle(el);
    return {cls: String(el.className), href: el.getAttribute('href'), tag: el.tagName,
            outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0,
            visible: el.getBoundingClientRect().height > 0}; }"""


# Material draws the skip link from a page's table of contents; the 404 page has none (its content
# follows the header's three controls directly).
@pytest.mark.parametrize("name", [n for n in PAGE_TYPES if n != "not-found"])
def test_page_has_skip_link_lang_and_visible_focus(browser, server: str, name: str) -> None:  # type: ignore[no-untyped-def]
    page = browser.new_page()
    page.goto(server + PAGE_TYPES[name], wait_until="networkidle")
    assert page.locator("html").get_attribute("lang") == "vi"
    assert page.locator("a.md-skip").count() == 1
    if name == "search":
        # The search page puts the cursor in its box; that box must show it has focus.
        focused = page.evaluate(FOCUS_STATE)
        assert focused["tag"] == "INPUT" and focused["outline"], focused
    else:
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUS_STATE)
        assert "md-skip" in focused["cls"] and focused["href"].startswith("#"), focused
        assert focused["visible"] and focused["outline"], focused
    page.keyboard.press("Tab")
    after = page.evaluate(FOCUS_STATE)
    assert after["outline"], f"no visible focus on {after}"
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"{name} scrolls sideways at 360 px ({width}px)"
    page.close()
