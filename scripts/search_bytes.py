#!/usr/bin/env python3
"""Bytes a browser fetches for one cold search: loa's search page against default Pagefind UI.

    python scripts/search_bytes.py LOA_SITE REFERENCE_SITE [--query "tiêm vắc xin" ...]

LOA_SITE is a `loa build` output; REFERENCE_SITE any site indexed by `pagefind --site` (the
benchmark's plain Material build). Each query runs in a fresh browser context (empty cache) in
Debian's Chromium; a local server counts the bytes of every response. Counted: everything the
search needs after the page itself (Pagefind's scripts, WebAssembly, index and filter chunks,
fragments, the search UI's own JS/CSS, and loa's typo-correction vocabulary when a query needs
it). For the reference, a bare page mounts the default Pagefind UI and types the query, which
loads the first five results as the default UI does.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import shutil
import statistics
import tempfile
import threading
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]
QUERIES = ("tiêm vắc xin", "tiem vac xin", "vùng đỏ phải làm gì", "tong dai 1022", "cách ly tại nhà",
           "khai báo y tế", "thông tin chính thống", "hỗ trợ người dân")
DEFAULT_UI = """<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Pagefind UI</title>
<link href="/pagefind/pagefind-ui.css" rel="stylesheet"><script src="/pagefind/pagefind-ui.js"></script></head>
<body><div id="search"></div><script>
window.ui = new PagefindUI({ element: "#search", showSubResults: true });
</script></body></html>"""


class _Counting(http.server.SimpleHTTPRequestHandler):
    counts: dict[str, int]

    def log_message(self, *args: object) -> None:
        pass

    def send_head(self):  # type: ignore[no-untyped-def]
        f = super().send_head()
        path = unquote(urlsplit(self.path).path)
        if f is not None:  # a static file: its size is what is sent (Pagefind's index files are gzip already)
            try:
                self.counts[path] = self.counts.get(path, 0) + Path(self.translate_path(self.path)).stat().st_size
            except OSError:
                pass
        return f


def _serve(root: Path, counts: dict[str, int]) -> http.server.ThreadingHTTPServer:
    handler = functools.partial(type("H", (_Counting,), {"counts": counts}), directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def _searched(counts: dict[str, int]) -> int:
    """Bytes fetched for the search itself: every response but the HTML page and the theme's CSS/JS
    (the search page's own scripts, loa-search*.js, are counted)."""
    return sum(n for path, n in counts.items()
               if path.startswith(("/pagefind/", "/assets/loa-search")) or path.endswith("/tim-kiem/tu-vung.json"))


def measure(loa_site: Path, reference_site: Path, queries: tuple[str, ...] = QUERIES) -> dict:
    from playwright.sync_api import sync_playwright

    (reference_site / "bench-search.html").write_text(DEFAULT_UI, encoding="utf-8")
    rows = []
    with sync_playwright() as p:
        for q in queries:
            row = {"query": q}
            for name, root in (("loa", loa_site), ("default", reference_site)):
                counts: dict[str, int] = {}
                server = _serve(root, counts)
                base = f"http://127.0.0.1:{server.server_address[1]}"
                profile = tempfile.mkdtemp(prefix="loa-search-bytes-")  # a fresh profile: an empty cache
                context = p.chromium.launch_persistent_context(profile, executable_path=CHROMIUM, args=ARGS,
                                                               headless=True)
                page = context.new_page()
                try:
                    if name == "loa":
                        page.goto(f"{base}/tim-kiem/?q={quote(q)}")
                        page.wait_for_function("() => { const s = document.querySelector('[data-loa-status]');"
                                               " return s && s.textContent.endsWith('.') && s.textContent !== 'Đang tìm…'; }",
                                               timeout=30_000)
                    else:
                        page.goto(f"{base}/bench-search.html")
                        page.wait_for_function("window.ui !== undefined")
                        page.evaluate("q => window.ui.triggerSearch(q)", q)
                        page.wait_for_selector(".pagefind-ui__result, .pagefind-ui__message", timeout=30_000)
                    page.wait_for_load_state("networkidle")
                    row[name] = _searched(counts)
                    row[f"{name}_requests"] = len([k for k in counts if k.startswith("/pagefind/")])
                finally:
                    context.close()
                    server.shutdown()
                    shutil.rmtree(profile, ignore_errors=True)
            rows.append(row)
    (reference_site / "bench-search.html").unlink(missing_ok=True)
    loa, default = [r["loa"] for r in rows], [r["default"] for r in rows]
    return {"queries": rows, "loa_median_kb": statistics.median(loa) / 1024,
            "default_median_kb": statistics.median(default) / 1024,
            "ratio_median": statistics.median(a / b for a, b in zip(loa, default, strict=True) if b)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("loa_site", type=Path)
    ap.add_argument("reference_site", type=Path)
    ap.add_argument("--query", action="append", help="a query (repeatable); default: eight citizen queries")
    args = ap.parse_args()
    result = measure(args.loa_site.resolve(), args.reference_site.resolve(), tuple(args.query or QUERIES))
    for r in result["queries"]:
        print(f"{r['query']:<28} loa {r['loa'] / 1024:8.1f} KB ({r['loa_requests']:3} files)   "
              f"default Pagefind {r['default'] / 1024:8.1f} KB ({r['default_requests']:3} files)   "
              f"ratio {r['loa'] / r['default']:.2f}")
    print(f"median: loa {result['loa_median_kb']:.1f} KB, default {result['default_median_kb']:.1f} KB, "
          f"ratio {result['ratio_median']:.2f}")


if __name__ == "__main__":
    main()
