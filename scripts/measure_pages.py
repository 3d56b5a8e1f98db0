"""Bytes a browser fetches: first visit to one page, then a second page, as Chromium loads them.

Usage: python scripts/measure_pages.py SITE_DIR [FIRST_PATH] [SECOND_PATH]
Prints each resource with its size as served and gzip-compressed (what a host with compression sends).
"""

from __future__ import annotations

import functools
import gzip
import http.server
import sys
import tempfile
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]


class Cached(http.server.SimpleHTTPRequestHandler):
    def end_headers(self) -> None:
        if not self.path.endswith("/") and not self.path.endswith(".html"):
            self.send_header("Cache-Control", "public, max-age=86400")  # what a static host sends for assets
        super().end_headers()

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


def main() -> None:
    site = Path(sys.argv[1])
    paths = sys.argv[2:] or ["/", "/hoi-dap/"]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Cached, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    with tempfile.TemporaryDirectory() as profile, sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(profile, executable_path="/usr/bin/chromium", args=ARGS,
                                                        viewport={"width": 360, "height": 740})
        page = context.new_page()
        for label, path in zip(("first visit", "second page"), paths, strict=False):
            fetched: list[tuple[str, int, int]] = []

            def record(response, fetched=fetched) -> None:  # type: ignore[no-untyped-def]
                if not response.url.startswith(base) or response.status != 200:
                    return
                if response.request.sizes()["responseBodySize"] <= 0:
                    return  # served from the browser's cache: nothing crossed the network
                body = response.body()
                fetched.append((response.url[len(base):], len(body), len(gzip.compress(body, 9))))

            page.on("response", record)
            page.goto(base + path, wait_until="networkidle")
            page.remove_listener("response", record)
            raw = sum(f[1] for f in fetched)
            packed = sum(f[2] for f in fetched)
            print(f"{label}: {path} — {len(fetched)} requests, {raw / 1024:.1f} KB as served, {packed / 1024:.1f} KB gzip")
            for url, size, gz in fetched:
                print(f"    {size / 1024:8.1f} KB {gz / 1024:8.1f} KB gz  {url}")
        context.close()
    server.shutdown()


if __name__ == "__main__":
    main()
