"""Infographic types: one small renderer per type, each turning an instance's data into SVG."""

from __future__ import annotations

from collections.abc import Callable

from loa.infographics.checklist import render_checklist
from loa.model import Entry

RENDERERS: dict[str, Callable[[Entry], tuple[str, int]]] = {"checklist": render_checklist}


def render_svg(entry: Entry) -> tuple[str, int]:
    """Return `(svg text, height)` for an infographic entry, by its type."""
    return RENDERERS[entry.data["type"]](entry)
