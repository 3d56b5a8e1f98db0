"""`loa check` on broken content: one table row per broken file, with the exact code, line and field.

Each case adds or overrides files in the tiny valid site of conftest.MINIMAL_SITE, runs
`check_site` and looks for one diagnostic: its code, path, 1-based line, column (when the
column means something) and field path. Cases marked xfail describe what the checker
*should* report and currently does not (see the reason of each).

Line numbers in the table follow the builders below: in a Markdown item line 1 is the
opening `---`, the n-th front-matter line is line n + 1, and the body starts two lines after
the closing `---` (a blank line separates them).
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from conftest import MINIMAL_SITE

from loa.errors import CATALOGUE, Diagnostic, Severity
from loa.pipeline import Report, check_site

TODAY = dt.date(2026, 11, 23)  # every item of the base site was reviewed on 2026-11-01
BODY = "Câu trả lời.\n"

# ---------------------------------------------------------------------------- builders


def fm(*lines: str, body: str = BODY) -> str:
    """A Markdown item: `---`, the front-matter lines (from line 2), `---`, a blank line, the body."""
    return "---\n" + "".join(f"{line}\n" for line in lines) + "---\n\n" + body


def _lines(base: dict[str, str], fields: dict[str, str | None]) -> list[str]:
    """Front-matter lines: `base` with `fields` replaced in place (None drops one); new keys go last.

    A value starting with a newline is a block (`sources:\\n  - document: …`).
    """
    out = []
    for key, value in {**base, **fields}.items():
        if value is not None:
            out.append(f"{key}:{value}" if value.startswith("\n") else f"{key}: {value}")
    return out


QA_FIELDS = {  # lines: id 2, title 3, status 4, reviewed 5, sources 6-7; new keys from 8; body 10
    "id": "x",
    "title": "Vùng xanh là gì?",
    "status": "approved",
    "reviewed": "2026-11-01",
    "sources": "\n  - document: ke-hoach-43-kh-thu",
}
DOC_FIELDS = {  # lines: id 2 … subject 10; new keys from 11; body 13
    "id": "x",
    "title": "Kế hoạch thử nghiệm",
    "status": "approved",
    "reviewed": "2026-11-01",
    "number": '"44-KH/ThU"',
    "doc_type": "KH",
    "issuer": "thanh-uy-lai-chau",
    "issued_on": "2021-09-06",
    "subject": "công tác thông tin, tuyên truyền",
}
DOC_BODY = "Căn cứ Kế hoạch số 50-KH/BTGTU.\n\n## I. MỤC ĐÍCH, YÊU CẦU {#muc-i}\n\nTạo sự thống nhất.\n"
MSG_FIELDS = {  # lines: id 2, title 3, status 4, reviewed 5, audiences 6, sources 7-8, variants 9-12
    "id": "x",    #        concern 13, key_messages 14-15; new keys from 16
    "title": "Gọi 1022 khi cần hỗ trợ",
    "status": "approved",
    "reviewed": "2026-11-01",
    "audiences": "[nguoi-dan]",
    "sources": "\n  - document: ke-hoach-43-kh-thu",
    "variants": ("\n  sms: TP Lai Chau - goi 1022 khi can ho tro\n  led: TP. Lai Châu - gọi 1022 khi cần hỗ trợ"
                 "\n  loudspeaker: Theo Kế hoạch 43-KH/ThU, khi cần hỗ trợ, hãy gọi 1022."),
    "concern": "Khi cần hỗ trợ thì gọi đâu?",
    "key_messages": "\n  - text: Gọi 1022 khi cần hỗ trợ.",
}
SLOGAN_FIELDS = {  # lines: id 2, title 3, status 4, reviewed 5, text 6, formats 7, sources 8-9
    "id": "x",
    "title": "Khẩu hiệu 5K",
    "status": "approved",
    "reviewed": "2026-11-01",
    "text": "Khẩu trang - Khử khuẩn - Khoảng cách",
    "formats": "[bang-ron, sms]",
    "sources": "\n  - document: ke-hoach-43-kh-thu",
}
INFOGRAPHIC_FIELDS = {  # a plain YAML file: id 1, title 2, status 3, reviewed 4, type 5, description 6,
    #                      data 7 (items 8, first item 9), sources 10-11
    "id": "x",
    "title": "Chuẩn bị khi ra ngoài",
    "status": "approved",
    "reviewed": "2026-11-01",
    "type": "checklist",
    "description": "Những thứ cần mang theo",
    "data": "\n  items:\n    - label: Khẩu trang",
    "sources": "\n  - document: ke-hoach-43-kh-thu",
}


def qa(*extra: str, body: str = BODY, **fields: str | None) -> str:
    return fm(*_lines(QA_FIELDS, fields), *extra, body=body)


def doc(*extra: str, body: str = DOC_BODY, **fields: str | None) -> str:
    return fm(*_lines(DOC_FIELDS, fields), *extra, body=body)


def msg(*extra: str, body: str = BODY, **fields: str | None) -> str:
    return fm(*_lines(MSG_FIELDS, fields), *extra, body=body)


def slogan(*extra: str, **fields: str | None) -> str:
    return fm(*_lines(SLOGAN_FIELDS, fields), *extra)


def infographic(**fields: str | None) -> str:
    return "".join(f"{line}\n" for line in _lines(INFOGRAPHIC_FIELDS, fields))


_TONES = "\u0300\u0301\u0303\u0309\u0323"


def cp1258(text: str) -> bytes:
    """Encode as Windows-1258 the way Vietnamese Windows saves it: base letter + combining tone."""
    out = []
    for char in unicodedata.normalize("NFC", text):
        parts = unicodedata.normalize("NFD", char)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in _TONES))
        out.append(base + "".join(c for c in parts if c in _TONES))
    return "".join(out).encode("cp1258")


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


QX, DX, MX, SX, IX = "hoi-dap/x.md", "van-ban/x.md", "thong-diep/x.md", "khau-hieu/x.md", "infographic/x.yml"
DRAFT_QA = fm("id: nhap", "title: Câu hỏi chưa duyệt", "status: draft", "reviewed: 2026-11-01",
              "sources:", "  - document: ke-hoach-43-kh-thu")
BIG_FRONT_MATTER = "# " + "ghi chú " * 2200  # one YAML comment line of 17 602 bytes


# ---------------------------------------------------------------------------- the table


@dataclass(frozen=True)
class Link:
    """A symbolic link to write instead of a file (a dangling one cannot be read)."""

    target: str


@dataclass(frozen=True)
class Case:
    files: dict[str, str | bytes | Link | None]
    path: str  # under content/
    code: str
    line: int
    col: int | None = None  # None: the column is not asserted
    field: str | None = None
    message: tuple[str, ...] = ()  # substrings the message must contain
    hint: tuple[str, ...] = ()  # substrings the hint must contain
    check: Callable[[Diagnostic], bool] | None = None  # any further condition on the diagnostic
    warning: bool = False
    options: tuple[tuple[str, Any], ...] = ()  # further arguments of check_site (only=…, allowed_hosts=…)


def case(name: str, files: dict[str, str | bytes | Link | None], path: str, code: str, line: int,
         col: int | None = None, field: str | None = None, *, message: str | tuple[str, ...] = (),
         hint: str | tuple[str, ...] = (), check: Callable[[Diagnostic], bool] | None = None,
         warning: bool = False, xfail: str | None = None, **options: Any) -> Any:
    as_tuple = lambda v: (v,) if isinstance(v, str) else tuple(v)  # noqa: E731
    marks = [pytest.mark.xfail(strict=True, reason=xfail)] if xfail else []
    return pytest.param(Case(files, path, code, line, col, field, as_tuple(message), as_tuple(hint), check, warning,
                             tuple(options.items())), id=f"{code}-{name}", marks=marks)


CASES = [
    # -- L101 not UTF-8 ---------------------------------------------------------------
    case("windows-1258", {QX: cp1258(qa(title="Tiếng Việt"))}, QX, "L101", 3, 10,
         message=("vị trí byte 19", "0xEA")),
    case("windows-1258-in-body", {QX: qa(body="Dòng một.\n\n").encode() + cp1258("Tiếng Việt\n")}, QX, "L101", 12, 3),
    case("mixed-encoding-column-counts-characters",
         {QX: "---\nid: x\ntitle: Câu ".encode() + cp1258("Tiếng Việt\n---\n")}, QX, "L101", 3, 14),
    # -- L102 no opening --- ------------------------------------------------------------
    case("no-opening-fence", {QX: "id: x\ntitle: Vùng xanh là gì?\n---\n\nCâu trả lời.\n"}, QX, "L102", 1, 1,
         message='"id: x"'),
    case("blank-line-before-fence", {QX: "\n" + qa()}, QX, "L102", 1, 1, message="dòng trống"),
    case("empty-file", {QX: ""}, QX, "L102", 1, 1, message="dòng trống"),
    # -- L103 unclosed front matter -----------------------------------------------------
    case("no-closing-fence", {QX: "---\nid: x\ntitle: Vùng xanh là gì?\n\nCâu trả lời.\n"}, QX, "L103", 1, 1),
    case("only-opening-fence", {QX: "---\n"}, QX, "L103", 1, 1),
    # -- L104 YAML syntax ---------------------------------------------------------------
    case("indented-key", {QX: fm("id: x", "title: Vùng xanh là gì?", " status: approved", "reviewed: 2026-11-01")},
         QX, "L104", 4, 8),
    case("bad-indentation-in-list", {QX: qa(sources="\n  - document: ke-hoach-43-kh-thu\n   section: muc-i-1")},
         QX, "L104", 8, 4, message="expected <block end>"),
    case("unclosed-quote", {QX: qa(title='"Vùng xanh là gì?')}, QX, "L104", 3, 8),
    case("tab-indentation", {QX: qa(sources="\n\t- document: ke-hoach-43-kh-thu")}, QX, "L104", 7, 1, hint="Tab"),
    case("unquoted-colon", {QX: qa(title="Số 1: Kế hoạch")}, QX, "L104", 3, 12, hint=("ngoặc kép", ":")),
    case("value-starts-with-at", {QX: qa(title="@1022 trả lời")}, QX, "L104", 3, 8, hint="ký tự đặc biệt"),
    case("value-starts-with-star", {QX: qa(title="*Khẩn* cấp")}, QX, "L104", 3, None, hint="ký tự đặc biệt"),
    case("control-character", {QX: qa(title="Vùng\x07xanh")}, QX, "L104", 3, 12, message="U+0007"),
    # -- L105 duplicate key ---------------------------------------------------------------
    case("duplicate-title", {QX: qa("title: Câu hỏi lặp lại")}, QX, "L105", 8, 1, "title", message="dòng 3"),
    case("duplicate-key-after-bom", {QX: "\ufeff" + qa("title: Câu hỏi lặp lại")}, QX, "L105", 8, 1, "title"),
    case("duplicate-key-in-yml-file", {IX: infographic() + "title: Lặp lại\n"}, IX, "L105", 12, 1, "title",
         message="dòng 2"),
    case("duplicate-key-crlf", {QX: qa("title: Câu hỏi lặp lại").replace("\n", "\r\n")}, QX, "L105", 8, 1, "title"),
    case("duplicate-nested-key",
         {QX: qa(sources="\n  - document: ke-hoach-43-kh-thu\n    document: ke-hoach-43-kh-thu")},
         QX, "L105", 8, 5, "sources[0].document"),
    # -- L106 anchors and aliases ---------------------------------------------------------
    case("anchor", {QX: qa(title="&t Vùng xanh là gì?")}, QX, "L106", 3, 8, message="&t"),
    case("alias", {QX: qa(status="*s")}, QX, "L106", 4, 9, message="*s"),
    case("merge-key-alias", {QX: qa("extra:", "  <<: *base")}, QX, "L106", 9, 7),
    # -- L107 / L108 sizes ----------------------------------------------------------------
    case("front-matter-over-16k", {QX: fm(BIG_FRONT_MATTER, *_lines(QA_FIELDS, {}))}, QX, "L107", 2, 1,
         message="16 KiB"),
    case("file-over-1mib", {QX: qa(body="Câu trả lời dài. " * 62_000)}, QX, "L108", 1, 1, message="1 MiB"),
    # -- L109 front matter not a mapping --------------------------------------------------
    case("front-matter-is-text", {QX: fm("Chỉ là một dòng chữ")}, QX, "L109", 2, 1, message="Chỉ là một dòng chữ"),
    case("front-matter-is-list", {QX: fm("- id: x", "- title: Vùng xanh là gì?")}, QX, "L109", 2, 1,
         check=lambda d: "Node(" not in d.message and "danh sách" in d.message),
    # -- L110 unexpected files ------------------------------------------------------------
    case("unknown-folder", {"tin-tuc/bai-1.md": qa(id="bai-1")}, "tin-tuc/bai-1.md", "L110", 1, 1,
         message="tin-tuc"),
    case("wrong-extension", {"hoi-dap/x.txt": qa()}, "hoi-dap/x.txt", "L110", 1, 1, message=".md"),
    case("infographic-yaml-extension", {"infographic/x.yaml": infographic()}, "infographic/x.yaml", "L110", 1, 1),
    case("nested-folder", {"hoi-dap/cu/x.md": qa()}, "hoi-dap/cu/x.md", "L110", 1, 1),
    case("file-at-content-root", {"x.md": qa()}, "x.md", "L110", 1, 1, message="content/"),
    case("missing-taxonomy", {"danh-muc/kenh.yml": None}, "danh-muc/kenh.yml", "L110", 1, 1, message="kenh.yml"),
    # An item saved among the taxonomies was skipped without a word.
    case("item-in-taxonomy-folder", {"danh-muc/x.md": qa()}, "danh-muc/x.md", "L110", 1, 1, message="bỏ qua",
         hint="hoi-dap/"),
    # -- L229 the portal's owner and contact ------------------------------------------------
    case("owner-file-missing", {"danh-muc/chu-quan.yml": None}, "danh-muc/chu-quan.yml", "L229", 1, 1,
         message="chu-quan.yml", warning=True),
    case("owner-placeholder", {"danh-muc/chu-quan.yml": 'name: "[CẦN ĐIỀN] tên cơ quan"\nphone: "[CẦN ĐIỀN] số"\n'},
         "danh-muc/chu-quan.yml", "L229", 1, 7, "name", message=("name, phone",), warning=True),
    case("owner-without-contact", {"danh-muc/chu-quan.yml": "name: Sở Thông tin và Truyền thông\n"},
         "danh-muc/chu-quan.yml", "L229", 1, 1, "phone", message="liên hệ", warning=True),
    case("owner-without-name", {"danh-muc/chu-quan.yml": "phone: 0123 456 789\n"},
         "danh-muc/chu-quan.yml", "L202", 1, 1, "name"),
    # -- L111 depth ---------------------------------------------------------------------
    case("depth-bomb", {QX: qa(title="[" * 13 + "x" + "]" * 13)}, QX, "L111", 3, 19, message="12"),
    # -- L112 unreadable file ----------------------------------------------------------------
    case("dangling-symlink", {QX: Link("khong-co.md")}, QX, "L112", 1, 1),
    # -- L201 unknown field -----------------------------------------------------------------
    case("typo-reviwed", {QX: qa(reviewed=None, reviwed="2026-11-01")}, QX, "L201", 7, 1, "reviwed",
         hint='"reviewed"'),
    case("typo-capitalised-title", {QX: qa(title=None, Title="Vùng xanh là gì?")}, QX, "L201", 7, 1, "Title",
         hint='"title"'),
    case("typo-nested-sectoin", {QX: qa(sources="\n  - document: ke-hoach-43-kh-thu\n    sectoin: muc-i-1")},
         QX, "L201", 8, 5, "sources[0].sectoin", hint='"section"'),
    case("typo-hotline-sumary",
         {"tong-dai-1022/x.md": fm("id: x", "title: Gọi 1022 khi nào?", "status: approved", "reviewed: 2026-11-01",
                                   "sumary: Khi cần hỗ trợ", "sources:", "  - document: ke-hoach-43-kh-thu")},
         "tong-dai-1022/x.md", "L201", 6, 1, "sumary", hint='"summary"'),
    case("field-of-another-kind", {QX: qa(text="Khẩu trang")}, QX, "L201", 8, 1, "text"),
    # -- L202 missing field ---------------------------------------------------------------
    # A whole Q&A saved among the slogans was told only which slogan fields it lacks.
    case("qa-in-the-slogan-folder", {SX: qa()}, SX, "L202", 1, 1, "text", hint="content/hoi-dap/"),
    case("missing-title", {QX: qa(title=None)}, QX, "L202", 1, 1, "title", hint="title:"),
    case("missing-sources", {QX: qa(sources=None)}, QX, "L202", 1, 1, "sources"),
    case("message-missing-audiences", {MX: msg(audiences=None)}, MX, "L202", 1, 1, "audiences"),
    case("hotline-missing-summary",
         {"tong-dai-1022/x.md": fm("id: x", "title: Gọi 1022 khi nào?", "status: approved", "reviewed: 2026-11-01",
                                   "sources:", "  - document: ke-hoach-43-kh-thu")},
         "tong-dai-1022/x.md", "L202", 1, 1, "summary"),
    case("taxonomy-term-without-name", {"danh-muc/kenh.yml": "- id: sms\n- id: bang-ron\n  name: Băng rôn\n"},
         "danh-muc/kenh.yml", "L202", 1, 3, "[0].name"),
    case("empty-front-matter", {QX: fm()}, QX, "L202", 1, 1, hint=("id", "title", "status", "reviewed", "sources")),
    case("front-matter-only-comments", {QX: fm("# chưa điền")}, QX, "L202", 1, 1),
    case("empty-infographic-file", {IX: ""}, IX, "L202", 1, 1),
    case("source-without-document", {QX: qa(sources="\n  - section: muc-i-1")}, QX, "L202", 7, 5,
         "sources[0].document"),
    case("based-on-document-and-citation",
         {DX: doc(based_on="\n  - relation: can-cu\n    document: ke-hoach-43-kh-thu\n    citation: Kế hoạch 43")},
         DX, "L202", 12, 5, "based_on[0]"),
    case("superseded-by-without-force", {DX: doc(superseded_by="ke-hoach-43-kh-thu")}, DX, "L202", 11, 16,
         "superseded_by",
         hint="force: superseded"),
    # -- L203 wrong type ------------------------------------------------------------------
    case("list-for-text", {QX: qa(title="[Vùng xanh, vùng đỏ]")}, QX, "L203", 3, 8, "title", message="danh sách"),
    case("text-for-list", {QX: qa(topics="phong-chong-dich")}, QX, "L203", 8, 9, "topics", hint="- "),
    case("mapping-for-date", {QX: qa(reviewed="{year: 2026, month: 11}")}, QX, "L203", 5, 11, "reviewed",
         hint="reviewed: 2021-09-06"),
    case("null-for-date", {QX: qa(reviewed="")}, QX, "L203", 5, None, "reviewed"),
    case("text-for-source", {QX: qa(sources="\n  - ke-hoach-43-kh-thu")}, QX, "L203", 7, 5, "sources[0]",
         hint="document:"),
    case("taxonomy-not-a-list", {"danh-muc/kenh.yml": "id: sms\nname: SMS\n"}, "danh-muc/kenh.yml", "L203", 1, 1,
         message="danh sách"),
    case("text-for-signer", {DX: doc(signer="Trần Công Danh")}, DX, "L203", 11, 9, "signer", hint="name:"),
    case("text-for-count", {DX: doc(corrections='\n  - original: "Ƣ"\n    corrected: "Ư"\n    count: hai')},
         DX, "L203", 14, 12, "corrections[0].count"),
    # -- L204 dates ---------------------------------------------------------------------
    case("february-30", {QX: qa(reviewed="2021-02-30")}, QX, "L204", 5, 11, "reviewed", message="28 ngày",
         hint="2021-02-28"),
    case("month-13", {QX: qa(reviewed="2021-13-01")}, QX, "L204", 5, 11, "reviewed", message="tháng 13"),
    case("september-31", {QX: qa(reviewed="2021-09-31")}, QX, "L204", 5, 11, "reviewed", message="30 ngày"),
    case("day-first-date", {DX: doc(issued_on="06/9/2021")}, DX, "L204", 9, 12, "issued_on", hint="2021-09-06"),
    # The hint offered the day that does not exist, written the other way round ("2021-02-31").
    case("day-first-date-that-does-not-exist", {QX: qa(reviewed="31/02/2021")}, QX, "L204", 5, 11, "reviewed",
         hint=("28 ngày", "2021-02-28"), check=lambda d: "2021-02-31" not in (d.hint or "")),
    case("valid-from-day-first", {QX: qa(valid_from="6.9.2021")}, QX, "L204", 8, 13, "valid_from",
         hint="2021-09-06"),
    case("date-without-leading-zeros", {QX: qa(reviewed="2026-11-1")}, QX, "L204", 5, 11, "reviewed"),
    # -- L205 invalid choice ----------------------------------------------------------------
    case("status-aproved", {QX: qa(status="aproved")}, QX, "L205", 4, 9, "status", hint='"approved"'),
    case("doc-type-without-diacritic", {DX: doc(doc_type="QD")}, DX, "L205", 7, 11, "doc_type", hint='"QĐ"'),
    case("doc-type-unknown", {DX: doc(doc_type="Kế hoạch")}, DX, "L205", 7, 11, "doc_type", hint="KH"),
    case("unknown-audience", {MX: msg(audiences="[nguoi-dan, nguoi-gia]")}, MX, "L205", 6, 24, "audiences[1]",
         hint="doi-tuong.yml"),
    case("unknown-topic", {QX: qa(topics="\n  - phong-chong-dich\n  - tiem-chung")}, QX, "L205", 10, 5,
         "topics[1]", hint="chu-de.yml"),
    case("unknown-issuer", {DX: doc(issuer="thanh-uy-lai-chauu")}, DX, "L205", 8, 9, "issuer",
         hint=('"thanh-uy-lai-chau"', "co-quan.yml")),
    # A new issuing body: the hint said only "choose one of", not where a new one is added.
    case("new-issuer-not-yet-listed", {DX: doc(issuer="so-y-te-da-nang")}, DX, "L205", 8, 9, "issuer",
         hint=("- id: so-y-te-da-nang", "content/danh-muc/co-quan.yml")),
    case("unknown-channel", {SX: slogan(formats="[bang-ron, loa-phat-thanh]")}, SX, "L205", 7, 21, "formats[1]",
         hint="kenh.yml"),
    case("urgency-lowercase", {DX: doc(urgency="khẩn")}, DX, "L205", 11, 10, "urgency", hint='"Khẩn"'),
    case("based-on-relation", {DX: doc(based_on="\n  - relation: căn cứ\n    citation: Kế hoạch 50")},
         DX, "L205", 12, 15, "based_on[0].relation", hint='"can-cu"'),
    case("infographic-type", {IX: infographic(type="bieu-do")}, IX, "L205", 5, 7, "type", hint="checklist"),
    # -- L206 duplicate id ---------------------------------------------------------------
    case("same-id-in-two-folders", {"khau-hieu/vung-xanh-la-gi.md": slogan(id="vung-xanh-la-gi")},
         "khau-hieu/vung-xanh-la-gi.md", "L206", 2, 5, "id", message="content/hoi-dap/vung-xanh-la-gi.md"),
    case("taxonomy-term-twice",
         {"danh-muc/kenh.yml": "- id: sms\n  name: SMS\n- id: bang-ron\n  name: Băng rôn\n- id: sms\n  name: Tin nhắn\n"},
         "danh-muc/kenh.yml", "L206", 5, 3, "[2].id"),
    # -- L207 malformed id ----------------------------------------------------------------
    case("id-uppercase", {QX: qa(id="Vung-Xanh")}, QX, "L207", 2, 5, "id", hint='"vung-xanh"'),
    case("id-diacritics", {QX: qa(id="vùng-xanh")}, QX, "L207", 2, 5, "id", hint='"vung-xanh"'),
    case("id-spaces", {QX: qa(id="vung xanh la gi")}, QX, "L207", 2, 5, "id", hint='"vung-xanh-la-gi"'),
    case("id-over-80-chars", {"hoi-dap/" + "a" * 81 + ".md": qa(id="a" * 81)}, "hoi-dap/" + "a" * 81 + ".md",
         "L207", 2, 5, "id", message="80"),
    case("section-not-a-slug", {QX: qa(sources="\n  - document: ke-hoach-43-kh-thu\n    section: Muc I.1")},
         QX, "L207", 8, 14, "sources[0].section"),
    # -- L208 id and file name ----------------------------------------------------------
    # The hint offered the file's name as the id, even where it cannot be one ("sửa id thành Vùng Đỏ").
    case("file-name-with-diacritics", {"hoi-dap/Vùng Đỏ.md": qa()}, "hoi-dap/Vùng Đỏ.md", "L208", 2, 5, "id",
         hint="x.md", check=lambda d: "sửa id" not in (d.hint or "")),
    case("id-differs-from-file-name", {QX: qa(id="vung-do")}, QX, "L208", 2, 5, "id", message="x.md",
         hint="vung-do.md"),
    # -- L209 implicit types --------------------------------------------------------------
    case("unquoted-no", {QX: qa(title="no")}, QX, "L209", 3, 8, "title", message="boolean", hint='"no"'),
    case("unquoted-yes", {QX: qa(title="yes")}, QX, "L209", 3, 8, "title", message="boolean"),
    case("unquoted-1.10", {QX: qa(title="1.10")}, QX, "L209", 3, 8, "title", message="số thực", hint='"1.10"'),
    case("unquoted-8:30", {QX: qa(title="8:30")}, QX, "L209", 3, 8, "title", message="số nguyên"),
    case("unquoted-08:00", {QX: qa(title="08:00")}, QX, "L209", 3, 8, "title"),
    case("unquoted-number-id", {"hoi-dap/2021.md": qa(id="2021")}, "hoi-dap/2021.md", "L209", 2, 5, "id",
         hint='"2021"'),
    case("unquoted-on-in-status", {QX: qa(status="on")}, QX, "L209", 4, 9, "status"),
    case("unquoted-number-in-sms", {MX: msg(variants="\n  sms: 1022")}, MX, "L209", 10, 8, "variants.sms"),
    # -- L210 date order ----------------------------------------------------------------
    case("valid-until-before-valid-from", {QX: qa(valid_from="2026-11-01", valid_until="2026-10-01")},
         QX, "L210", 9, 14, "valid_until", hint="2026-11-01"),
    # -- L211 not NFC ---------------------------------------------------------------------
    case("nfd-title", {QX: qa(title=nfd("Tiếng Việt"))}, QX, "L211", 3, 8, "title"),
    case("nfd-body", {QX: qa(body="Dòng một.\n\nNói " + nfd("Tiếng Việt") + "\n")}, QX, "L211", 12, 7),
    # -- L212 mojibake --------------------------------------------------------------------
    case("mojibake-upper-in-body", {QX: qa(body="Dòng một.\n\nCác TRƢỜNG HỌC đóng cửa.\n")}, QX, "L212", 12, 7,
         message="U+01A2", hint='"TRƯỜNG"'),
    case("mojibake-lower-in-title", {QX: qa(title="Ngƣời dân cần làm gì?")}, QX, "L212", 3, 8, "title",
         hint="Người dân"),
    case("mojibake-eth-in-body", {QX: qa(body="Ðảng bộ lãnh đạo.\n")}, QX, "L212", 10, 1, hint='"Đảng"'),
    # UTF-8 read as Windows-1252, as copied from a mis-decoded web page or CSV
    case("utf8-as-cp1252-in-body", {QX: qa(body="Dòng một.\n\nNgÆ°á»\x9di dân ở vùng xanh.\n")}, QX, "L212", 12, 3,
         message=("Windows-1252", '"Æ°"', '"ư"'), hint='"Người"'),
    case("utf8-as-cp1252-in-title", {QX: qa(title="Vùng xanh lÃ\u00a0 gÃ¬?")}, QX, "L212", 3, 19, "title",
         message='"à"', hint='"Vùng xanh là gì?"'),
    case("utf8-as-cp1252-nbsp-lost", {QX: qa(title="Vùng xanh lÃ  gÃ¬?")}, QX, "L212", 3, 23, "title",
         message='"ì"', hint="chép lại"),
    case("utf8-as-cp1252-quotes", {QX: qa(body="Gọi là â€œvùng xanhâ€\x9d.\n")}, QX, "L212", 10, 8,
         message='"“"', hint='"“vùng"'),
    case("utf8-as-cp1252-with-lost-byte", {QX: qa(title="Ä‘Ã i phÃ¡t thanh")}, QX, "L212", 3, 8, "title",
         hint="chép lại"),
    # -- L213 unsafe HTML -----------------------------------------------------------------
    # One report per line hid the second problem of a line until the first was fixed.
    case("script-link-beside-iframe", {QX: qa(body="Xem [a](javascript:alert(1)) <iframe src=x></iframe>\n")},
         QX, "L214", 10, 9),
    case("script-tag", {QX: qa(body="Dòng một.\n\n<script>alert(1)</script>\n")}, QX, "L213", 12, 1,
         message="<script>"),
    case("iframe-tag", {QX: qa(body='Xem video: <iframe src="https://example.org/v"></iframe>\n')}, QX, "L213",
         10, 12),
    case("onclick-attribute", {QX: qa(body='Dòng một.\n\n<a href="/hoi-dap/" onclick="steal()">bấm</a>\n')},
         QX, "L213", 12, 1, message="onclick"),
    case("attr-list-onclick", {QX: qa(body='Dòng một.\n\nBấm vào đây {: onclick="x" }\n')}, QX, "L213", 12, 13),
    case("svg-onload", {QX: qa(body="<svg onload=alert(1)>\n")}, QX, "L213", 10, 1),
    # -- L214 unsafe links ----------------------------------------------------------------
    case("javascript-link", {QX: qa(body="Dòng một.\n\n[bấm vào đây](javascript:alert(1))\n")}, QX, "L214", 12,
         message="javascript:"),
    case("data-link", {QX: qa(body="[ảnh](data:text/html;base64,PHNjcmlwdD4=)\n")}, QX, "L214", 10,
         message="data:"),
    case("javascript-reference-definition", {QX: qa(body="[bấm][a]\n\n[a]: javascript:alert(1)\n")}, QX, "L214",
         12),
    case("javascript-link-column", {QX: qa(body="[bấm vào đây](javascript:alert(1))\n")}, QX, "L214", 10, 15),
    case("javascript-indented-reference-definition",
         {QX: qa(body="[bấm][a]\n\n   [a]: javascript:alert(1)\n")}, QX, "L214", 12),
    # -- L215 document number (a warning) -------------------------------------------------
    case("number-fits-no-pattern", {DX: doc(number='"Số 44/KH"')}, DX, "L215", 6, 9, "number", warning=True,
         message="Số 44/KH"),
    case("number-with-space", {DX: doc(number='"44-KH/ ThU"')}, DX, "L215", 6, 9, "number", warning=True,
         hint="44-KH/ThU"),
    # -- L216 too long / wrong characters -------------------------------------------------
    case("sms-with-diacritics", {MX: msg(variants="\n  sms: Gọi 1022 khi cần hỗ trợ")}, MX, "L216", 10, 8,
         "variants.sms", message="GSM-7"),
    case("sms-over-160", {MX: msg(variants="\n  sms: " + "Goi 1022 " * 18)}, MX, "L216", 10, 8, "variants.sms",
         message="dài 161"),
    case("led-over-60", {MX: msg(variants="\n  led: " + "Gọi 1022 khi cần hỗ trợ " * 3)}, MX, "L216", 10, 8,
         "variants.led", message="dài 71 ký tự"),
    case("key-message-over-27-words", {MX: msg(key_messages="\n  - text: " + "một " * 28)}, MX, "L216", 15, 11,
         "key_messages[0].text", message="28 từ"),
    case("title-over-300", {QX: qa(title="Vùng xanh " * 31)}, QX, "L216", 3, 8, "title", message="309"),
    case("sms-with-non-gsm-letter", {MX: msg(variants="\n  sms: Bà con ở nhà goi 1022")}, MX, "L216", 10, 8,
         "variants.sms", message="ở"),
    case("sms-only-gsm7-accented-letters", {MX: msg(variants="\n  sms: Bà con tai nhà goi 1022")}, MX, "L216",
         10, 8, "variants.sms"),
    case("sms-hint-keeps-capitals", {MX: msg(variants="\n  sms: Gọi 1022 ngay")}, MX, "L216", 10, 8,
         "variants.sms", hint="Goi 1022 ngay"),
    # -- L218 empty value -----------------------------------------------------------------
    case("empty-quoted-title", {QX: qa(title='""')}, QX, "L218", 3, 8, "title"),
    case("null-title", {QX: qa(title="")}, QX, "L218", 3, None, "title"),
    case("no-audience", {MX: msg(audiences="[]")}, MX, "L218", 6, 12, "audiences"),
    case("no-sources", {QX: qa(sources="[]")}, QX, "L202", 6, 10, "sources", message="nguồn"),
    case("draft-without-sources-only-warns", {QX: qa(status="draft", sources="[]")}, QX, "L222", 6, 10, "sources",
         warning=True),
    case("placeholder-left-in-approved", {QX: qa(title='"[CẦN ĐIỀN] câu hỏi"')}, QX, "L223", 3, 8, "title"),
    case("placeholder-in-draft-only-warns", {QX: qa(status="draft", title='"[CẦN ĐIỀN] câu hỏi"')}, QX, "L222", 3, 8,
         "title", warning=True),
    # -- L219 U+FFFD ----------------------------------------------------------------------
    case("bracket-flood", {QX: qa(body="Dòng một.\n\n" + "[" * 400 + "\n")}, QX, "L224", 12, 1, message="400"),
    case("nested-too-deep", {QX: qa(body="> " * 20 + "trích dẫn\n")}, QX, "L224", 10, 1, message="lồng nhau"),
    case("replacement-char-in-body", {QX: qa(body="Dòng một.\n\nKhu v\ufffdc phong tỏa.\n")}, QX, "L219", 12, 6),
    case("replacement-char-in-title", {QX: qa(title="Khu v\ufffdc phong tỏa")}, QX, "L219", 3, 8, "title"),
    # -- L221 control characters --------------------------------------------------------
    case("control-character-in-body", {QX: qa(body="Dòng một.\n\nVùng\x0bxanh.\n")}, QX, "L221", 12, 5,
         message="U+000B"),
    case("control-character-escaped-in-title", {QX: qa(title='"Vùng\\axanh"')}, QX, "L221", 3, 8, "title",
         message="U+0007"),
    # -- L220 too many items --------------------------------------------------------------
    case("four-key-messages", {MX: msg(key_messages="\n  - text: Một\n  - text: Hai\n  - text: Ba\n  - text: Bốn")},
         MX, "L220", 15, 3, "key_messages", message="4 phần tử"),
    case("four-facts-for-one-key-message", {MX: msg(key_messages="\n  - text: Một\n    facts: [a, b, c, d]")},
         MX, "L220", 16, 12, "key_messages[0].facts", message="4 phần tử"),
    case("message-without-concern", {MX: msg(concern=None)}, MX, "L202", 1, 1, "concern"),
    case("thirteen-checklist-items", {IX: infographic(data="\n  items:" + "".join(f"\n    - label: Mục {i}" for i in range(13)))},
         IX, "L220", 9, 5, "data.items", message="13"),
    # -- L114 paths loa check cannot check --------------------------------------------------
    case("path-outside-content", {"../hoi-dap/x.md": qa(status="bogus", reviewed="hôm qua")}, "./hoi-dap/x.md",
         "L114", 1, 1, message="nằm ngoài thư mục nội dung", hint="content/", only=("hoi-dap/x.md",)),
    case("folder-outside-content", {"../ghi-chu/x.md": qa()}, "./ghi-chu", "L114", 1, 1, message="thư mục",
         only=("ghi-chu",)),
    case("path-that-does-not-exist", {}, "hoi-dap/khong-co.md", "L114", 1, 1, message="không có tệp",
         only=("content/hoi-dap/khong-co.md",)),
    # -- L115 more than one YAML document -----------------------------------------------------
    case("second-fence-block", {QX: qa(body="valid_until: 2026-12-01\n---\n\nCâu trả lời.\n")}, QX, "L115", 10, 1),
    case("dots-then-second-document",
         {QX: qa().replace("\n---\n\n", "\n...\n---\nvalid_until: 2026-12-01\n---\n\n")}, QX, "L115", 9, 1),
    case("second-document-in-yaml-file", {IX: infographic() + "---\nid: y\n"}, IX, "L115", 12, 1),
    # -- L213 HTML in fields (what the build's sanitiser and page guard refuse) ---------------
    case("svg-onload-in-title", {QX: qa(title="Vùng xanh <svg/onload=alert(1)>")}, QX, "L213", 3, 8, "title",
         message="<svg/onload"),
    case("img-onerror-in-loudspeaker-text", {MX: msg(
        variants="\n  sms: Goi 1022\n  led: Gọi 1022\n  loudspeaker: '<img src=x onerror=alert(1)>'")},
         MX, "L213", 12, 16, "variants.loudspeaker"),
    case("closing-tag-in-fact", {MX: msg(key_messages="\n  - text: Gọi 1022.\n    facts: ['a</li><li>b']")},
         MX, "L213", 16, 13, "key_messages[0].facts[0]"),
    case("comment-in-document-subject", {DX: doc(subject='"công tác <!-- x --> tuyên truyền"')}, DX, "L213", 10, 10,
         "subject"),
    case("script-in-infographic-label", {IX: infographic(data="\n  items:\n    - label: <script>x</script>")},
         IX, "L213", 9, 14, "data.items[0].label"),
    # -- L225 invisible characters, L226 direction controls ------------------------------------
    case("zero-width-space-in-body", {QX: qa(body="Vùng\u200bxanh.\n")}, QX, "L225", 10, 5, message="U+200B"),
    case("zero-width-joiner-in-title", {QX: qa(title="Vùng\u200dxanh")}, QX, "L225", 3, 12, "title",
         message="U+200D"),
    case("zero-width-non-joiner-in-quoted-title", {QX: qa(title='"Vùng \u200cxanh"')}, QX, "L225", 3, 14, "title",
         message="U+200C"),
    case("word-joiner-in-body", {QX: qa(body="Dòng một.\n\nGọi\u20601022.\n")}, QX, "L225", 12, 4,
         message="U+2060"),
    case("soft-hyphen-in-body", {QX: qa(body="Dòng một.\n\nPhòng chống dịch bệnh truyền\u00adnhiễm.\n")}, QX, "L225",
         12, 29, message="U+00AD"),
    case("soft-hyphen-in-sms", {MX: msg(variants="\n  sms: Goi 10\u00ad22\n  led: Gọi 1022\n  loudspeaker: Hãy gọi 1022.")},
         MX, "L225", 10, 14, "variants.sms", message="U+00AD"),
    case("stray-bom-in-body", {QX: qa(body="Câu một.\ufeffCâu hai.\n")}, QX, "L225", 10, 9, message="U+FEFF"),
    case("rlo-in-body", {QX: qa(body="Gọi số \u202e2201\u202c.\n")}, QX, "L226", 10, 8, message="RLO"),
    case("rlm-in-sms", {MX: msg(variants="\n  sms: Goi\u200f 1022\n  led: Gọi 1022\n  loudspeaker: Hãy gọi 1022.")},
         MX, "L226", 10, 11, "variants.sms", message="RLM"),
    case("isolate-in-slogan", {SX: slogan(text="Khẩu trang \u2066- Khoảng cách")}, SX, "L226", 6, 18, "text",
         message="LRI"),
    # -- L227 images from another host ---------------------------------------------------------
    case("external-image-inline", {QX: qa(body="Ảnh: ![bản đồ](https://cdn.example.com/a.png)\n")}, QX, "L227",
         10, 16, message="cdn.example.com", hint="allowed_hosts"),
    case("external-image-protocol-relative", {QX: qa(body="Dòng một.\n\n![a](//cdn.example.com/a.png)\n")}, QX,
         "L227", 12, 6),
    case("external-image-raw-img", {QX: qa(body='<img alt="a" src="https://anh.example.org/b.jpg">\n')}, QX,
         "L227", 10, 19, message="anh.example.org"),
    case("external-image-by-reference", {QX: qa(body="![bản đồ][bd]\n\n[bd]: https://cdn.example.com/a.png\n")},
         QX, "L227", 12, 7),
    case("external-image-host-not-the-allowed-one", {QX: qa(body="![a](https://cdn.example.com/a.png)\n")}, QX,
         "L227", 10, 6, allowed_hosts=("anh.tinh.gov.vn",)),
    # -- L312 local image the site does not have --------------------------------------------
    # The hint spoke of .md pages; the only local images are the charts drawn from infographics.
    case("missing-local-image", {QX: qa(body="![bản đồ](anh/ban-do.png)\n")}, QX, "L312", 10, 11,
         message="anh/ban-do.png", hint="infographic", check=lambda d: ".md" not in (d.hint or "")),
    case("image-of-a-draft-infographic", {IX: infographic(status="draft"),
                                          "hoi-dap/y.md": qa(body="![a](/infographic/x/x.svg)\n", id="y")},
         "hoi-dap/y.md", "L312", 10, 6, message="chưa công bố"),
    # -- L301 unknown document ------------------------------------------------------------
    case("source-unknown-document", {QX: qa(sources="\n  - document: ke-hoach-44-kh-thu")}, QX, "L301", 7, 15,
         "sources[0].document", hint='"ke-hoach-43-kh-thu"'),
    case("source-is-not-a-document", {QX: qa(sources="\n  - document: vung-xanh-la-gi")}, QX, "L301", 7, 15,
         "sources[0].document"),
    case("based-on-unknown-document", {DX: doc(based_on="\n  - relation: thuc-hien\n    document: ke-hoach-99")},
         DX, "L301", 13, 15, "based_on[0].document"),
    case("superseded-by-unknown", {DX: doc(force="superseded", superseded_by="ke-hoach-99")}, DX, "L301", 12, 16,
         "superseded_by"),
    # -- L302 unknown section -------------------------------------------------------------
    case("source-unknown-section", {QX: qa(sources="\n  - document: ke-hoach-43-kh-thu\n    section: muc-ii-1")},
         QX, "L302", 8, 14, "sources[0].section", hint=("muc-i", "muc-i-1")),
    case("attachment-unknown-section", {DX: doc(attachments="\n  - title: Phụ lục\n    section: phu-luc")},
         DX, "L302", 13, 14, "attachments[0].section"),
    # -- L303 broken link -----------------------------------------------------------------
    case("link-to-missing-page", {QX: qa(body="Dòng một.\n\nXem [kế hoạch](../van-ban/khong-co.md) nhé.\n")},
         QX, "L303", 12, 16, message="../van-ban/khong-co.md"),
    case("absolute-link-to-missing-page", {QX: qa(body="Xem [trang](/van-ban/khong-co/).\n")}, QX, "L303", 10,
         13),
    case("link-to-wrong-folder", {QX: qa(body="Xem [kế hoạch](../hoi-dap/ke-hoach-43-kh-thu.md).\n")}, QX,
         "L303", 10, 16),
    case("reference-definition-to-missing-page",
         {QX: qa(body="Xem [kế hoạch][kh].\n\n[kh]: ../van-ban/khong-co.md\n")}, QX, "L303", 12, 7),
    case("public-page-links-to-draft",
         {"hoi-dap/nhap.md": DRAFT_QA, QX: qa(body="Dòng một.\n\nXem thêm [câu này](nhap.md).\n")},
         QX, "L303", 12, 20, message="draft"),
    # -- L304 broken anchor ---------------------------------------------------------------
    case("link-to-missing-anchor",
         {QX: qa(body="Dòng một.\n\nXem [mục II](../van-ban/ke-hoach-43-kh-thu.md#muc-ii).\n")},
         QX, "L304", 12, 14, message="#muc-ii", hint="muc-i-1"),
    case("same-page-missing-anchor", {DX: doc(body=DOC_BODY + "\nXem [mục II](#muc-ii).\n")}, DX, "L304", 19, 14),
    case("anchor-on-page-without-anchors",
         {DX: doc(body=DOC_BODY + "\nXem [câu hỏi](../hoi-dap/vung-xanh-la-gi.md#tra-loi).\n")}, DX, "L304", 19,
         15, check=lambda d: not d.hint.rstrip().endswith(":")),
    # -- L305 / L306 freshness warnings ---------------------------------------------------
    case("expiring-in-7-days", {QX: qa(valid_until="2026-11-30")}, QX, "L305", 8, 14, "valid_until", warning=True,
         message="7 ngày"),
    case("reviewed-long-ago", {QX: qa(reviewed="2026-01-02")}, QX, "L306", 5, 11, "reviewed", warning=True,
         message="325 ngày"),
    case("reviewed-in-the-future", {QX: qa(reviewed="2062-11-23")}, QX, "L311", 5, 11, "reviewed",
         message=("2062-11-23", "chưa tới"), hint="không sau ngày hôm nay"),
    case("document-reviewed-in-the-future", {DX: doc(reviewed="2062-01-05")}, DX, "L311", 5, 11, "reviewed"),
    # -- L307-L309 place and period -------------------------------------------------------
    case("scope-wider-than-nothing",
         {QX: qa(scope="\n  extent: wider\n  places: [{level: province, name: Kiên Giang}]\n  reason: Áp dụng rộng")},
         QX, "L307", 10, 11, "scope.places", message=("Kiên Giang", "TP. Lai Châu"), hint="bỏ trường scope"),
    case("scope-says-narrower-but-is-wider",
         {QX: qa(scope="\n  extent: narrower\n  places: [{level: national}]\n  reason: Chủ trương chung")},
         QX, "L307", 10, 11, "scope.places", message="hẹp hơn", hint="extent: wider"),
    case("scope-same-as-sources",
         {QX: qa(scope="\n  extent: narrower\n  places: [{level: district, name: TP. Lai Châu, province: Lai Châu}]"
                       "\n  reason: Chỉ thành phố")},
         QX, "L307", 10, 11, "scope.places", message="trùng"),
    case("reconfirmed-in-the-future",
         {QX: qa(reconfirmed="\n  date: 2026-12-24\n  reason: Đã đối chiếu quy định hiện hành")},
         QX, "L308", 9, 9, "reconfirmed.date", hint="2026-11-23"),
    case("reconfirmed-before-its-source",
         {QX: qa(reconfirmed="\n  date: 2021-01-05\n  reason: Đã đối chiếu")},
         QX, "L308", 9, 9, "reconfirmed.date", message="43-KH/ThU"),
    case("issuer-without-place",
         {"danh-muc/co-quan.yml": "- id: thanh-uy-lai-chau\n  name: Thành ủy Lai Châu\n"},
         "van-ban/ke-hoach-43-kh-thu.md", "L309", 8, 9, "issuer", hint=("co-quan.yml", "level:")),
    case("district-without-province",
         {"danh-muc/co-quan.yml": "- id: thanh-uy-lai-chau\n  name: Thành ủy Lai Châu\n  place:\n"
                                  "    level: district\n    name: TP. Lai Châu\n"},
         "danh-muc/co-quan.yml", "L202", 4, 12, "[0].place.level", hint="province: Lai Châu"),
    case("place-level-typo",
         {"danh-muc/co-quan.yml": "- id: thanh-uy-lai-chau\n  name: Thành ủy Lai Châu\n  place: {level: provice}\n"},
         "danh-muc/co-quan.yml", "L205", 3, 18, "[0].place.level", hint='"province"'),
    case("period-ends-before-issue", {DX: doc(period="\n  until: 2020-12-31\n  quote: đến hết năm 2020")},
         DX, "L210", 12, 10, "period.until"),
    case("sms-without-place", {MX: msg(variants="\n  sms: Goi 1022 khi can ho tro\n  led: Lai Châu - gọi 1022\n  loudspeaker: KH 43-KH/ThU - gọi 1022.")},
         MX, "L310", 10, 8, "variants.sms", message=("SMS", "TP. Lai Châu (Lai Châu)"), hint='"Lai Chau: "'),
    case("led-names-another-province", {MX: msg(variants="\n  sms: Lai Chau - goi 1022\n  led: Kiên Giang - gọi 1022\n  loudspeaker: KH 43-KH/ThU - gọi 1022.")},
         MX, "L310", 11, 8, "variants.led", message="LED", hint='"Lai Châu: "'),
    case("loudspeaker-only-says-the-plan", {MX: msg(variants="\n  sms: Lai Chau - goi 1022\n  led: Lai Châu - gọi 1022\n  loudspeaker: Theo kế hoạch, hãy gọi 1022.")},
         MX, "L310", 12, 16, "variants.loudspeaker", message="loa"),
    # Every problem at once: a text over its channel's limit still gets its L310.
    case("led-too-long-and-without-place", {MX: msg(variants="\n  sms: Lai Chau - goi 1022\n  led: "
                                                     + "Gọi 1022 khi cần hỗ trợ " * 3 + "\n  loudspeaker: KH 43-KH/ThU - gọi 1022.")},
         MX, "L310", 11, 8, "variants.led", message="LED"),
    case("sms-too-long-and-without-place", {MX: msg(variants="\n  sms: " + "Goi 1022 " * 18
                                                     + "\n  led: Lai Châu - gọi 1022\n  loudspeaker: KH 43-KH/ThU - gọi 1022.")},
         MX, "L310", 10, 8, "variants.sms", message="SMS"),
    case("draft-sms-without-place-only-warns",
         {MX: msg(status="draft", variants="\n  sms: Goi 1022\n  led: Lai Châu - gọi 1022\n  loudspeaker: KH 43-KH/ThU - gọi 1022.")},
         MX, "L310", 10, 8, "variants.sms", warning=True),
    case("period-section-missing", {DX: doc(period="\n  until: 2021-12-31\n  quote: đến hết năm 2021\n  section: muc-ii")},
         DX, "L302", 14, 12, "period.section"),
]




def valid(name: str, files: dict[str, str | bytes | Link | None], xfail: str | None = None) -> Any:
    return pytest.param(files, id=name, marks=[pytest.mark.xfail(strict=True, reason=xfail)] if xfail else [])


# Files near the edges of the rules above that are fine and must stay free of diagnostics.
VALID = [
    valid("utf8-bom", {QX: "\ufeff" + qa()}),
    valid("crlf-line-endings", {QX: qa().replace("\n", "\r\n")}),
    valid("closing-fence-dots", {QX: qa().replace("\n---\n\n", "\n...\n\n")}),
    valid("closing-fence-trailing-spaces", {QX: qa().replace("\n---\n\n", "\n---   \n\n")}),
    valid("quoted-implicit-values", {QX: qa(title='"08:00"', valid_from='"2026-11-01"')}),
    valid("link-with-title-and-angle-brackets",
          {QX: qa(body='Xem [a](../van-ban/ke-hoach-43-kh-thu.md "Kế hoạch") và [b](<../van-ban/ke-hoach-43-kh-thu.md>).\n')}),
    valid("links-to-hubs-and-page-urls",
          {QX: qa(body="Xem [văn bản](../van-ban/), [trang chủ](/) và [mục I](/van-ban/ke-hoach-43-kh-thu/#muc-i).\n")}),
    # Every hub the build makes is a link target (loa.sections): /doi-tuong/ was reported broken.
    valid("links-to-every-hub",
          {QX: qa(body="Xem [đối tượng](/doi-tuong/), [cũng vậy](../doi-tuong/index.md), [dữ liệu mở](/du-lieu-mo/), "
                       "[thay đổi](/thay-doi/), [tìm](/tim-kiem/) và [thông điệp](../thong-diep/).\n")}),
    valid("heading-and-paragraph-anchors",
          {QX: qa(body="## Mục một\n\nĐiểm một. {: #diem-1 }\n\nXem [mục](#muc-mot) và [điểm](#diem-1).\n")}),
    # A footnote's text is not a link target: "[^1]: Chú thích" was reported as a broken link to "Chú".
    valid("footnotes-and-abbreviations",
          {QX: qa(body="Gọi 1022[^1] hoặc nhắn SMS[^ghi-chu].\n\n[^1]: Chú thích một.\n[^ghi-chu]: Theo kế hoạch.\n\n"
                       "*[SMS]: tin nhắn ngắn\n")}),
    valid("fenced-code-is-not-checked",
          {QX: qa(body="```html\n<script>x</script>\n[a](khong-co.md)\n```\n\n~~~\n[b](javascript:x)\n~~~\n")}),
    valid("links-to-audience-handouts",
          {QX: qa(body="Xem [người dân](/doi-tuong/nguoi-dan/) và [cán bộ](../doi-tuong/can-bo-dang-vien.md).\n")}),
    valid("image-drawn-from-an-infographic", {IX: infographic(), "hoi-dap/y.md": qa(
        id="y", body="![a](/infographic/x/x.svg) ![b](../infographic/x/x.svg)\n")}),
    valid("document-numbers", {DX: doc(number='"-KH/BTGTU"'), "van-ban/y.md": doc(id="y", number='"8232/VP-KGVX"'),
                               "van-ban/z.md": doc(id="z", number="null")}),
    valid("sms-with-gsm7-extension-characters", {MX: msg(
        variants="\n  sms: Lai Chau - goi 1022 [24/7] de duoc ho tro\n  led: Lai Châu - gọi 1022\n  loudspeaker: KH 43-KH/ThU - gọi 1022.")}),
    valid("channel-texts-name-the-document-number",
          {MX: msg(variants="\n  sms: KH 43-KH/ThU - goi 1022\n  led: 43-KH/ThU - gọi 1022\n  loudspeaker: Kế hoạch 43-KH/ThU - gọi 1022.")}),
    valid("inline-code-mentions-script-tag", {QX: qa(body="Không chèn thẻ `<script>` vào bài.\n")}),
    valid("inline-code-shows-link-syntax", {QX: qa(body="Cú pháp liên kết: `[chữ](duong-dan.md)`.\n")}),
    valid("less-than-sign-in-title", {QX: qa(title='"Số ca < 1.000 & > 5 thì sao?"')}),
    valid("emoji-with-joiner", {QX: qa(body="Gia đình 👨\u200d👩\u200d👧 ở nhà.\n")}),
    valid("link-to-another-host-is-not-an-image", {QX: qa(body="Xem [trang](https://chinhphu.vn/a.png).\n")}),
    valid("body-starting-with-a-rule", {QX: qa(body="---\n\nCâu trả lời.\n")}),
    valid("longer-fence-contains-shorter-fence",
          {QX: qa(body="````markdown\n```\n[a](khong-co.md)\n```\n````\n")}),
]


# ---------------------------------------------------------------------------- the tests


def _write_links(content: Path, files: dict[str, str | bytes | Link | None]) -> None:
    for rel, value in files.items():
        if isinstance(value, Link):
            (content / rel).parent.mkdir(parents=True, exist_ok=True)
            (content / rel).symlink_to(value.target)


def _check(make_site: Callable[..., Path], files: dict[str, str | bytes | Link | None],
           options: tuple[tuple[str, Any], ...] = ()) -> Report:
    content = make_site({k: v for k, v in files.items() if not isinstance(v, Link)})
    _write_links(content, files)
    kwargs = dict(options)
    if "only" in kwargs:
        kwargs["only"] = [Path(p) for p in kwargs["only"]]
    return check_site(content, today=TODAY, **kwargs)


def _matches(d: Diagnostic, c: Case) -> bool:
    # A path starting with "./" is outside content/ (relative to the working directory).
    return (
        d.code == c.code
        and d.location.path == (c.path[2:] if c.path.startswith("./") else f"content/{c.path}")
        and d.location.line == c.line
        and (c.col is None or d.location.col == c.col)
        and d.field == c.field
        and all(text in d.message for text in c.message)
        and all(text in (d.hint or "") for text in c.hint)
        and (c.check is None or c.check(d))
    )


@pytest.mark.parametrize("c", CASES)
def test_broken_file_is_reported(c: Case, make_site: Callable[..., Path]) -> None:
    report = _check(make_site, c.files, c.options)
    found = [d for d in report.diagnostics if _matches(d, c)]
    want = f"{c.code} at content/{c.path}:{c.line}:{c.col or '*'} [{c.field}] message∋{c.message} hint∋{c.hint}"
    assert found, f"expected {want}\ngot:\n{report.format()}"
    if c.warning:
        assert found[0].severity is Severity.WARNING
        assert not report.failed(), report.format()
        assert report.failed(strict=True)
    else:
        assert found[0].severity is Severity.ERROR
        assert report.failed()
    for d in report.diagnostics:
        assert d.message.strip(), d.format()
        assert d.hint and d.hint.strip(), d.format()


@pytest.mark.parametrize("files", VALID)
def test_valid_file_is_clean(files: dict[str, str | bytes | Link | None], make_site: Callable[..., Path]) -> None:
    report = _check(make_site, files)
    assert report.diagnostics == [], report.format()


def test_base_site_is_clean(make_site: Callable[..., Path]) -> None:
    """The table relies on the base site reporting nothing by itself."""
    report = _check(make_site, {})
    assert report.diagnostics == [], report.format()


def test_no_case_raises(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every file of both tables gives diagnostics, never a traceback (xfail cases included)."""
    crashed = []
    for param in [*CASES, *VALID]:
        (value,) = param.values
        files = value.files if isinstance(value, Case) else value
        root = tmp_path_factory.mktemp("case")
        for rel, text in {**MINIMAL_SITE, **files}.items():
            if text is None or isinstance(text, Link):
                continue
            path = root / "content" / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(text, bytes):
                path.write_bytes(text)
            else:
                path.write_text(text, encoding="utf-8")
        _write_links(root / "content", files)
        monkeypatch.chdir(root)
        try:
            options = dict(value.options) if isinstance(value, Case) else {}
            if "only" in options:
                options["only"] = [Path(p) for p in options["only"]]
            report = check_site(root / "content", today=TODAY, **options)
            report.format()
            report.format("github")
        except Exception as exc:  # noqa: BLE001 - the point is to catch any escape
            crashed.append(f"{param.id}: {type(exc).__name__}: {exc}")
    assert not crashed, "check_site raised on:\n" + "\n".join(crashed)


# Catalogue codes no (passing) case exercises, and why.
NOT_COVERED = {
    "L217": "no field declares deprecated_for yet, so no file can trigger deprecated-field",
    "L113": "needs 50,000 files; tests/test_robustness.py lowers the limit to exercise it",
    "L228": "needs a git base branch (loa check --changed); tests/test_history.py builds a repository for it",
}


def test_every_code_has_a_hint_and_a_case() -> None:
    exercised = {p.values[0].code for p in CASES if not p.marks}
    for code, entry in CATALOGUE.items():
        assert entry.hint.strip(), f"{code} has no hint"
        assert entry.summary.strip(), f"{code} has no summary"
        if code in NOT_COVERED:
            assert code not in exercised, f"{code} is covered now: remove it from NOT_COVERED"
        else:
            assert code in exercised, f"no passing case exercises {code} {entry.name}"
    assert set(NOT_COVERED) <= set(CATALOGUE)
    assert len(CASES) >= 45


def test_case_ids_are_unique() -> None:
    ids = [p.id for p in CASES]
    assert len(ids) == len(set(ids))


def test_protocol_relative_image_is_one_problem(make_site: Callable[..., Path]) -> None:
    """`//host/x.png` is an image from another host: L227 alone, not also a broken link (L303)."""
    report = _check(make_site, {QX: qa(body="![a](//cdn.example.com/a.png) và [b](//cdn.example.com/trang)\n")})
    assert [d.code for d in report.diagnostics] == ["L227"], report.format()


def test_file_count_is_the_same_with_or_without_the_content_folder(make_site: Callable[..., Path]) -> None:
    """`loa check` and `loa check content/` read the same files and say so (taxonomies included)."""
    from click.testing import CliRunner

    from loa.cli import main

    content = make_site({QX: qa()})
    files = len([p for p in content.rglob("*") if p.is_file()])
    for args in (["check"], ["check", "content/"]):
        result = CliRunner().invoke(main, args)
        assert result.output.rstrip().endswith(f"trong {files} tệp."), (args, result.output)


def test_a_tag_is_one_problem(make_site: Callable[..., Path]) -> None:
    """`<iframe …></iframe>` and `<iframe onload=…>` are one unsafe tag each: one error, not one per pattern."""
    report = _check(make_site, {QX: qa(body="<iframe src=x></iframe>\n\n<iframe onload=x></iframe>\n")})
    assert [(d.code, d.location.line) for d in report.diagnostics] == [("L213", 10), ("L213", 12)], report.format()
