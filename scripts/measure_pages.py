"""Bytes a browser fetches: first visit to one page, then a second page, served as the shipped headers say.

Usage: python scripts/measure_pages.py SITE_DIR [FIRST_PATH] [SECOND_PATH]

The site is served like a static host that follows the build's `_headers` (long caching for hashed
files, the host's default revalidation for the rest) and sends the `.br`/`.gz` copies the build wrote.
Prints each response with its bytes on the wire (body as encoded, plus headers) and the total.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from loa.statichost import serve_static

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]


def measure(site: Path, paths: list[str]) -> list[tuple[str, str, list[tuple[str, int, int, str]]]]:
    """`(label, path, [(url, bytes on the wire, decoded bytes, encoding)])` for each visit, in order."""
    server, base = serve_static(site.resolve())
    visits = []
    with tempfile.TemporaryDirectory() as profile, sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(profile, executable_path="/usr/bin/chromium", args=ARGS,
                                                        viewport={"width": 360, "height": 740})
        page = context.new_page()
        for label, path in zip(("first visit", "second page"), paths, strict=False):
            fetched: list[tuple[str, int, int, str]] = []

            def record(response, fetched=fetched) -> None:  # type: ignore[no-untyped-def]
                if not response.url.startswith(base) or response.status not in (200, 304):
                    return
                sizes = response.request.sizes()
                if response.status == 304:  # revalidated: only headers crossed the network
                    fetched.append((response.url[len(base):], sizes["responseHeadersSize"], 0, "304"))
                    return
                if sizes["responseBodySize"] <= 0:
                    return  # served from the browser's cache: nothing crossed the network
                encoding = response.headers.get("content-encoding", "-")
                fetched.append((response.url[len(base):], sizes["responseBodySize"] + sizes["responseHeadersSize"],
                                len(response.body()), encoding))

            page.on("response", record)
            page.goto(base + path, wait_until="networkidle")
            page.remove_listener("response", record)
            visits.append((label, path, fetched))
        context.close()
    server.shutdown()
    return visits


def main() -> None:
    site = Path(sys.argv[1])
    for label, path, fetched in measure(site, sys.argv[2:] or ["/", "/hoi-dap/"]):
        wire = sum(f[1] for f in fetched)
        decoded = sum(f[2] for f in fetched)
        print(f"{label}: {path} — {len(fetched)} requests, {wire / 1024:.1f} KB transferred "
              f"({decoded / 1024:.1f} KB decoded)")
        for url, size, raw, encoding in fetched:
            print(f"    {size / 1024:8.1f} KB  {raw / 1024:8.1f} KB  {encoding:5}  {url}")


if __name__ == "__main__":
    main()
