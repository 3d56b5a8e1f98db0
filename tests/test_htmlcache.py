"""loa.htmlcache and the conversion cache of loa.plugin.PageMarkdown: what the key holds, and what is never kept."""

from __future__ import annotations

import contextlib
import logging
import sqlite3
from pathlib import Path

import pytest
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from loa import htmlcache
from loa.htmlcache import HtmlCache
from loa.memo import stable
from loa.plugin import PageMarkdown
from loa.raster import CACHE_MAX_AGE_DAYS


def test_stable_names_functions_and_refuses_objects() -> None:
    from loa.text.vi import toc_slugify

    assert stable({"b": [1, "x"], "a": toc_slugify}) == '{"a":<loa.text.vi.toc_slugify>,"b":[1,"x"]}'
    assert stable({"a": 1, "b": 2}) == stable({"b": 2, "a": 1})
    assert stable({"x": object()}) is None and stable([lambda: 1]) is None


def rows(root: Path) -> dict[str, bytes]:
    with contextlib.closing(sqlite3.connect(root / htmlcache.FILE)) as db:
        return {k: v for k, v in db.execute("SELECT key, value FROM entries")}


def test_a_damaged_or_foreign_entry_is_a_miss(tmp_path: Path) -> None:
    cache = HtmlCache(tmp_path, ["one"])
    key = cache.key("a")
    cache.put(key, {"content": "<p>a</p>"})
    assert cache.get(key) == {"key": key, "content": "<p>a</p>"} and cache.hits == 1  # before it is written
    cache.flush()
    assert list(rows(tmp_path)) == [key]
    fresh = HtmlCache(tmp_path, ["one"])
    assert fresh.get(key) == {"key": key, "content": "<p>a</p>"} and fresh.hits == 1
    other = HtmlCache(tmp_path, ["two"])  # other settings: other keys
    assert other.key("a") != key and other.get(other.key("a")) is None
    with contextlib.closing(sqlite3.connect(tmp_path / htmlcache.FILE)) as db, db:
        db.execute("UPDATE entries SET value = ?", (b"\xff{",))
    assert HtmlCache(tmp_path, ["one"]).get(key) is None
    with contextlib.closing(sqlite3.connect(tmp_path / htmlcache.FILE)) as db, db:  # an entry filed under the wrong key
        db.execute("UPDATE entries SET value = ?", (b'{"key": "another", "content": "x"}',))
    assert HtmlCache(tmp_path, ["one"]).get(key) is None


def test_a_damaged_file_is_a_cache_of_nothing_then_replaced(tmp_path: Path) -> None:
    (tmp_path / htmlcache.FILE).write_bytes(b"not a database " * 1000)
    cache = HtmlCache(tmp_path, ["one"])
    key = cache.key("a")
    assert cache.get(key) is None
    cache.put(key, {"content": "<p>a</p>"})
    cache.flush()
    assert HtmlCache(tmp_path, ["one"]).get(key) == {"key": key, "content": "<p>a</p>"}


def test_a_locked_file_costs_this_build_s_entries_not_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Another build writing for longer than the wait: the new entries are not kept, nothing of the file is lost."""
    cache = HtmlCache(tmp_path, ["one"])
    kept, late = cache.key("kept"), cache.key("late")
    cache.put(kept, {"content": "1"})
    cache.flush()
    monkeypatch.setattr(htmlcache, "BUSY_SECONDS", 0.1)
    other = sqlite3.connect(tmp_path / htmlcache.FILE)
    try:
        other.execute("BEGIN IMMEDIATE")  # holds the write lock
        writer = HtmlCache(tmp_path, ["one"])
        assert writer.get(kept) is not None  # WAL: reading goes on beside the other's write
        writer.put(late, {"content": "2"})
        writer.flush()
    finally:
        other.rollback()
        other.close()
    assert sorted(rows(tmp_path)) == [kept]


def test_entries_unused_for_a_month_are_dropped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = HtmlCache(tmp_path, ["one"])
    old, used, new = cache.key("old"), cache.key("used"), cache.key("new")
    monkeypatch.setattr(htmlcache, "cache_day", lambda: 20000)
    cache.put(old, {"content": "1"})
    cache.put(used, {"content": "2"})
    cache.flush()
    monkeypatch.setattr(htmlcache, "cache_day", lambda: 20000 + CACHE_MAX_AGE_DAYS - 1)
    later = HtmlCache(tmp_path, ["one"])
    assert later.get(used) is not None  # used again: its day moves
    later.flush()
    monkeypatch.setattr(htmlcache, "cache_day", lambda: 20000 + CACHE_MAX_AGE_DAYS + 1)
    last = HtmlCache(tmp_path, ["one"])
    last.put(new, {"content": "3"})
    last.flush()
    assert sorted(rows(tmp_path)) == sorted([used, new])


def site(tmp_path: Path, names: list[str]) -> tuple[MkDocsConfig, Files]:
    docs = tmp_path / "docs"
    docs.mkdir(exist_ok=True)
    config = MkDocsConfig()
    config.load_dict({"site_name": "t", "docs_dir": str(docs), "site_dir": str(tmp_path / "site"),
                      "markdown_extensions": ["toc", "attr_list"]})
    errors, _ = config.validate()
    assert not errors
    for name in names:
        (docs / name).write_text("# x\n", encoding="utf-8")
    files = Files([File(name, str(docs), str(tmp_path / "site"), True) for name in names])
    return config, files


def convert(config: MkDocsConfig, files: Files, name: str, text: str, cache: Path) -> tuple[Page, PageMarkdown]:
    page = Page(None, files.get_file_from_path(name), config)
    page.markdown = text
    converter = PageMarkdown(config, cache)
    converter.render(page, config, files)
    if converter.cache is not None:
        converter.cache.flush()  # as the plugin does once the pages are written
    return page, converter


def test_a_cached_conversion_is_the_conversion(tmp_path: Path) -> None:
    config, files = site(tmp_path, ["a.md", "b.md"])
    text = "# Tiêu đề\n\n## Mục một\n\nXem [b](b.md#muc) và [tiêu đề](#muc-mot).\n"
    fresh, first = convert(config, files, "a.md", text, tmp_path / "cache")
    assert first.cache is not None and first.cache.stored == 1
    cached, second = convert(config, files, "a.md", text, tmp_path / "cache")
    assert second.cache is not None and second.cache.hits == 1
    assert cached.content == fresh.content and '<a href="../b/#muc">' in str(cached.content)
    assert [(i.title, i.url, [c.url for c in i.children]) for i in cached.toc] == \
           [(i.title, i.url, [c.url for c in i.children]) for i in fresh.toc]
    assert cached.title == fresh.title == "Tiêu đề"
    assert cached.present_anchor_ids == fresh.present_anchor_ids
    assert cached.links_to_anchors == fresh.links_to_anchors and cached.links_to_anchors


def test_the_key_holds_the_site_s_files_and_the_page(tmp_path: Path) -> None:
    """A link resolves against the site's files: another set of files is another key, as is another page."""
    config, files = site(tmp_path, ["a.md", "b.md"])
    convert(config, files, "a.md", "[b](b.md)\n", tmp_path / "cache")
    _, again = convert(config, files, "a.md", "[b](b.md)\n", tmp_path / "cache")
    assert again.cache is not None and again.cache.hits == 1
    config, more = site(tmp_path, ["a.md", "b.md", "c.md"])
    _, other_files = convert(config, more, "a.md", "[b](b.md)\n", tmp_path / "cache")
    _, other_text = convert(config, files, "a.md", "[b](b.md) \n", tmp_path / "cache")
    _, other_page = convert(config, files, "b.md", "[b](b.md)\n", tmp_path / "cache")
    assert [c.cache.hits for c in (other_files, other_text, other_page) if c.cache] == [0, 0, 0]


def test_a_conversion_that_logged_is_never_kept(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """MkDocs warns about a link to no page while converting: a cached page would lose the warning."""
    config, files = site(tmp_path, ["a.md"])
    with caplog.at_level(logging.INFO):
        _, first = convert(config, files, "a.md", "[x](khong-co.md)\n", tmp_path / "cache")
        assert "khong-co.md" in caplog.text
        caplog.clear()
        _, second = convert(config, files, "a.md", "[x](khong-co.md)\n", tmp_path / "cache")
        assert "khong-co.md" in caplog.text
    assert first.cache is not None and first.cache.stored == 0
    assert second.cache is not None and second.cache.hits == 0
    assert not (tmp_path / "cache" / htmlcache.FILE).exists() or not rows(tmp_path / "cache")


def test_an_extension_set_up_with_an_object_turns_the_cache_off(tmp_path: Path) -> None:
    config, files = site(tmp_path, ["a.md"])
    config["mdx_configs"] = {"toc": {"slugify": object()}}
    converter = PageMarkdown(config, tmp_path / "cache")
    assert converter.cache is None


def test_memo_keeps_what_the_last_build_used(tmp_path: Path) -> None:
    from loa.memo import Memo

    file = tmp_path / "memo.json"
    calls: list[str] = []

    def upper(text: str) -> str:
        calls.append(text)
        return text.upper()

    first = Memo(file)
    assert first(("f", "a"), lambda: upper("a")) == "A" and first(("f", "b"), lambda: upper("b")) == "B"
    first.save()
    second = Memo(file)
    assert second(("f", "a"), lambda: upper("a")) == "A" and second.hits == 1 and calls == ["a", "b"]
    second.save()  # "b" was not asked for: gone
    third = Memo(file)
    assert third(("f", "b"), lambda: upper("b")) == "B" and third.hits == 0
    file.write_text("{broken", encoding="utf-8")
    assert Memo(file)(("f", "a"), lambda: "fresh") == "fresh"
    assert Memo(None)(("f", "a"), lambda: "off") == "off"


def test_memo_from_another_loa_is_not_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from loa import memo

    file = tmp_path / "memo.json"
    kept = memo.Memo(file)
    kept(("f", "a"), lambda: "old")
    kept.save()
    monkeypatch.setattr(memo, "versions", lambda: "markdown 0.0")  # another version converts differently
    assert memo.Memo(file)(("f", "a"), lambda: "new") == "new"


def test_the_guard_remembers_clean_pages_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A page with the very bytes of a page found clean before is not checked again; an unsafe page is
    checked, and reported, every time; another allowed host is another verdict."""
    from loa import publish
    from loa.workers import Workers

    checked: list[str] = []
    real = publish.pages_problems

    def counting(pages: list[tuple[str, str]], hosts: list[str]) -> list[tuple[str, list[str]]]:
        checked.extend(name for name, _ in pages)
        return real(pages, hosts)

    monkeypatch.setattr(publish, "pages_problems", counting)
    clean_page, unsafe_page = "<html><body><p>Gọi 1022</p></body></html>", '<img src="https://evil.example/x.png">'
    workers = Workers(1)
    try:
        for _ in range(2):
            guard = publish.PageGuard(workers, [], inline=True, clean=publish.CleanPages(tmp_path / "guard", []))
            guard.check("a", clean_page)
            guard.check("b", unsafe_page)
            assert len(guard.problems()) == 1 and "evil.example" in guard.problems()[0]
        assert checked == ["a", "b", "b"]
        other = publish.PageGuard(workers, [], inline=True, clean=publish.CleanPages(tmp_path / "guard", ["cdn.example"]))
        other.check("a", clean_page)
        monkeypatch.setattr(publish, "pages_problems", real)  # the worker needs a function it can import
        batched = publish.PageGuard(workers, [], inline=False, clean=publish.CleanPages(tmp_path / "g2", []))
        batched.check("c", clean_page)
        batched.check("d", unsafe_page)
        assert len(batched.problems()) == 1
    finally:
        workers.close()
    assert checked == ["a", "b", "b", "a"]  # the batch ran in the worker, where this list is not
    stored = publish.CleanPages(tmp_path / "g2", [])
    assert stored.known(stored.key(clean_page)) and not stored.known(stored.key(unsafe_page))  # the clean page's only


def test_a_damaged_verdict_file_costs_a_check_not_a_verdict(tmp_path: Path) -> None:
    """Verdicts that cannot be read are no verdicts: the page is checked again, and the file replaced."""
    from loa import publish

    clean_page = "<html><body><p>Gọi 1022</p></body></html>"
    (tmp_path / "guard").mkdir()
    (tmp_path / "guard" / publish.CleanPages.FILE).write_bytes(b"not a database " * 100)
    damaged = publish.CleanPages(tmp_path / "guard", [])
    assert not damaged.known(damaged.key(clean_page))
    damaged.remember(damaged.key(clean_page))
    damaged.save()  # the write fails on the damaged file, which is removed
    damaged.remember(damaged.key(clean_page))
    damaged.save()
    fresh = publish.CleanPages(tmp_path / "guard", [])
    assert fresh.known(fresh.key(clean_page))
    assert not fresh.known(fresh.key(clean_page + " "))
