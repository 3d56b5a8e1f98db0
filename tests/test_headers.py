"""Shipped server configuration: pre-compressed files, long caching of hashed files, and a real nginx."""

from __future__ import annotations

import gzip
import os
import shutil
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import brotli
import pytest

from loa.compress import UNUSED, iter_compressible
from loa.headers import HASHED, IMMUTABLE, headers_for, read_header_rules, read_headers
from loa.statichost import serve_static

NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
BROTLI_MODULE = Path("/usr/lib/nginx/modules/ngx_http_brotli_static_module.so")


def test_every_text_file_has_br_and_gz_copies_that_decode_to_it(built: Path) -> None:
    site = built / "site"
    files = list(iter_compressible(site))
    assert any(f.name == "index.html" for f in files) and any(f.suffix == ".css" for f in files)
    for path in files:
        data = path.read_bytes()
        br, gz = path.with_name(path.name + ".br"), path.with_name(path.name + ".gz")
        if not gz.exists():  # incompressible: no copy at all, never a stale one
            assert not br.exists(), path
            continue
        assert brotli.decompress(br.read_bytes()) == data, br
        assert gzip.decompress(gz.read_bytes()) == data, gz
        assert gz.read_bytes()[4:8] == b"\0\0\0\0", gz  # no time stamp: same bytes every build
    home = site / "index.html"
    assert len((site / "index.html.br").read_bytes()) < len(home.read_bytes()) / 2
    assert not list(site.rglob("*.br.br")) and not list(site.rglob("*.gz.gz"))
    assert not any((site / u).is_dir() and list((site / u).rglob("*.br")) for u in UNUSED)


def test_hashed_files_are_immutable_and_pages_are_not(built: Path) -> None:
    site = built / "site"
    rules = read_header_rules(site)
    hashed = [p.relative_to(site).as_posix() for p in site.rglob("*")
              if p.is_file() and p.suffix not in (".br", ".gz") and HASHED.match(p.relative_to(site).as_posix())]
    assert any(h.startswith("assets/stylesheets/main.") for h in hashed) and any("/fragment/" in h for h in hashed)
    for path in hashed:
        headers = headers_for("/" + path, rules)
        assert headers["Cache-Control"] == IMMUTABLE, path
        assert "Content-Security-Policy" in headers
    for path in ("/", "/hoi-dap/", "/assets/loa.css", "/pagefind/pagefind.js", "/pagefind/pagefind-entry.json"):
        assert "Cache-Control" not in headers_for(path, rules), path  # the host revalidates these
    assert len(rules) < 50  # hosts cap the number of rules (Cloudflare Pages: 100)


def test_nginx_snippet_keeps_nginx_mime_types(built: Path) -> None:
    snippet = (built / "site" / "nginx-headers.conf").read_text(encoding="utf-8")
    assert "types {" not in snippet and "types{" not in snippet
    assert "gzip_static on;" in snippet
    assert f'add_header Cache-Control "{IMMUTABLE}" always;' in snippet


def test_static_host_sends_brotli_and_the_rules(built: Path) -> None:
    server, base = serve_static(built / "site")
    try:
        request = urllib.request.Request(base + "/", headers={"Accept-Encoding": "gzip, br"})
        with urllib.request.urlopen(request) as response:
            assert response.headers["Content-Encoding"] == "br"
            assert brotli.decompress(response.read()) == (built / "site" / "index.html").read_bytes()
            assert response.headers["Content-Security-Policy"] == read_headers(built / "site")["Content-Security-Policy"]
    finally:
        server.shutdown()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _nginx_conf(tmp: Path, site: Path, port: int, with_brotli: bool) -> Path:
    for name in ("logs", "tmp"):
        (tmp / name).mkdir(exist_ok=True)
    conf = tmp / "nginx.conf"
    load = f"load_module {BROTLI_MODULE};\n" if with_brotli else ""
    brotli_include = f"    include {site}/nginx-brotli.conf;\n" if with_brotli else ""
    # As root, nginx's workers would run as nobody, who cannot read pytest's private temporary folders.
    user = "user root root;\n" if os.geteuid() == 0 else ""
    conf.write_text(f"""{load}{user}worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/logs/error.log;
events {{ worker_connections 64; }}
http {{
  include /etc/nginx/mime.types;
  default_type application/octet-stream;
  access_log off;
  client_body_temp_path {tmp}/tmp; proxy_temp_path {tmp}/tmp; fastcgi_temp_path {tmp}/tmp;
  uwsgi_temp_path {tmp}/tmp; scgi_temp_path {tmp}/tmp;
  server {{
    listen 127.0.0.1:{port};
    root {site};
    include {site}/nginx-headers.conf;
{brotli_include}  }}
}}
""", encoding="utf-8")
    return conf


def _get(url: str, encoding: str) -> tuple[dict[str, str], bytes]:
    with urllib.request.urlopen(urllib.request.Request(url, headers={"Accept-Encoding": encoding})) as response:
        return dict(response.headers), response.read()


@pytest.mark.skipif(NGINX is None, reason="nginx is not installed (scripts/test installs it with apt-get)")
def test_nginx_accepts_the_snippet_and_serves_compressed_files_and_caching(built: Path, tmp_path: Path) -> None:
    site = (built / "site").resolve()
    with_brotli = BROTLI_MODULE.exists()
    port = _free_port()
    conf = _nginx_conf(tmp_path, site, port, with_brotli)
    checked = subprocess.run([NGINX, "-t", "-p", str(tmp_path), "-c", str(conf)], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
    server = subprocess.Popen([NGINX, "-p", str(tmp_path), "-c", str(conf), "-g", "daemon off;"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.05)
        base = f"http://127.0.0.1:{port}"
        headers, body = _get(base + "/hoi-dap/", "gzip")
        assert headers["Content-Encoding"] == "gzip"
        assert body == (site / "hoi-dap" / "index.html.gz").read_bytes()
        assert "Content-Security-Policy" in headers and "Cache-Control" not in headers
        assert headers["Content-Type"].startswith("text/html")
        css = next((site / "assets" / "stylesheets").glob("main.*.min.css")).name
        headers, _ = _get(f"{base}/assets/stylesheets/{css}", "gzip")
        assert headers["Cache-Control"] == IMMUTABLE and "Content-Security-Policy" in headers
        assert headers["Content-Type"].startswith("text/css")
        if with_brotli:
            headers, body = _get(base + "/", "br, gzip")
            assert headers["Content-Encoding"] == "br" and body == (site / "index.html.br").read_bytes()
        else:
            pytest.skip(f"nginx ran without brotli: {BROTLI_MODULE} is missing (apt-get install libnginx-mod-http-brotli-static)")
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_search_index_from_the_page_copies_is_the_index_of_the_site(built: Path, tmp_path: Path) -> None:
    """`loa build` lets Pagefind read copies of the indexed pages without Material's header, navigation
    and footer, or element ids (loa.index.search_copy): indexing the shipped pages themselves gives
    the same word and filter indexes byte for byte, and the same fragments once their anchors are
    dropped (only the fragments' names, hashes of what Pagefind wrote, differ)."""
    import gzip
    import json

    from loa.index import SEARCH_COPIES, SIGNATURE, index_site
    from loa.pipeline import check_site
    from loa.publish import indexed_folders

    site = built / "site"
    assert not (site / SEARCH_COPIES).exists()  # the copies are never shipped
    report = check_site(built / "content")
    assert report.site is not None
    whole = index_site(site, tmp_path / "pagefind", indexed_folders(report.site))
    assert whole.pages > 100

    def files(folder: Path, part: str) -> dict[str, bytes]:
        return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted((folder / part).iterdir())
                if p.suffix not in (".br", ".gz")}

    def fragments(folder: Path) -> dict[str, dict]:
        out = {}
        for data in files(folder, "fragment").values():
            raw = gzip.decompress(data)
            assert raw.startswith(SIGNATURE)
            fragment = json.loads(raw[len(SIGNATURE):])
            out[fragment["url"]] = fragment
        return out

    shipped, again = site / "pagefind", tmp_path / "pagefind"
    for part in ("index", "filter"):
        assert files(shipped, part) == files(again, part) and len(files(shipped, part)) > 3
    from_copies, from_pages = fragments(shipped), fragments(again)
    assert len(from_copies) == whole.pages
    assert all(f["anchors"] == [] for f in from_copies.values())
    assert from_copies == from_pages


def test_site_files_leave_out_hidden_and_skipped_folders_while_they_change(tmp_path: Path) -> None:
    """Compression and the CSP hashes walk the site while a build removes its hidden folder of page
    copies (loa.index.SEARCH_COPIES) and Pagefind writes its own: neither is walked into."""
    from loa.headers import inline_script_hashes
    from loa.sitefiles import site_files

    for rel in ("index.html", "hoi-dap/a/index.html", ".loa-search/hoi-dap/a/index.html", "pagefind/x.js", ".nojekyll"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("<script>alert(1)</script>" if rel.startswith(".loa") else "<p>x</p>", encoding="utf-8")
    names = [p.relative_to(tmp_path).as_posix() for p in site_files(tmp_path, skip=("pagefind/",))]
    assert names == [".nojekyll", "hoi-dap/a/index.html", "index.html"]
    assert [p.relative_to(tmp_path).as_posix() for p in site_files(tmp_path, within="pagefind")] == ["pagefind/x.js"]
    assert inline_script_hashes(tmp_path) == []  # the copy's script is not the site's


def test_every_site_file_is_readable_by_the_web_server(built: Path) -> None:
    """A web server runs as another user: PNGs and compressed copies linked from loa's caches must
    not keep a temporary file's 0600 mode (they once did, and nginx answered 403)."""
    import stat

    for site in ("site", "site-preview"):
        unreadable = [p.relative_to(built / site).as_posix() for p in (built / site).rglob("*")
                      if not p.stat().st_mode & (stat.S_IROTH | (stat.S_IXOTH if p.is_dir() else 0))]
        assert unreadable == [], f"{site}: {unreadable[:5]}"


def test_placing_a_cached_file_never_writes_through_a_link(tmp_path: Path) -> None:
    """`loa.sitefiles.place` links cache entries into the site: writing a site file again, or the
    cache replacing its entry, must leave the other's bytes alone."""
    from loa.raster import write_atomically
    from loa.sitefiles import place

    entry, site_file, other = tmp_path / "cache.br", tmp_path / "site" / "a.html.br", tmp_path / "site" / "b.html.br"
    site_file.parent.mkdir()
    entry.write_bytes(b"cached")
    place(entry, site_file)
    place(entry, other)
    assert site_file.read_bytes() == other.read_bytes() == b"cached"
    place(b"new bytes", site_file)  # a build writing what it compressed itself
    assert entry.read_bytes() == b"cached" == other.read_bytes() and site_file.read_bytes() == b"new bytes"
    write_atomically(entry, b"replaced")
    assert other.read_bytes() == b"cached"
    entry.chmod(0o600)  # as an older loa wrote its cache entries
    place(entry, site_file)
    assert site_file.stat().st_mode & 0o044 == 0o044


def test_search_copy_leaves_out_only_what_pagefind_ignores() -> None:
    """`without_ignored` drops an ignored element only when nothing in it counts for Pagefind and its
    end is certain; the page of the real content is checked against Pagefind itself above."""
    from loa.index import without_ignored

    html = ('<div data-pagefind-body><nav data-pagefind-ignore=""><a href="/">Trang chủ</a></nav>'
            '<p>Gọi 1022.</p>'
            '<div class="a" data-pagefind-ignore><div><p>lồng</p></div><p>sau</p></div>'  # nested: removed whole
            '<div data-pagefind-ignore="all"><span>x</span></div>'
            '<div hidden data-pagefind-ignore><span data-pagefind-filter="Loại">Hỏi đáp</span></div>'  # kept
            '<div data-pagefind-ignore><!-- <div> --></div>'  # kept: a comment
            '<div data-pagefind-ignore><script>if (a < b) {}</script></div>'  # kept: a script
            '<p data-pagefind-ignored="x">giữ</p>'  # another attribute
            '<img data-pagefind-ignore src="a.png">'  # void: kept (nothing to count)
            '<section data-pagefind-ignore><p>không đóng</p>'  # no end tag: kept
            '</div>')
    out = without_ignored(html)
    assert "Trang chủ" not in out and "lồng" not in out and "sau" not in out and "<span>x</span>" not in out
    for kept in ('data-pagefind-filter="Loại"', "<!-- <div> -->", "if (a < b)", "giữ", 'src="a.png"', "không đóng",
                 "<p>Gọi 1022.</p>"):
        assert kept in out
    assert out.startswith("<div data-pagefind-body><p>Gọi 1022.</p>") and out.endswith("</div>")
    assert without_ignored(out) == out
