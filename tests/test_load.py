"""Loader: front-matter splitting, positions, encodings, YAML safety."""

from __future__ import annotations

from pathlib import Path

import yaml
from hypothesis import given
from hypothesis import strategies as st

from loa.load import compose_yaml, load_file, split_front_matter


def test_split_front_matter_returns_body_line() -> None:
    front, body, line = split_front_matter("---\nid: a\ntitle: b\n---\nBody\n")  # type: ignore[misc]
    assert front == "id: a\ntitle: b"
    assert body == "Body\n"
    assert line == 5


def test_split_front_matter_without_closing_fence_is_none() -> None:
    assert split_front_matter("---\nid: a\n") is None


# PyYAML itself folds C1 controls and Unicode line separators, so those are left out of values.
TEXT = st.text(st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")))


@given(meta=st.dictionaries(st.from_regex(r"[a-z_]{1,12}", fullmatch=True), TEXT), body=st.text())
def test_split_front_matter_round_trips(meta: dict[str, str], body: str) -> None:
    body = body.replace("\r", "")
    parts = split_front_matter(f"---\n{yaml.safe_dump(meta, allow_unicode=True)}---\n{body}")
    assert parts is not None
    front, got_body, _ = parts
    assert (yaml.safe_load(front) or {}) == meta
    assert got_body == body


def test_yaml_positions_are_file_lines(tmp_path: Path) -> None:
    file = tmp_path / "x.md"
    file.write_text("---\nid: x\ntitle: Một\n---\nThân\n", encoding="utf-8")
    result = load_file(file, "hoi-dap")
    (raw,) = result.entries
    title_key, title_value = raw.node.value[1]  # type: ignore[union-attr]
    assert title_value.start_mark.line + raw.line_offset == 3
    assert raw.body_line == 5


def test_bom_and_crlf_are_accepted(tmp_path: Path) -> None:
    file = tmp_path / "x.md"
    file.write_bytes("\ufeff---\r\nid: x\r\n---\r\nThân\r\n".encode())
    result = load_file(file, "hoi-dap")
    assert not result.diagnostics
    assert result.entries[0].body == "Thân\n"


def test_aliases_are_rejected_with_position() -> None:
    node, problems = compose_yaml("a: &x 1\nb: *x\n", "f.md", line_offset=2)
    assert node is None
    assert problems[0].code == "L106"
    assert problems[0].location.line == 2


def test_duplicate_keys_report_second_line() -> None:
    _, problems = compose_yaml("id: a\ntitle: b\nid: c\n", "f.md", line_offset=2)
    assert [(p.code, p.location.line, p.field) for p in problems] == [("L105", 4, "id")]


def test_non_utf8_reports_byte_offset(tmp_path: Path) -> None:
    file = tmp_path / "x.md"
    file.write_bytes(b"---\nid: x\ntitle: Ti\xeang\n---\n")
    result = load_file(file, "hoi-dap")
    (diag,) = result.diagnostics
    assert diag.code == "L101"
    assert (diag.location.line, diag.location.col) == (3, 10)
    assert "byte 19" in diag.message
