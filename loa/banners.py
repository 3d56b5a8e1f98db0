"""Slogan text -> banner images: SVG drawn here, PNG (a Raster job) drawn locally (loa.paint, no service)."""

from __future__ import annotations

from dataclasses import dataclass
from xml.sax.saxutils import escape

from loa.raster import Raster

# Common proportions: a street banner (băng rôn, 6:1) and a panel or LED screen (16:9).
FORMATS = {"bang-ron": ("Băng rôn 6:1", 3000, 500), "pano": ("Pano, màn hình 16:9", 1920, 1080)}
FONT_FAMILY = "'DejaVu Sans', 'Noto Sans', Roboto, Arial, sans-serif"
RED, YELLOW = "#b3141b", "#ffe14d"  # 5.3:1 contrast


@dataclass(frozen=True, slots=True)
class Banner:
    name: str  # "bang-ron"
    label: str
    svg: str
    png: Raster  # drawn by the build's Rasteriser, from its cache or in a worker


def _advance(char: str) -> float:
    """Approximate advance of an upper-case DejaVu Sans Bold glyph, in em (wide on purpose)."""
    if char == " ":
        return 0.35
    if char in "IÍÌỈĨỊ.,:;!'|1":
        return 0.42
    if char in "MWMƯỨỪỬỮỰ":
        return 0.98
    if char.isdigit():
        return 0.72
    return 0.80


def text_width(text: str, size: float) -> float:
    return sum(_advance(c) for c in text) * size


def wrap(words: list[str], size: float, width: float) -> list[str]:
    lines: list[str] = []
    for word in words:
        if lines and text_width(lines[-1] + " " + word, size) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines


def layout(text: str, width: int, height: int) -> tuple[float, list[str]]:
    """The largest font size (and its lines) at which the upper-cased text fits the box."""
    words = text.upper().split()
    usable_w, usable_h = width * 0.9, height * 0.8
    size = usable_h
    while size > 8:
        lines = wrap(words, size, usable_w)
        if all(text_width(line, size) <= usable_w for line in lines) and len(lines) * size * 1.25 <= usable_h:
            return size, lines
        size *= 0.95
    return size, wrap(words, size, usable_w)


def banner_svg(text: str, width: int, height: int, title: str) -> str:
    """A red banner with the slogan in yellow capitals, centred; `title` names it for screen readers."""
    size, lines = layout(text, width, height)
    line_height = size * 1.25
    top = (height - line_height * len(lines)) / 2 + size * 0.95
    rows = "".join(
        f'<text x="{width / 2:.0f}" y="{top + i * line_height:.1f}">{escape(line)}</text>' for i, line in enumerate(lines)
    )
    border = max(6, height // 40)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="img" aria-label="{escape(title, {chr(34): "&quot;"})}" lang="vi">'
        f"<title>{escape(title)}</title>"
        f'<rect width="{width}" height="{height}" fill="{RED}"/>'
        f'<rect x="{border}" y="{border}" width="{width - 2 * border}" height="{height - 2 * border}" fill="none" '
        f'stroke="{YELLOW}" stroke-width="{border // 2}"/>'
        f'<g fill="{YELLOW}" font-family="{FONT_FAMILY}" font-weight="700" font-size="{size:.1f}" '
        f'text-anchor="middle">{rows}</g></svg>\n'
    )


def slogan_banners(text: str) -> list[Banner]:
    """Every banner format of a slogan, each as SVG and as a PNG (half its size) to draw."""
    out = []
    for name, (label, width, height) in FORMATS.items():
        svg = banner_svg(text, width, height, f"{label}: {text}")
        out.append(Banner(name, label, svg, Raster(svg, width // 2)))
    return out
