"""Responsibility matrix: who does what, as the transmitting letter and the plan assign it."""

from __future__ import annotations

from typing import Any

from loa.fields import Field, ListOf, Struct, Text
from loa.infographics.svg import Canvas
from loa.model import Entry

SCHEMA = Struct(fields={
    "rows": Field(ListOf(Struct(fields={
        "who": Field(Text(max_len=160), required=True, doc="cơ quan, đơn vị"),
        "tasks": Field(ListOf(Text(max_len=300), min_items=1, max_items=10), required=True, doc="nhiệm vụ"),
    }, example_value="{who: Sở Y tế, tasks: [...]}"), min_items=1, max_items=20), required=True,
        doc="mỗi dòng: một cơ quan và nhiệm vụ của nó"),
    "note": Field(Text(max_len=400), doc="ghi chú"),
}, example_value="{rows: [...]}")


def render(entry: Entry, data: dict[str, Any]) -> tuple[str, int]:
    canvas = Canvas()
    canvas.heading(entry.title)
    for row in data["rows"]:
        canvas.card(row["who"], row["tasks"])
    if data.get("note"):
        canvas.note(data["note"])
    return canvas.finish(entry.id, entry.title, entry.get("description"))
