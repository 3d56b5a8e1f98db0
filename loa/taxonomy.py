"""content/danh-muc/*.yml -> taxonomies (audiences, topics, organizations, channels) and search words."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from loa.errors import Diagnostic, Location, make, quote
from loa.fields import TAXONOMY_FILES, Context, Field, FieldError, Integer, ListOf, Slug, Struct, Text
from loa.kinds.base import PLACE, check_place, to_place
from loa.load import TAXONOMY_FOLDER, compose_yaml, display_path, read_text
from loa.model import Owner, Term
from loa.text.search import SearchWords

TERM = Struct(fields={
    "id": Field(Slug(example_value="nguoi-dan"), required=True, doc="id không dấu"),
    "name": Field(Text(), required=True, doc="tên hiển thị"),
    "description": Field(Text(), doc="mô tả"),
    "parent": Field(Text(), doc="cơ quan cấp trên"),
    "short_name": Field(Text(max_len=40), doc="tên ngắn mà tin nhắn, dòng chữ LED có thể dùng để nêu cơ quan (ví dụ Đảng ủy Khối)"),
    "place": Field(PLACE, doc="cơ quan ban hành: nơi văn bản của cơ quan áp dụng (level: national, province, district)"),
})


def load_taxonomies(content: Path) -> tuple[dict[str, dict[str, Term]], list[Diagnostic]]:
    """Read every taxonomy file; a missing file is an error, never an empty taxonomy."""
    result: dict[str, dict[str, Term]] = {}
    problems: list[Diagnostic] = []
    for taxonomy, filename in TAXONOMY_FILES.items():
        file = content / TAXONOMY_FOLDER / filename
        path = display_path(file)
        terms: dict[str, Term] = {}
        if not file.is_file():
            problems.append(make("L110", Location(path), f"thiếu tệp danh mục {quote(filename)}",
                                 hint=f"tạo {path} với danh sách `- id: …\\n  name: …`"))
            continue
        text, errs = read_text(file, path)
        problems += errs
        if text is None:
            continue
        node, errs = compose_yaml(text, path, line_offset=1)
        problems += errs
        if node is None:
            continue

        def report(exc: FieldError, bad: yaml.Node, field: str, path: str = path,
                   problems: list[Diagnostic] = problems) -> None:
            loc = Location(path, bad.start_mark.line + 1, bad.start_mark.column + 1)
            problems.append(make(exc.code, loc, exc.message, field=field or None, hint=exc.hint))

        ctx = Context(taxonomies={}, report=report)
        if not isinstance(node, yaml.SequenceNode):
            report(FieldError("L203", "danh mục phải là một danh sách các mục `- id: …`"), node, "")
            continue
        # Only a taxonomy that could be read is known: items citing an unreadable one are not each
        # reported against an empty list (the file's own error already fails the check).
        result[taxonomy] = terms
        for i, item_node in enumerate(node.value):
            try:
                item = TERM.parse(item_node, ctx, f"[{i}]")
            except FieldError as exc:
                report(exc, item_node, f"[{i}]")
                continue
            if "id" not in item or "name" not in item:
                continue
            if item["id"] in terms:
                report(FieldError("L206", f"id {quote(item['id'])} lặp lại trong danh mục"), item_node, f"[{i}].id")
                continue
            place = None
            if isinstance(item.get("place"), dict) and "level" in item["place"]:
                found = check_place(item["place"], f"[{i}].place")
                for exc, field in found:
                    report(exc, _child(item_node, "place", field.rsplit(".", 1)[-1]), field)
                place = None if found else to_place(item["place"])
            extra = {k: v for k, v in item.items() if k in ("parent", "short_name")}
            terms[item["id"]] = Term(taxonomy, item["id"], item["name"], item.get("description"), extra, place)
    return result, problems


def _child(node: yaml.Node, *keys: str) -> yaml.Node:
    """The node at `keys` inside nested mappings, or the deepest one found (for an error's position)."""
    for key in keys:
        if not isinstance(node, yaml.MappingNode):
            break
        found = next((v for k, v in node.value if getattr(k, "value", None) == key), None)
        if found is None:
            break
        node = found
    return node


SEARCH_FILE = "tim-kiem.yml"


@dataclass
class SearchWord(Text):
    """One word as a reader types it (an abbreviation): no space, no punctuation."""

    example_value: str = "ubnd"

    def parse(self, node: yaml.Node, ctx: Context, path: str) -> str:
        value = super().parse(node, ctx, path)
        if not re.fullmatch(r"\w+", value):
            raise FieldError("L203", f"chữ viết tắt phải là một từ liền (chữ, số), nhận được {quote(value)}",
                             f"viết liền không dấu cách, ví dụ: {self.example_value}")
        return value.lower()


ABBREVIATION = Struct(fields={
    "short": Field(SearchWord(max_len=12), required=True, doc="chữ viết tắt người dân gõ (dt, tp, ubnd)"),
    "full": Field(Text(max_len=60), required=True, doc="cụm từ đầy đủ (điện thoại, thành phố)"),
}, example_value="{short: tp, full: thành phố}")
SEARCH_WORDS = Struct(fields={
    "synonyms": Field(ListOf(ListOf(Text(max_len=60), min_items=2, max_items=20), max_items=500),
                      doc="nhóm từ đồng nghĩa, biến thể chính tả (vắc xin, vaccine, vacxin)"),
    "question_words": Field(ListOf(Text(max_len=30), max_items=200),
                       doc="từ để hỏi ở cuối câu tìm kiếm được bỏ qua (ở đâu, là gì, thế nào …)"),
    "abbreviations": Field(ListOf(ABBREVIATION, max_items=300),
                           doc="chữ viết tắt ô tìm kiếm tự viết đầy đủ (ubnd -> ủy ban nhân dân)"),
})


def load_search_words(content: Path) -> tuple[SearchWords, list[Diagnostic]]:
    """Read content/danh-muc/tim-kiem.yml; the file is optional (no synonyms, no stop words)."""
    file = content / TAXONOMY_FOLDER / SEARCH_FILE
    if not file.is_file():
        return SearchWords(), []
    path = display_path(file)
    text, problems = read_text(file, path)
    if text is None:
        return SearchWords(), problems
    node, errs = compose_yaml(text, path, line_offset=1)
    problems += errs
    if node is None:
        return SearchWords(), problems

    def report(exc: FieldError, bad: yaml.Node, field: str) -> None:
        loc = Location(path, bad.start_mark.line + 1, bad.start_mark.column + 1)
        problems.append(make(exc.code, loc, exc.message, field=field or None, hint=exc.hint))

    try:
        values = SEARCH_WORDS.parse(node, Context(taxonomies={}, report=report), "")
    except FieldError as exc:
        report(exc, node, "")
        return SearchWords(), problems
    abbreviations: dict[str, str] = {}
    items = node.value if isinstance(node, yaml.MappingNode) else []
    nodes = next((v.value for k, v in items if k.value == "abbreviations" and isinstance(v, yaml.SequenceNode)), [])
    # The list kept every mapping (a bad field inside one is reported, the item stays) and only those.
    kept = [(i, n) for i, n in enumerate(nodes) if isinstance(n, yaml.MappingNode)]
    for (i, item_node), item in zip(kept, values["abbreviations"], strict=True):
        if not item.get("short") or not item.get("full"):
            continue
        if item["short"] in abbreviations:
            report(FieldError("L206", f"chữ viết tắt {quote(item['short'])} đã có ở trên",
                              "xóa dòng lặp lại hoặc gộp nghĩa vào một dòng"),
                   next((v for k, v in item_node.value if k.value == "short"), item_node), f"abbreviations[{i}].short")
            continue
        abbreviations[item["short"]] = item["full"]
    return SearchWords.build(values["synonyms"], values["question_words"], sorted(abbreviations.items())), problems


ARCHIVE_FILE = "luu-tru.yml"
DEFAULT_ARCHIVE_MONTHS = 24
ARCHIVE_SETTINGS = Struct(fields={
    "archive_after_months": Field(Integer(minimum=1, maximum=240), required=True,
                                  doc="hướng dẫn có văn bản nguồn mới nhất cũ hơn số tháng này là tư liệu"),
}, example_value="{archive_after_months: 24}")


def load_archive_months(content: Path) -> tuple[int, list[Diagnostic]]:
    """Read content/danh-muc/luu-tru.yml: after how many months guidance becomes "tư liệu" (default 24)."""
    file = content / TAXONOMY_FOLDER / ARCHIVE_FILE
    if not file.is_file():
        return DEFAULT_ARCHIVE_MONTHS, []
    values, _, problems = _read_settings(file, display_path(file), ARCHIVE_SETTINGS)
    if values is None:
        return DEFAULT_ARCHIVE_MONTHS, problems
    return int(values.get("archive_after_months") or DEFAULT_ARCHIVE_MONTHS), problems


def _read_settings(file: Path, path: str,
                   struct: Struct) -> tuple[dict[str, Any] | None, yaml.Node | None, list[Diagnostic]]:
    """A settings file (one YAML mapping) checked against `struct`: its values (None when it cannot be
    read at all), its YAML node (for positions) and what is wrong with it."""
    text, problems = read_text(file, path)
    if text is None:
        return None, None, problems
    node, errs = compose_yaml(text, path, line_offset=1)
    problems += errs
    if node is None:
        return None, None, problems

    def report(exc: FieldError, bad: yaml.Node, field: str) -> None:
        loc = Location(path, bad.start_mark.line + 1, bad.start_mark.column + 1)
        problems.append(make(exc.code, loc, exc.message, field=field or None, hint=exc.hint))

    try:
        return struct.parse(node, Context(taxonomies={}, report=report), ""), node, problems
    except FieldError as exc:
        report(exc, node, "")
        return None, node, problems


OWNER_FILE = "chu-quan.yml"
OWNER = Struct(fields={
    "name": Field(Text(max_len=200), required=True, doc="tên cơ quan chủ quản của cổng"),
    "address": Field(Text(max_len=300), doc="địa chỉ liên hệ"),
    "phone": Field(Text(max_len=60), doc="điện thoại liên hệ"),
    "email": Field(Text(max_len=120), doc="thư điện tử liên hệ"),
})
UNFILLED = "[CẦN ĐIỀN]"


def load_owner(content: Path) -> tuple[Owner | None, list[Diagnostic]]:
    """Read content/danh-muc/chu-quan.yml: the portal's owner body and contact, shown in every footer.

    A portal must name who runs it (Nghị định 42/2022/NĐ-CP); the source documents do not say who runs
    this one, so the file ships with `[CẦN ĐIỀN]` values: left out of the footer and reported (L229, a
    warning, an error under --strict) until an editor fills them in. A missing file is reported too.
    """
    file = content / TAXONOMY_FOLDER / OWNER_FILE
    path = display_path(file)
    if not file.is_file():
        return None, [make("L229", Location(path), f"thiếu tệp {quote(OWNER_FILE)}: chân trang không ghi cơ quan chủ quản",
                           hint=f"tạo {path} với name: (tên cơ quan) và address:, phone: hoặc email:")]
    values, node, problems = _read_settings(file, path, OWNER)
    if values is None or node is None or not values.get("name"):  # reported by the field check (L202)
        return None, problems
    contacts = [k for k in ("address", "phone", "email") if values.get(k)]
    if not contacts:
        problems.append(make("L229", Location(path), "chưa có cách liên hệ nào (address, phone, email)", field="phone"))
    unfilled = [key for key in ("name", *contacts) if UNFILLED in values[key]]
    if unfilled:  # one warning for the file, at the first unfilled value
        mark = _value_mark(node, unfilled[0])
        problems.append(make("L229", Location(path, mark.line + 1, mark.column + 1),
                             f"chân trang đang hiện {quote(values[unfilled[0]])}; còn chưa điền: {', '.join(unfilled)}",
                             field=unfilled[0]))
    owner = Owner(values["name"], values.get("address"), values.get("phone"), values.get("email"), bool(unfilled))
    return owner, problems


def _value_mark(node: yaml.Node, key: str) -> yaml.Mark:
    for k, v in node.value:
        if k.value == key:
            return v.start_mark
    return node.start_mark


# Every file loa reads in content/danh-muc/; any other file there is reported, never skipped (L110).
SETTINGS_FILES = frozenset([*TAXONOMY_FILES.values(), SEARCH_FILE, ARCHIVE_FILE, OWNER_FILE])
