"""Lighthouse (mobile, its default simulated slow 4G and 4x slower CPU) on the page types of a built site.

Usage: python scripts/lighthouse.py SITE_DIR [--lighthouse PATH] [--runs N] [--json FILE] [PATH ...]

The site is served as the shipped headers say (loa.statichost: `_headers`, `.br`/`.gz` copies).
Lighthouse is not a dependency of loa: install it with npm where you run this
(`npm install lighthouse` in any folder, then pass `--lighthouse that/node_modules/.bin/lighthouse`).
It drives Debian's /usr/bin/chromium. Prints the four category scores and the main timings per page;
with `--runs N`, the run with the median performance score of N (Lighthouse's simulated timings grow
with whatever else the machine is doing).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import tempfile
from pathlib import Path

from loa.statichost import serve_static

PAGE_TYPES = {
    "home": "/",
    "register": "/van-ban/",
    "document": "/van-ban/ke-hoach-33-kh-tu/",
    "Q&A hub": "/hoi-dap/",
    "Q&A": "/hoi-dap/tong-dai-1022-giai-dap-gi/",
    "slogan": "/khau-hieu/minh-vi-moi-nguoi/",
    "infographic": "/infographic/cac-cap-do-vung/",
    "search": "/tim-kiem/?q=tong+dai",
}
CHROME_FLAGS = "--headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --no-first-run"


def run(lighthouse: str, url: str, attempts: int = 3) -> dict:  # type: ignore[type-arg]
    """One Lighthouse report; a run whose trace failed (Lighthouse says "run again") is run again."""
    for attempt in range(attempts):
        with tempfile.TemporaryDirectory() as out:
            report = Path(out) / "report.json"
            done = subprocess.run([lighthouse, url, "--quiet", "--output=json", f"--output-path={report}",
                                   f"--chrome-flags={CHROME_FLAGS}",
                                   "--only-categories=performance,accessibility,best-practices,seo"],
                                  check=attempt == attempts - 1, env={**os.environ, "CHROME_PATH": "/usr/bin/chromium"},
                                  timeout=300)
            if done.returncode == 0:
                return json.loads(report.read_text(encoding="utf-8"))
    raise AssertionError("unreachable")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("site", type=Path)
    parser.add_argument("paths", nargs="*")
    parser.add_argument("--lighthouse", default="lighthouse")
    parser.add_argument("--json", type=Path)
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args()
    pages = {p: p for p in args.paths} if args.paths else PAGE_TYPES
    server, base = serve_static(args.site.resolve())
    rows = {}
    try:
        print(f"{'page':12} {'perf':>4} {'a11y':>4} {'bp':>4} {'seo':>4} {'FCP':>6} {'LCP':>6} {'TBT':>6} {'CLS':>5}  path")
        for name, path in pages.items():
            runs = sorted((run(args.lighthouse, base + path) for _ in range(args.runs)),
                          key=lambda d: d["categories"]["performance"]["score"])
            data = runs[len(runs) // 2]
            cats = {k: round(v["score"] * 100) for k, v in data["categories"].items()}
            audits = data["audits"]
            row = {**cats, "FCP": audits["first-contentful-paint"]["numericValue"] / 1000,
                   "LCP": audits["largest-contentful-paint"]["numericValue"] / 1000,
                   "TBT": audits["total-blocking-time"]["numericValue"], "CLS": audits["cumulative-layout-shift"]["numericValue"]}
            rows[name] = {"path": path, **row}
            print(f"{name:12} {cats['performance']:4} {cats['accessibility']:4} {cats['best-practices']:4} {cats['seo']:4} "
                  f"{row['FCP']:5.1f}s {row['LCP']:5.1f}s {row['TBT']:4.0f}ms {row['CLS']:5.3f}  {path}", flush=True)
    finally:
        server.shutdown()
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
