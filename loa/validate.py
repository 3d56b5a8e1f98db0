"""RawEntry -> Entry or diagnostics, through the kind registry; body checks included."""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass, field, replace
from functools import partial

import yaml

from loa.errors import Diagnostic, Location, make, quote
from loa.fields import SLUG_RE, Context, FieldError, describe
from loa.kinds import BY_FOLDER
from loa.kinds.base import PLACEHOLDERS, STATUSES, Kind
from loa.load import RawEntry
from loa.model import Entry
from loa.text.markdown import iter_prose_lines
from loa.text.vi import (
    CONTROL_CHARS,
    INVISIBLE,
    MOJIBAKE,
    MOJIBAKE_CHARS,
    REPLACEMENT_CHAR,
    describe_hidden,
    find_utf8_mojibake,
    iter_hidden,
    looks_clean,
    repair_mojibake,
)

# Raw HTML and links that must never reach a page. The renderer sanitises too; this
# tells the editor, at the right line, before anything is built.
UNSAFE_TAG = re.compile(r"<\s*/?\s*(script|iframe|object|embed|form|style|meta|base|link|frame|frameset|svg|math)\b", re.I)
# An event handler inside a tag, or inside an attr_list group of `#id`, `.class` and `key=value` tokens.
EVENT_ATTR = re.compile(r"<[^<>]{0,2000}?\son[a-z]+\s*=|\{:?\s*(?:(?:[#.][\w-]+|[\w-]+=(?:\"[^\"]*\"|'[^']*'|\S+))\s+)*on[a-z]+\s*=",
                        re.I)
UNSAFE_SCHEME = re.compile(r"(?:\]\(\s*<?|\b(?:href|src|action|formaction|background|poster)\s*=\s*[\"']?"
                           r"|^\s{0,3}\[[^\]\n]{1,200}\]:\s*<?|url\(\s*[\"']?)\s*((?:java|vb)script\s*:|data:)", re.I | re.M)
# Script schemes are never text an editor means: flag them anywhere outside code, whatever wraps them.
SCRIPT_SCHEME = re.compile(r"((?:java|vb)script\s*:)", re.I)
# Every pattern above needs one of these in the text; blanking code spans cannot create them.
UNSAFE_HINT = re.compile(r"[<{]|script|data:", re.I)
_CASE_BLIND_ONLY = ("\u017f", "\u0131", "\u0130", "\u212a")  # ſ ı İ K: re.I matches them with s, i, k


def _may_be_unsafe(body: str) -> bool:
    """`UNSAFE_HINT.search(body)`, by substring searches where lower-casing gives what re.I would
    (a body of plain prose, nearly all of them: the alternation was tried at every position)."""
    if any(c in body for c in _CASE_BLIND_ONLY):
        return UNSAFE_HINT.search(body) is not None
    low = body.lower()
    return "<" in body or "{" in body or "script" in low or "data:" in low


@dataclass(slots=True)
class Validated:
    entries: list[Entry] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    # An item with field errors is never rendered, but its references and links are still checked,
    # so one run reports every problem of the file.
    broken: list[Entry] = field(default_factory=list)


def _location(raw: RawEntry, node: yaml.Node) -> Location:
    return Location(raw.path, node.start_mark.line + raw.line_offset, node.start_mark.column + 1)


def _collect_marks(node: yaml.Node | None, raw: RawEntry, prefix: str, out: dict[str, Location]) -> None:
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            path = f"{prefix}.{key.value}" if prefix else str(key.value)
            out[path] = _location(raw, value)
            _collect_marks(value, raw, path, out)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            path = f"{prefix}[{i}]"
            out[path] = _location(raw, item)
            _collect_marks(item, raw, path, out)


def validate_entry(raw: RawEntry, taxonomies: dict[str, dict[str, str]], allowed_hosts: frozenset[str] = frozenset()) -> Validated:
    """Check one RawEntry against its kind; return the Entry (if no error) and every problem.

    Args:
        allowed_hosts: hosts images may come from besides this site (mkdocs.yml, plugin `loa`).
    """
    out = Validated()
    kind = BY_FOLDER.get(raw.folder)
    if kind is None:
        out.diagnostics.append(make("L110", Location(raw.path), f"thư mục {quote(raw.folder)} không chứa loại nội dung nào",
                                    hint="các thư mục hợp lệ: " + ", ".join(sorted(BY_FOLDER))))
        return out

    def report(exc: FieldError, node: yaml.Node, path: str) -> None:
        # A field missing from the whole front matter is nowhere in it: point at its opening line.
        loc = Location(raw.path, 1, 1) if exc.code == "L202" and node is raw.node else _location(raw, node)
        if exc.offset is not None and isinstance(node, yaml.ScalarNode) and node.start_mark.line == node.end_mark.line:
            loc = Location(loc.path, loc.line, loc.col + exc.offset + (1 if node.style in ('"', "'") else 0))
        out.diagnostics.append(make(exc.code, loc, exc.message, field=path or None, hint=exc.hint))

    ctx = Context(taxonomies=taxonomies, report=report)
    node = raw.node
    if node is None:
        loc = Location(raw.path, 1, 1)
        out.diagnostics.append(make("L202", loc, "phần siêu dữ liệu trống: thiếu mọi trường bắt buộc",
                                    hint="thêm các trường: " + ", ".join(
                                        [k for k, f in kind.fields.items() if f.required]
                                        + (["sources"] if kind.sources_required else []))))
        return out
    if not isinstance(node, yaml.MappingNode):
        out.diagnostics.append(make("L109", _location(raw, node), f"siêu dữ liệu phải là các cặp `trường: giá trị`, nhận được {describe(node)}"))
        return out
    values = kind.struct().parse(node, ctx, "")
    other = _fitting_kind(kind, node) if any(d.code == "L202" for d in out.diagnostics) else None
    if other is not None:  # a whole item saved in the wrong folder: say so, not only which fields it lacks
        out.diagnostics = [replace(d, hint=f"tệp này có đủ trường của một {other.label}: chuyển nó vào "
                                           f"content/{other.folder}/ (đây là thư mục {kind.folder}/)")
                           if d.code == "L202" else d for d in out.diagnostics]
    for exc, path in kind.check(values, ctx):
        report(exc, _node_for(node, path) or node, path)
    ident = values.get("id")
    if isinstance(ident, str) and ident != raw.stem:
        # Offer the file's name as an id only when it could be one (never "sửa id thành B Có Dấu").
        either = f" hoặc sửa id thành {raw.stem}" if SLUG_RE.match(raw.stem) else " (tên tệp chỉ dùng chữ thường không dấu, số, -)"
        report(FieldError("L208", f"id {quote(ident)} khác tên tệp {quote(raw.stem + kind.extension)}",
                          f"đổi tên tệp thành {ident}{kind.extension}{either}"),
               _node_for(node, "id") or node, "id")
    out.diagnostics += check_body(raw, allowed_hosts)
    out.diagnostics += _check_placeholders(raw, draft=values.get("status") == "draft")
    marks: dict[str, Location] = {}
    _collect_marks(node, raw, "", marks)
    body = unicodedata.normalize("NFC", raw.body)
    if not any(d.severity.value == "error" for d in out.diagnostics):
        out.entries.append(Entry(kind=kind.name, id=values["id"], path=raw.path, data=values,
                                 body=body, body_line=raw.body_line, marks=marks, record=kind.record))
    elif not any(d.code == "L224" for d in out.diagnostics):  # bounded bodies only
        # Its declared status, when valid, so that the checks still run on it report as they will once
        # the error is fixed (an approved message's channel texts are errors, a draft's warnings).
        status = values.get("status") if values.get("status") in STATUSES else "draft"
        out.broken.append(Entry(kind=kind.name, id=ident if isinstance(ident, str) else raw.stem, path=raw.path,
                                data={**values, "status": status}, body=body, body_line=raw.body_line, marks=marks,
                                record=kind.record))
    return out


def _fitting_kind(kind: type[Kind], node: yaml.MappingNode) -> type[Kind] | None:
    """Another kind whose fields the front matter has exactly (every required one, nothing unknown), if any."""
    keys = {k.value for k, _ in node.value if isinstance(k, yaml.ScalarNode)}
    for other in BY_FOLDER.values():
        required = {name for name, f in other.fields.items() if f.required}
        if other is not kind and required <= keys <= set(other.fields):
            return other
    return None


def _node_for(root: yaml.Node, path: str) -> yaml.Node | None:
    """The node at a field path like `key_messages[0].text`, or None."""
    node: yaml.Node | None = root
    for part in re.findall(r"[^.\[\]]+|\[\d+\]", path):
        if part.startswith("[") and isinstance(node, yaml.SequenceNode):
            index = int(part[1:-1])
            node = node.value[index] if index < len(node.value) else None
        elif isinstance(node, yaml.MappingNode):
            node = next((v for k, v in node.value if k.value == part), None)
        else:
            return None
    return node


# Bounds that keep Markdown (and our own scans) linear: Python-Markdown is quadratic in unclosed
# brackets and recursive in nesting, so such input is refused before anything renders it.
MAX_LINE = 10_000
MAX_MARKS = 300  # `[` or `<` on one line
MAX_NESTING = 12  # list levels (4 spaces each) or `>` quote levels


# A line indented more than MAX_NESTING * 4 (spaces or tabs), or quoted more than MAX_NESTING levels deep.
DEEP_LINE = re.compile(rf"^(?:[ \t]{{{MAX_NESTING * 4 + 1}}}|(?:[^\S\n]*>){{{MAX_NESTING + 1}}})", re.M)


def check_bounds(raw: RawEntry) -> list[Diagnostic]:
    """Refuse lines that would make rendering slow or recursive, before anything renders them."""
    lines = raw.body.split("\n")
    if (max(map(len, lines)) <= MAX_LINE and raw.body.count("[") <= MAX_MARKS and raw.body.count("<") <= MAX_MARKS
            and DEEP_LINE.search(raw.body) is None):
        return []  # no line can be over any bound (the loop below would find nothing)
    problems = []
    for i, line in enumerate(lines):
        where = Location(raw.path, raw.body_line + i, 1)
        indent = len(line) - len(line.lstrip(" \t"))
        quotes = re.match(r"[>\s]*", line).group(0).count(">")  # type: ignore[union-attr]
        reason = None
        if len(line) > MAX_LINE:
            reason = f"dòng dài {len(line):,} ký tự, tối đa {MAX_LINE:,}"
        elif line.count("[") > MAX_MARKS or line.count("<") > MAX_MARKS:
            reason = f"dòng có {max(line.count('['), line.count('<'))} ký tự [ hoặc <, tối đa {MAX_MARKS}"
        elif indent > MAX_NESTING * 4 or quotes > MAX_NESTING:
            reason = f"lồng nhau quá {MAX_NESTING} cấp (thụt lề {indent} dấu cách, {quotes} dấu >)"
        if reason:
            problems.append(make("L224", where, reason))
    return problems


def check_body(raw: RawEntry, allowed_hosts: frozenset[str] = frozenset()) -> list[Diagnostic]:
    """Report lost or hidden characters, mojibake, non-NFC text, foreign images and unsafe HTML or links."""
    problems = check_bounds(raw)
    if problems:
        return problems  # the scans below are only linear on bounded input
    if not looks_clean(raw.body):
        for i, line in enumerate(raw.body.split("\n")):
            problems += _check_characters(line, Location(raw.path, raw.body_line + i))
    if "//" in raw.body:
        problems += _check_images(raw, allowed_hosts)
    if not _may_be_unsafe(raw.body):
        return problems
    # Scan prose (code blanked out) as one text, so a tag or attribute split over lines is still seen.
    lines = {i: prose for i, _line, prose in iter_prose_lines(raw.body)}
    text = "\n".join(lines.get(i, "") for i in range(raw.body.count("\n") + 1))
    starts = [0]
    for line in text.split("\n"):
        starts.append(starts[-1] + len(line) + 1)
    seen: list[tuple[int, int]] = []  # spans reported: one problem, one error; two on a line, two errors
    for pattern, code, what in ((UNSAFE_TAG, "L213", "thẻ HTML"), (EVENT_ATTR, "L213", "thuộc tính sự kiện"),
                                (UNSAFE_SCHEME, "L214", "liên kết"), (SCRIPT_SCHEME, "L214", "liên kết")):
        for m in pattern.finditer(text):
            start = m.start(1) if pattern in (UNSAFE_SCHEME, SCRIPT_SCHEME) else m.start()
            row = bisect.bisect_right(starts, start) - 1
            if text.startswith("</", m.start()) or any(a < m.end() and start < b for a, b in seen):
                continue  # the same tag or link, already reported by another pattern
            seen.append((min(start, m.start()), m.end()))
            snippet = text[start:start + 40].split("\n")[0].strip()
            problems.append(make(code, Location(raw.path, raw.body_line + row, start - starts[row] + 1),
                                 f"{what} không an toàn: {quote(snippet)}"))
    return problems


# Images: inline `![alt](url)`, raw `<img src=…>`, and reference definitions used by `![alt][ref]`.
INLINE_IMAGE = re.compile(r"!\[[^\]\n]{0,500}\]\(\s*<?([^)\s>]+)")
RAW_IMAGE = re.compile(r"<img\b[^>]{0,2000}?\ssrc\s*=\s*[\"']?([^\"'\s>]+)", re.I)
IMAGE_REF = re.compile(r"!\[([^\]\n]{0,500})\](?:\[([^\]\n]{0,200})\])?")
REF_DEFINITION = re.compile(r"^\s{0,3}\[(?!\^)([^\]\n]{1,200})\]:\s*<?([^\s>]+)")  # not a footnote ("[^1]: …")


def _check_images(raw: RawEntry, allowed_hosts: frozenset[str]) -> list[Diagnostic]:
    """Images from another host: the build's sanitiser (loa.safety) drops them, so say so here first."""
    from loa.safety import host_of  # the build's own rule for what counts as another host

    found: list[tuple[int, int, str]] = []  # (body line, column, url)
    image_refs: set[str] = set()
    definitions: dict[str, tuple[int, int, str]] = {}
    for i, _line, prose in iter_prose_lines(raw.body):
        for pattern in (INLINE_IMAGE, RAW_IMAGE):
            found += [(i, m.start(1), m.group(1)) for m in pattern.finditer(prose)]
        for m in IMAGE_REF.finditer(prose):
            image_refs.add((m.group(2) or m.group(1)).strip().lower())
        d = REF_DEFINITION.match(prose)
        if d:
            definitions[d.group(1).strip().lower()] = (i, d.start(2), d.group(2))
    found += [definitions[r] for r in sorted(image_refs) if r in definitions]
    problems = []
    for i, col, url in sorted(set(found)):
        host = host_of(url)
        if host is not None and host not in allowed_hosts:
            problems.append(make("L227", Location(raw.path, raw.body_line + i, col + 1),
                                 f"ảnh tải từ máy chủ khác {quote(host)}: {quote(url)}; trang công khai sẽ bỏ ảnh này"))
    return problems


def _check_characters(line: str, where: Location) -> list[Diagnostic]:
    """Characters an editor cannot see are wrong: controls, hidden characters, U+FFFD, PDF mojibake, decomposed marks."""
    problems = []
    at = partial(Location, where.path, where.line)
    for col, char in iter_hidden(line)[:10]:
        problems.append(make("L225" if char in INVISIBLE else "L226", at(col + 1),
                             f"ký tự vô hình {describe_hidden(char)} trong văn bản"))
    control = CONTROL_CHARS.search(line)
    if control is not None:
        problems.append(make("L221", at(control.start() + 1),
                             f"ký tự điều khiển vô hình U+{ord(control.group()):04X} trong văn bản"))
    if REPLACEMENT_CHAR in line:
        problems.append(make("L219", at(line.index(REPLACEMENT_CHAR) + 1),
                             "ký tự U+FFFD (�): một chữ đã bị mất khi chuyển đổi",
                             hint="đối chiếu bản gốc và gõ lại chữ bị mất"))
    found = MOJIBAKE_CHARS.search(line)
    if found is not None:
        bad = found.start()
        char, word = line[bad], _word_at(line, bad)
        problems.append(make("L212", at(bad + 1),
                             f"ký tự {char!r} (U+{ord(char):04X}) là lỗi trích xuất PDF, đúng ra là {MOJIBAKE[char]!r}: {quote(word)}",
                             hint=f"sửa thành {quote(repair_mojibake(word))} hoặc chạy `loa check --fix-unicode`"))
    utf8 = find_utf8_mojibake(line) if found is None else []
    if utf8:
        bad, seq, intended = utf8[0]
        word = _word_at(line, bad)
        fixed = repair_mojibake(word)  # the fixer repairs the whole line only when all of it can be
        problems.append(make("L212", at(bad + 1),
                             f"chữ hỏng mã (UTF-8 bị đọc thành Windows-1252): {quote(seq)} đúng ra là {quote(intended)}, "
                             f"trong {quote(word)}",
                             hint=(f"sửa thành {quote(fixed)} hoặc chạy `loa check --fix-unicode`"
                                   if not find_utf8_mojibake(repair_mojibake(line)) else
                                   "chép lại đoạn này từ bản gốc (một phần chữ đã mất, không tự sửa được)")))
    if not unicodedata.is_normalized("NFC", line):
        col = _first_non_nfc(line)
        problems.append(make("L211", at(col),
                             f"dòng chưa ở dạng Unicode NFC (dấu tách rời khỏi chữ) gần {quote(line[max(0, col - 10):col + 10])}"))
    return problems


def _check_placeholders(raw: RawEntry, draft: bool) -> list[Diagnostic]:
    """Body text `loa new` left for the editor: a warning in a draft, an error once it is not."""
    problems = []
    for i, line in enumerate(raw.body.split("\n")):
        col = next((line.find(p) for p in PLACEHOLDERS if p in line), -1)
        if col >= 0:
            problems.append(make("L222" if draft else "L223", Location(raw.path, raw.body_line + i, col + 1),
                                 f"còn chỗ chưa điền trong nội dung: {quote(line.strip())}",
                                 hint="thay [CẦN ĐIỀN] bằng nội dung thật trước khi gửi duyệt"))
    return problems


def _word_at(line: str, col: int) -> str:
    start = col
    while start > 0 and not line[start - 1].isspace():
        start -= 1
    end = col
    while end < len(line) and not line[end].isspace():
        end += 1
    return line[start:end]


def _first_non_nfc(line: str) -> int:
    for j, char in enumerate(line):
        if unicodedata.combining(char) or not unicodedata.is_normalized("NFC", line[: j + 1]):
            return max(j, 1)
    return 1
