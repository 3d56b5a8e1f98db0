"""Infographic instances: structured data that a type's renderer draws as SVG (types are code)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import yaml

from loa.errors import quote
from loa.fields import Choice, Context, Field, FieldError, FieldType, Text
from loa.infographics import TYPES
from loa.kinds.base import PLACEHOLDER, Guidance


class RawNode(FieldType):
    """Keeps the YAML node so the kind can check it against the schema its `type` selects."""

    def parse(self, node: yaml.Node, ctx: Context, path: str) -> Any:
        return node

    def json_schema(self) -> dict[str, Any]:
        return {"type": "object"}


class Infographic(Guidance):
    """An instance of an infographic type, written as a YAML file."""

    name, folder, label, label_plural = "infographic", "infographic", "infographic", "Infographic"
    template, hub, hub_position = "infographic.md.j2", "Infographic", 70
    own_hub_page = True  # loa/hubs.py
    related_title, answer_rank = "Infographic liên quan", 0.8
    searchable = ('description',)
    scaffold = f'''type: checklist     # BẮT BUỘC: checklist, zones, levels, schedule, matrix
description: "{PLACEHOLDER} mô tả cho người đọc màn hình"
topics: []
sources: []         # BẮT BUỘC trước khi gửi duyệt
data:
  items:
    - label: "{PLACEHOLDER} nhãn"
'''
    extension = ".yml"
    type = Field(Choice(tuple(TYPES), label="loại infographic"), required=True, doc="loại: " + ", ".join(TYPES))
    description = Field(Text(max_len=600), required=True, doc="mô tả cho người đọc màn hình")
    data = Field(RawNode(), required=True, doc="dữ liệu, theo lược đồ của loại")

    @classmethod
    def check(cls, values: dict[str, Any], ctx: Context) -> list[tuple[FieldError, str]]:
        node = values.get("data")
        kind = TYPES.get(values.get("type") or "")
        if isinstance(node, yaml.Node) and kind is not None:
            try:
                values["data"] = kind.schema.parse(node, ctx, "data")
            except FieldError as exc:  # a top-level shape error: report it where `data` is
                ctx.report(exc, node, "data")
                values["data"] = None
        elif isinstance(node, yaml.Node):
            values["data"] = None  # the unknown type is already reported on `type`
        problems = super().check(values, ctx)  # after `data` is parsed, so its placeholders are seen too
        if kind is not None and kind.check is not None and values.get("data"):
            problems += [(exc, f"data.{path}") for exc, path in kind.check(values["data"])]
        cited = [s.get("document") for s in values.get("sources") or []]
        for i, event in enumerate((values.get("data") or {}).get("events") or []):
            if event.get("document") and event["document"] not in cited:
                problems.append((FieldError("L205", f"văn bản {quote(event['document'])} không có trong sources của mục này",
                                            "chọn một văn bản trong sources: " + ", ".join(dict.fromkeys(c for c in cited if c))),
                                 f"data.events[{i}].document"))
        return problems

    @classmethod
    def search_texts(cls, data: Mapping[str, Any]) -> list[str]:
        """The description, then every text of the data (the page's table shows them all)."""
        return super().search_texts(data) + list(_strings(data.get("data")))

    @classmethod
    def json_schema_extra(cls) -> dict[str, Any]:
        return {"allOf": [
            {"if": {"properties": {"type": {"const": name}}},
             "then": {"properties": {"data": kind.schema.json_schema()}}}
            for name, kind in TYPES.items()
        ]}


def _strings(value: Any) -> Iterator[str]:
    """Every text value inside nested data, in order."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)
