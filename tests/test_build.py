"""Builds of the real content: pages, metadata, back-links, anchors, preview, determinism, atomicity."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import re
import selectors
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT, copy_project

from loa.build import BuildFailed, build_site
from loa.pipeline import check_site


def page(built: Path, url: str, site: str = "site") -> str:
    return (built / site / url.strip("/") / "index.html").read_text(encoding="utf-8")


def test_every_source_document_has_a_page(built: Path) -> None:
    for doc in (ROOT / "content" / "van-ban").glob("*.md"):
        html = page(built, f"van-ban/{doc.stem}")
        assert '<html lang="vi"' in html


def test_document_metadata_box(built: Path) -> None:
    html = page(built, "van-ban/cong-van-8232-vp-kgvx")
    box = html[html.index('class="loa-docmeta"'):]
    box = box[: box.index("</div>")]
    assert "8232/VP-KGVX" in box
    assert "Văn phòng Ủy ban nhân dân tỉnh Kiên Giang" in box
    assert '<time datetime="2021-10-19">ngày 19 tháng 10 năm 2021</time>' in box
    assert "Trần Công Danh" in box


def test_unknown_values_are_shown_as_unknown(built: Path) -> None:
    html = page(built, "van-ban/ke-hoach-dang-uy-khoi-truyen-thong-covid-19")
    assert "Văn bản không ghi số, ký hiệu" in html
    assert "Văn bản không ghi ngày ban hành" in html
    blank = page(built, "van-ban/ke-hoach-btgtu-thuc-hien-nghi-quyet-05-nq-tu")
    assert "-KH/BTGTU" in blank and "bản gốc để trống phần số" in blank


def test_back_link_from_transmitting_letter(built: Path) -> None:
    plan = page(built, "van-ban/ke-hoach-33-kh-tu")
    assert "Văn bản căn cứ vào văn bản này" in plan
    assert 'href="../cong-van-8232-vp-kgvx/"' in plan
    letter = page(built, "van-ban/cong-van-8232-vp-kgvx")
    assert 'href="../ke-hoach-33-kh-tu/"' in letter


def test_section_anchors_are_stable_ids(built: Path) -> None:
    html = page(built, "van-ban/ke-hoach-33-kh-tu")
    for anchor in ("muc-i", "muc-iv", "muc-iv-3"):
        assert f'id="{anchor}"' in html


def test_qa_links_to_its_source_section(built: Path) -> None:
    html = page(built, "hoi-dap/tong-dai-1022-giai-dap-gi")
    assert 'href="../../van-ban/ke-hoach-btgtu-thuc-hien-nghi-quyet-05-nq-tu/#muc-iv-4"' in html


def test_register_lists_every_document(built: Path) -> None:
    html = page(built, "van-ban")
    docs = list((ROOT / "content" / "van-ban").glob("*.md"))
    assert html.count('class="loa-subject"') == len(docs)
    assert "43-KH/ThU" in html and "06/9/2021" in html


def test_drafts_only_in_preview(built: Path) -> None:
    public_files = [p for p in (built / "site").rglob("*") if p.is_file()]
    assert not any(b"DRAFTMARKER" in p.read_bytes() for p in public_files)
    assert not (built / "site" / "hoi-dap" / "cau-hoi-nhap").exists()
    preview = page(built, "hoi-dap/cau-hoi-nhap", site="site-preview")
    assert "DRAFTMARKER" in preview
    assert "Bản nháp" in preview
    assert '<meta name="robots" content="noindex, nofollow">' in preview
    assert "noindex" not in page(built, "hoi-dap")


def test_no_request_to_another_host(built: Path) -> None:
    """Nothing a browser fetches by itself (scripts, styles, images, icons, fonts) comes from elsewhere."""
    external = re.compile(r"^(?:[a-z][a-z0-9+.-]*:)?//", re.I)
    fetched = re.compile(r"<(?:script|img|iframe|source|video|audio|embed)\b[^>]*\bsrc=[\"']?([^\"' >]+)"
                         r"|<link\b(?=[^>]*\brel=[\"']?(?:stylesheet|icon|preload|modulepreload|manifest|prefetch))"
                         r"[^>]*\bhref=[\"']?([^\"' >]+)", re.I)
    checked = 0
    for html in (built / "site").rglob("*.html"):
        for match in fetched.finditer(html.read_text(encoding="utf-8")):
            url = match.group(1) or match.group(2)
            checked += 1
            assert not external.match(url), f"{html}: fetches {url}"
    assert checked > 20
    for css in (built / "site").rglob("*.css"):
        text = css.read_text(encoding="utf-8")
        assert not re.search(r"@import|url\(\s*['\"]?(?:[a-z]+:)?//", text), css


def digest_tree(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def test_two_builds_are_byte_identical(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LOA_TODAY", "2026-11-23")
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    project = copy_project(tmp_path / "p")
    build_site(project / "mkdocs.yml", tmp_path / "a")
    build_site(project / "mkdocs.yml", tmp_path / "b")
    assert digest_tree(tmp_path / "a") == digest_tree(tmp_path / "b")


PAGE_WIDE_QA = """\
---
id: {id}
title: {title}
status: approved
reviewed: 2026-11-01
sources:
  - document: ke-hoach-43-kh-thu
---

## Gọi tổng đài

Gọi 1022 khi cần hỗ trợ[^1]. {extra}

[^1]: {note}
"""


def test_shared_markdown_and_template_parts_give_the_site_mkdocs_gives(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """loa.plugin.PageMarkdown converts every page with one Markdown instance, reset between pages,
    loa.plugin.TemplateParts renders Material's navigation and config script once for the pages
    that share them, and loa.plugin.EarlyContent renders every page's content (and its search copy,
    indexed while the pages are written) before the pages. MkDocs's own `Page.render` (a new instance
    per page), Material rendering every part of every page, and search copies written with the pages
    must give the same site, search index included, byte for byte: the real content (documents
    with tables of contents, hubs in the navigation, entries outside it), plus two pages with the
    same heading and footnote label, one defining an abbreviation the other must not inherit."""
    from loa import plugin

    monkeypatch.setenv("LOA_TODAY", "2026-11-23")
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    project = copy_project(tmp_path / "p")
    for ident, extra, note in (("hoi-dap-chu-thich-a", "SMS miễn phí.\n\n*[SMS]: tin nhắn ngắn", "Chú thích A."),
                               ("hoi-dap-chu-thich-b", "Có thể nhắn SMS.", "Chú thích B.")):
        (project / "content" / "hoi-dap" / f"{ident}.md").write_text(
            PAGE_WIDE_QA.format(id=ident, title=f"Hỏi đáp chú thích {ident[-1]}", extra=extra, note=note), encoding="utf-8")
    assert plugin.PageMarkdown.applies()  # the pinned MkDocs: otherwise this test compares MkDocs with itself
    early: list[bool] = []
    write = plugin.EarlyContent.write
    monkeypatch.setattr(plugin.EarlyContent, "write", lambda self, *a: early.append(write(self, *a)) or early[-1])
    build_site(project / "mkdocs.yml", tmp_path / "reused")
    assert early == [True]  # every page's content was rendered before the pages, and Pagefind started then
    monkeypatch.setattr(plugin.PageMarkdown, "applies", classmethod(lambda cls: False))
    monkeypatch.setattr(plugin.TemplateParts, "get", lambda self, key: None)  # every page renders every part
    monkeypatch.setattr(plugin.EarlyContent, "applies", staticmethod(lambda config: False))  # and its content
    build_site(project / "mkdocs.yml", tmp_path / "mkdocs")
    assert digest_tree(tmp_path / "reused") == digest_tree(tmp_path / "mkdocs")
    a, b = ((tmp_path / "reused" / "hoi-dap" / ident / "index.html").read_text(encoding="utf-8")
            for ident in ("hoi-dap-chu-thich-a", "hoi-dap-chu-thich-b"))
    assert '<abbr title="tin nhắn ngắn">SMS</abbr>' in a and "<abbr" not in b
    assert "Chú thích A." in a and "Chú thích B." in b and "Chú thích A." not in b


def test_build_leaves_the_environment_as_it_was(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The build dates itself from its content (SOURCE_DATE_EPOCH, for MkDocs) for that build only: a later
    build in the same process (`loa serve`, the tests) must not inherit the first one's date."""
    monkeypatch.setenv("LOA_TODAY", "2026-11-23")
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    before = dict(os.environ)
    build_site(copy_project(tmp_path / "p") / "mkdocs.yml", tmp_path / "a")
    assert dict(os.environ) == before


def test_failed_build_leaves_previous_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LOA_TODAY", "2026-11-23")
    project = copy_project(tmp_path / "p")
    build_site(project / "mkdocs.yml", project / "site")
    before = digest_tree(project / "site")
    qa = project / "content" / "hoi-dap" / "tong-dai-1022-giai-dap-gi.md"
    qa.write_text(qa.read_text(encoding="utf-8").replace("reviewed: 2026-11-23", "reviewed: 2026-02-30"), encoding="utf-8")
    with pytest.raises(BuildFailed) as info:
        build_site(project / "mkdocs.yml", project / "site")
    assert "L204 invalid-date [reviewed]" in str(info.value)
    assert digest_tree(project / "site") == before
    assert [p.name for p in project.iterdir() if p.name.startswith(".site")] == [".site.builds"]
    assert list((project / ".site.builds").iterdir()) == [(project / "site").resolve()]  # no half-built leftovers


def test_new_output_replaces_old_in_one_step(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LOA_TODAY", "2026-11-23")
    project = copy_project(tmp_path / "p")
    (project / "site").mkdir()
    (project / "site" / "old.txt").write_text("bản cũ", encoding="utf-8")  # a site made by hand or an older loa
    build_site(project / "mkdocs.yml", project / "site")
    assert (project / "site").is_symlink() and (project / "site" / "index.html").is_file()
    first = (project / "site").resolve()
    build_site(project / "mkdocs.yml", project / "site")
    assert (project / "site").resolve() != first and not first.exists()  # swapped by one rename, old one moved away


def test_previous_build_is_deleted_in_the_background(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LOA_TODAY", "2026-11-23")
    project = copy_project(tmp_path / "p")
    first = build_site(project / "mkdocs.yml", project / "site")
    builds = project / ".site.builds"
    # No earlier build to delete; the copies Pagefind read (loa.index.SEARCH_COPIES) go the same way.
    assert first.cleanup is not None and first.cleanup.wait(timeout=120) == 0
    assert [p.name for p in builds.iterdir()] == [(project / "site").resolve().name]
    old = (project / "site").resolve()
    (builds / "ghi-chu.txt").write_text("của biên tập viên", encoding="utf-8")  # not loa's: never deleted
    (builds / "ban-sao").mkdir()
    (builds / "ban-sao" / "index.html").write_text("<p>bản sao tay</p>", encoding="utf-8")
    second = build_site(project / "mkdocs.yml", project / "site")
    # When build_site returns, the old build is already out of the way (renamed, not yet deleted)...
    assert not old.exists() and (project / "site").resolve().parent == builds
    assert second.cleanup is not None
    assert second.cleanup.wait(timeout=120) == 0
    # ...and the detached process removes it; the new site and the editor's files stay.
    assert sorted(p.name for p in builds.iterdir()) == sorted(["ban-sao", "ghi-chu.txt", (project / "site").resolve().name])
    assert (project / "site" / "index.html").is_file()
    assert (builds / "ban-sao" / "index.html").read_text(encoding="utf-8") == "<p>bản sao tay</p>"
    assert (builds / "ghi-chu.txt").read_text(encoding="utf-8") == "của biên tập viên"


def test_interrupted_deletion_is_finished_by_the_next_build(tmp_path: Path) -> None:
    from loa.trash import discard

    builds, keep = tmp_path / ".site.builds", tmp_path / ".site.builds" / "build-2-1"
    (builds / "trash-1-build-1-1" / "a").mkdir(parents=True)  # left by a deletion cut short
    (builds / "build-0-1" / "b").mkdir(parents=True)
    keep.mkdir()
    proc = discard(builds, keep)
    assert proc is not None and proc.wait(timeout=60) == 0
    assert list(builds.iterdir()) == [keep]


def read_until(proc: subprocess.Popen[bytes], text: str, timeout: float = 300) -> str:
    """Read the process's stderr as it comes (select() on the pipe, no sleep) until it holds `text`."""
    assert proc.stderr is not None
    fd, seen = proc.stderr.fileno(), b""
    sel = selectors.DefaultSelector()
    sel.register(fd, selectors.EVENT_READ)
    deadline = time.monotonic() + timeout
    while text.encode() not in seen:
        left = deadline - time.monotonic()
        assert left > 0 and sel.select(left), f"no {text!r} in:\n{seen.decode()}"
        chunk = os.read(fd, 65536)
        assert chunk, f"the build ended before {text!r}:\n{seen.decode()}"
        seen += chunk
    return seen.decode()


# Each phase of the build says when it ends (LOA_TIMING=1); the signal is sent right after one:
# while the pages are rendered (workers busy), and once they are all written (PNGs, search index).
@pytest.mark.parametrize(("signum", "after"), [(signal.SIGINT, "files listed"), (signal.SIGTERM, "pages written")])
def test_interrupted_build_leaves_previous_output(tmp_path: Path, signum: int, after: str) -> None:
    project = copy_project(tmp_path / "p")
    env = {**os.environ, "LOA_TODAY": "2026-11-23", "LOA_TIMING": "1"}
    loa = [sys.executable, "-X", "faulthandler", "-m", "loa"]  # SIGABRT prints every thread's stack
    subprocess.run([*loa, "build"], cwd=project, env=env, check=True, capture_output=True)
    before = digest_tree(project / "site")
    current = (project / "site").resolve()
    proc = subprocess.Popen([*loa, "build"], cwd=project, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        seen = read_until(proc, after)
        proc.send_signal(signum)
        try:
            _, err = proc.communicate(timeout=300)
        except subprocess.TimeoutExpired:  # it once hung here: say where
            proc.send_signal(signal.SIGABRT)
            _, err = proc.communicate(timeout=60)
            raise AssertionError("the interrupted build did not end:\n" + seen + err.decode()) from None
    finally:
        proc.kill()
    err = seen + err.decode()
    assert proc.returncode == 1, err
    assert f"Bị dừng giữa chừng ({signal.Signals(signum).name})" in err and "giữ nguyên" in err
    assert "Traceback" not in err and "Đã dựng" not in err
    assert digest_tree(project / "site") == before
    assert list((project / ".site.builds").iterdir()) == [current]


def test_superseded_document_stays_in_register_linked_to_successor(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from conftest import DOCUMENT, TAXONOMIES

    monkeypatch.setenv("LOA_TODAY", "2026-11-23")
    project = copy_project(tmp_path / "p")
    content = project / "content"
    shutil.rmtree(content)
    old = DOCUMENT.replace("status: approved", "status: approved\nforce: superseded\nsuperseded_by: ke-hoach-moi")
    new = DOCUMENT.replace("id: ke-hoach-43-kh-thu", "id: ke-hoach-moi").replace('"43-KH/ThU"', '"50-KH/ThU"')
    for rel, text in {**TAXONOMIES, "van-ban/ke-hoach-43-kh-thu.md": old, "van-ban/ke-hoach-moi.md": new}.items():
        (content / rel).parent.mkdir(parents=True, exist_ok=True)
        (content / rel).write_text(text, encoding="utf-8")
    build_site(project / "mkdocs.yml", project / "site")
    html = (project / "site" / "van-ban" / "ke-hoach-43-kh-thu" / "index.html").read_text(encoding="utf-8")
    assert "Đã được thay thế" in html
    assert 'thay bằng <a href="../ke-hoach-moi/">Kế hoạch số 50-KH/ThU' in html
    register = (project / "site" / "van-ban" / "index.html").read_text(encoding="utf-8")
    assert register.count('class="loa-subject"') == 2
    assert "loa-row--expired" in register


def read_all_outputs(root: Path) -> bytes:
    """Every output file's bytes, Pagefind's gzip'd index files decompressed."""
    import gzip

    chunks = []
    for path in sorted(root.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            if data[:2] == b"\x1f\x8b":
                data = gzip.decompress(data)
            chunks.append(data)
    return b"\n".join(chunks)


def test_search_index_is_public_only(built: Path) -> None:
    public = read_all_outputs(built / "site" / "pagefind")
    assert "Tổng đài 1022".encode() in public  # the index is real and readable
    assert b"bimatnhap" not in public and b"DRAFTMARKER" not in public
    preview = read_all_outputs(built / "site-preview" / "pagefind")
    assert b"bimatnhap" in preview


def test_search_page_and_index_exist(built: Path) -> None:
    html = page(built, "tim-kiem")
    assert 'id="loa-search-config"' in html and "loa-search.js" in html
    assert "<noscript>" in html and "Tìm kiếm cần JavaScript" in html
    assert (built / "site" / "pagefind" / "pagefind.js").is_file()
    # Material's lunr search is not shipped beside Pagefind.
    assert not (built / "site" / "search" / "search_index.json").exists()
    assert 'action="../tim-kiem/"' in page(built, "van-ban")


def test_theme_scripts_fetch_nothing_from_a_cdn(built: Path) -> None:
    """Material's bundle would load a polyfill and Mermaid from unpkg.com; the build points them home."""
    scripts = list((built / "site" / "assets").rglob("*.js"))
    assert scripts
    for script in scripts:
        text = script.read_text(encoding="utf-8")
        assert not re.search(r"https?://(?:unpkg\.com|cdn\.jsdelivr\.net|cdnjs\.cloudflare\.com)", text), script
    assert not list((built / "site").rglob("*.map"))
    bundle = next((built / "site" / "assets" / "javascripts").glob("bundle.*.js")).read_text(encoding="utf-8")
    assert '"/assets/vendor/resize-observer-polyfill.js"' in bundle  # site_url path "/" + the vendored copy
    assert (built / "site" / "assets" / "vendor" / "resize-observer-polyfill.js").is_file()


def test_build_reads_the_docs_dir_mkdocs_yml_names(make_site, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    """`docs_dir: noi-dung` is where the content is; a stale content/ beside it is not read."""
    from conftest import TEST_SITE_URL, small_project

    monkeypatch.setenv("LOA_TODAY", "2026-11-23")
    project = small_project(make_site, TEST_SITE_URL)
    (project / "content").rename(project / "noi-dung")
    (project / "content" / "hoi-dap").mkdir(parents=True)  # an old tree with an error, not the one named
    (project / "content" / "hoi-dap" / "hong.md").write_text("---\nid: hong\n---\n", encoding="utf-8")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("docs_dir: content", "docs_dir: noi-dung"),
                      encoding="utf-8")
    build_site(config, project / "site")
    assert "Vùng xanh là gì?" in page(project, "/hoi-dap/vung-xanh-la-gi/")
    assert not (project / "site" / "hoi-dap" / "hong").exists()


def test_build_without_the_pinned_pagefind_says_how_to_install_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from loa import index

    monkeypatch.setattr(index.sys, "prefix", str(tmp_path))  # a Python without .venv/bin/pagefind-1.6.0
    with pytest.raises(index.IndexFailed, match="scripts/setup-venv") as info:
        index.pagefind_executable()
    assert f"Pagefind {index.PAGEFIND_VERSION}" in str(info.value) and str(tmp_path / "bin") in str(info.value)


def fetch_pagefind_script() -> Any:
    """scripts/fetch-pagefind (a script without .py) loaded as a module."""
    import importlib.machinery
    import importlib.util

    loader = importlib.machinery.SourceFileLoader("fetch_pagefind", str(ROOT / "scripts" / "fetch-pagefind"))
    spec = importlib.util.spec_from_loader("fetch_pagefind", loader)
    assert spec is not None
    fetch = importlib.util.module_from_spec(spec)
    loader.exec_module(fetch)
    return fetch


def test_fetch_pagefind_refuses_a_tarball_with_another_hash(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    import io

    fetch = fetch_pagefind_script()
    assert fetch.VERSION == __import__("loa.index").index.PAGEFIND_VERSION  # one pinned version, two places that say it
    monkeypatch.setattr(fetch.urllib.request, "urlopen", lambda url, timeout: io.BytesIO(b"not the pinned tarball"))
    monkeypatch.setattr(fetch.platform, "machine", lambda: "x86_64")
    monkeypatch.setattr(fetch.sys, "argv", ["fetch-pagefind", str(tmp_path)])
    assert fetch.main() == 1
    assert "expected" in capsys.readouterr().err and not (tmp_path / "bin" / f"pagefind-{fetch.VERSION}").exists()


def test_fetch_pagefind_says_so_when_the_registry_is_unreachable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    import urllib.error

    fetch = fetch_pagefind_script()

    def offline(url: str, timeout: float) -> object:
        raise urllib.error.URLError("Name or service not known")

    monkeypatch.setattr(fetch.urllib.request, "urlopen", offline)
    monkeypatch.setattr(fetch.platform, "machine", lambda: "x86_64")
    monkeypatch.setattr(fetch.sys, "argv", ["fetch-pagefind", str(tmp_path)])
    assert fetch.main() == 1  # a message and exit 1, no traceback, and no other Pagefind put in its place
    err = capsys.readouterr().err
    assert "could not download" in err and "Name or service not known" in err and "scripts/setup-venv" in err
    assert not (tmp_path / "bin").exists()


def test_search_index_is_made_by_the_pinned_pagefind(built: Path) -> None:
    # The rewrites of loa/index.py read Pagefind's private format: the index must come from the pinned version.
    from loa.index import PAGEFIND_VERSION

    script = (built / "site" / "pagefind" / "pagefind.js").read_text(encoding="utf-8")
    assert script.startswith(f'const pagefind_version="{PAGEFIND_VERSION}";') and PAGEFIND_VERSION == "1.6.0"


def test_search_index_reads_every_page_it_holds_and_not_the_handouts(built: Path) -> None:
    """Pagefind is told which folders to read (publish.indexed_folders): each page marked for the index is in one."""
    from loa.publish import indexed_folders

    report = check_site(built / "content", today=dt.date(2026, 11, 23))
    assert report.site is not None
    folders = set(indexed_folders(report.site))
    marked = {p.relative_to(built / "site").parts[0] for p in (built / "site").rglob("*.html")
              if "data-pagefind-body" in p.read_text(encoding="utf-8")}
    assert marked and marked <= folders and "doi-tuong" not in folders
    pagefind_pages = json.loads((built / "site" / "pagefind" / "pagefind-entry.json").read_text())["languages"]
    assert sum(lang["page_count"] for lang in pagefind_pages.values()) == sum(
        1 for p in (built / "site").rglob("*.html") if "data-pagefind-body" in p.read_text(encoding="utf-8"))


def test_cached_conversions_give_the_site_a_fresh_build_gives(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A rebuild takes each page's Markdown conversion and safe HTML from `.cache/loa/html/` (loa.htmlcache),
    the helpers' small conversions from their memos (loa.memo) and the guard's verdicts on unchanged
    pages: the site must be byte for byte the one a build without any cache makes, an entry that cannot
    be read is converted again, and a page whose text changed is converted again. (Two render
    processes, as on a large site.)"""
    from loa import htmlcache

    monkeypatch.setenv("LOA_TODAY", "2026-11-23")
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    monkeypatch.setenv("LOA_RENDER_PROCESSES", "2")
    project = copy_project(tmp_path / "p")
    cache = tmp_path / "cache"
    monkeypatch.setenv("LOA_CACHE_DIR", str(cache))
    build_site(project / "mkdocs.yml", tmp_path / "first")
    with contextlib.closing(sqlite3.connect(cache / "html" / htmlcache.FILE)) as db:
        entries = sorted(key for (key,) in db.execute("SELECT key FROM entries"))
    pages = [p for p in (tmp_path / "first").rglob("index.html")]
    assert len(entries) >= 2 * len(pages) - 5  # a conversion and a safe content per page (a few pages repeat)
    assert (cache / "html" / "memo-hubs.json").is_file() and (cache / "html" / "memo-exports.json").is_file()
    with contextlib.closing(sqlite3.connect(cache / "html" / "guard" / htmlcache.FILE)) as db:
        assert db.execute("SELECT count(*) FROM entries").fetchone()[0] > len(pages) - 5  # a verdict per page
    with contextlib.closing(sqlite3.connect(cache / "html" / htmlcache.FILE)) as db, db:
        # a damaged entry is a miss, never a crash or a wrong page (in either process)
        db.executemany("UPDATE entries SET value = ? WHERE key = ?", ((b"{not json", key) for key in entries[::5]))
    hits: list[bool] = []
    get = htmlcache.HtmlCache.get
    monkeypatch.setattr(htmlcache.HtmlCache, "get", lambda self, key: hits.append(bool(found := get(self, key))) or found)
    build_site(project / "mkdocs.yml", tmp_path / "second")
    assert hits.count(True) >= len(entries) // 3 and hits.count(False) >= 1  # in this process: its half
    monkeypatch.setenv("LOA_CACHE_DIR", "off")
    build_site(project / "mkdocs.yml", tmp_path / "fresh")
    assert digest_tree(tmp_path / "first") == digest_tree(tmp_path / "second") == digest_tree(tmp_path / "fresh")

    # The memo is read: a one-line answer it holds is what the Q&A hub shows (never edit a cache by hand).
    monkeypatch.setenv("LOA_CACHE_DIR", str(cache))
    memo = json.loads((cache / "html" / "memo-hubs.json").read_text(encoding="utf-8"))
    hub = page(tmp_path, "hoi-dap/", "second")
    key, answer = next((k, v) for k, v in memo["results"].items() if isinstance(v, str) and len(v) > 40 and v in hub)
    memo["results"][key] = "Câu trả lời lấy từ bộ nhớ đệm."
    (cache / "html" / "memo-hubs.json").write_text(json.dumps(memo, ensure_ascii=False), encoding="utf-8")
    build_site(project / "mkdocs.yml", tmp_path / "tampered")
    assert "Câu trả lời lấy từ bộ nhớ đệm." in page(tmp_path, "hoi-dap/", "tampered")

    qa = project / "content" / "hoi-dap" / "5k-vaccine-cong-nghe-la-gi.md"
    qa.write_text(qa.read_text(encoding="utf-8").rstrip("\n") + "\n\nCâu thêm để thử bộ nhớ đệm.\n", encoding="utf-8")
    build_site(project / "mkdocs.yml", tmp_path / "third")
    assert "Câu thêm để thử bộ nhớ đệm." in page(tmp_path, "hoi-dap/5k-vaccine-cong-nghe-la-gi/", "third")
