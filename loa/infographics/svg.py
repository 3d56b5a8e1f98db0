"""A small SVG drawing kit shared by the infographic types: cards of wrapped text, accessible wrapper."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

WIDTH = 480
FONT = "'DejaVu Sans', system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', Arial, sans-serif"
INK, MUTED, ACCENT, PAPER = "#1a1a1a", "#333333", "#8c1b1b", "#fdf6ec"


def wrap(text: str, size: float, width: float) -> list[str]:
    """Wrap for a font of `size` px in `width` px (DejaVu Sans averages about 0.56 em a letter)."""
    return textwrap.wrap(text, width=max(8, int(width / (size * 0.56))), break_long_words=False) or [""]


def attr(text: str) -> str:
    return escape(text, {'"': "&quot;"})


@dataclass
class Canvas:
    """Stacks blocks from the top; `finish` wraps them in an accessible <svg>."""

    width: int = WIDTH
    y: float = 16
    parts: list[str] = field(default_factory=list)
    defs: list[str] = field(default_factory=list)

    def heading(self, text: str, size: float = 26) -> None:
        for line in wrap(text, size * 1.1, self.width - 40):  # bold runs wider than regular
            self.y += size * 1.2
            self.parts.append(f'<text x="{self.width / 2:.0f}" y="{self.y:.1f}" text-anchor="middle" '
                              f'font-size="{size}" font-weight="700" fill="{ACCENT}">{escape(line)}</text>')
        self.y += 12

    def card(self, title: str, lines: list[str], *, badge: str | None = None, band: tuple[str, str, str] | None = None,
             bullet: bool = True) -> None:
        """A bordered card: optional numbered badge, or a coloured band (fill, pattern id, label)."""
        left = 16
        text_x = left + (108 if band else 54 if badge else 16)
        inner = self.width - text_x - 28
        rows: list[tuple[str, float, str]] = []  # (text, size, weight)
        for t in wrap(title, 19 * 1.1, inner):  # bold runs wider than regular
            rows.append((t, 19, "700"))
        for line in lines:
            wrapped = wrap(line, 15, inner - (14 if bullet else 0))
            for i, t in enumerate(wrapped):
                rows.append((("• " if bullet and i == 0 else "  " if bullet else "") + t, 15, "400"))
        height = 20 + sum(size * 1.35 for _, size, _ in rows)
        height = max(height, 64 if band else 52)
        top = self.y
        self.parts.append(f'<rect x="{left}" y="{top:.1f}" width="{self.width - 2 * left}" height="{height:.1f}" rx="10" '
                          f'fill="#ffffff" stroke="{ACCENT}" stroke-width="2"/>')
        if band:
            fill, pattern, label = band
            self.parts.append(f'<rect x="{left}" y="{top:.1f}" width="96" height="{height:.1f}" rx="10" fill="{fill}"/>')
            self.parts.append(f'<rect x="{left}" y="{top:.1f}" width="96" height="{height:.1f}" rx="10" fill="url(#{pattern})"/>')
            light = fill in ("#f9a825",)
            color = INK if light else "#ffffff"
            self.parts.append(f'<rect x="{left + 8}" y="{top + height / 2 - 15:.1f}" width="80" height="30" rx="6" '
                              f'fill="{"#ffffff" if light else "#000000"}" fill-opacity="{0.85 if light else 0.35}"/>')
            self.parts.append(f'<text x="{left + 48}" y="{top + height / 2 + 6:.1f}" text-anchor="middle" font-size="17" '
                              f'font-weight="700" fill="{color if not light else INK}">{escape(label)}</text>')
        elif badge:
            self.parts.append(f'<circle cx="{left + 26}" cy="{top + 26:.1f}" r="17" fill="{ACCENT}"/>')
            self.parts.append(f'<text x="{left + 26}" y="{top + 32.5:.1f}" text-anchor="middle" font-size="17" '
                              f'font-weight="700" fill="#ffffff">{escape(badge)}</text>')
        ty = top + 8
        for text, size, weight in rows:
            ty += size * 1.35
            self.parts.append(f'<text x="{text_x}" y="{ty - size * 0.3:.1f}" font-size="{size}" font-weight="{weight}" '
                              f'fill="{INK if weight == "700" else MUTED}" xml:space="preserve">{escape(text)}</text>')
        self.y = top + height + 10

    def note(self, text: str) -> None:
        for line in wrap(text, 14, self.width - 32):
            self.y += 18
            self.parts.append(f'<text x="16" y="{self.y:.1f}" font-size="14" font-style="italic" fill="{MUTED}">'
                              f'{escape(line)}</text>')
        self.y += 8

    def finish(self, ident: str, title: str, desc: str) -> tuple[str, int]:
        height = int(self.y + 8)
        defs = f"<defs>{''.join(self.defs)}</defs>" if self.defs else ""
        svg = (
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {self.width} {height}" width="{self.width}" '
            f'height="{height}" role="img" aria-labelledby="t-{ident} d-{ident}" font-family="{attr(FONT)}" lang="vi">\n'
            f'<title id="t-{ident}">{escape(title)}</title>\n<desc id="d-{ident}">{escape(desc)}</desc>\n{defs}'
            f'<rect width="{self.width}" height="{height}" fill="{PAPER}"/>\n' + "\n".join(self.parts) + "\n</svg>\n"
        )
        return svg, height


def social_card(title: str, subtitle: str, site_name: str) -> str:
    """A 1200×630 preview image (og:image) for sharing a page, drawn locally."""
    rows = wrap(title, 60, 1080)[:4]
    top = 315 - len(rows) * 36 + 40
    text = "".join(f'<text x="60" y="{top + i * 74}" font-size="60" font-weight="700" fill="#ffffff">{escape(r)}</text>'
                   for i, r in enumerate(rows))
    footer_lines = wrap(f"{site_name} · {subtitle}", 30 * 1.08, 1080)
    footer = escape(footer_lines[0] + (" …" if len(footer_lines) > 1 else ""))
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1200 630" width="1200" height="630" '
        f'font-family="{attr(FONT)}"><rect width="1200" height="630" fill="{ACCENT}"/>'
        f'<rect x="0" y="560" width="1200" height="70" fill="#5e1010"/>'
        f'<text x="60" y="90" font-size="30" font-weight="700" fill="#ffe14d">INFOGRAPHIC</text>{text}'
        f'<text x="60" y="606" font-size="30" fill="#ffffff">{footer}</text></svg>\n'
    )
