"""Zone levels (vùng xanh / vàng / cam / đỏ): colour, pattern and a text label, never colour alone."""

from __future__ import annotations

from typing import Any

from loa.fields import Choice, Field, ListOf, Struct, Text
from loa.infographics.svg import Canvas
from loa.model import Entry

# level -> (fill, pattern id, label). The pattern and the label carry the level without colour.
LEVELS = {
    "xanh": ("#2e7d32", "p-plain", "XANH"),
    "vang": ("#f9a825", "p-dots", "VÀNG"),
    "cam": ("#d84315", "p-stripes", "CAM"),
    "do": ("#b71c1c", "p-cross", "ĐỎ"),
}
PATTERNS = (
    '<pattern id="p-plain" width="8" height="8" patternUnits="userSpaceOnUse"><rect width="8" height="8" fill="none"/></pattern>'
    '<pattern id="p-dots" width="10" height="10" patternUnits="userSpaceOnUse"><circle cx="5" cy="5" r="2" fill="#000" fill-opacity=".35"/></pattern>'
    '<pattern id="p-stripes" width="10" height="10" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
    '<rect width="4" height="10" fill="#000" fill-opacity=".3"/></pattern>'
    '<pattern id="p-cross" width="10" height="10" patternUnits="userSpaceOnUse"><path d="M0 0L10 10M10 0L0 10" '
    'stroke="#000" stroke-opacity=".35" stroke-width="2"/></pattern>'
)

SCHEMA = Struct(fields={
    "zones": Field(ListOf(Struct(fields={
        "level": Field(Choice(tuple(LEVELS), label="cấp độ vùng"), required=True, doc="xanh, vang, cam, do"),
        "name": Field(Text(max_len=120), required=True, doc="tên vùng như văn bản ghi"),
        "actions": Field(ListOf(Text(max_len=300), min_items=1, max_items=8), required=True,
                         doc="yêu cầu ở vùng này, theo văn bản"),
    }, example_value="{level: do, name: vùng nguy cơ rất cao, actions: [...]}"), min_items=1, max_items=4),
        required=True, doc="các cấp độ vùng"),
    "note": Field(Text(max_len=400), doc="ghi chú"),
}, example_value="{zones: [...]}")


def render(entry: Entry, data: dict[str, Any]) -> tuple[str, int]:
    canvas = Canvas()
    canvas.defs.append(PATTERNS)
    canvas.heading(entry.title)
    for zone in data["zones"]:
        fill, pattern, label = LEVELS[zone["level"]]
        canvas.card(f"Vùng {label.lower()}: {zone['name']}", zone["actions"], band=(fill, pattern, label))
    if data.get("note"):
        canvas.note(data["note"])
    return canvas.finish(entry.id, entry.title, entry.get("description"))
