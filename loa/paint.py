"""Draw loa's own SVG drawings (infographics, banners, social cards) to PNG with Pillow, several times
faster than resvg.

loa draws its PNGs from SVG it writes itself, with a handful of shapes: rectangles (rounded, stroked,
translucent, or filled with one of the zone patterns), circles and single lines of text in the shipped
DejaVu fonts. resvg turns every glyph into a path and fills it, and encodes large PNGs slowly: an
infographic costs it 170-200 ms. Pillow (FreeType's glyph bitmaps, zlib) draws the same picture in a
fraction of that, the way Material for MkDocs draws its social cards.

`paint` draws only what it knows exactly and returns None for anything else (another element, attribute,
transform, unit or colour form), and `loa.raster` then asks resvg: an SVG is never drawn half-right.
Curved edges are anti-aliased by drawing them four times larger and scaling down. Tests compare every
kind of drawing against resvg's pixels.
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from xml.etree import ElementTree

from PIL import Image, ImageChops, ImageColor, ImageDraw, ImageFont

SVG = "{http://www.w3.org/2000/svg}"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
SUPER = 4  # curved edges are drawn this many times larger, then scaled down (anti-aliasing)
PNG_LEVEL = 3  # zlib level: 6 makes files a fifth smaller for twice the time, 9 a tenth smaller for ten times
PALETTE_SIZE = 256
MAX_DISTINCT = 1 << 16  # loa's drawings have a few thousand colours, nearly all blends at edges
INHERITED = ("fill", "fill-opacity", "font-family", "font-size", "font-weight", "font-style", "text-anchor")
# What each element may carry; anything else makes `paint` hand the SVG to resvg.
ALLOWED = {
    "svg": {"xmlns", "viewBox", "width", "height", "role", "aria-labelledby", "aria-label", "lang", *INHERITED},
    "g": set(INHERITED),
    "title": {"id"}, "desc": {"id"}, "defs": set(),
    "pattern": {"id", "width", "height", "patternUnits", "patternTransform"},
    "rect": {"x", "y", "width", "height", "rx", "fill", "fill-opacity", "stroke", "stroke-width"},
    "circle": {"cx", "cy", "r", "fill", "fill-opacity"},
    "path": {"d", "stroke", "stroke-opacity", "stroke-width"},
    "text": {"x", "y", XML_SPACE, *INHERITED},
}
HEX = re.compile(r"#(?:[0-9a-fA-F]{3}){1,2}")
NUMBER = re.compile(r"-?(?:\d+\.?\d*|\.\d+)")
LINES = re.compile(r"(?:M\s*(-?[\d.]+)[\s,]+(-?[\d.]+)\s*L\s*(-?[\d.]+)[\s,]+(-?[\d.]+)\s*)+")
ROTATE = re.compile(r"rotate\((-?[\d.]+)\)")
FONT_FILES = {"400": "DejaVuSans.ttf", "700": "DejaVuSans-Bold.ttf"}


class _Unsupported(Exception):
    """The SVG uses something `paint` does not draw exactly."""


def paint(svg: str, width: int, font_dir: str) -> bytes | None:
    """PNG bytes of `svg` drawn `width` pixels wide, or None when resvg must draw it."""
    try:
        return _Painter(ElementTree.fromstring(svg), width, font_dir).png()
    except (_Unsupported, ElementTree.ParseError, ValueError):
        return None


def _number(value: str | None, default: float | None = None) -> float:
    if value is None:
        if default is None:
            raise _Unsupported("missing number")
        return default
    if not NUMBER.fullmatch(value.strip()):
        raise _Unsupported(f"not a plain number: {value}")
    return float(value)


def _rgb(value: str) -> tuple[int, int, int]:
    if not HEX.fullmatch(value):
        raise _Unsupported(f"colour {value}")
    rgb = ImageColor.getrgb(value)
    return rgb[0], rgb[1], rgb[2]


def _opacity(value: str | None) -> float:
    op = _number(value, 1.0)
    if not 0 <= op <= 1:
        raise _Unsupported("opacity")
    return op


@dataclass(frozen=True)
class _Pattern:
    """A tile repeated from the user-space origin, optionally rotated, holding one kind of mark."""

    width: float
    height: float
    angle: float  # degrees, patternTransform="rotate(a)"
    marks: tuple[ElementTree.Element, ...]


class _Painter:
    def __init__(self, root: ElementTree.Element, width: int, font_dir: str) -> None:
        if root.tag != SVG + "svg":
            raise _Unsupported("root")
        box = [_number(v) for v in root.get("viewBox", "").split()]
        if len(box) != 4 or box[0] or box[1] or box[2] <= 0 or box[3] <= 0:
            raise _Unsupported("viewBox")
        if any(root.get(k) is not None and _number(root.get(k)) != v for k, v in (("width", box[2]), ("height", box[3]))):
            raise _Unsupported("width or height other than the viewBox's")  # resvg would fit one into the other
        self.scale = width / box[2]
        self.size = (width, max(1, round(box[3] * self.scale)))
        self.root, self.font_dir = root, font_dir
        self.patterns: dict[str, _Pattern] = {}
        self.image: Image.Image | None = None
        self.colours: set[tuple[int, int, int]] = set()  # every colour drawn, kept exact in the PNG's palette

    def png(self) -> bytes:
        self._walk(self.root, {})
        if self.image is None:
            raise _Unsupported("nothing drawn")
        return _encode(self.image, self.colours)

    # -- the tree ---------------------------------------------------------------------------------
    def _walk(self, el: ElementTree.Element, inherited: dict[str, str]) -> None:
        tag = el.tag.removeprefix(SVG)
        if el.tag == tag or tag not in ALLOWED or set(el.attrib) - ALLOWED[tag]:
            raise _Unsupported(f"<{tag}> {sorted(el.attrib)}")
        if (el.tail or "").strip() or (tag in ("svg", "g", "defs") and (el.text or "").strip()):
            raise _Unsupported("text outside <text>")
        style = {**inherited, **{k: v for k, v in el.attrib.items() if k in INHERITED}}
        if tag in ("title", "desc"):
            return
        if tag == "defs":
            for child in el:
                self._pattern(child)
            return
        if tag == "rect":
            self._rect(el, style)
        elif tag == "circle":
            self._need_canvas()
            self._circle(el, style)
        elif tag == "text":
            self._need_canvas()
            self._text(el, style)
        elif tag in ("svg", "g"):
            for child in el:
                self._walk(child, style)
        else:
            raise _Unsupported(f"<{tag}> outside <defs>")

    def _need_canvas(self) -> None:
        if self.image is None:
            raise _Unsupported("no opaque background first")  # resvg keeps transparency; we draw on RGB

    def _pattern(self, el: ElementTree.Element) -> None:
        if el.tag != SVG + "pattern" or set(el.attrib) - ALLOWED["pattern"] or el.get("patternUnits") != "userSpaceOnUse":
            raise _Unsupported("pattern")
        angle = 0.0
        if (transform := el.get("patternTransform")) is not None:
            if not (m := ROTATE.fullmatch(transform.strip())):
                raise _Unsupported("patternTransform")
            angle = float(m.group(1))
        marks = tuple(el)
        for mark in marks:
            tag = mark.tag.removeprefix(SVG)
            paint_key = "stroke" if tag == "path" else "fill"
            if tag not in ("rect", "circle", "path") or set(mark.attrib) - ALLOWED[tag] or len(mark) or paint_key not in mark.attrib:
                raise _Unsupported("pattern content")  # its own paint, so nothing inherited is in play
        self.patterns[el.get("id", "")] = _Pattern(_number(el.get("width")), _number(el.get("height")), angle, marks)

    # -- shapes -------------------------------------------------------------------------------------
    def _px(self, value: float) -> int:
        return round(value * self.scale)

    def _rect(self, el: ElementTree.Element, style: dict[str, str]) -> None:
        x, y = _number(el.get("x"), 0.0), _number(el.get("y"), 0.0)
        w, h = _number(el.get("width")), _number(el.get("height"))
        rx = _number(el.get("rx"), 0.0) * self.scale
        box = (self._px(x), self._px(y), self._px(x + w), self._px(y + h))
        fill, stroke = style.get("fill", "#000"), el.get("stroke")
        if self.image is None:
            # The first shape must cover the whole picture with one opaque colour (every drawing of loa's does).
            if box != (0, 0, *self.size) or rx or stroke or not HEX.fullmatch(fill) or _opacity(style.get("fill-opacity")) < 1:
                raise _Unsupported("no opaque background first")
            self.image = Image.new("RGB", self.size, _rgb(fill))
            self.colours.add(_rgb(fill))
            return
        if w <= 0 or h <= 0:
            return
        rx = min(rx, (box[2] - box[0]) / 2, (box[3] - box[1]) / 2)
        if fill.startswith("url(#"):
            self._fill_pattern(box, rx, fill[5:-1] if fill.endswith(")") else "")
        elif fill != "none":
            opacity = _opacity(style.get("fill-opacity"))
            if opacity < 1:
                self._fill(_mask(_rounded(box, rx)), box[:2], _rgb(fill), opacity)
            else:
                self._draw(_rounded(box, rx), _rgb(fill))
        if stroke is not None and stroke != "none":
            # SVG centres the outline on the edge; on whole pixels, `width` thick, `out` of them outside.
            width = max(1, round(_number(el.get("stroke-width"), 1.0) * self.scale))
            out = width // 2
            self._draw(_ring((box[0] - out, box[1] - out, box[2] + out, box[3] + out), rx + out, width,
                             max(0.0, rx + out - width)), _rgb(stroke))

    def _draw(self, pieces: _Pieces, colour: tuple[int, int, int]) -> None:
        """Fill the straight parts as rectangles and blend the anti-aliased corners in."""
        assert self.image is not None
        self.colours.add(colour)
        for rect in pieces.rects:
            if rect[2] > rect[0] and rect[3] > rect[1]:
                self.image.paste(colour, rect)
        for mask, at in pieces.corners:
            self.image.paste(colour, (*at, at[0] + mask.width, at[1] + mask.height), mask)

    def _circle(self, el: ElementTree.Element, style: dict[str, str]) -> None:
        cx, cy, r = (_number(el.get(k)) * self.scale for k in ("cx", "cy", "r"))
        fill = style.get("fill", "#000")
        if fill == "none" or r <= 0:
            return
        left, top = math.floor(cx - r), math.floor(cy - r)
        size = (math.ceil(cx + r) - left, math.ceil(cy + r) - top)
        mask = _supersampled(size, lambda d, s: d.ellipse(((cx - r - left) * s, (cy - r - top) * s,
                                                           (cx + r - left) * s, (cy + r - top) * s), fill=255))
        self._fill(mask, (left, top), _rgb(fill), _opacity(style.get("fill-opacity")))

    def _fill(self, mask: Image.Image, at: tuple[int, int], colour: tuple[int, int, int], opacity: float) -> None:
        assert self.image is not None
        if opacity < 1:
            mask = mask.point(lambda v: round(v * opacity))
        else:
            self.colours.add(colour)
        self.image.paste(colour, (*at, at[0] + mask.width, at[1] + mask.height), mask)

    def _fill_pattern(self, box: tuple[int, int, int, int], rx: float, ident: str) -> None:
        pattern = self.patterns.get(ident)
        if pattern is None:
            raise _Unsupported(f"pattern {ident}")
        shape = _mask(_rounded(box, rx))
        for mark in pattern.marks:
            tag = mark.tag.removeprefix(SVG)
            paint_key = "stroke" if tag == "path" else "fill"
            colour = mark.get(paint_key, "none")
            if colour == "none":
                continue
            opacity = _opacity(mark.get(f"{paint_key}-opacity"))
            coverage = self._tiles(box, pattern, mark, tag)
            self._fill(ImageChops.multiply(coverage, shape), box[:2], _rgb(colour), opacity)

    def _tiles(self, box: tuple[int, int, int, int], pattern: _Pattern, mark: ElementTree.Element, tag: str) -> Image.Image:
        """Coverage of `box` by `mark` repeated on the pattern's (rotated) grid, anti-aliased."""
        s, left, top = self.scale, box[0], box[1]
        cos, sin = math.cos(math.radians(pattern.angle)), math.sin(math.radians(pattern.angle))

        def to_px(u: float, v: float) -> tuple[float, float]:  # pattern space -> pixels in the box, supersampled
            return ((u * cos - v * sin) * s - left) * SUPER, ((u * sin + v * cos) * s - top) * SUPER

        # Pattern-space bounds of the box: rotate its corners back.
        corners = [(cx / s, cy / s) for cx in (box[0], box[2]) for cy in (box[1], box[3])]
        us = [x * cos + y * sin for x, y in corners]
        vs = [-x * sin + y * cos for x, y in corners]
        cols = range(math.floor(min(us) / pattern.width) - 1, math.ceil(max(us) / pattern.width) + 1)
        rows = range(math.floor(min(vs) / pattern.height) - 1, math.ceil(max(vs) / pattern.height) + 1)
        if len(cols) * len(rows) > 20000:
            raise _Unsupported("pattern too fine")

        # The mark in pattern space, read once: polygons (a rectangle, or a line's stroke) or a circle.
        polygons: list[list[tuple[float, float]]] = []
        circle: tuple[float, float, float] | None = None
        if tag == "rect":
            x, y = _number(mark.get("x"), 0.0), _number(mark.get("y"), 0.0)
            w, h = _number(mark.get("width")), _number(mark.get("height"))
            polygons.append([(x, y), (x + w, y), (x + w, y + h), (x, y + h)])
        elif tag == "circle":
            circle = (_number(mark.get("cx")), _number(mark.get("cy")), _number(mark.get("r")))
        else:
            width = _number(mark.get("stroke-width"), 1.0)
            polygons += [_thick_line((x0, y0), (x1, y1), width) for x0, y0, x1, y1 in _segments(mark.get("d", ""))]

        def draw(d: ImageDraw.ImageDraw, _scale: int) -> None:
            for i in cols:
                for j in rows:
                    ou, ov = i * pattern.width, j * pattern.height
                    for polygon in polygons:
                        d.polygon([to_px(u + ou, v + ov) for u, v in polygon], fill=255)
                    if circle is not None:
                        cx, cy = to_px(circle[0] + ou, circle[1] + ov)
                        r = circle[2] * s * SUPER
                        d.ellipse((cx - r, cy - r, cx + r, cy + r), fill=255)

        return _supersampled((box[2] - box[0], box[3] - box[1]), draw)

    # -- text -----------------------------------------------------------------------------------------
    def _text(self, el: ElementTree.Element, style: dict[str, str]) -> None:
        if len(el):
            raise _Unsupported("<tspan>")
        family = style.get("font-family", "")
        if not family.replace('"', "'").lstrip().startswith("'DejaVu Sans'"):
            raise _Unsupported(f"font {family}")
        weight = {"bold": "700", "normal": "400"}.get(style.get("font-weight", "400"), style.get("font-weight", "400"))
        if weight not in FONT_FILES or style.get("font-style", "normal") not in ("normal", "italic"):
            raise _Unsupported("font weight or style")  # resvg draws italic upright: no oblique face ships
        anchor = {"start": "ls", "middle": "ms", "end": "rs"}.get(style.get("text-anchor", "start"))
        if anchor is None:
            raise _Unsupported("text-anchor")
        text = el.text or ""
        if el.get(XML_SPACE) != "preserve":
            text = " ".join(text.split())
        if not text:
            return
        if _opacity(style.get("fill-opacity")) < 1:
            raise _Unsupported("translucent text")
        font = _font(self.font_dir, FONT_FILES[weight], _number(style.get("font-size"), 12.0) * self.scale)
        assert self.image is not None
        self.colours.add(_rgb(style.get("fill", "#000")))
        ImageDraw.Draw(self.image).text((_number(el.get("x"), 0.0) * self.scale, _number(el.get("y"), 0.0) * self.scale),
                                        text, fill=_rgb(style.get("fill", "#000")), font=font, anchor=anchor)


def _encode(image: Image.Image, colours: set[tuple[int, int, int]]) -> bytes:
    """PNG bytes with a palette of at most 256 colours: a third of the bytes of full colour, and faster.

    The palette holds each colour the drawing was made with exactly, and as many of the blends at
    anti-aliased edges as fit; the rest of the blends are spread over colour space (an octree over the
    distinct colours, not the pixels, so a rare blend counts as much as a common one) and every pixel
    takes its nearest entry."""
    distinct = image.getcolors(MAX_DISTINCT)
    if distinct is None:  # not one of loa's drawings: choose from a sample
        distinct = image.resize((max(1, image.width // 4), max(1, image.height // 4)), Image.Resampling.NEAREST).getcolors(
            MAX_DISTINCT) or []
    exact = sorted(colours)[:PALETTE_SIZE]
    blends = sorted({rgb for _, rgb in distinct if isinstance(rgb, tuple)} - set(exact))
    if len(exact) + len(blends) > PALETTE_SIZE:
        sample = Image.new("RGB", (len(blends), 1))
        sample.putdata(blends)
        spread = sample.quantize(PALETTE_SIZE - len(exact), method=Image.Quantize.FASTOCTREE).getpalette() or []
        blends = [(spread[i], spread[i + 1], spread[i + 2]) for i in range(0, len(spread), 3)]
    entries = exact + blends
    palette = Image.new("P", (1, 1))
    palette.putpalette([value for rgb in entries + entries[-1:] * (PALETTE_SIZE - len(entries)) for value in rgb])
    out = io.BytesIO()
    image.quantize(palette=palette, dither=Image.Dither.NONE).save(out, "PNG", compress_level=PNG_LEVEL)
    return out.getvalue()


@lru_cache(maxsize=64)
def _font(font_dir: str, name: str, size: float) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(f"{font_dir}/{name}", size, layout_engine=ImageFont.Layout.BASIC)


def _segments(d: str) -> list[tuple[float, float, float, float]]:
    """The straight lines of a path made only of "M x y L x y" pairs."""
    if not LINES.fullmatch(d.strip()):
        raise _Unsupported(f"path {d}")
    nums = [float(n) for n in NUMBER.findall(d)]
    return [tuple(nums[i:i + 4]) for i in range(0, len(nums), 4)]  # type: ignore[misc]


def _thick_line(a: tuple[float, float], b: tuple[float, float], width: float) -> list[tuple[float, float]]:
    """The quadrilateral a stroke of `width` with butt caps covers."""
    dx, dy = b[0] - a[0], b[1] - a[1]
    length = math.hypot(dx, dy) or 1.0
    nx, ny = -dy / length * width / 2, dx / length * width / 2
    return [(a[0] + nx, a[1] + ny), (b[0] + nx, b[1] + ny), (b[0] - nx, b[1] - ny), (a[0] - nx, a[1] - ny)]


def _supersampled(size: tuple[int, int], draw: Callable[[ImageDraw.ImageDraw, int], None]) -> Image.Image:
    big = Image.new("L", (size[0] * SUPER, size[1] * SUPER), 0)
    draw(ImageDraw.Draw(big), SUPER)
    return big.resize(size, Image.Resampling.BOX)


@dataclass(frozen=True)
class _Pieces:
    """A shape on whole pixels: the box it lies in, its full rectangles and its anti-aliased corner squares."""

    box: tuple[int, int, int, int]
    rects: list[tuple[int, int, int, int]]
    corners: list[tuple[Image.Image, tuple[int, int]]]


def _rounded(box: tuple[int, int, int, int], radius: float) -> _Pieces:
    """A rectangle with corners of `radius` pixels."""
    x0, y0, x1, y1 = box
    if radius <= 0:
        return _Pieces(box, [box], [])
    c = math.ceil(radius)
    rects = [(x0 + c, y0, x1 - c, y1), (x0, y0 + c, x0 + c, y1 - c), (x1 - c, y0 + c, x1, y1 - c)]
    return _Pieces(box, rects, _four(box, _corner(c, radius, 0, 0.0)))


def _ring(box: tuple[int, int, int, int], radius: float, width: int, inner_radius: float) -> _Pieces:
    """The outline `width` pixels thick inside `box`: outer corners of `radius`, inner ones of `inner_radius`."""
    x0, y0, x1, y1 = box
    c = max(math.ceil(radius), width)
    rects = [(x0 + c, y0, x1 - c, y0 + width), (x0 + c, y1 - width, x1 - c, y1),
             (x0, y0 + c, x0 + width, y1 - c), (x1 - width, y0 + c, x1, y1 - c)]
    return _Pieces(box, rects, _four(box, _corner(c, radius, width, inner_radius)))


def _four(box: tuple[int, int, int, int], corner: Image.Image) -> list[tuple[Image.Image, tuple[int, int]]]:
    c = corner.width
    return [(corner, (box[0], box[1])), (corner.transpose(Image.Transpose.FLIP_LEFT_RIGHT), (box[2] - c, box[1])),
            (corner.transpose(Image.Transpose.FLIP_TOP_BOTTOM), (box[0], box[3] - c)),
            (corner.transpose(Image.Transpose.ROTATE_180), (box[2] - c, box[3] - c))]


@lru_cache(maxsize=64)
def _corner(size: int, radius: float, inset: int, inner_radius: float) -> Image.Image:
    """The top-left `size` square of a rounded rectangle (corner `radius`), less, when `inset`, the rounded
    rectangle `inset` pixels inside it (corner `inner_radius`): the corner of a fill or of an outline."""
    def draw(d: ImageDraw.ImageDraw, s: int) -> None:
        far = 4 * size * s  # past the square: only the corner shows
        d.rounded_rectangle((0, 0, far, far), radius * s, fill=255)
        if inset:
            d.rounded_rectangle((inset * s, inset * s, far, far), inner_radius * s, fill=0)
    return _supersampled((size, size), draw)


def _mask(pieces: _Pieces) -> Image.Image:
    """The shape's coverage over its box."""
    x0, y0, x1, y1 = pieces.box
    mask = Image.new("L", (x1 - x0, y1 - y0), 0)
    for rect in pieces.rects:
        if rect[2] > rect[0] and rect[3] > rect[1]:
            mask.paste(255, (rect[0] - x0, rect[1] - y0, rect[2] - x0, rect[3] - y0))
    for corner, (cx, cy) in pieces.corners:
        mask.paste(255, (cx - x0, cy - y0, cx - x0 + corner.width, cy - y0 + corner.height), corner)
    return mask
