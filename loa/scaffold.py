"""`loa new`: a new content file with an id from its title, status draft, and every required field."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from loa.errors import LoaError
from loa.kinds import KINDS
from loa.kinds.base import PLACEHOLDER
from loa.load import iter_content_files
from loa.text.vi import nfc, slugify

MAX_ID = 80

# Per kind: the lines after the common head. Comments say what each field is and whether it is required.
BODIES = {
    "document": f'''number: null        # BẮT BUỘC: số, ký hiệu như văn bản ghi, ví dụ "43-KH/ThU"; null nếu không có
doc_type: KH        # BẮT BUỘC: KH, CV, HD, NQ, CT, TB, KL, QĐ
issuer: {PLACEHOLDER!r}   # BẮT BUỘC: id cơ quan trong content/danh-muc/co-quan.yml
issued_on: null     # BẮT BUỘC: YYYY-MM-DD; null nếu văn bản không ghi ngày
subject: "{PLACEHOLDER} trích yếu"   # BẮT BUỘC: trích yếu như văn bản ghi
place: null         # địa danh ở đầu văn bản
recipients: []      # Nơi nhận, mỗi dòng một mục
based_on: []        # Căn cứ: [{{relation: can-cu, citation: "..."}}]
---

{PLACEHOLDER} Toàn văn văn bản. Mục đánh số thành tiêu đề có neo, ví dụ:

## I. MỤC ĐÍCH, YÊU CẦU {{#muc-i}}
''',
    "qa": f'''audiences: [nguoi-dan]   # xem content/danh-muc/doi-tuong.yml
topics: []          # xem content/danh-muc/chu-de.yml
sources: []         # BẮT BUỘC trước khi gửi duyệt: [{{document: ke-hoach-43-kh-thu, section: muc-ii-1}}]
---

{PLACEHOLDER} Câu trả lời, chỉ theo đúng mục văn bản đã dẫn.
''',
    "slogan": f'''text: "{PLACEHOLDER} nguyên văn khẩu hiệu"   # BẮT BUỘC: chép đúng từng chữ trong văn bản
formats: [bang-ron, loa]   # BẮT BUỘC: bang-ron, led, sms, loa
topics: []
sources: []         # BẮT BUỘC trước khi gửi duyệt
---
''',
    "hotline": f'''summary: "{PLACEHOLDER} tóm tắt một câu"   # BẮT BUỘC
topics: [tong-dai-1022]
sources: []         # BẮT BUỘC trước khi gửi duyệt
---

## Gọi 1022 để hỏi gì

{PLACEHOLDER}
''',
    "message": f'''audiences: [nguoi-dan]   # BẮT BUỘC: ít nhất một đối tượng
topics: []
concern: "{PLACEHOLDER} câu hỏi của người nghe"   # BẮT BUỘC
key_messages:       # BẮT BUỘC: 1–3 ý, mỗi ý ≤ 27 từ, tối đa 3 dữ kiện
  - text: "{PLACEHOLDER} ý chính"
    facts: []
variants:           # BẮT BUỘC cả ba
  sms: "[CAN DIEN] khong dau, toi da 160 ky tu"
  led: "{PLACEHOLDER} ≤ 60 ký tự"
  loudspeaker: "{PLACEHOLDER} lời đọc trên loa"
valid_from: {{today}}
sources: []         # BẮT BUỘC trước khi gửi duyệt
---

{PLACEHOLDER} Diễn giải.
''',
    "infographic": f'''type: checklist     # BẮT BUỘC: checklist, zones, levels, schedule, matrix
description: "{PLACEHOLDER} mô tả cho người đọc màn hình"
topics: []
sources: []         # BẮT BUỘC trước khi gửi duyệt
data:
  items:
    - label: "{PLACEHOLDER} nhãn"
''',
}


class ScaffoldError(LoaError):
    """The file cannot be created; the message says why."""


def existing_ids(content: Path) -> set[str]:
    return {p.stem for p in iter_content_files(content) if p.suffix in (".md", ".yml")}


def new_id(title: str, taken: set[str]) -> str:
    """An ASCII id from the title, cut at a word boundary, made unique with -2, -3 …"""
    base = slugify(title)[:MAX_ID].rstrip("-")
    if "-" in base and len(slugify(title)) > MAX_ID:
        base = base.rsplit("-", 1)[0]
    if not base:
        raise ScaffoldError("tiêu đề không có chữ hay số nào để tạo id")
    ident, n = base, 2
    while ident in taken:
        suffix = f"-{n}"
        ident = base[: MAX_ID - len(suffix)].rstrip("-") + suffix
        n += 1
    return ident


def scaffold(content: Path, kind_name: str, title: str, today: dt.date) -> Path:
    """Write a new draft and return its path; never touches an existing file."""
    kind = KINDS[kind_name]
    if not (content / "danh-muc").is_dir():
        raise ScaffoldError(f"không thấy thư mục nội dung {content}/ (có danh-muc/); chạy lệnh ở thư mục gốc của kho")
    title = nfc(" ".join(title.split()))
    ident = new_id(title, existing_ids(content))
    folder = content / kind.folder
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{ident}{kind.extension}"
    head = (f"id: {ident}\ntitle: {_quote(title)}\nstatus: draft      # draft → review → approved\n"
            f"reviewed: {today.isoformat()}   # ngày đối chiếu với văn bản nguồn\n")
    body = BODIES[kind_name].replace("{today}", today.isoformat())
    text = head + body if kind.extension == ".yml" else "---\n" + head + body
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL  # fails rather than overwrite, even in a race
    try:
        fd = os.open(path, flags, 0o644)
    except FileExistsError:
        raise ScaffoldError(f"{path} đã có; loa không ghi đè tệp") from None
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(text)
    return path


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
