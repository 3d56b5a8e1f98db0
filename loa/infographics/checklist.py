"""Checklist: numbered items (label, detail), e.g. the forms of communication a plan names."""

from __future__ import annotations

from typing import Any

from loa.fields import Field, ListOf, Struct, Text
from loa.infographics.svg import Canvas
from loa.model import Entry

SCHEMA = Struct(fields={
    "items": Field(ListOf(Struct(fields={
        "label": Field(Text(max_len=80), required=True, doc="nhãn"),
        "detail": Field(Text(max_len=300), doc="giải thích"),
    }, example_value="{label: Khẩu trang, detail: ...}"), min_items=1, max_items=12), required=True, doc="các mục"),
}, example_value="{items: [...]}")


def render(entry: Entry, data: dict[str, Any]) -> tuple[str, int]:
    canvas = Canvas()
    canvas.heading(entry.title)
    for i, item in enumerate(data["items"], start=1):
        canvas.card(item["label"], [item["detail"]] if item.get("detail") else [], badge=str(i), bullet=False)
    return canvas.finish(entry.id, entry.title, entry.get("description"))
