"""SVG -> PNG locally with resvg and the DejaVu fonts (no service, the same bytes for the same input)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

FONT_FILES = ("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


@lru_cache(maxsize=1)
def font_files() -> tuple[str, ...]:
    return tuple(f for f in FONT_FILES if Path(f).is_file())


def can_rasterise() -> bool:
    """Whether PNGs can be drawn here (Debian's fonts-dejavu-core is installed)."""
    return bool(font_files())


def rasterise(svg: str, width: int) -> bytes | None:
    """PNG bytes of `svg` scaled to `width` pixels; None when no font to draw the text with."""
    fonts = font_files()
    if not fonts:
        return None
    import resvg_py

    png = resvg_py.svg_to_bytes(svg_string=svg, width=width, skip_system_fonts=True, font_files=list(fonts),
                                font_family="DejaVu Sans", sans_serif_family="DejaVu Sans")
    return bytes(png)
