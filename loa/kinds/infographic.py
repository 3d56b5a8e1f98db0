"""Infographic instances: structured data that a type's renderer draws as SVG."""

from __future__ import annotations

from loa.kinds.base import Kind
from loa.kinds.fields import Choice, Field, ListOf, Struct, Text

INFOGRAPHIC_TYPES = ("checklist",)


class Infographic(Kind):
    """An instance of an infographic type, written as a YAML file."""

    name, folder, label, label_plural = "infographic", "infographic", "infographic", "Infographic"
    extension = ".yml"
    type = Field(Choice(INFOGRAPHIC_TYPES, label="loại infographic"), required=True, doc="loại (renderer)")
    description = Field(Text(max_len=600), required=True, doc="mô tả cho người đọc màn hình")
    items = Field(ListOf(Struct(fields={
        "label": Field(Text(max_len=80), required=True, doc="nhãn"),
        "detail": Field(Text(max_len=300), doc="giải thích"),
    }, example_value="{label: Khẩu trang, detail: ...}"), min_items=1, max_items=12), required=True,
        doc="các mục (checklist)")
