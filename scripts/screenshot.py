"""Screenshot built pages in headless Chromium (Debian's /usr/bin/chromium) for a human to look at.

Usage: python scripts/screenshot.py SITE_DIR OUT_DIR [--width 360] PATH [PATH ...]
"""

from __future__ import annotations

import argparse
import functools
import http.server
import tempfile
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("site", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--width", type=int, default=360)
    parser.add_argument("--full", action="store_true", help="capture the full page")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(args.site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    with tempfile.TemporaryDirectory() as profile, sync_playwright() as pw:
        browser = pw.chromium.launch_persistent_context(profile, executable_path="/usr/bin/chromium",
                                                        args=CHROMIUM_ARGS, viewport={"width": args.width, "height": 800})
        page = browser.new_page()
        for path in args.paths:
            page.goto(base + path)
            name = path.strip("/").replace("/", "_") or "home"
            target = args.out / f"{name}-{args.width}.png"
            page.screenshot(path=str(target), full_page=args.full)
            print(target)
        browser.close()
    server.shutdown()


if __name__ == "__main__":
    main()
