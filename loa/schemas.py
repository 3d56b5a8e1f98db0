"""Kind registry -> JSON Schema documents for front matter (published in loa/schema/)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from loa.kinds import KINDS

SCHEMA_DIR = Path(__file__).parent / "schema"
BASE_URI = "https://loa.invalid/schema/"


def kind_schema(name: str) -> dict[str, Any]:
    """The JSON Schema of one kind's front matter (taxonomy values are checked by `loa check`)."""
    kind = KINDS[name]
    schema = kind.struct().json_schema()
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"{BASE_URI}{name}.schema.json",
        "title": f"loa {name}: {kind.label}",
        "description": f"Siêu dữ liệu (front matter) của tệp content/{kind.folder}/<id>{kind.extension}",
        **schema,
        **kind.json_schema_extra(),
    }


def render_schemas() -> dict[str, str]:
    """File name -> JSON text for every kind, with stable key order and a trailing newline."""
    return {f"{name}.schema.json": json.dumps(kind_schema(name), ensure_ascii=False, indent=2) + "\n"
            for name in sorted(KINDS)}


def write_schemas(folder: Path = SCHEMA_DIR) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in render_schemas().items():
        path = folder / name
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            written.append(path)
    return written
