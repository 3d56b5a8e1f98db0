"""`loa check --fix-unicode`: rewrite content files to NFC, known mojibake repaired, invisible characters removed."""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import unicodedata
from collections.abc import Iterator
from pathlib import Path

from loa.load import display_path
from loa.text.vi import INVISIBLE, MOJIBAKE, MOJIBAKE_TABLE, find_utf8_mojibake, repair_mojibake, strip_invisible

# Fields that record the source's own broken characters (Document.corrections[].original).
VERBATIM_KEY = re.compile(r"^\s*(?:-\s+)?original\s*:")


def fix_unicode_in(files: list[Path]) -> Iterator[str]:
    """Repair each file in place (atomically) and yield one line per change made."""
    for file in files:
        if not file.is_file():
            continue
        raw = file.read_bytes()
        bom = raw.startswith(b"\xef\xbb\xbf")
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            continue  # `loa check` reports it (L101); guessing an encoding could lose text
        fixed_lines = []
        changes = []
        for n, line in enumerate(text.split("\n"), start=1):
            if VERBATIM_KEY.match(line):  # a record of the source's broken characters stays as it is
                fixed_lines.append(line)
                continue
            new = unicodedata.normalize("NFC", repair_mojibake(strip_invisible(line)))
            if new != line:
                found = sorted({c for c in line if c in MOJIBAKE})
                what = ", ".join(f"{c!r} → {MOJIBAKE[c]!r} ({line.count(c)}×)" for c in found)
                utf8 = find_utf8_mojibake(line)
                if utf8 and repair_mojibake(line) != line.translate(MOJIBAKE_TABLE):
                    pairs = ", ".join(dict.fromkeys(f"{bad!r} → {good!r}" for _, bad, good in utf8))
                    what = (what + ", " if what else "") + f"chữ hỏng mã UTF-8 {pairs}"
                removed = len(line) - len(strip_invisible(line))
                if removed:
                    names = ", ".join(sorted({f"U+{ord(c):04X}" for c in line if c in INVISIBLE}))
                    what = (what + "; " if what else "") + f"xóa {removed} ký tự vô hình ({names})"
                if not unicodedata.is_normalized("NFC", line):
                    what = (what + "; " if what else "") + "chuẩn hóa NFC"
                changes.append(f"{display_path(file)}:{n}: đã {what if what.startswith('xóa') else 'sửa ' + what}")
            fixed_lines.append(new)
        if not changes:
            continue
        data = ("\ufeff" if bom else "") + "\n".join(fixed_lines)
        fd, tmp = tempfile.mkstemp(dir=file.parent, prefix=".loa-fix-")
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
            out.write(data)
        shutil.copymode(file, tmp)
        os.replace(tmp, file)
        yield from changes
