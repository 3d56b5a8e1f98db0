"""loa.paint draws loa's own SVG drawings with Pillow: it must draw what resvg draws, and hand anything
it does not know to resvg instead of drawing it half-right."""

from __future__ import annotations

import io
import re
from functools import cache
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageFilter

from loa.infographics import TYPES
from loa.pipeline import check_site
from loa.raster import FONT_DIR, Raster, rasterise, renderer_id, resvg_png
from loa.render import iter_assets

ROOT = Path(__file__).resolve().parent.parent
TEXT = re.compile(r"<text\b[^>]*>.*?</text>", re.S)


@cache
def drawings() -> dict[str, Raster]:
    """Every PNG the default corpus draws: each infographic type, its social card, every banner."""
    site = check_site(ROOT / "content").site
    assert site is not None
    jobs = {path: job for path, job in iter_assets(site) if isinstance(job, Raster)}
    kinds = {entry.get("type") for entry in site.visible("infographic")}
    assert kinds == set(TYPES), "the corpus should show every infographic type"
    return jobs


def paint(job: Raster, svg: str | None = None) -> bytes | None:
    from loa.paint import paint as paint_svg

    return paint_svg(svg or job.svg, job.width, str(FONT_DIR))


def image(png: bytes) -> Image.Image:
    return Image.open(io.BytesIO(png)).convert("RGB")


def unexplained(reference: Image.Image, drawn: Image.Image, tolerance: int = 40) -> float:
    """Share of the reference's pixels that no pixel within one pixel of the same place in `drawn` comes
    near (edges may move by a pixel: loa puts shapes on whole pixels, resvg on fractions)."""
    low, high = drawn.filter(ImageFilter.MinFilter(3)), drawn.filter(ImageFilter.MaxFilter(3))
    off = ImageChops.lighter(ImageChops.subtract(low, reference), ImageChops.subtract(reference, high))
    worst = ImageChops.lighter(ImageChops.lighter(*off.split()[:2]), off.split()[2])
    histogram = worst.histogram()
    return sum(histogram[tolerance:]) / sum(histogram)


def blocks_off(reference: Image.Image, drawn: Image.Image, block: int = 16, tolerance: int = 24) -> float:
    """Share of `block`-pixel squares whose average colour differs: text may run a little wider in
    Pillow (FreeType hints its glyphs), so text is compared square by square, not pixel by pixel."""
    size = (reference.width // block, reference.height // block)
    a, b = reference.resize(size, Image.Resampling.BOX), drawn.resize(size, Image.Resampling.BOX)
    histogram = ImageChops.difference(a, b).convert("L").histogram()
    return sum(histogram[tolerance:]) / sum(histogram)


def cases() -> list[str]:
    return sorted(drawings())


@pytest.mark.parametrize("path", cases())
def test_shapes_match_resvg_pixel_for_pixel(path: str) -> None:
    """Without their text, loa's drawings and resvg's agree to within a pixel's shift everywhere:
    patterns, outlines, rounded corners, badges, translucent labels. (Taking away any one of these
    from the painter fails this test for some drawing of the corpus.)"""
    job = drawings()[path]
    shapes = TEXT.sub("", job.svg)
    drawn = paint(job, shapes)
    assert drawn is not None, "loa's own drawing fell back to resvg"
    reference, mine = image(resvg_png(shapes, job.width)), image(drawn)
    assert reference.size == mine.size
    assert unexplained(reference, mine) <= 0.0005


@pytest.mark.parametrize("path", cases())
def test_text_lands_where_resvg_puts_it(path: str) -> None:
    """Same lines, same size, weight and alignment: moving the text anchor, dropping bold or scaling the
    font by a tenth each fail this for some drawing of the corpus."""
    job = drawings()[path]
    drawn = paint(job)
    assert drawn is not None
    reference, mine = image(resvg_png(job.svg, job.width)), image(drawn)
    assert reference.size == mine.size
    assert blocks_off(reference, mine) <= 0.2


def test_flat_colours_stay_exact_and_output_repeats() -> None:
    """The palette keeps each colour the SVG names exactly (the paper, the card, the accent red), and
    the same drawing gives the same bytes."""
    path = next(p for p in cases() if p.startswith("infographic/") and not p.endswith("og.png"))
    job = drawings()[path]
    first, second = paint(job), paint(job)
    assert first is not None and first == second
    png = Image.open(io.BytesIO(first))
    assert png.mode == "P"
    counts = sorted(png.convert("RGB").getcolors(1 << 20) or [], reverse=True)
    named = {tuple(int(h[i:i + 2], 16) for i in (1, 3, 5)) for h in re.findall(r'"(#[0-9a-f]{6})"', job.svg)}
    big = {rgb for count, rgb in counts if count > png.width * png.height / 100}
    assert big and big <= named, f"large areas in colours the SVG does not name: {big - named}"


BASE = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 50" width="100" height="50" '
        "font-family=\"'DejaVu Sans', sans-serif\"><rect width=\"100\" height=\"50\" fill=\"#ffffff\"/>{}</svg>")


@pytest.mark.parametrize("inner", [
    '<rect x="5" y="5" width="20" height="10" fill="#000000" transform="rotate(10)"/>',
    '<line x1="0" y1="0" x2="50" y2="50" stroke="#000000"/>',
    '<rect x="5" y="5" width="20" height="10" fill="rgb(10,20,30)"/>',
    '<rect x="5" y="5" width="20" height="10" fill="url(#missing)"/>',
    '<rect x="5" y="5" width="20" height="10" fill="#000" stroke="#f00" stroke-opacity=".5"/>',
    '<rect x="5" y="5" width="20" height="10" rx="2" ry="4" fill="#000"/>',
    '<text x="5" y="20" font-size="12">a<tspan>b</tspan></text>',
    '<text x="5" y="20" font-size="12px">ab</text>',
    '<text x="5" y="20" font-size="12" font-weight="600">ab</text>',
    '<text x="5 9" y="20" font-size="12">ab</text>',
    '<text x="5" y="20" font-size="12" font-family="Arial">ab</text>',
    '<text x="5" y="20" font-size="12" fill-opacity=".5">ab</text>',
    '<g transform="translate(3)"><rect width="5" height="5" fill="#000"/></g>',
])
def test_anything_else_goes_to_resvg(inner: str) -> None:
    """An SVG with anything the painter does not draw exactly is not painted at all; the build still
    gets resvg's PNG of it."""
    svg = BASE.format(inner)
    assert paint(Raster(svg, 200)) is None
    assert rasterise(svg, 200) == resvg_png(svg, 200)


@pytest.mark.parametrize("svg", [
    BASE.replace('<rect width="100" height="50" fill="#ffffff"/>', "").format('<rect width="5" height="5" fill="#000"/>'),
    BASE.replace('fill="#ffffff"', 'fill="#ffffff" fill-opacity=".5"').format(""),
    BASE.replace('width="100" height="50" font', 'width="300" height="50" font').format(""),
])
def test_a_drawing_without_an_opaque_background_goes_to_resvg(svg: str) -> None:
    """Pillow draws on an opaque canvas; a transparent or stretched picture is resvg's to draw."""
    assert paint(Raster(svg, 200)) is None
    assert rasterise(svg, 200) is not None


def test_the_cache_key_names_both_renderers() -> None:
    """A new Pillow or a changed painter draws other bytes, so cached PNGs must not be reused."""
    assert " pillow " in renderer_id() and " paint " in renderer_id() and renderer_id().startswith("resvg_py ")
