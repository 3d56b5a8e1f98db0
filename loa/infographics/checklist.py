"""Checklist infographic: numbered items with a tick, title and description for screen readers."""

from __future__ import annotations

import textwrap
from xml.sax.saxutils import escape

from loa.model import Entry

WIDTH = 720
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', Arial, sans-serif"


def _lines(text: str, width: int) -> list[str]:
    return textwrap.wrap(text, width=width, break_long_words=False) or [""]


def render_checklist(entry: Entry) -> tuple[str, int]:
    """Draw the checklist; the same data gives the same bytes."""
    data = entry.data
    title_lines = _lines(entry.title, 34)
    y = 40 + 36 * len(title_lines)
    rows: list[str] = []
    for i, item in enumerate(data["items"], start=1):
        label = _lines(item["label"], 40)
        detail = _lines(item["detail"], 62) if item.get("detail") else []
        height = max(64, 30 * len(label) + 24 * len(detail) + 24)
        rows.append(f'<g transform="translate(24 {y})">')
        rows.append(f'<rect width="{WIDTH - 48}" height="{height - 12}" rx="10" fill="#ffffff" stroke="#8c1b1b" stroke-width="2"/>')
        rows.append(f'<circle cx="36" cy="32" r="20" fill="#8c1b1b"/>')
        rows.append(f'<text x="36" y="40" text-anchor="middle" font-size="22" font-weight="700" fill="#ffffff">{i}</text>')
        ty = 38
        for line in label:
            rows.append(f'<text x="72" y="{ty}" font-size="24" font-weight="700" fill="#1a1a1a">{escape(line)}</text>')
            ty += 30
        for line in detail:
            rows.append(f'<text x="72" y="{ty}" font-size="19" fill="#333333">{escape(line)}</text>')
            ty += 24
        rows.append("</g>")
        y += height
    height = y + 24
    title = "".join(
        f'<text x="{WIDTH // 2}" y="{52 + 36 * n}" text-anchor="middle" font-size="30" font-weight="700" fill="#8c1b1b">{escape(t)}</text>'
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
