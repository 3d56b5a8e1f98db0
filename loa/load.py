"""content/ tree -> RawEntry list: split front matter, parse YAML keeping node positions."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import yaml

try:
    from yaml import CSafeLoader as CLoader
except ImportError:  # PyYAML built without libyaml: every file takes the pure-Python path
    CLoader = None  # type: ignore[assignment,misc]

from loa.errors import Diagnostic, Location, make, quote

MAX_FILE_BYTES = 1024 * 1024
MAX_FRONT_MATTER_BYTES = 16 * 1024
MAX_YAML_DEPTH = 12
C_NESTING_LIMIT = 200  # deeper-looking text is composed in Python, which checks depth as it goes
TAXONOMY_FOLDER = "danh-muc"
FENCE = "---"


@dataclass(frozen=True, slots=True)
class RawEntry:
    """One content file, read and split, its YAML composed but not yet validated."""

    path: str  # as shown to editors: relative to the working directory when inside it
    folder: str  # first folder under content/: "van-ban"
    stem: str  # file name without extension
    node: yaml.Node | None  # the front matter's root node (None: empty front matter)
    line_offset: int  # add to a YAML mark's 0-based line to get the file's 1-based line
    body: str = ""
    body_line: int = 1  # 1-based line of the body's first line
    has_front_matter: bool = True


@dataclass(slots=True)
class LoadResult:
    entries: list[RawEntry] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)


class _YamlRejected(Exception):
    """Raised inside the YAML composer for input we refuse (aliases, depth)."""

    def __init__(self, code: str, event: yaml.Event, message: str) -> None:
        super().__init__(message)
        mark = event.start_mark  # the pure-Python parser marks every event
        self.code, self.message = code, message
        self.line, self.column = (mark.line, mark.column) if mark is not None else (0, 0)


class _Loader(yaml.SafeLoader):
    """Pure-Python SafeLoader that refuses anchors, aliases and deep nesting while composing."""

    _depth = 0

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        event: yaml.Event = self.peek_event()  # type: ignore[no-untyped-call]  # unannotated in types-PyYAML
        if isinstance(event, yaml.AliasEvent):
            raise _YamlRejected("L106", event, f"dùng alias *{event.anchor}")
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            raise _YamlRejected("L106", event, f"dùng anchor &{anchor}")
        self._depth += 1
        if self._depth > MAX_YAML_DEPTH:
            raise _YamlRejected(
                "L111", event, f"dữ liệu lồng quá {MAX_YAML_DEPTH} cấp"
            )
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def _nesting_bound(text: str) -> int:
    """A generous upper bound on how deep YAML in `text` can nest (block, compact and flow)."""
    deepest = 0
    for line in text.split("\n"):
        indicators = line.count("- ") + line.count(": ") + line.count("? ")
        deepest = max(deepest, len(line) - len(line.lstrip(" ")) + indicators)
    return 2 * deepest + text.count("[") + text.count("{") + 2


def _depth(node: yaml.Node, level: int = 1) -> int:
    if isinstance(node, yaml.MappingNode):
        return max((_depth(v, level + 1) for _k, v in node.value), default=level)
    if isinstance(node, yaml.SequenceNode):
        return max((_depth(v, level + 1) for v in node.value), default=level)
    return level


def _compose_fast(text: str) -> yaml.Node | None:
    """libyaml's parser and composer (C), for text that has no anchor or alias and nests shallowly.

    Returns None when the text needs the guarded pure-Python composer: it might hold anchors,
    aliases or deep nesting (the C composer recurses on the C stack), or it does not parse.
    """
    if CLoader is None or "&" in text or "*" in text or _nesting_bound(text) > C_NESTING_LIMIT:
        return None
    loader = CLoader(text)
    try:
        node = loader.get_single_node()
    except yaml.YAMLError:
        return None
    finally:
        loader.dispose()
    if node is not None and _depth(node) > MAX_YAML_DEPTH:
        return None
    return node


def display_path(path: Path) -> str:
    """Return `path` relative to the working directory when it lies inside it."""
    if os.sep == "/":  # the common case without os.path.relpath's splitting (same result)
        full, cwd = os.path.abspath(path), os.getcwd()
        if cwd != "/" and full.startswith(cwd + "/"):
            return full[len(cwd) + 1:]
    try:
        rel = os.path.relpath(path)
    except ValueError:
        return str(path)
    return str(path) if rel.startswith("..") else rel


def compose_yaml(
    text: str, path: str, line_offset: int
) -> tuple[yaml.Node | None, list[Diagnostic]]:
    """Compose YAML into nodes with positions; report syntax errors, aliases and duplicate keys.

    libyaml (C) composes plain files; a file it refuses, or that might hold what we refuse, is
    composed again by the guarded pure-Python composer, whose messages and positions the error
    catalogue is written for.
    """
    node = _compose_fast(text)
    if node is not None:
        return node, list(iter_duplicate_keys(node, path, line_offset))
    loader: _Loader | None = None
    try:
        loader = _Loader(text)
        node = loader.get_single_node()
    except _YamlRejected as exc:
        loc = Location(path, exc.line + line_offset, exc.column + 1)
        return None, [make(exc.code, loc, f"YAML không cho phép: {exc.message}")]
    except yaml.MarkedYAMLError as exc:
        # "found unexpected end of stream" is reported where the text ends; the scalar that was
        # never closed started at the context mark, which is where the editor must look.
        ended = "end of stream" in (exc.problem or "") and exc.context_mark is not None
        mark = exc.context_mark if ended else (exc.problem_mark or exc.context_mark)
        line = (mark.line if mark else 0) + line_offset
        col = (mark.column + 1) if mark else 1
        return None, [_yaml_syntax(Location(path, line, col), exc, text)]
    except yaml.YAMLError as exc:  # reader errors (control characters) carry a position too
        pos = getattr(exc, "position", 0) or 0
        line = text.count("\n", 0, pos) + line_offset
        col = pos - (text.rfind("\n", 0, pos) + 1) + 1
        char = getattr(exc, "character", None)
        what = f"ký tự điều khiển U+{char:04X}" if isinstance(char, int) else "ký tự không hợp lệ"
        return None, [make("L104", Location(path, line, col), f"YAML không đọc được: có {what}",
                           hint="xóa ký tự này (thường do sao chép từ PDF hoặc Word)")]
    finally:
        if loader is not None:
            loader.dispose()
    return node, list(iter_duplicate_keys(node, path, line_offset))


def _yaml_syntax(loc: Location, exc: yaml.MarkedYAMLError, text: str) -> Diagnostic:
    problem = (exc.problem or "").strip()
    context = (exc.context or "").strip()
    if "single document" in context or "another document" in problem:
        return make("L115", loc, "siêu dữ liệu có hơn một khối YAML (một dòng `---` thứ hai mở khối mới)")
    lines = text.split("\n")
    row = exc.problem_mark.line if exc.problem_mark else 0
    bad_line = lines[row] if row < len(lines) else ""
    hint = None
    if "quoted scalar" in context:
        hint = "đóng ngoặc kép ở cuối giá trị trên cùng một dòng, ví dụ title: \"Vùng xanh\""
    elif "\t" in problem or "'\\t'" in problem or "\t" in bad_line:
        hint = "YAML không nhận ký tự Tab: thụt lề bằng dấu cách"
    elif "mapping values are not allowed" in problem:
        hint = 'giá trị có dấu ":" phải đặt trong ngoặc kép, ví dụ title: "Số 1: Kế hoạch"'
    elif "could not find expected ':'" in problem:
        hint = "mỗi dòng cần có dạng `ten_truong: giá trị`; kiểm tra dấu `:` và thụt lề"
    elif "alias" in context or "anchor" in context or "found undefined alias" in problem or "found character" in problem:
        hint = "đặt giá trị trong ngoặc kép nếu nó bắt đầu bằng ký tự đặc biệt (* & ! % @ `)"
    detail = problem + (f" ({context})" if context else "")
    return make("L104", loc, f"YAML không hợp lệ: {detail}", hint=hint)


def iter_duplicate_keys(node: yaml.Node | None, path: str, line_offset: int, prefix: str = "") -> Iterator[Diagnostic]:
    """Yield a diagnostic for each key that repeats within one mapping, at any depth."""
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for key, value in node.value:
            field = f"{prefix}.{key.value}" if prefix else str(key.value)
            if isinstance(key, yaml.ScalarNode):
                first = seen.setdefault(key.value, key.start_mark.line + line_offset)
                if first != key.start_mark.line + line_offset:
                    loc = Location(path, key.start_mark.line + line_offset, key.start_mark.column + 1)
                    yield make("L105", loc, f"trường {quote(key.value)} đã khai báo ở dòng {first}", field=field)
            yield from iter_duplicate_keys(value, path, line_offset, field)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            yield from iter_duplicate_keys(item, path, line_offset, f"{prefix}[{i}]")


def read_text(file: Path, path: str) -> tuple[str | None, list[Diagnostic]]:
    """Read a file as UTF-8 (a BOM is allowed), refusing oversized files before decoding."""
    try:
        size = file.stat().st_size
        if size > MAX_FILE_BYTES:
            msg = f"tệp dài {size:,} byte, quá giới hạn {MAX_FILE_BYTES:,} byte (1 MiB)"
            return None, [make("L108", Location(path), msg)]
        raw = file.read_bytes()
    except OSError as exc:
        return None, [make("L112", Location(path), f"không đọc được tệp: {exc.strerror or exc}")]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        line_start = raw.rfind(b"\n", 0, exc.start) + 1
        col = len(raw[line_start:exc.start].decode("utf-8", errors="replace")) + 1  # characters, as editors count
        bad = raw[exc.start : exc.start + 1].hex().upper()
        msg = (
            f"byte 0x{bad} ở vị trí byte {exc.start} không phải UTF-8"
            " (tệp có thể được lưu bằng Windows-1258, TCVN3 hoặc VNI)"
        )
        return None, [make("L101", Location(path, line, col), msg)]
    return text.replace("\r\n", "\n").replace("\r", "\n"), []


def split_front_matter(text: str) -> tuple[str, str, int] | None:
    """Split `---` front matter from the body.

    Returns:
        `(front_matter, body, body_line)` or None when there is no closing fence.
    """
    lines = text.split("\n")
    for i in range(1, len(lines)):
        if lines[i].rstrip() in (FENCE, "..."):
            return "\n".join(lines[1:i]), "\n".join(lines[i + 1 :]), i + 2
    return None


def load_file(file: Path, folder: str) -> LoadResult:
    """Read one content file into a RawEntry, or return the diagnostics that stop it."""
    path = display_path(file)
    result = LoadResult()
    text, problems = read_text(file, path)
    if text is None:
        result.diagnostics += problems
        return result
    if file.suffix in (".yml", ".yaml"):
        return _load_yaml_entry(text, path, folder, file.stem, result)
    first = text.split("\n", 1)[0]
    if first.rstrip() != FENCE:
        got = quote(first) if first.strip() else "dòng trống"
        msg = f"dòng đầu tiên phải là `---` (mở phần siêu dữ liệu YAML), nhận được {got}"
        result.diagnostics.append(make("L102", Location(path, 1, 1), msg))
        return result
    parts = split_front_matter(text)
    if parts is None:
        msg = "phần siêu dữ liệu mở bằng `---` ở dòng 1 nhưng không có dòng `---` đóng"
        result.diagnostics.append(make("L103", Location(path, 1, 1), msg))
        return result
    front, body, body_line = parts
    if len(front.encode()) > MAX_FRONT_MATTER_BYTES:
        msg = f"siêu dữ liệu dài {len(front.encode()):,} byte, quá giới hạn 16 KiB"
        result.diagnostics.append(make("L107", Location(path, 2, 1), msg))
        return result
    node, problems = compose_yaml(front, path, line_offset=2)
    result.diagnostics += problems
    second = _second_document(body)
    if second is not None:
        loc = Location(path, body_line + second, 1)
        result.diagnostics.append(make("L115", loc, "siêu dữ liệu có hơn một khối YAML: các trường sau dòng `---` "
                                       "thứ hai sẽ thành chữ trong trang, không được đọc"))
    if node is None and problems:
        return result
    result.entries.append(
        RawEntry(path, folder, file.stem, node, 2, body, body_line, has_front_matter=True)
    )
    return result


YAML_KEY_LINE = re.compile(r"^[a-z_][a-z0-9_]*\s*:(?:\s|$)")


def _second_document(body: str) -> int | None:
    """0-based body line of a second front-matter block (`key: value` lines closed by `---`), or None.

    An editor who splits the fields with a `---` ends the front matter there: the fields after
    it would be shown as text and never read.
    """
    lines = body.split("\n")
    start = next((i for i, line in enumerate(lines) if line.strip()), None)
    if start is None:
        return None
    first = start + 1 if lines[start].rstrip() == FENCE else start  # after `...`, a `---` opens the next
    if first >= len(lines) or not YAML_KEY_LINE.match(lines[first]):
        return None
    for line in lines[first + 1:]:
        if not line.strip():
            return None
        if line.rstrip() in (FENCE, "..."):
            return start
    return None


def _load_yaml_entry(text: str, path: str, folder: str, stem: str, result: LoadResult) -> LoadResult:
    node, problems = compose_yaml(text, path, line_offset=1)
    result.diagnostics += problems
    if node is not None or not problems:
        result.entries.append(RawEntry(path, folder, stem, node, 1, "", 1, has_front_matter=False))
    return result


def iter_content_files(root: Path) -> Iterator[Path]:
    """Yield every file under `root` in a stable order, skipping hidden files and editor backups."""
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if not name.startswith(".") and not name.endswith("~"):
                yield Path(dirpath) / name
