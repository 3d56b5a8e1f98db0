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


# Pagefind's own quoted (phrase) search, as the search page asks it for pairs and whole queries: each
# word folded, and a "d" also as "đ" (loa-search-engine.js, spellings()).
PHRASES = """async (queries) => {
  const pf = await import("/pagefind/pagefind.js");
  await pf.options({ excerptLength: 0 });
  await pf.init();
  const out = {};
  for (const q of queries) {
    const res = await pf.search(`"${q}"`);
    out[q] = await Promise.all(res.results.map(async (r) => new URL((await r.data()).url, location.href).pathname));
  }
  return out;
}"""


def test_quoted_phrases_with_d_bar_find_their_pages(browser, server: str) -> None:  # type: ignore[no-untyped-def]
    # Pagefind 1.5.2 missed a phrase on every page where one of its words also stood in another diacritic
    # form ("đe" and "đề"): 143 of 300 phrases with "đ" taken from the shipped pages found no page at all.
    page = browser.new_page()
    page.goto(f"{server}/tim-kiem/")
    found = page.evaluate(PHRASES, ["răn đe", "ran đe", "công đoàn", "cong đoan", "giả khôi", "tin giả"])
    page.close()
    for phrase in ("răn đe", "ran đe"):  # as typed, and as the search page asks it for "ran de"
        assert "/hoi-dap/tung-tin-sai-su-that-ve-dich-bi-xu-ly-the-nao/" in found[phrase], (phrase, found)
    chips = "/thong-diep/doan-vien-cong-doan-vien-xung-kich-tinh-nguyen-phong-chong-dich/"
    assert chips in found["công đoàn"] and found["cong đoan"] == found["công đoàn"]
    # Two topic chips side by side ("Thông tin chính thống, tin giả", "Khôi phục, phát triển …") are two
    # labels, not a phrase: only the words inside one chip stand together.
    assert chips in found["tin giả"] and found["giả khôi"] == []


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


def test_whole_syllables_not_prefixes(browser, server: str) -> None:  # type: ignore[no-untyped-def]
    # "tin" is not "tỉnh" and "gia" is not "Giang": the first results are about false news.
    page = browser.new_page()
    page.goto(f"{server}/tim-kiem/?q={quote('tin gia')}")
    page.wait_for_selector(".loa-result")
    titles = [fold(t) for t in page.locator(".loa-result__title").all_inner_texts()[:2]]
    total = int(page.locator("[data-loa-status]").inner_text().split()[2])
    page.close()
    assert titles and all("tin gia" in t for t in titles), titles
    assert total < 40  # of about 120 pages; matched as prefixes, "tin gia" found 113


def test_prefix_only_for_the_word_being_typed(browser, server: str) -> None:  # type: ignore[no-untyped-def]
    page = browser.new_page()
    page.goto(f"{server}/tim-kiem/")
    page.locator("#loa-q").press_sequentially("tiem vaccin")  # "vaccin" cannot be a whole syllable: a prefix of "vaccine"
    page.wait_for_function("/Tìm thấy \\d+ kết quả cho “tiem vaccin”/.test(document.querySelector('[data-loa-status]').textContent)")
    typed = page.locator(".loa-result").count()
    page.locator("#loa-q").press("Enter")  # submitted, every word is whole: "vaccin" is corrected, and the page says so
    page.wait_for_function("document.querySelector('[data-loa-note]').textContent.includes('Đã tìm theo')")
    assert typed > 0
    page.close()


def test_pagefind_loads_before_the_first_query(browser, server: str) -> None:  # type: ignore[no-untyped-def]
    page = browser.new_page()
    fetched: list[str] = []
    page.on("request", lambda r: fetched.append(r.url))
    page.goto(f"{server}/tim-kiem/")
    page.wait_for_function("document.activeElement && document.activeElement.id === 'loa-q'")
    page.wait_for_load_state("networkidle")
    assert any("pagefind.js" in u for u in fetched) and any(u.endswith(".pf_meta") for u in fetched)
    assert not any(u.endswith(".pf_index") for u in fetched)  # no query yet: no index chunk
    page.close()


def test_failed_load_says_so_and_offers_sections_and_1022(browser, server: str) -> None:  # type: ignore[no-untyped-def]
    page = browser.new_page()
    page.route("**/pagefind/pagefind.js", lambda route: route.abort())
    page.goto(f"{server}/tim-kiem/?q={quote('tong dai')}")
    page.wait_for_function("document.querySelector('[data-loa-status]').textContent.includes('Không tải được')")
    fallback = page.locator("[data-loa-fallback]")
    assert fallback.is_visible()
    assert fallback.locator("a[href='tel:1022']").is_visible()
    assert fallback.locator("a[href$='van-ban/']").count() and fallback.locator("a[href$='hoi-dap/']").count()
    page.close()


def test_new_query_cancels_the_old_queries_more(browser, server: str) -> None:  # type: ignore[no-untyped-def]
    fresh, _ = results(browser, server, "tong dai 1022")
    page = browser.new_page()
    page.goto(f"{server}/tim-kiem/?q={quote('phòng chống dịch covid')}")
    page.wait_for_selector("[data-loa-more]:not([hidden])")
    # "Xem thêm" starts fetching the old query's next fragments; the new query starts before they arrive.
    page.evaluate("""() => {
        document.querySelector('[data-loa-more]').click();
        document.querySelector('#loa-q').value = 'tong dai 1022';
        document.querySelector('[data-loa-search] form').requestSubmit();
    }""")
    page.wait_for_function("/cho “tong dai 1022”/.test(document.querySelector('[data-loa-status]').textContent)")
    page.wait_for_load_state("networkidle")
    shown = page.locator(".loa-result__title, .loa-result__kinds a").evaluate_all("els => els.map(e => new URL(e.href).pathname)")
    page.close()
    assert shown == fresh[: len(shown)] and set(shown) <= set(fresh)


def test_corrected_query_says_so_and_links_to_the_query_as_typed(browser, server: str) -> None:  # type: ignore[no-untyped-def]
    page = browser.new_page()
    page.goto(f"{server}/tim-kiem/?q={quote('tiem vac sin')}")
    page.wait_for_selector(".loa-result")
    note = page.locator("[data-loa-note]")
    assert "Đã tìm theo" in note.inner_text() and "xin" in note.inner_text()
    link = note.locator("a[data-loa-as-typed]")
    assert "dung-nhu-go=1" in link.get_attribute("href")
    link.click()
    page.wait_for_function("/kết quả/.test(document.querySelector('[data-loa-status]').textContent)")
    assert page.locator("#loa-q").input_value() == "tiem vac sin"
    assert page.locator("[data-loa-note]").inner_text() == ""  # searched as typed: nothing corrected
    assert "“tiem vac" in page.locator("[data-loa-status]").inner_text()
    page.close()


def test_abbreviations_are_spelt_out(browser, server: str) -> None:  # type: ignore[no-untyped-def]
    found, status = results(browser, server, "ubnd tinh")
    page = browser.new_page()
    page.goto(f"{server}/tim-kiem/?q={quote('tin nhan gui den dt')}")
    page.wait_for_selector(".loa-result")
    assert "điện thoại" in page.locator("[data-loa-note]").inner_text()
    first = page.locator(".loa-result__title").first.get_attribute("href")
    page.close()
    assert first and "tin-nhan-phong-chong-dich-gui-den-dien-thoai" in first
    assert found and "ủy ban nhân dân" in status


def test_identical_titles_are_one_result_with_both_kinds(browser, server: str) -> None:  # type: ignore[no-untyped-def]
    page = browser.new_page()
    page.goto(f"{server}/tim-kiem/?q={quote('quyền lợi đối với cá nhân trách nhiệm đối với cộng đồng')}")
    page.wait_for_selector(".loa-result")
    title = "Tiêm vắc xin phòng Covid-19 là quyền lợi đối với cá nhân, là trách nhiệm đối với cộng đồng"
    same = page.locator(".loa-result").filter(has=page.locator(".loa-result__title", has_text=title))
    assert same.count() == 1
    kinds = same.locator(".loa-result__kinds").inner_text()
    page.close()
    assert "Khẩu hiệu" in kinds and "Thông điệp" in kinds


def test_filter_counts_follow_the_query(browser, server: str) -> None:  # type: ignore[no-untyped-def]
    page = browser.new_page()
    page.goto(f"{server}/tim-kiem/?q={quote('tong dai 1022')}")
    page.wait_for_selector(".loa-result")
    page.click(".loa-search__filters summary")
    page.wait_for_selector("[data-loa-filters] input[type=checkbox]")
    page.wait_for_function("/kết quả/.test(document.querySelector('[data-loa-status]').textContent)")
    total = int(page.locator("[data-loa-status]").inner_text().split()[2])
    kind_counts = page.locator("fieldset:has(legend:text-is('Loại')) [data-loa-count]").all_inner_texts()
    page.close()
    assert sum(int(c.strip("()")) for c in kind_counts) == total  # each page has one kind


def test_common_words_list_a_third_of_the_site_then_all(browser, server: str, built: Path) -> None:  # type: ignore[no-untyped-def]
    pages = len(list((built / "site" / "pagefind" / "fragment").glob("*.pf_fragment")))
    page = browser.new_page()
    page.goto(f"{server}/tim-kiem/?q={quote('kế hoạch')}")
    page.wait_for_selector("[data-loa-all]")
    listed = int(page.locator("[data-loa-status]").inner_text().split()[2])
    page.click("[data-loa-all]")
    page.wait_for_function("!document.querySelector('[data-loa-all]') && /kết quả/.test(document.querySelector('[data-loa-status]').textContent)")
    everything = int(page.locator("[data-loa-status]").inner_text().split()[2])
    page.close()
    assert listed <= pages / 3 < everything


def test_hotline_queries_lead_to_the_call_button(browser, server: str) -> None:  # type: ignore[no-untyped-def]
    page = browser.new_page()
    for query in ("1022", "tong dai 1022", "gọi tổng đài"):
        page.goto(f"{server}/tim-kiem/?q={quote(query)}")
        page.wait_for_selector(".loa-result")
        page.locator(".loa-result__title").first.click()
        page.wait_for_load_state()
        assert page.locator("a[href='tel:1022']").count(), (query, page.url)
    page.close()


@pytest.mark.parametrize(("query", "said", "answer"), [
    # letters and digits typed together are split, then "tongdai" is corrected, spelt as the page spells it
    ("tongdai1022", "tổng đài 1022", "/tong-dai-1022/"),
    # real words in the wrong place: "chon" and "su" match pages, only their neighbours give them away
    ("chon cach ly bi su ly", "trốn", "/hoi-dap/tro-ve-tu-vung-dich-khong-khai-bao-y-te-thi-sao/"),
    ("vung sau vung sa hai dao", "vung xa hai", "/thong-diep/dong-bao-dan-toc-bien-gioi-vung-sau-duoc-quan-tam-nam-bat-kho-khan/"),
])
def test_correction_from_neighbours_and_joined_digits(browser, server: str, query: str, said: str, answer: str) -> None:  # type: ignore[no-untyped-def]
    page = browser.new_page()
    page.goto(f"{server}/tim-kiem/?q={quote(query)}")
    page.wait_for_selector(".loa-result")
    note = page.locator("[data-loa-note]").inner_text()
    first = page.locator(".loa-result__title").first.evaluate("e => new URL(e.href).pathname")
    page.close()
    assert "Đã tìm theo" in note and said in note.lower()
    assert first == answer


# Run in the page itself, so that no driver call runs on its main thread meanwhile: submit the query,
# wait until its results are shown and painted, and return the long tasks (50 ms or more) of that time.
MEASURE_SEARCH = """async (query) => {
  const tasks = [];
  const observer = new PerformanceObserver((list) => tasks.push(...list.getEntries().map((e) => e.duration)));
  observer.observe({ type: "longtask" });
  const status = document.querySelector("[data-loa-status]");
  const shown = new Promise((resolve) => new MutationObserver((_, watch) => {
    if (/kết quả/.test(status.textContent)) { watch.disconnect(); resolve(); }
  }).observe(status, { childList: true, characterData: true, subtree: true }));
  const input = document.querySelector("#loa-q");
  input.value = query;
  input.form.requestSubmit();
  await shown;
  await new Promise((painted) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(painted, 100))));
  tasks.push(...observer.takeRecords().map((e) => e.duration));
  observer.disconnect();
  return { tasks, first: [...document.querySelectorAll(".loa-result__title")].map((a) => new URL(a.href).pathname) };
}"""


def searches_main_thread(browser, server: str, queries: list[str], worker: bool) -> tuple[list[float], list[list[str]]]:  # type: ignore[no-untyped-def]
    """The main thread's long tasks (ms) while each query is searched, and each query's first results;
    without `worker` the browser has no Worker, as on one without module workers."""
    page = browser.new_page()
    if not worker:
        page.add_init_script("delete window.Worker")
    browser.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": 4})  # Lighthouse's mobile CPU
    page.goto(f"{server}/tim-kiem/")
    page.wait_for_load_state("networkidle")  # Pagefind is loaded: what follows is the search itself
    tasks: list[float] = []
    shown = []
    for query in queries:
        found = page.evaluate(MEASURE_SEARCH, query)
        tasks += found["tasks"]
        shown.append(found["first"])
    page.close()
    return tasks, shown


def test_search_leaves_the_main_thread_free(browser, server: str) -> None:  # type: ignore[no-untyped-def]
    # Pagefind's index chunk (decompressed and searched by its WebAssembly), the vocabulary and the
    # corrections of a misspelt query held the page for 250–750 ms at a phone's CPU speed; in the
    # worker only the results' own rendering is left. The same page without workers (the engine in
    # the page) is the baseline, measured on the same machine at the same time, and finds the same.
    queries = ["vung do co dc ra ngoai ko", "tiem vac sin"]
    in_worker, found = searches_main_thread(browser, server, queries, worker=True)
    in_page, found_in_page = searches_main_thread(browser, server, queries, worker=False)
    assert found == found_in_page and all(found)

    def blocked(tasks: list[float]) -> float:  # Lighthouse's Total Blocking Time, over the searches
        return sum(t - 50 for t in tasks)

    # A ratio of two measurements taken side by side: an absolute bound in ms fails on a busy shared
    # machine (CI saw 433 ms once at 4x throttling) without anything being wrong with the page.
    assert blocked(in_worker) < blocked(in_page) / 2, (in_worker, in_page)


@pytest.mark.parametrize(("query", "searched", "wrong"), [
    # "ko" is "không", a question word, dropped; "bắt buộc" is not "bắt được" (a word found on few pages
    # is replaced only by a known confusion that stands beside its neighbour on the site)
    ("bat buoc ko", "“bat buoc”", "được"),
    # "sốt" is on no page: it is dropped, and the page says so, not turned into "số" or "sóc"
    ("bi sot ho", "“bi ho” (đã bỏ bớt: sot)", "số"),
    ("sot", "Không tìm thấy kết quả nào cho “sot”", "sóc"),
    # typed right, with or without marks: rare words and words not side by side are left as typed
    ("làm sao biết tin về covid đúng hay sai", "“làm sao biết tin về covid đúng hay sai”", "số"),
    ("bao chi khong giat tit gay hoang mang", "“bao chi khong giat tit gay hoang mang”", "chống"),  # not "khi chống giặc"
    ("tuan tra bien gioi tuyen truyen chong dich", "“tuan tra bien gioi tuyen truyen chong dich”", "trong"),
    # the "KH" of a document's number is its type, not "kế hoạch" typed short
    ("33-KH/TU", "“33 KH TU”", "kế hoạch"),
    # "ca da" stands side by side on the answering page (its SMS text): "da" is not "giả" because two of a
    # message's topic chips ("… tin giả", "Khôi phục …") once read as the phrase "giả khôi" (loa/templates/_macros.j2)
    ("bao chi thong tin can bang ca nhiem moi va ca da khoi", "“bao chi thong tin can bang ca nhiem moi va ca da khoi”", "giả"),
])
def test_real_words_are_not_corrected_into_other_words(browser, server: str, query: str, searched: str, wrong: str) -> None:  # type: ignore[no-untyped-def]
    found, status = results(browser, server, query)
    assert searched in status and wrong not in status, status
    if "33" in query:
        assert found[0] == "/van-ban/ke-hoach-33-kh-tu/"


def test_chat_abbreviations_are_spelt_out(browser, server: str) -> None:  # type: ignore[no-untyped-def]
    # "j" (gì) and "ntn" (như thế nào) are question words once spelt out, dropped from the end
    for query, answer in (("tong dai 1022 giai dap j", "/hoi-dap/tong-dai-1022-giai-dap-gi/"),
                          ("tung tin sai su that bi xu ly ntn", "/hoi-dap/tung-tin-sai-su-that-ve-dich-bi-xu-ly-the-nao/")):
        found, status = results(browser, server, query)
        assert "bỏ bớt" not in status and found[0] == answer, (query, status, found[:3])
