"""`loa new`: a new content file with an id from its title, status draft, and every required field."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from loa.kinds import KINDS
from loa.load import iter_content_files
from loa.text.vi import nfc, slugify

MAX_ID = 80

class ScaffoldError(Exception):
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
    body = kind.scaffold.replace("{today}", today.isoformat())
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
