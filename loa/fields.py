"""Field types: check one YAML node, return a Python value or raise FieldError. No file knowledge."""

from __future__ import annotations

import calendar
import datetime as dt
import difflib
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import yaml

from loa.errors import quote
from loa.text.vi import (
    CONTROL_CHARS,
    INVISIBLE,
    MOJIBAKE,
    REPLACEMENT_CHAR,
    describe_hidden,
    find_utf8_mojibake,
    fold,
    iter_hidden,
    looks_clean,
    repair_mojibake,
)

STR_TAG = "tag:yaml.org,2002:str"
NULL_TAG = "tag:yaml.org,2002:null"
IMPLICIT_NAMES = {
    "tag:yaml.org,2002:bool": "giá trị đúng/sai (boolean)",
    "tag:yaml.org,2002:int": "số nguyên",
    "tag:yaml.org,2002:float": "số thực",
    "tag:yaml.org,2002:timestamp": "ngày giờ",
    NULL_TAG: "giá trị rỗng (null)",
}
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
DATE_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
LOOSE_DATE_RE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
# Times and sexagesimal numbers: YAML 1.1 reads `8:30` as 510; other tools read `08:00` as a time.
TIME_LIKE = re.compile(r"^[-+]?\d{1,3}(?::[0-5]?\d)+(?:\.\d*)?$")
DMY_RE = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")


class FieldError(Exception):
    """A problem with one value; validate.py adds the file, line and field path."""

    def __init__(self, code: str, message: str, hint: str | None = None, node: yaml.Node | None = None,
                 offset: int | None = None):
        super().__init__(message)
        self.code, self.message, self.hint, self.node = code, message, hint, node
        self.offset = offset  # where in the value the problem is, when that can be pointed at


@dataclass(slots=True)
class Context:
    """What field types may consult, and where nested problems are reported."""

    taxonomies: dict[str, dict[str, str]]  # taxonomy -> id -> name
    report: Callable[[FieldError, yaml.Node, str], None]


def is_null(node: yaml.Node) -> bool:
    return isinstance(node, yaml.ScalarNode) and node.tag == NULL_TAG


def describe(node: yaml.Node) -> str:
    """Name the YAML type of `node` in Vietnamese for 'received …' messages."""
    if isinstance(node, yaml.MappingNode):
        return "một nhóm trường (mapping)"
    if isinstance(node, yaml.SequenceNode):
        return "một danh sách"
    if node.tag == STR_TAG:
        return f"văn bản {quote(node.value)}"
    return f"{IMPLICIT_NAMES.get(node.tag, node.tag)} {quote(node.value)}"


# Where an HTML parser (the browser's, and nh3's html5ever) starts a tag, comment or declaration:
# "<" then a letter, "/", "!" or "?". Text fields may hold "1 < 2" but never that.
HTML_TAG = re.compile(r"<(?:/?[a-zA-Z]|[!?])")


def check_text_quality(value: str) -> None:
    """Raise on text an editor cannot see is broken (lost characters, mojibake, NFD) or HTML markup."""
    tag = HTML_TAG.search(value)
    if tag:
        raise FieldError("L213", f"trường văn bản không được chứa thẻ HTML: {quote(value[tag.start():tag.start() + 40])}",
                         "xóa thẻ; nếu cần dấu so sánh, để cách chữ (\"1 < 2\") hoặc viết \"nhỏ hơn\"; "
                         "định dạng (đậm, liên kết) chỉ dùng trong phần thân Markdown")
    if looks_clean(value):
        return
    hidden = iter_hidden(value)
    if hidden:
        at, char = hidden[0]
        code = "L225" if char in INVISIBLE else "L226"
        raise FieldError(code, f"có ký tự vô hình {describe_hidden(char)} ở vị trí {at + 1} trong {quote(value)}",
                         offset=at)
    control = next((m.group() for m in [CONTROL_CHARS.search(value)] if m), None)
    if control is not None:
        raise FieldError("L221", f"có ký tự điều khiển vô hình U+{ord(control):04X} trong {quote(value)}")
    if REPLACEMENT_CHAR in value:
        raise FieldError("L219", f"có ký tự thay thế U+FFFD (�) trong {quote(value)}: một chữ đã bị mất khi chuyển đổi")
    bad = sorted({c for c in value if c in MOJIBAKE})
    if bad:
        pairs = ", ".join(f"{c!r} → {MOJIBAKE[c]!r}" for c in bad)
        raise FieldError(
            "L212", f"có ký tự lỗi trích xuất PDF ({pairs}) trong {quote(value)}",
            f"sửa thành {quote(repair_mojibake(value))} hoặc chạy `loa check --fix-unicode`",
        )
    utf8 = find_utf8_mojibake(value)
    if utf8:
        at, seq, intended = utf8[0]
        fixed = repair_mojibake(value)
        raise FieldError(
            "L212", f"chữ hỏng mã (UTF-8 bị đọc thành Windows-1252): {quote(seq)} đúng ra là {quote(intended)}, "
                    f"trong {quote(value)}",
            f"sửa thành {quote(fixed)} hoặc chạy `loa check --fix-unicode`" if fixed != value else
            "chép lại từ bản gốc (một phần chữ đã mất, không tự sửa được)", offset=at)
    if not unicodedata.is_normalized("NFC", value):
        raise FieldError("L211", f"văn bản {quote(value)} chưa ở dạng Unicode NFC (dấu tách rời khỏi chữ)")


class FieldType:
    """Base class: `parse` checks a node and returns its Python value."""

    def parse(self, node: yaml.Node, ctx: Context, path: str) -> Any:
        raise NotImplementedError

    def json_schema(self) -> dict[str, Any]:
        raise NotImplementedError

    def example(self) -> str:
        return "..."


def scalar_text(node: yaml.Node, expected: str, example: str) -> str:
    """Return a scalar's text, refusing mappings, lists and YAML's implicit non-strings."""
    if not isinstance(node, yaml.ScalarNode):
        raise FieldError("L203", f"cần {expected}, nhận được {describe(node)}", f"viết dạng: {example}")
    if node.tag == STR_TAG and not node.style and TIME_LIKE.match(node.value):
        raise FieldError(
            "L209", f"{quote(node.value)} không có ngoặc kép: YAML có thể đọc thành giờ hoặc số (8:30 thành 510)",
            f'đặt trong ngoặc kép: "{node.value}"',
        )
    if node.tag != STR_TAG:
        kind = IMPLICIT_NAMES.get(node.tag, node.tag)
        if node.tag == NULL_TAG:
            raise FieldError("L218", f"cần {expected}, nhận được giá trị rỗng", f"điền giá trị, ví dụ: {example}")
        raise FieldError(
            "L209",
            f"YAML đọc {quote(node.value)} thành {kind}, không phải văn bản",
            f'đặt trong ngoặc kép: "{node.value}"',
        )
    return node.value


@dataclass
class Text(FieldType):
    max_len: int | None = None
    example_value: str = "Kế hoạch tuyên truyền"
    verbatim: bool = False  # a record of the source's own characters (mojibake allowed)

    def parse(self, node: yaml.Node, ctx: Context, path: str) -> str:
        value = scalar_text(node, "văn bản", self.example_value).strip()
        if not value:
            raise FieldError("L218", "giá trị để trống", f"điền nội dung, ví dụ: {self.example_value}")
        if not self.verbatim:
            check_text_quality(value)
        elif HTML_TAG.search(value):  # a verbatim record keeps its characters, never markup
            check_text_quality(value.replace("\ufffd", ""))
        if self.max_len is not None and len(value) > self.max_len:
            # Reported, yet kept: the text is still read by the checks that run on the whole item
            # (a channel text too long must not hide that it names no place, L310).
            ctx.report(FieldError("L216", f"dài {len(value)} ký tự, tối đa {self.max_len}", "rút gọn nội dung"),
                       node, path)
        return unicodedata.normalize("NFC", value)

    def json_schema(self) -> dict[str, Any]:
        schema: dict[str, Any] = {"type": "string", "minLength": 1}
        if self.max_len:
            schema["maxLength"] = self.max_len
        return schema

    def example(self) -> str:
        return self.example_value


@dataclass
class Slug(Text):
    example_value: str = "ke-hoach-43-kh-thu"
    max_len: int | None = 80

    def parse(self, node: yaml.Node, ctx: Context, path: str) -> str:
        value = scalar_text(node, "một id", self.example_value).strip()
        if not SLUG_RE.match(value) or len(value) > (self.max_len or 80):
            from loa.text.vi import slugify

            raise FieldError(
                "L207", f"id {quote(value)} phải là chữ thường không dấu, chữ số và dấu gạch ngang (≤ 80 ký tự)",
                f"dùng {quote(slugify(value)[:80] or self.example_value)}",
            )
        return value

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string", "pattern": SLUG_RE.pattern, "maxLength": self.max_len}


@dataclass
class Date(FieldType):
    def parse(self, node: yaml.Node, ctx: Context, path: str) -> dt.date:
        if not isinstance(node, yaml.ScalarNode) or node.tag == NULL_TAG:
            raise FieldError("L203", f"cần một ngày dạng YYYY-MM-DD, nhận được {describe(node)}",
                             f"viết một ngày trên cùng dòng, ví dụ {path.rsplit('.', 1)[-1] or 'reviewed'}: {self.example()}")
        text = str(node.value).strip()
        m = DATE_RE.match(text)
        if not m:
            d, loose = DMY_RE.match(text), LOOSE_DATE_RE.match(text)
            hint = None
            ymd = (int(d[3]), int(d[2]), int(d[1])) if d else (int(loose[1]), int(loose[2]), int(loose[3])) if loose else None
            if ymd is not None and _not_a_day(*ymd):  # never suggest a day that does not exist (31/02)
                hint = f"viết theo dạng YYYY-MM-DD một ngày có thật: {_not_a_day(*ymd)}"
            elif d:
                hint = f"viết theo dạng YYYY-MM-DD: {d[3]}-{int(d[2]):02d}-{int(d[1]):02d}"
            elif loose:
                hint = f"viết đủ hai chữ số cho tháng và ngày: {loose[1]}-{int(loose[2]):02d}-{int(loose[3]):02d}"
            raise FieldError("L204", f"cần một ngày dạng YYYY-MM-DD, nhận được {quote(text)}", hint)
        year, month, day = (int(g) for g in m.groups())
        if not 1 <= month <= 12:
            raise FieldError("L204", f"cần một ngày hợp lệ, nhận được {quote(text)} (không có tháng {month})")
        last = calendar.monthrange(year, month)[1]
        if not 1 <= day <= last:
            raise FieldError(
                "L204", f"cần một ngày hợp lệ, nhận được {quote(text)} (tháng {month}/{year} chỉ có {last} ngày)",
                f"sửa ngày trong khoảng 1–{last}, ví dụ {year}-{month:02d}-{last:02d}",
            )
        return dt.date(year, month, day)

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}

    def example(self) -> str:
        return "2021-09-06"


def _not_a_day(year: int, month: int, day: int) -> str | None:
    """Why year-month-day is no day (in Vietnamese, with a real day to write instead), or None if it is one."""
    if not 1 <= month <= 12:
        return f"không có tháng {month}"
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        return f"tháng {month}/{year} chỉ có {last} ngày, ví dụ {year}-{month:02d}-{last:02d}"
    return None


def suggest(value: str, choices: Sequence[str]) -> str | None:
    """Return the closest choice to `value`, comparing without diacritics too."""
    if not choices:
        return None
    folded = {fold(c): c for c in choices}
    if fold(value) in folded:
        return folded[fold(value)]
    prefixed = [c for c in choices if fold(c).startswith(fold(value))] if len(value) >= 3 else []
    if len(prefixed) == 1:
        return prefixed[0]
    match = difflib.get_close_matches(value, list(choices), n=1, cutoff=0.6) or difflib.get_close_matches(
        fold(value), list(folded), n=1, cutoff=0.6
    )
    if not match:
        return None
    return folded.get(match[0], match[0])


@dataclass
class Choice(FieldType):
    values: Sequence[str] = ()
    taxonomy: str | None = None  # a content taxonomy instead of fixed values
    label: str = "giá trị"

    def allowed(self, ctx: Context) -> list[str]:
        return list(ctx.taxonomies.get(self.taxonomy, {})) if self.taxonomy else list(self.values)

    def parse(self, node: yaml.Node, ctx: Context, path: str) -> str:
        allowed = self.allowed(ctx)
        value = scalar_text(node, f"một {self.label}", allowed[0] if allowed else "...").strip()
        if self.taxonomy and self.taxonomy not in ctx.taxonomies:
            return value  # its file could not be read: that error is reported there, once
        if value in allowed or value.startswith(("[CẦN ĐIỀN]", "[CAN DIEN]")):
            return value  # a placeholder from `loa new`: reported by the kind (warning in drafts)
        near = suggest(value, allowed)
        listed = ", ".join(allowed[:12]) + (", …" if len(allowed) > 12 else "")
        where = f" (danh sách: content/danh-muc/{TAXONOMY_FILES[self.taxonomy]})" if self.taxonomy else ""
        hint = f"có phải ý bạn là {quote(near)}? Các giá trị hợp lệ: {listed}{where}" if near else f"chọn một trong: {listed}{where}"
        if self.taxonomy and not near:  # a new body, audience or topic is added to its list first
            hint += f"; nếu là mục mới, thêm `- id: {value}` (kèm name) vào content/danh-muc/{TAXONOMY_FILES[self.taxonomy]}"
        raise FieldError("L205", f"{self.label} {quote(value)} không có trong danh sách", hint)

    def json_schema(self) -> dict[str, Any]:
        if self.taxonomy:
            return {"type": "string", "description": f"id trong content/danh-muc/{TAXONOMY_FILES[self.taxonomy]}"}
        return {"type": "string", "enum": list(self.values)}

    def example(self) -> str:
        return self.values[0] if self.values else "..."


TAXONOMY_FILES = {
    "audiences": "doi-tuong.yml",
    "topics": "chu-de.yml",
    "organizations": "co-quan.yml",
    "channels": "kenh.yml",
}


@dataclass
class Integer(FieldType):
    minimum: int = 0
    maximum: int = 1_000_000

    def parse(self, node: yaml.Node, ctx: Context, path: str) -> int:
        if not (isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:int"):
            raise FieldError("L203", f"cần một số nguyên, nhận được {describe(node)}", f"viết số không có ngoặc kép, ví dụ {self.minimum + 1}")
        value = int(node.value.replace("_", ""), 0) if node.value.isascii() else -1
        if not self.minimum <= value <= self.maximum:
            raise FieldError("L203", f"cần số từ {self.minimum} đến {self.maximum}, nhận được {node.value}")
        return value

    def json_schema(self) -> dict[str, Any]:
        return {"type": "integer", "minimum": self.minimum, "maximum": self.maximum}

    def example(self) -> str:
        return str(self.minimum + 1)


@dataclass
class Boolean(FieldType):
    def parse(self, node: yaml.Node, ctx: Context, path: str) -> bool:
        if isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:bool":
            return node.value.lower() in ("true", "yes", "on", "y")
        raise FieldError("L203", f"cần true hoặc false, nhận được {describe(node)}")

    def json_schema(self) -> dict[str, Any]:
        return {"type": "boolean"}


@dataclass
class Optional(FieldType):
    """A value that may be `null`: the source does not give it."""

    inner: FieldType = field(default_factory=Text)

    def parse(self, node: yaml.Node, ctx: Context, path: str) -> Any:
        if is_null(node):
            return None
        return self.inner.parse(node, ctx, path)

    def json_schema(self) -> dict[str, Any]:
        return {"anyOf": [self.inner.json_schema(), {"type": "null"}]}

    def example(self) -> str:
        return self.inner.example()


@dataclass
class ListOf(FieldType):
    item: FieldType = field(default_factory=Text)
    max_items: int = 200
    min_items: int = 0

    def parse(self, node: yaml.Node, ctx: Context, path: str) -> list[Any]:
        if is_null(node):
            return []
        if not isinstance(node, yaml.SequenceNode):
            raise FieldError(
                "L203", f"cần một danh sách, nhận được {describe(node)}",
                f"viết mỗi phần tử trên một dòng bắt đầu bằng `- `, ví dụ:\n      - {self.item.example()}",
            )
        if len(node.value) > self.max_items:
            raise FieldError("L220", f"danh sách có {len(node.value)} phần tử, tối đa {self.max_items}")
        if len(node.value) < self.min_items:
            raise FieldError("L218", f"danh sách cần ít nhất {self.min_items} phần tử, nhận được {len(node.value)}")
        values = []
        for i, child in enumerate(node.value):
            try:
                values.append(self.item.parse(child, ctx, f"{path}[{i}]"))
            except FieldError as exc:
                ctx.report(exc, exc.node or child, f"{path}[{i}]")
        return values

    def json_schema(self) -> dict[str, Any]:
        schema: dict[str, Any] = {"type": "array", "items": self.item.json_schema(), "maxItems": self.max_items}
        if self.min_items:
            schema["minItems"] = self.min_items
        return schema


@dataclass
class Field:
    """A named slot of a kind: its type, whether it is required, and what it means."""

    type: FieldType
    required: bool = False
    doc: str = ""
    deprecated_for: str | None = None


@dataclass
class Struct(FieldType):
    """A mapping with its own fields (used for nested values and for whole items)."""

    fields: dict[str, Field] = field(default_factory=dict)
    one_of: tuple[str, ...] = ()  # exactly one of these keys must be present
    example_value: str = ""

    def parse(self, node: yaml.Node, ctx: Context, path: str) -> dict[str, Any]:
        if not isinstance(node, yaml.MappingNode):
            raise FieldError("L203", f"cần một nhóm trường, nhận được {describe(node)}",
                             f"viết dạng: {self.example_value}" if self.example_value else None)
        values: dict[str, Any] = {}
        prefix = f"{path}." if path else ""
        for key_node, value_node in node.value:
            key = str(key_node.value)
            spec = self.fields.get(key)
            if spec is None:
                near = suggest(key, list(self.fields))
                hint = f"có phải ý bạn là {quote(near)}?" if near else "các trường hợp lệ: " + ", ".join(self.fields)
                ctx.report(FieldError("L201", f"trường {quote(key)} không có trong loại nội dung này", hint),
                           key_node, prefix + key)
                continue
            if spec.deprecated_for:
                ctx.report(FieldError("L217", f"trường {quote(key)} đã thay bằng {quote(spec.deprecated_for)}",
                                      f"đổi tên trường thành {spec.deprecated_for}"), key_node, prefix + key)
            try:
                values[key] = spec.type.parse(value_node, ctx, prefix + key)
            except FieldError as exc:
                ctx.report(exc, exc.node or value_node, prefix + key)
        for key, spec in self.fields.items():
            if spec.required and key not in values and not any(k.value == key for k, _ in node.value):
                ctx.report(FieldError("L202", f"thiếu trường bắt buộc {quote(key)}",
                                      f"thêm dòng `{key}: {spec.type.example()}`"), node, prefix + key)
        present = [k for k in self.one_of if any(kn.value == k for kn, _ in node.value)]
        if self.one_of and len(present) != 1:
            names = " hoặc ".join(self.one_of)
            got = "cả " + " và ".join(present) if present else "không có trường nào"
            ctx.report(FieldError("L202", f"cần đúng một trong các trường {names}, nhận được {got}"), node, path or "")
        for key, spec in self.fields.items():  # absent optional fields read as unknown, never as missing
            values.setdefault(key, [] if isinstance(spec.type, ListOf) else None)
        return values

    def json_schema(self) -> dict[str, Any]:
        schema: dict[str, Any] = {
            "type": "object",
            "properties": {k: {**f.type.json_schema(), **({"description": f.doc} if f.doc else {})}
                           for k, f in self.fields.items()},
            "additionalProperties": False,
        }
        required = [k for k, f in self.fields.items() if f.required]
        if required:
            schema["required"] = required
        if self.one_of:
            schema["oneOf"] = [{"required": [k]} for k in self.one_of]
        return schema

    def example(self) -> str:
        return self.example_value or "{...}"
