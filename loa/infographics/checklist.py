"""Checklist infographic: numbered items with a tick, title and description for screen readers."""

from __future__ import annotations

import textwrap
from xml.sax.saxutils import escape

from loa.model import Entry

WIDTH = 480
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', Arial, sans-serif"


def _lines(text: str, width: int) -> list[str]:
    return textwrap.wrap(text, width=width, break_long_words=False) or [""]


def render_checklist(entry: Entry) -> tuple[str, int]:
    """Draw the checklist; the same data gives the same bytes."""
    data = entry.data
    title_lines = _lines(entry.title, 26)
    y = 28 + 34 * len(title_lines)
    rows: list[str] = []
    for i, item in enumerate(data["items"], start=1):
        label = _lines(item["label"], 28)
        detail = _lines(item["detail"], 40) if item.get("detail") else []
        texts: list[str] = []
        ty = 34
        for line in label:
            texts.append(f'<text x="62" y="{ty}" font-size="21" font-weight="700" fill="#1a1a1a">{escape(line)}</text>')
            ty += 27
        ty -= 3
        for line in detail:
            texts.append(f'<text x="62" y="{ty}" font-size="17" fill="#333333">{escape(line)}</text>')
            ty += 22
        box = max(60, ty - 8)
        rows.append(f'<g transform="translate(16 {y})">')
        rows.append(f'<rect width="{WIDTH - 32}" height="{box}" rx="10" fill="#ffffff" stroke="#8c1b1b" stroke-width="2"/>')
        rows.append('<circle cx="30" cy="28" r="17" fill="#8c1b1b"/>')
        rows.append(f'<text x="30" y="35" text-anchor="middle" font-size="19" font-weight="700" fill="#ffffff">{i}</text>')
        rows += texts
        rows.append("</g>")
        y += box + 10
    height = y + 10
    title = "".join(
        f'<text x="{WIDTH // 2}" y="{42 + 34 * n}" text-anchor="middle" font-size="27" font-weight="700" fill="#8c1b1b">{escape(t)}</text>'
        for n, t in enumerate(title_lines)
    )
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" '
        f'role="img" aria-labelledby="t-{entry.id} d-{entry.id}" font-family="{FONT}" lang="vi">\n'
        f'<title id="t-{entry.id}">{escape(entry.title)}</title>\n'
        f'<desc id="d-{entry.id}">{escape(data["description"])}</desc>\n'
        f'<rect width="{WIDTH}" height="{height}" fill="#fdf6ec"/>\n{title}\n' + "\n".join(rows) + "\n</svg>\n"
    )
    return svg, height
