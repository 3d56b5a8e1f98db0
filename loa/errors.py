"""Diagnostics: locations, severities and the catalogue of error codes (one place for all)."""

from __future__ import annotations

import enum
from dataclasses import dataclass


class LoaError(Exception):
    """An error loa raises on purpose, worded in Vietnamese for the editor who must act on it.

    Every error class of loa derives from this one, so the command line catches it once (loa.cli):
    it prints the message (and any notes added on the way up) without a traceback and exits with
    `exit_code`. Our own bugs are not LoaErrors: they stay tracebacks.
    """

    exit_code = 1

    def __init__(self, message: str = "", *, exit_code: int | None = None) -> None:
        super().__init__(message)
        if exit_code is not None:
            self.exit_code = exit_code


class Severity(enum.Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True, order=True)
class Location:
    """A 1-based position in a file, shown as `path:line:col`."""

    path: str
    line: int = 1
    col: int = 1

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}"

    def __reduce__(self) -> tuple[type, tuple[str, int, int]]:
        return Location, (self.path, self.line, self.col)  # pickled as a tuple: fast (see pipeline.load_all)


@dataclass(frozen=True, slots=True)
class Code:
    """One entry of the catalogue: what it means and the usual fix."""

    code: str
    name: str
    severity: Severity
    summary: str  # English, for developers and the docs
    hint: str  # Vietnamese default fix, used when a check gives no sharper one


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One problem an editor can act on."""

    code: str
    name: str
    severity: Severity
    location: Location
    field: str | None
    message: str
    hint: str | None = None

    def format(self) -> str:
        """Return the compiler-style text block shown by `loa check`."""
        head = f"{self.location}: {self.severity.value} {self.code} {self.name}"
        lines = [head + (f" [{self.field}]" if self.field else ""), f"    {self.message}"]
        if self.hint:
            lines.append(f"    sửa: {self.hint}")
        return "\n".join(lines)

    def format_github(self) -> str:
        """Return a GitHub Actions workflow command (an annotation on the file and line)."""
        level = "error" if self.severity is Severity.ERROR else "warning"
        title = f"{self.code} {self.name}" + (f" [{self.field}]" if self.field else "")
        text = self.message + (f"\nsửa: {self.hint}" if self.hint else "")
        loc = self.location
        props = f"file={_gh_prop(loc.path)},line={loc.line},col={loc.col},title={_gh_prop(title)}"
        return f"::{level} {props}::{_gh_data(text)}"

    def sort_key(self) -> tuple[Location, str]:
        return (self.location, self.code)


def _gh_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_prop(text: str) -> str:
    return _gh_data(text).replace(":", "%3A").replace(",", "%2C")


E, W = Severity.ERROR, Severity.WARNING

CATALOGUE: dict[str, Code] = {
    c.code: c
    for c in [
        # 1xx: reading files
        Code("L101", "not-utf8", E, "File is not valid UTF-8.",
             "lưu lại tệp với bảng mã UTF-8 (trong VS Code: Save with Encoding → UTF-8)"),
        Code("L102", "missing-front-matter", E, "No opening `---` line.",
             "bắt đầu tệp bằng một dòng `---`, các trường YAML, rồi một dòng `---`"),
        Code("L103", "unclosed-front-matter", E, "Front matter has no closing `---`.",
             "thêm một dòng chỉ có `---` sau trường cuối cùng"),
        Code("L104", "yaml-syntax", E, "YAML cannot be parsed.",
             "kiểm tra thụt lề bằng dấu cách (không dùng Tab) và đặt giá trị có dấu `:` hoặc `#` trong ngoặc kép"),
        Code("L105", "duplicate-key", E, "The same key appears twice in one mapping.",
             "xóa một trong hai dòng; mỗi trường chỉ được khai báo một lần"),
        Code("L106", "yaml-alias", E, "YAML anchors and aliases (`&x`, `*x`) are not allowed.",
             "viết đầy đủ giá trị thay vì dùng `&` / `*`"),
        Code("L107", "front-matter-too-large", E, "Front matter over 16 KiB.",
             "rút gọn siêu dữ liệu; nội dung dài đặt ở phần thân Markdown"),
        Code("L108", "body-too-large", E, "File over 1 MiB.",
             "tách nội dung thành nhiều tệp nhỏ hơn"),
        Code("L109", "front-matter-not-mapping", E, "Front matter is not a mapping of fields.",
             "mỗi dòng có dạng `ten_truong: giá trị`"),
        Code("L110", "unexpected-file", E, "File that no content kind reads.",
             "đặt tệp vào đúng thư mục (van-ban/, hoi-dap/, …) với đuôi .md (infographic: .yml) hoặc xóa nó"),
        Code("L111", "yaml-too-deep", E, "YAML nested deeper than allowed.",
             "giảm số cấp lồng nhau của dữ liệu"),
        Code("L113", "too-many-files", E, "More content files than one build accepts.",
             "tách nội dung cũ sang kho lưu trữ hoặc nâng giới hạn MAX_FILES sau khi đo hiệu năng"),
        Code("L112", "unreadable-file", E, "The file cannot be read (permissions, a folder named like a file).",
             "kiểm tra quyền đọc của tệp, hoặc đổi tên thư mục trùng tên tệp"),
        Code("L114", "path-not-checked", E, "A path given to `loa check` that it cannot check (missing, or outside content/).",
             "chỉ đường dẫn tới tệp hoặc thư mục trong content/, ví dụ: loa check content/hoi-dap/vung-do.md"),
        Code("L115", "multi-document", E, "Front matter holds more than one YAML document (a second `---` block).",
             "gộp mọi trường vào một khối giữa hai dòng `---` đầu tệp; xóa dòng `---` hoặc `...` thừa"),
        # 2xx: validating fields
        Code("L201", "unknown-field", E, "A field the kind does not have.",
             "xóa trường này hoặc sửa tên cho đúng"),
        Code("L202", "missing-field", E, "A required field is missing.",
             "thêm trường còn thiếu"),
        Code("L203", "wrong-type", E, "A value of the wrong type.",
             "sửa giá trị theo đúng kiểu"),
        Code("L204", "invalid-date", E, "Not a real calendar date in YYYY-MM-DD form.",
             "viết theo dạng YYYY-MM-DD, ví dụ 2021-09-06"),
        Code("L205", "invalid-choice", E, "A value outside its set (status, type, taxonomy).",
             "chọn một giá trị trong danh sách"),
        Code("L206", "duplicate-id", E, "Two items share one id.",
             "đổi `id` của một trong hai mục (và đổi tên tệp theo)"),
        Code("L207", "invalid-id", E, "An id that is not a lowercase ASCII slug.",
             "chỉ dùng chữ thường không dấu, chữ số và dấu gạch ngang"),
        Code("L208", "id-filename-mismatch", E, "The id differs from the file name.",
             "đặt tên tệp trùng với id"),
        Code("L209", "implicit-type", E, "Unquoted text that YAML reads as a boolean, number or time.",
             "đặt giá trị trong ngoặc kép"),
        Code("L210", "date-order", E, "valid_until is before valid_from.",
             "sửa để valid_until không sớm hơn valid_from"),
        Code("L211", "not-nfc", E, "Text not in Unicode NFC (decomposed diacritics).",
             "chạy `loa check --fix-unicode` để chuẩn hóa"),
        Code("L212", "mojibake", E, "A character left by broken PDF extraction, or UTF-8 read as Windows-1252 (\"Ä‘Ã¡\" for \"đá\").",
             "chạy `loa check --fix-unicode` hoặc thay bằng ký tự đúng"),
        Code("L213", "unsafe-html", E, "Raw script, iframe, object, embed, form or event-handler attribute.",
             "xóa đoạn HTML này; chỉ dùng cú pháp Markdown"),
        Code("L214", "unsafe-link", E, "A javascript:, vbscript: or data: link.",
             "dùng liên kết http(s) hoặc đường dẫn tới trang trong cổng"),
        Code("L215", "doc-number-format", W, "A document number that fits neither official pattern.",
             "viết số, ký hiệu theo mẫu Đảng `43-KH/ThU` hoặc mẫu Nhà nước `8232/VP-KGVX`"),
        Code("L216", "too-long", E, "Text over its channel limit or outside its character set.",
             "rút gọn nội dung cho vừa giới hạn"),
        Code("L217", "deprecated-field", W, "A field kept for old files; use its replacement.",
             "đổi sang trường mới"),
        Code("L218", "empty-value", E, "An empty value where text is needed.",
             "điền giá trị hoặc xóa trường nếu không bắt buộc"),
        Code("L219", "replacement-character", E, "U+FFFD: a character lost in conversion.",
             "đối chiếu bản gốc và gõ lại ký tự bị mất"),
        Code("L221", "control-character", E, "An invisible control character in the text.",
             "xóa ký tự này (thường do sao chép từ PDF hoặc Word)"),
        Code("L222", "draft-incomplete", W, "A draft still lacks sources or has placeholders (fine for a draft).",
             "điền đủ trước khi chuyển status sang review hoặc approved"),
        Code("L223", "placeholder-left", E, "A `[CẦN ĐIỀN]` placeholder in an item that is not a draft.",
             "thay chỗ [CẦN ĐIỀN] bằng nội dung thật"),
        Code("L229", "owner-not-set", W,
             "The portal's owner body and contact (content/danh-muc/chu-quan.yml), shown in every page's footer, "
             "are missing or still `[CẦN ĐIỀN]`.",
             "ghi tên cơ quan chủ quản và ít nhất một cách liên hệ (địa chỉ, điện thoại, thư điện tử) theo văn bản "
             "thành lập cổng, ví dụ name: Sở Thông tin và Truyền thông tỉnh …"),
        Code("L224", "pathological-markdown", E,
             "A line Markdown would take too long on: overlong, too many brackets, or nested too deep.",
             "chia đoạn văn thành nhiều đoạn ngắn hơn và bớt các ký hiệu [ < lặp lại hoặc mức lồng nhau"),
        Code("L225", "invisible-character", E, "An invisible character (zero-width space or joiner, word joiner, stray BOM).",
             "chạy `loa check --fix-unicode` để xóa (chữ hiển thị không đổi), hoặc xóa bằng tay"),
        Code("L226", "bidi-control", E, "A text-direction control character (it can reorder what readers see).",
             "xóa ký tự này bằng tay rồi đọc lại câu: ký tự điều khiển hướng chữ có thể đảo thứ tự chữ hiển thị"),
        Code("L227", "external-image", E, "An image loaded from another host (the build would drop it).",
             "bỏ ảnh, hoặc vẽ số liệu thành infographic (content/infographic/) và dẫn ảnh của nó, "
             "hoặc nhờ người quản trị thêm máy chủ vào allowed_hosts của plugin loa trong mkdocs.yml"),
        Code("L228", "change-note-required", E,
             "An approved item's public text changed (or it was withdrawn) without a new change_note.",
             "thêm change_note: \"Cập nhật …: nói ngắn gọn điều gì thay đổi và vì sao\" (hiện trên trang của mục và /thay-doi/)"),
        Code("L220", "too-many-items", E, "A list longer than its limit.",
             "bớt số phần tử trong danh sách"),
        # 3xx: cross-references
        Code("L301", "unknown-document", E, "A reference to a document id that does not exist.",
             "dùng id của một văn bản trong content/van-ban/"),
        Code("L302", "unknown-section", E, "A section anchor the document does not have.",
             "dùng một neo (anchor) có trong văn bản, ví dụ muc-ii-1"),
        Code("L303", "broken-link", E, "A Markdown link to a page that does not exist.",
             "sửa đường dẫn cho đúng trang, ví dụ ../van-ban/ke-hoach-43-kh-thu.md"),
        Code("L304", "broken-anchor", E, "A link to an anchor the target page does not have.",
             "sửa phần sau dấu # cho đúng neo của trang đích"),
        Code("L305", "expiring-soon", W, "An item whose validity ends within 14 days.",
             "gia hạn valid_until hoặc chuẩn bị nội dung thay thế"),
        Code("L306", "review-overdue", W, "An item last reviewed more than 180 days ago.",
             "rà soát lại nội dung và cập nhật trường reviewed"),
        Code("L307", "scope-contradiction", E,
             "An explicit `scope` that is not the wider or narrower place it says it is, next to the sources' places.",
             "ghi nơi áp dụng đúng với extent (wider: bao gồm nơi ban hành; narrower: nằm trong nơi ban hành), "
             "hoặc bỏ trường scope"),
        Code("L308", "invalid-reconfirmation", E,
             "A `reconfirmed` date in the future or older than the sources it confirms.",
             "ghi ngày đã đối chiếu văn bản nguồn, không sau ngày hôm nay, ví dụ reconfirmed: {date: 2026-11-30, reason: …}"),
        Code("L309", "issuer-without-place", E,
             "A document whose issuing body has no `place` in content/danh-muc/co-quan.yml.",
             "thêm place cho cơ quan trong content/danh-muc/co-quan.yml, ví dụ place: {level: province, name: Kiên Giang}"),
        Code("L310", "channel-text-without-place", E,
             "An SMS, LED or loudspeaker text of a local item that names neither its place nor its document.",
             "nêu tên địa phương (ví dụ Kien Giang) hoặc số văn bản (ví dụ KH 33-KH/TU) ngay trong lời văn"),
        Code("L311", "reviewed-in-future", E,
             "A `reviewed` date after today's real date (it would date the build, the page and the change list).",
             "ghi ngày đã rà soát thật, không sau ngày hôm nay (dạng YYYY-MM-DD)"),
        Code("L312", "image-not-found", E,
             "A local image the site does not have: only the charts drawn from infographics are images on the site.",
             "dẫn ảnh của một infographic, ví dụ /infographic/cac-cap-do-vung/cac-cap-do-vung.svg, hoặc bỏ ảnh"),
    ]
}


def make(
    code: str,
    location: Location,
    message: str,
    *,
    field: str | None = None,
    hint: str | None = None,
    severity: Severity | None = None,
) -> Diagnostic:
    """Build a diagnostic for a catalogue code; the catalogue's hint is the default fix."""
    entry = CATALOGUE[code]
    return Diagnostic(
        code=code,
        name=entry.name,
        severity=severity or entry.severity,
        location=location,
        field=field,
        message=message,
        hint=hint if hint is not None else entry.hint,
    )


def quote(value: object, limit: int = 60) -> str:
    """Quote a received value for a message, cut to `limit` characters."""
    text = str(value)
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return f'"{text}"'
