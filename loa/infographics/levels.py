"""Response levels by case count: steps from the lowest threshold up, each with what the source says."""

from __future__ import annotations

from typing import Any

from loa.fields import Field, ListOf, Struct, Text
from loa.infographics.svg import Canvas
from loa.model import Entry

SCHEMA = Struct(fields={
    "levels": Field(ListOf(Struct(fields={
        "threshold": Field(Text(max_len=80), required=True, doc="ngưỡng số ca như văn bản ghi"),
        "name": Field(Text(max_len=160), required=True, doc="tên cấp độ"),
        "actions": Field(ListOf(Text(max_len=300), max_items=6), doc="việc làm ở cấp độ này, nếu văn bản nêu"),
    }, example_value="{threshold: dưới 1.000 ca, name: ...}"), min_items=1, max_items=6), required=True,
        doc="các cấp độ, từ thấp đến cao"),
    "note": Field(Text(max_len=400), doc="ghi chú"),
}, example_value="{levels: [...]}")


def render(entry: Entry, data: dict[str, Any]) -> tuple[str, int]:
    canvas = Canvas()
    canvas.heading(entry.title)
    for i, level in enumerate(data["levels"], start=1):
        canvas.card(f"Cấp độ {i}: {level['threshold']}", [level["name"], *(level.get("actions") or [])], badge=str(i))
    if data.get("note"):
        canvas.note(data["note"])
    return canvas.finish(entry.id, entry.title, entry.get("description"))
