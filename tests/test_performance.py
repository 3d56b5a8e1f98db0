"""The machinery that makes builds fast must not change what is built: two renderers, the PNG
cache, the two-process check, bounded hubs at scale and `loa serve`'s incremental rebuilds."""

from __future__ import annotations

import hashlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from conftest import QA, ROOT, MakeSite, copy_project

from loa.hubs import INLINE_LIMIT, TOPIC_PREVIEW, iter_qa_pages
from loa.pipeline import check_site
from loa.raster import Raster, Rasteriser, write_atomically
from loa.workers import Workers

ENV = {**os.environ, "LOA_TODAY": "2026-11-23", "PYTHONPATH": str(ROOT)}
ENV.pop("SOURCE_DATE_EPOCH", None)


def digest_tree(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def loa(project: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "loa", *args], cwd=project, env={**ENV, **env},
                          capture_output=True, text=True, timeout=600)


def test_two_render_processes_build_the_same_site_as_one(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "p")
    cache = str(tmp_path / "cache")
    one = loa(project, "build", "-d", str(tmp_path / "one"), LOA_RENDER_PROCESSES="1", LOA_CACHE_DIR=cache,
              LOA_TIMING="1")
    two = loa(project, "build", "-d", str(tmp_path / "two"), LOA_RENDER_PROCESSES="2", LOA_CACHE_DIR=cache,
              LOA_TIMING="1")
    assert one.returncode == 0 and two.returncode == 0, one.stderr + two.stderr
    assert "(child)" in two.stderr and "(child)" not in one.stderr  # the second build really split
    assert "0 drawn" in two.stderr  # every PNG came from the cache the first build filled
    a, b = digest_tree(tmp_path / "one"), digest_tree(tmp_path / "two")
    assert a == b
    assert "sitemap.xml" in a and any(k.startswith("hoi-dap/") and k.endswith("index.html") for k in a)


@pytest.mark.parametrize(("template", "where"), [("main.html", "{% block content %}\n"),
                                                ("partials/loa-content.html", "{%- endif %}\n")])
def test_unsafe_page_rendered_by_the_second_process_fails_the_build(tmp_path: Path, template: str, where: str) -> None:
    """Also when the handler is in the content rendered before the pages (loa.plugin.EarlyContent)."""
    project = copy_project(tmp_path / "p")
    theme_file = project / "theme" / template
    # A theme change that puts a handler on every page: whichever process renders a page must catch it.
    source = theme_file.read_text(encoding="utf-8")
    assert where in source
    theme_file.write_text(source.replace(where, where + '<p onclick="x()">x</p>', 1), encoding="utf-8")
    run = loa(project, "build", "-d", str(tmp_path / "out"), LOA_RENDER_PROCESSES="2",
              LOA_CACHE_DIR=str(tmp_path / "cache"), LOA_TIMING="1")
    assert run.returncode != 0
    assert "không an toàn" in run.stdout + run.stderr and "onclick" in run.stdout + run.stderr
    assert not (tmp_path / "out").exists()  # nothing was put in place
    assert "Traceback" not in run.stdout + run.stderr
    assert "search index started" in run.stderr  # Pagefind ran while the pages were written: it was stopped
    assert not [p for p in Path("/proc").glob("[0-9]*") if _cmdline(p).count(str(tmp_path)) and "pagefind" in _cmdline(p)]


def _cmdline(proc: Path) -> str:
    try:
        return (proc / "cmdline").read_bytes().decode(errors="replace")
    except OSError:  # it ended meanwhile
        return ""


def test_png_cache_returns_the_same_bytes_and_redraws_a_damaged_entry(tmp_path: Path) -> None:
    svg = ('<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><rect width="40" height="20" fill="#b3141b"/>'
           '<text x="4" y="14" font-size="10" fill="#fff">Đà Nẵng</text></svg>')
    workers = Workers(1)
    try:
        first = Rasteriser(tmp_path, workers)
        first.submit("a.png", Raster(svg, 80))
        drawn = dict(first.results())
        assert first.drawn == 1 and drawn["a.png"].startswith(b"\x89PNG")
        second = Rasteriser(tmp_path, workers)
        second.submit("b.png", Raster(svg, 80))
        assert dict(second.results()) == {"b.png": drawn["a.png"]} and second.hits == 1 and second.drawn == 0
        [entry] = tmp_path.glob("*/*.png")
        entry.write_bytes(b"not a png")
        third = Rasteriser(tmp_path, workers)
        third.submit("c.png", Raster(svg, 80))
        assert dict(third.results()) == {"c.png": drawn["a.png"]} and third.drawn == 1
        assert entry.read_bytes() == drawn["a.png"]
        other = Rasteriser(tmp_path, workers)
        other.submit("d.png", Raster(svg, 81))  # another width is another image
        assert other.drawn == 0 and other.hits == 0
        assert dict(other.results())["d.png"] != drawn["a.png"]
        # A cached PNG is read when it is written, not held from submit on: one that is gone by then is drawn.
        fourth = Rasteriser(tmp_path, workers)
        fourth.submit("e.png", Raster(svg, 80))
        assert fourth.hits == 1
        entry.unlink()
        assert dict(fourth.results()) == {"e.png": drawn["a.png"]} and fourth.drawn == 1
        assert entry.read_bytes() == drawn["a.png"]
    finally:
        workers.close()


def test_pngs_are_written_into_the_site_from_the_cache_or_as_drawn(tmp_path: Path) -> None:
    svg = ('<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><rect width="40" height="20" fill="#0b5"/>'
           '<text x="4" y="14" font-size="10" fill="#fff">Gọi 1022</text></svg>')
    cache, site = tmp_path / "cache", tmp_path / "site"
    workers = Workers(1)
    try:
        first = Rasteriser(cache, workers)  # empty cache: drawn by the worker, written into the cache, copied from it
        first.submit("infographic/a/a.png", Raster(svg, 80))
        first.write_into(site)
        drawn = (site / "infographic/a/a.png").read_bytes()
        assert first.drawn == 1 and drawn.startswith(b"\x89PNG")
        [entry] = cache.glob("*/*.png")
        assert entry.read_bytes() == drawn
        second = Rasteriser(cache, workers)  # from the cache: the same bytes (a hard link where possible)
        second.submit("khau-hieu/b/b.png", Raster(svg, 80))
        second.write_into(site)
        copied = site / "khau-hieu/b/b.png"
        assert second.hits == 1 and second.drawn == 0 and copied.read_bytes() == drawn
        write_atomically(entry, b"\x89PNG replaced")  # the cache replaces an entry by a rename...
        assert copied.read_bytes() == drawn  # ...so a site that linked the old one keeps its bytes
        write_atomically(entry, drawn)
        third = Rasteriser(cache, workers)  # damaged between the look-up and the writing: drawn again
        third.submit("c.png", Raster(svg, 80))
        entry.write_bytes(b"not a png")
        third.write_into(site)
        assert third.drawn == 1 and (site / "c.png").read_bytes() == drawn == entry.read_bytes()
    finally:
        workers.close()


def test_the_same_picture_is_drawn_once_for_every_page_that_uses_it(tmp_path: Path) -> None:
    """Two slogans of the same text have the same banners: one drawing, written under both paths."""
    svg = ('<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><rect width="40" height="20" fill="#0b5"/>'
           '<text x="4" y="14" font-size="10" fill="#fff">Mình vì mọi người</text></svg>')
    for cache in (tmp_path / "cache", None):
        site = tmp_path / f"site-{cache is None}"
        workers = Workers(1)
        try:
            rasteriser = Rasteriser(cache, workers)
            rasteriser.submit_all([("a/a.png", Raster(svg, 80)), ("b/b.png", Raster(svg, 80)), ("c/c.png", Raster(svg, 81))])
            rasteriser.write_into(site)
        finally:
            workers.close()
        assert rasteriser.drawn == 2  # 80 and 81 pixels wide
        a, b, c = ((site / p).read_bytes() for p in ("a/a.png", "b/b.png", "c/c.png"))
        assert a == b != c and a.startswith(b"\x89PNG")


def test_missing_pngs_are_drawn_largest_first(tmp_path: Path) -> None:
    from loa.banners import slogan_banners

    class Recording(Workers):
        def __init__(self) -> None:
            super().__init__(1)
            self.widths: list[int] = []

        def submit(self, fn, *args):  # type: ignore[no-untyped-def]
            self.widths.append(next(a for a in args if isinstance(a, int)))
            return super().submit(fn, *args)

    bang_ron, pano = slogan_banners("Mình vì mọi người")  # 1500 x 250 and 960 x 540 pixels
    card = Raster('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1200 630"><rect width="1200" height="630"/></svg>', 1200)
    small = Raster('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 40 20"><rect width="40" height="20"/></svg>', 80)
    workers = Recording()
    try:
        rasteriser = Rasteriser(tmp_path, workers)
        rasteriser.submit_all([("s.png", small), ("b.png", bang_ron.png), ("c.png", card), ("p.png", pano.png)])
        assert workers.widths == [1200, 960, 1500, 80]  # 756,000, 518,400, 375,000 and 1,600 pixels
        assert sorted(dict(rasteriser.results())) == ["b.png", "c.png", "p.png", "s.png"]
    finally:
        workers.close()


CHECK_BOTH_WAYS = """
import os, sys
from pathlib import Path
from loa import pipeline
forks = []
real_fork = os.fork
def counted_fork():
    forks.append(os.getpid())
    return real_fork()
os.fork = counted_fork
pipeline.cpu_count = lambda: 2  # a one-CPU runner would otherwise never fork, and prove nothing
report = lambda r: (r.format(), [(e.id, e.data, e.body, dict(e.marks)) for e in r.site.entries] if r.site else None)
pipeline.PARALLEL_MIN_FILES = 10**9
one = report(pipeline.check_site(Path("content")))
assert forks == [], forks
pipeline.PARALLEL_MIN_FILES = 0
two = report(pipeline.check_site(Path("content")))
print("forks", len(forks))
sys.exit(0 if one == two and one[1] else 1)
"""


def test_check_in_two_processes_finds_what_one_finds(make_site: MakeSite) -> None:
    files = {f"hoi-dap/cau-{i}.md": QA.replace("id: vung-xanh-la-gi", f"id: cau-{i}") for i in range(30)}
    files["hoi-dap/cau-7.md"] = files["hoi-dap/cau-7.md"].replace("reviewed: 2026-11-01", "reviewed: 2026-02-30")
    files["hoi-dap/cau-21.md"] = files["hoi-dap/cau-21.md"].replace("status: approved", "status: aproved")
    content = make_site(files)
    run = subprocess.run([sys.executable, "-c", CHECK_BOTH_WAYS], cwd=content.parent, env=ENV,
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "forks 1" in run.stdout  # the second check really read half of the files in another process


def test_qa_hub_lists_titles_and_topic_pages_when_questions_are_many(make_site: MakeSite) -> None:
    count = INLINE_LIMIT + 5
    files = {f"hoi-dap/cau-{i:03}.md": QA.replace("id: vung-xanh-la-gi", f"id: cau-{i:03}").replace(
        "Câu trả lời", f"Câu trả lời số {i} DAPAN") for i in range(count)}
    report = check_site(make_site(files))
    assert report.site is not None and not report.errors, report.format()
    pages = {p.src_uri: p for p in iter_qa_pages(report.site)}
    hub = pages["hoi-dap/index.md"]
    assert hub.written.count("DAPAN") == TOPIC_PREVIEW  # one-line answers of the first few only
    assert hub.written.count("<li><strong><a href=") >= TOPIC_PREVIEW and "loa_jsonld" not in hub.meta
    [topic] = [p for src, p in pages.items() if src.startswith("hoi-dap/chu-de/")]
    assert topic.src_uri == "hoi-dap/chu-de/phong-chong-dich.md"
    assert all(f'href="../../cau-{i:03}/"' in topic.written for i in range(count))
    assert len(hub.written) < len(topic.written)


def test_few_questions_all_listed_on_the_hub_with_one_line_answers(make_site: MakeSite) -> None:
    report = check_site(make_site({}))
    assert report.site is not None
    pages = {p.src_uri: p for p in iter_qa_pages(report.site)}
    assert list(pages) == ["hoi-dap/index.md"] and "loa_jsonld" in pages["hoi-dap/index.md"].meta
    assert '<a href="vung-xanh-la-gi/">' in pages["hoi-dap/index.md"].written
    assert "Câu trả lời theo kế hoạch." in pages["hoi-dap/index.md"].written


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _get(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def _wait(predicate, seconds: float = 120) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


def test_serve_rebuilds_only_what_a_change_touches(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "p")
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    log = tmp_path / "serve.log"

    def indexed() -> int:
        return log.read_text(encoding="utf-8").count("Đã cập nhật chỉ mục tìm kiếm")

    with open(log, "w") as out:
        proc = subprocess.Popen([sys.executable, "-m", "loa", "serve", "-a", f"127.0.0.1:{port}"], cwd=project,
                                env={**ENV, "LOA_TIMING": "1", "LOA_CACHE_DIR": str(tmp_path / "cache")},
                                stdout=out, stderr=subprocess.STDOUT)
    try:
        changed, other = "tong-dai-1022-giai-dap-gi", "vung-xanh-la-gi"
        assert _wait(lambda: "Tổng đài" in _get(f"{base}/hoi-dap/{changed}/")), log.read_text()
        assert _wait(lambda: indexed() >= 1), log.read_text()  # the first index, built in the background
        assert _get(f"{base}/pagefind/pagefind-entry.json") != ""
        before_other = _get(f"{base}/hoi-dap/{other}/")
        qa = project / "content" / "hoi-dap" / f"{changed}.md"
        qa.write_text(qa.read_text(encoding="utf-8") + "\nCâu mới THEMVAO để thử.\n", encoding="utf-8")
        assert _wait(lambda: "THEMVAO" in _get(f"{base}/hoi-dap/{changed}/")), log.read_text()
        text = log.read_text(encoding="utf-8")
        assert "1 entry pages rendered again" in text
        assert _get(f"{base}/hoi-dap/{other}/") == before_other
        # The search index follows in the background: one more "updated" line than before the edit.
        assert _wait(lambda: indexed() >= 2), log.read_text()
        # A broken edit is reported (the browser gets the error page meanwhile); once it is fixed, pages come back.
        good = qa.read_text(encoding="utf-8")
        qa.write_text(good.replace("status: approved", "status: aproved"), encoding="utf-8")
        assert _wait(lambda: "L205" in log.read_text(encoding="utf-8")), log.read_text()
        qa.write_text(good.replace("THEMVAO", "SUAXONG"), encoding="utf-8")
        assert _wait(lambda: "SUAXONG" in _get(f"{base}/hoi-dap/{changed}/")), log.read_text()
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    assert "Traceback" not in log.read_text(encoding="utf-8")



def test_serve_reindexes_pages_when_the_synonyms_change(make_site: MakeSite) -> None:
    """`loa serve` reuses an unchanged entry's page only while nothing it shows changed: its search
    words come from tim-kiem.yml, so a new synonym must reach the page (the memo once kept the old words)."""
    from loa import render
    from loa.incremental import Incremental
    from loa.pages import iter_pages

    words = "synonyms:\n  - [vùng xanh, vungantoanmot]\n"
    content = make_site({"danh-muc/tim-kiem.yml": words})
    inc = Incremental()

    def search_extra() -> str:
        report = check_site(content, cache=inc.check_cache)
        assert report.site is not None and not report.errors, report.format()
        pages = {p.src_uri: p for p in iter_pages(report.site)}
        inc.load_pages(report.site, pages)
        page = pages["hoi-dap/vung-xanh-la-gi.md"]
        assert isinstance(page, render.Page)
        return str(page.meta)

    assert "vungantoanmot" in search_extra()
    (content / "danh-muc" / "tim-kiem.yml").write_text(words.replace("vungantoanmot", "vungantoanhai"), encoding="utf-8")
    now = search_extra()
    assert "vungantoanhai" in now and "vungantoanmot" not in now


def test_pages_compressed_in_worker_processes_get_the_same_copies_as_with_threads(tmp_path: Path) -> None:
    """`loa build` compresses in its worker processes (brotli's buffers stay out of the main process)."""
    from loa.compress import BATCH, compress_site

    for name in ("threads", "workers"):
        site = tmp_path / name
        for i in range(BATCH + 5):  # more than one batch
            page = site / f"p{i}" / "index.html"
            page.parent.mkdir(parents=True)
            page.write_text(f"<p>Trang {i}: " + "Đà Nẵng, Kiên Giang. " * (i + 40) + "</p>\n", encoding="utf-8")
        (site / "tiny.html").write_text("<p>x</p>", encoding="utf-8")
    with_threads = compress_site(tmp_path / "threads")  # in this process
    workers = Workers(2)
    try:
        in_workers = compress_site(tmp_path / "workers", submit=workers.submit)
    finally:
        workers.close()
    assert in_workers == with_threads and in_workers.files == BATCH + 5
    copies = {p.relative_to(tmp_path / "threads"): p.read_bytes() for p in (tmp_path / "threads").rglob("*.*")}
    assert copies == {p.relative_to(tmp_path / "workers"): p.read_bytes() for p in (tmp_path / "workers").rglob("*.*")}
    assert not (tmp_path / "workers" / "tiny.html.br").exists()


def test_compressing_workers_yield_to_pagefind_and_this_process_does_not(tmp_path: Path) -> None:
    """Pagefind indexes while the workers compress: they run at a lower priority; the main process
    (which compresses itself when it has no workers) keeps its own."""
    from loa.compress import compress_site
    from loa.workers import YIELDING

    page = tmp_path / "p" / "index.html"
    page.parent.mkdir(parents=True)
    page.write_text("<p>" + "Gọi 1022 khi có triệu chứng. " * 100 + "</p>", encoding="utf-8")
    mine = os.getpriority(os.PRIO_PROCESS, 0)
    compress_site(tmp_path)
    assert os.getpriority(os.PRIO_PROCESS, 0) == mine
    workers = Workers(1)
    try:
        # (An earlier in-process `loa build` of the suite may have lowered this process's own priority:
        # the workers start from their server's.)
        before = workers.submit(os.getpriority, os.PRIO_PROCESS, 0).result()
        assert before < YIELDING
        assert compress_site(tmp_path, submit=workers.submit).files == 1
        assert workers.submit(os.getpriority, os.PRIO_PROCESS, 0).result() == YIELDING
    finally:
        workers.close()


def test_compressed_copies_come_from_the_cache_when_the_bytes_are_the_same(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A rebuild compresses only what changed: the copies of unchanged bytes are read from the cache;
    changed bytes, an empty (damaged) entry or no cache at all are compressed again, to the same bytes."""
    import brotli

    from loa import compress

    cache = tmp_path / "cache"

    def site(name: str, text: str) -> Path:
        page = tmp_path / name / "a" / "index.html"
        page.parent.mkdir(parents=True)
        page.write_text("<p>" + text * 80 + "</p>\n", encoding="utf-8")
        return tmp_path / name

    first = site("first", "Gọi 1022 khi có triệu chứng. ")
    compress.compress_site(first, cache)
    expected = {p.name: p.read_bytes() for p in (first / "a").iterdir()}
    assert len(list(cache.glob("*/*"))) == 2  # one .br, one .gz
    calls: list[int] = []
    real = brotli.compress
    monkeypatch.setattr(compress.brotli, "compress", lambda data, **kw: calls.append(len(data)) or real(data, **kw))
    again = site("again", "Gọi 1022 khi có triệu chứng. ")
    compress.compress_site(again, cache)
    assert calls == [] and {p.name: p.read_bytes() for p in (again / "a").iterdir()} == expected
    changed = site("changed", "Gọi 1022 khi cần hỗ trợ. ")
    compress.compress_site(changed, cache)
    assert len(calls) == 1 and brotli.decompress((changed / "a" / "index.html.br").read_bytes()) == (
        changed / "a" / "index.html").read_bytes()
    for entry in cache.glob("*/*.br"):
        entry.write_bytes(b"")  # damaged: compressed again and replaced
    damaged = site("damaged", "Gọi 1022 khi có triệu chứng. ")
    compress.compress_site(damaged, cache)
    assert {p.name: p.read_bytes() for p in (damaged / "a").iterdir()} == expected
    uncached = site("uncached", "Gọi 1022 khi có triệu chứng. ")
    compress.compress_site(uncached, None)
    assert {p.name: p.read_bytes() for p in (uncached / "a").iterdir()} == expected
    old = next(cache.glob("*/*.gz"))
    os.utime(old, (0, 0))  # unused for decades
    assert compress.prune(cache) == 1 and not old.exists() and compress.prune(cache) == 0
    # A build that uses a copy marks it used (its time), once a day at most: not every file at every build.
    br, gz = (next(e for e in cache.glob(f"*/*.{suffix}") if e.stat().st_size) for suffix in ("br", "gz"))
    stale, fresh = time.time() - 3 * 86400, time.time() - 600
    os.utime(br, (stale, stale))
    os.utime(gz, (fresh, fresh))
    compress.compress_site(site("used", "Gọi 1022 khi có triệu chứng. "), cache)
    assert br.stat().st_mtime > time.time() - 60 and gz.stat().st_mtime == fresh
