"""Infographic types: each a small module with a data schema, an SVG renderer and optional extras."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from loa.fields import FieldError, Struct
from loa.infographics import checklist, levels, matrix, schedule, zones
from loa.model import Entry


@dataclass(frozen=True, slots=True)
class InfographicType:
    name: str
    label: str  # Vietnamese
    schema: Struct  # the shape of `data`
    render: Callable[[Entry, dict[str, Any]], tuple[str, int]]
    table: str  # the template (under loa/templates/) of its accessible data table, the page's "Nội dung"
    calendar: Callable[[Entry, dict[str, Any], Any, int], bytes] | None = None  # (entry, data, scope, archive months)
    check: Callable[[dict[str, Any]], list[tuple[FieldError, str]]] | None = None  # rules across fields


TYPES: dict[str, InfographicType] = {t.name: t for t in (
    InfographicType("checklist", "Danh sách", checklist.SCHEMA, checklist.render, "infographic/checklist.md.j2"),
    InfographicType("zones", "Cấp độ vùng", zones.SCHEMA, zones.render, "infographic/zones.md.j2"),
    InfographicType("levels", "Cấp độ ứng phó", levels.SCHEMA, levels.render, "infographic/levels.md.j2"),
    InfographicType("schedule", "Lịch định kỳ", schedule.SCHEMA, schedule.render, "infographic/schedule.md.j2", schedule.calendar, schedule.check),
    InfographicType("matrix", "Phân công", matrix.SCHEMA, matrix.render, "infographic/matrix.md.j2"),
)}


def render_svg(entry: Entry) -> tuple[str, int]:
    """Return `(svg text, height)` for an infographic entry, by its type."""
    return TYPES[entry.data["type"]].render(entry, entry.data["data"])
