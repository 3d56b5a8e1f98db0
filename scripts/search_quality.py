#!/usr/bin/env python3
"""Judged-set scores of the search page, in Debian's Chromium through the real /tim-kiem/ page.

    python scripts/search_quality.py [SITE]    # SITE: a `loa build` output, default ./site

For each question of tests/search_judged.yml, typed with diacritics, without them, and misspelt,
prints where the answering page ranks, then the share of queries whose answer is first and in the
first three, per form, and how many pages the two-syllable queries (every pair of neighbouring words
of the unaccented questions) return at most, against the number of pages in the index.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import shutil
import sys
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from loa.text.vi import fold  # noqa: E402

JUDGED = ROOT / "tests" / "search_judged.yml"
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]
FORMS = ("accented", "unaccented", "typo")
DONE = ("() => { const s = document.querySelector('[data-loa-status]');"
        " return s && /kết quả|Không tải được/.test(s.textContent) && !s.textContent.startsWith('Đang'); }")


@dataclass(frozen=True)
class Judged:
    query: str
    form: str
    answer: str


def judged_set(path: Path = JUDGED) -> list[Judged]:
    """Every judged query in its three forms."""
    items = yaml.safe_load(path.read_text(encoding="utf-8"))
    out = []
    for item in items:
        out += [Judged(item["q"], "accented", item["answer"]), Judged(fold(item["q"]), "unaccented", item["answer"]),
                Judged(item["typo"], "typo", item["answer"])]
    return out


def two_syllable_queries(path: Path = JUDGED) -> list[str]:
    """Every pair of neighbouring words of the unaccented questions, once each."""
    pairs: dict[str, None] = {}
    for item in yaml.safe_load(path.read_text(encoding="utf-8")):
        words = fold(item["q"]).split()
        for a, b in zip(words, words[1:], strict=False):
            pairs[f"{a} {b}"] = None
    return list(pairs)


def run_query(page, base: str, query: str) -> tuple[list[str], int]:  # type: ignore[no-untyped-def]
    """Open the search page with `query`; return the first page of result paths and the total found."""
    page.goto(f"{base}/tim-kiem/?q={quote(query)}")
    page.wait_for_function(DONE, timeout=20_000)
    urls = page.locator(".loa-result__title").evaluate_all("els => els.map(e => new URL(e.href).pathname)")
    total = page.evaluate("() => { const m = document.querySelector('[data-loa-status]').textContent.match(/Tìm thấy (\\d+)/);"
                          " return m ? Number(m[1]) : 0; }")
    return urls, total


def evaluate(context, base: str, queries: list[Judged],  # type: ignore[no-untyped-def]
             searched_as: dict[Judged, str] | None = None) -> list[tuple[Judged, int | None]]:
    """Rank (1-based) of the answering page among the first page of results, None when absent.

    With `searched_as`, also records the words each query was searched as when the page rewrote it
    ("Đã tìm theo: …": a correction or an abbreviation spelt out).
    """
    page = context.new_page()
    page.on("pageerror", lambda e: print("page error:", e, file=sys.stderr))
    rows = []
    for j in queries:
        urls, _ = run_query(page, base, j.query)
        rows.append((j, urls.index(j.answer) + 1 if j.answer in urls else None))
        if searched_as is not None and page.locator("[data-loa-note] strong").count():
            searched_as[j] = page.locator("[data-loa-note] strong").inner_text()
    page.close()
    return rows


def rewritten(searched_as: dict[Judged, str]) -> list[tuple[Judged, str]]:
    """Questions typed correctly (the accented and unaccented forms) that the page searched as other words."""
    return [(j, words) for j, words in searched_as.items() if j.form != "typo"]


def scores(rows: list[tuple[Judged, int | None]]) -> dict[str, tuple[float, float]]:
    """Per form: (share first, share in the first three)."""
    out = {}
    for form in FORMS:
        ranks = [r for j, r in rows if j.form == form]
        out[form] = (sum(r == 1 for r in ranks) / len(ranks), sum(r is not None and r <= 3 for r in ranks) / len(ranks))
    return out


def widest(context, base: str, queries: list[str]) -> list[tuple[str, int]]:  # type: ignore[no-untyped-def]
    """Result counts of queries, largest first."""
    page = context.new_page()
    counts = [(q, run_query(page, base, q)[1]) for q in queries]
    page.close()
    return sorted(counts, key=lambda x: -x[1])


def serve(site: Path) -> http.server.ThreadingHTTPServer:
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("site", type=Path, nargs="?", default=ROOT / "site")
    ap.add_argument("--no-pairs", action="store_true", help="skip the two-syllable queries")
    ap.add_argument("--judged", type=Path, default=JUDGED, help="the judged set (YAML), default tests/search_judged.yml")
    ap.add_argument("--query", action="append", help="only show the first results of this query (repeatable)")
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright

    site = args.site.resolve()
    pages = len(list((site / "pagefind" / "fragment").glob("*.pf_fragment")))
    server = serve(site)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    profile = tempfile.mkdtemp(prefix="loa-search-quality-")
    try:
        with sync_playwright() as p:
            context = p.chromium.launch_persistent_context(profile, executable_path=CHROMIUM, args=ARGS, headless=True)
            if args.query:
                page = context.new_page()
                for q in args.query:
                    urls, total = run_query(page, base, q)
                    note = page.locator("[data-loa-note]").inner_text()
                    print(f"{q!r}: {total} results {note}\n  " + "\n  ".join(urls[:5]))
                context.close()
                return
            searched_as: dict[Judged, str] = {}
            rows = evaluate(context, base, judged_set(args.judged), searched_as)
            for j, r in rows:
                if r != 1:
                    print(f"  {j.form:<10} rank {r or '-':>2}  {j.query}  ->  {j.answer}")
            for form, (first, three) in scores(rows).items():
                print(f"{form:<10} first {first:6.1%}   first three {three:6.1%}   ({sum(j.form == form for j, _ in rows)} queries)")
            wrong = rewritten(searched_as)
            print(f"correctly typed questions searched as other words: {len(wrong)}; misspelt ones corrected: "
                  f"{sum(j.form == 'typo' for j in searched_as)} of {sum(j.form == 'typo' for j, _ in rows)}")
            for j, words in wrong:
                print(f"  {j.form:<10} {j.query!r} -> {words!r}")
            if not args.no_pairs:
                counts = widest(context, base, two_syllable_queries(args.judged))
                over = [(q, n) for q, n in counts if n > pages / 3]
                print(f"two-syllable queries: {len(counts)}; most results {counts[0][1]} ({counts[0][0]!r}) "
                      f"of {pages} pages (a third: {pages / 3:.0f}); over a third: {len(over)}")
                for q, n in over:
                    print(f"  {n:4}  {q}")
            context.close()
    finally:
        server.shutdown()
        shutil.rmtree(profile, ignore_errors=True)


if __name__ == "__main__":
    main()
