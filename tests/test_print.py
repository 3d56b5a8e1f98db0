"""Printing: page types to PDF in headless Chromium; graphics on one page, hubs without downloads or commands."""

from __future__ import annotations

import re
import zlib
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

INFOGRAPHICS = sorted(p.stem for p in (Path(__file__).parent.parent / "content" / "infographic").glob("*.yml"))
A4 = {"format": "A4", "print_background": True}


def pdf_pages(pdf: bytes) -> list[bytes]:
    """Each page's decompressed content stream, in page order (Chromium writes plain objects, Flate streams)."""
    objects = {int(m.group(1)): m.group(2) for m in re.finditer(rb"(\d+) 0 obj\s*(.*?)endobj", pdf, re.S)}

    def stream(number: int) -> bytes:
        raw = re.search(rb"stream\r?\n(.*)endstream", objects[number], re.S)
        assert raw is not None
        return zlib.decompress(raw.group(1))

    tree = next(o for o in objects.values() if re.search(rb"/Type\s*/Pages\b", o))
    kids = [int(n) for n in re.findall(rb"(\d+) 0 R", re.search(rb"/Kids\s*\[(.*?)\]", tree, re.S).group(1))]
    assert all(re.search(rb"/Type\s*/Page\b", objects[k]) for k in kids), "nested page tree"
    return [stream(int(re.search(rb"/Contents (\d+) 0 R", objects[k]).group(1))) for k in kids]


def fill_colour(hex_colour: str) -> tuple[float, float, float]:
    return tuple(int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5))  # type: ignore[return-value]


def pages_with_colour(pages: list[bytes], colour: tuple[float, float, float]) -> list[int]:
    """Pages (1-based) whose drawing sets this fill colour (an `r g b rg` operator)."""
    found = []
    for number, content in enumerate(pages, 1):
        for m in re.finditer(rb"([\d.]+) ([\d.]+) ([\d.]+) rg", content):
            if all(abs(float(v) - c) < 0.002 for v, c in zip(m.groups(), colour, strict=True)):
                found.append(number)
                break
    return found


def print_pdf(browser, server: str, path: str) -> bytes:  # type: ignore[no-untyped-def]
    page = browser.new_page()
    page.goto(server + path, wait_until="networkidle")
    pdf = page.pdf(**A4)
    page.close()
    return pdf


@pytest.mark.parametrize("ident", INFOGRAPHICS)
def test_infographic_prints_whole_on_the_first_page(browser, server: str, built: Path, ident: str) -> None:  # type: ignore[no-untyped-def]
    svg = (built / "site" / "infographic" / ident / f"{ident}.svg").read_text(encoding="utf-8")
    background = re.search(r'<rect[^>]*fill="(#[0-9a-fA-F]{6})"', svg)
    assert background, "the graphic has no background rectangle to find it by"
    pages = pdf_pages(print_pdf(browser, server, f"/infographic/{ident}/"))
    # Chromium draws a cut graphic on every page it spans, so its background colour shows where it went.
    assert pages_with_colour(pages, fill_colour(background.group(1))) == [1], f"{len(pages)} pages"


# What must not reach paper: downloads, data links, commands, on-screen controls.
NOT_ON_PAPER = """() => Array.from(document.querySelectorAll(
    'article a[download], article a[href$=".json"], article a[href$=".csv"], article button:not(th button), ' +
    'article select, article form, ' +
    '.loa-breadcrumb, .loa-related, .loa-back')).filter(e => e.getClientRects().length > 0)
    .concat(Array.from(document.querySelectorAll('article code, article th'))  // commands, a download column
      .filter(e => e.getClientRects().length > 0 && /^(loa |Tải dữ liệu)/.test(e.textContent.trim())))
    .map(e => e.tagName + ' ' + (e.textContent || '').trim().slice(0, 30))"""

PAGES = {  # page -> most pages it may print on
    "/": 2, "/van-ban/": 2, "/hoi-dap/": 8, "/hoi-dap/tong-dai-1022-giai-dap-gi/": 1, "/khau-hieu/": 8,
    "/khau-hieu/minh-vi-moi-nguoi/": 1, "/doi-tuong/": 1, "/infographic/": 4, "/tong-dai-1022/": 3,
    "/thong-diep/chia-se-thong-tin-chinh-thong/": 2, "/van-ban/ke-hoach-33-kh-tu/": 12,
}


@pytest.mark.parametrize("path", PAGES)
def test_page_prints_without_controls_and_within_its_pages(browser, server: str, path: str) -> None:  # type: ignore[no-untyped-def]
    page = browser.new_page()
    page.goto(server + path, wait_until="networkidle")
    page.emulate_media(media="print")
    assert page.evaluate(NOT_ON_PAPER) == []
    pdf = page.pdf(**A4)
    page.close()
    count = len(pdf_pages(pdf))
    assert 1 <= count <= PAGES[path], f"{path} prints on {count} pages"


def test_slogan_banner_is_not_cut(browser, server: str, built: Path) -> None:  # type: ignore[no-untyped-def]
    svg = (built / "site" / "khau-hieu" / "minh-vi-moi-nguoi" / "minh-vi-moi-nguoi-bang-ron.svg").read_text(encoding="utf-8")
    background = re.search(r'<rect[^>]*fill="(#[0-9a-fA-F]{6})"', svg)
    assert background
    pages = pdf_pages(print_pdf(browser, server, "/khau-hieu/minh-vi-moi-nguoi/"))
    assert len(pages_with_colour(pages, fill_colour(background.group(1)))) == 1
