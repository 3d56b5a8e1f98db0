"""Infographic types: each a small module with a data schema, an SVG renderer and optional extras."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from loa.infographics import checklist, levels, matrix, schedule, zones
from loa.kinds.fields import FieldError, Struct
from loa.model import Entry


@dataclass(frozen=True, slots=True)
class InfographicType:
    name: str
    label: str  # Vietnamese
    schema: Struct  # the shape of `data`
    render: Callable[[Entry, dict[str, Any]], tuple[str, int]]
    calendar: Callable[[Entry, dict[str, Any], Any, int], bytes] | None = None  # (entry, data, scope, archive months)
    check: Callable[[dict[str, Any]], list[tuple[FieldError, str]]] | None = None  # rules across fields


TYPES: dict[str, InfographicType] = {t.name: t for t in (
    InfographicType("checklist", "Danh sách", checklist.SCHEMA, checklist.render),
    InfographicType("zones", "Cấp độ vùng", zones.SCHEMA, zones.render),
    InfographicType("levels", "Cấp độ ứng phó", levels.SCHEMA, levels.render),
    InfographicType("schedule", "Lịch định kỳ", schedule.SCHEMA, schedule.render, schedule.calendar, schedule.check),
    InfographicType("matrix", "Phân công", matrix.SCHEMA, matrix.render),
)}


def render_svg(entry: Entry) -> tuple[str, int]:
    """Return `(svg text, height)` for an infographic entry, by its type."""
    return TYPES[entry.data["type"]].render(entry, entry.data["data"])
