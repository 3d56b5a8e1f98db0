"""Layout a phone user depends on: 200 % text without overflow, the register's sort control, reading order."""

from __future__ import annotations

import pytest
from test_a11y import PAGE_TYPES

pytestmark = pytest.mark.browser

# Every element inside the screen, no control clipped, no text box squeezed to a few letters.
OVERFLOW = """() => {
  const out = [];
  const vw = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth > vw) out.push('page scrolls sideways: ' + document.documentElement.scrollWidth);
  for (const el of document.querySelectorAll('body *')) {
    const r = el.getBoundingClientRect();
    const s = getComputedStyle(el);
    if (!r.width || s.visibility === 'hidden') continue;
    // closed drawer, tables that scroll in their own box, the header's ellipsised title, screen-reader text
    // and Material's copy toast (transparent until it is shown)
    // and code blocks, which scroll in their own box
    if (el.closest('.md-sidebar, .loa-table-wrap, .md-header__title, .loa-sr-only, [hidden], .md-dialog, pre')) continue;
    const name = el.tagName + '.' + String(el.className).split(' ')[0];
    if (r.right > vw + 1 || r.left < -1) out.push('past the edge: ' + name + ' ' + Math.round(r.left) + '..' + Math.round(r.right));
    if (['BUTTON', 'SELECT', 'SUMMARY', 'A', 'LABEL'].includes(el.tagName) && el.scrollWidth > el.clientWidth + 1
        && s.overflow !== 'visible') out.push('clipped: ' + name + ' ' + el.scrollWidth + '>' + el.clientWidth);
    if (el.tagName === 'INPUT' && !['checkbox', 'radio', 'hidden'].includes(el.type)
        && r.width < Math.min(el.parentElement.getBoundingClientRect().width - 2, 7 * parseFloat(s.fontSize)))
      out.push('squeezed: #' + el.id + ' ' + Math.round(r.width) + 'px wide at ' + s.fontSize);
  }
  return out.slice(0, 10);
}"""


@pytest.mark.parametrize("name", PAGE_TYPES)
def test_200_percent_text_at_360px_has_no_overflow(browser, server: str, name: str) -> None:  # type: ignore[no-untyped-def]
    page = browser.new_page()
    page.set_viewport_size({"width": 360, "height": 740})
    cdp = browser.new_cdp_session(page)
    # The browser's own text-size setting (Chromium: Settings > Font size), doubled: 16 px -> 32 px.
    cdp.send("Page.enable")
    cdp.send("Page.setFontSizes", {"fontSizes": {"standard": 32, "fixed": 26}})
    page.goto(server + PAGE_TYPES[name], wait_until="networkidle")
    if name == "search":
        page.wait_for_selector(".loa-result")
        page.locator(".loa-search__filters > summary").click()
        page.wait_for_selector(".loa-search__filters input[type=checkbox]")
    root = page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")
    assert root == 40, root  # Material's 125 % of the doubled default: the setting took effect
    problems = page.evaluate(OVERFLOW)
    assert problems == [], f"{name}: " + "; ".join(problems)
    page.close()


def test_register_sorts_on_a_phone_with_its_list_box(browser, server: str) -> None:  # type: ignore[no-untyped-def]
    page = browser.new_page()
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(server + "/van-ban/", wait_until="networkidle")
    assert not page.locator("table.loa-register thead").is_visible()  # the column headers are hidden here
    assert "Bấm vào tiêu đề cột" not in page.locator("article").inner_text()
    select = page.get_by_label("Sắp xếp theo", exact=True)
    assert select.is_visible()
    select.select_option(label="Ngày ban hành (cũ nhất trước)")
    dates = page.locator("td[data-label='Ngày']").evaluate_all("els => els.map(e => e.dataset.sort)")
    assert dates == sorted(dates) and dates != sorted(dates, reverse=True)
    select.select_option(label="Ngày ban hành (mới nhất trước)")
    dates = page.locator("td[data-label='Ngày']").evaluate_all("els => els.map(e => e.dataset.sort)")
    assert dates == sorted(dates, reverse=True)
    page.close()


READING_ORDER = """() => {
  // Within each block of the main content, what comes later in the document must not be drawn above
  // what comes before it (no CSS order, no reversed flex, no absolute moves of content).
  const out = [];
  for (const parent of document.querySelectorAll('article, article *')) {
    const kids = Array.from(parent.children).filter(k => k.getBoundingClientRect().height > 0
      && !['absolute', 'fixed'].includes(getComputedStyle(k).position));
    for (let i = 1; i < kids.length; i++) {
      const a = kids[i - 1].getBoundingClientRect(), b = kids[i].getBoundingClientRect();
      if (b.bottom <= a.top + 1) out.push(parent.tagName + '.' + parent.className + ': ' + kids[i].tagName + ' above ' + kids[i - 1].tagName);
    }
  }
  return out.slice(0, 10);
}"""


@pytest.mark.parametrize("name", ["register", "home", "document", "qa", "search", "slogan-hub"])
def test_reading_order_matches_what_is_seen_on_a_phone(browser, server: str, name: str) -> None:  # type: ignore[no-untyped-def]
    page = browser.new_page()
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(server + PAGE_TYPES[name], wait_until="networkidle")
    assert page.evaluate(READING_ORDER) == []
    page.close()
