"""Vietnamese text helpers: NFC, ASCII slugs, folding, collation, dates, mojibake."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from functools import lru_cache

# Characters that PDF text extraction puts in place of Vietnamese letters.
# "Ƣ" (U+01A2, LATIN CAPITAL LETTER OI) is what several PDF fonts map "Ư" to.
MOJIBAKE: dict[str, str] = {
    "\u01a2": "Ư",  # Ƣ
    "\u01a3": "ư",  # ƣ
    "\u00d0": "Đ",  # Ð (Icelandic eth) for Đ
    "\u00f0": "đ",  # ð (eth) for đ
    "\u0189": "Đ",  # Ɖ (African D) for Đ
}
REPLACEMENT_CHAR = "\ufffd"
MOJIBAKE_CHARS = re.compile("[" + "".join(MOJIBAKE) + "]")
# Unicode category Cc (C0 and C1 controls) except tab and newline, which text may hold.
CONTROL_CHARS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")

_ALPHABET = "aăâbcdđeêghiklmnoôơpqrstuưvxy"
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}  # huyền hỏi ngã sắc nặng
_NON_SLUG = re.compile(r"[^a-z0-9]+")


def looks_clean(text: str) -> bool:
    """Whether `text` has no control character, U+FFFD or mojibake and is NFC (one fast pass each)."""
    return (CONTROL_CHARS.search(text) is None and REPLACEMENT_CHAR not in text
            and MOJIBAKE_CHARS.search(text) is None and unicodedata.is_normalized("NFC", text))


def nfc(text: str) -> str:
    """Return `text` in Unicode NFC."""
    return unicodedata.normalize("NFC", text)


class _FoldTable(dict[int, str]):
    """`str.translate` table built as characters are met: each to itself without its marks.

    Decomposing character by character and dropping every combining mark gives what decomposing
    the whole string would (canonical reordering only moves marks that are dropped anyway).
    """

    def __missing__(self, code: int) -> str:
        char = {"đ": "d", "Đ": "D"}.get(chr(code), chr(code))
        self[code] = "".join(c for c in unicodedata.normalize("NFD", char) if not unicodedata.combining(c))
        return self[code]


_FOLD = _FoldTable()


def fold(text: str) -> str:
    """Lower-case `text` and strip every diacritic, `đ` included ("Đà Nẵng" -> "da nang")."""
    if text.isascii():
        return text.lower()
    return text.translate(_FOLD).lower()


def strip_diacritics(text: str) -> str:
    """Remove Vietnamese diacritics but keep case: "Gọi Đà Nẵng" -> "Goi Da Nang"."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.combining(c)))


def slugify(text: str, separator: str = "-") -> str:
    """Return an ASCII slug: `Đà Nẵng` -> `da-nang`. Idempotent; only `[a-z0-9-]`."""
    return _NON_SLUG.sub(separator, fold(text)).strip(separator)


def toc_slugify(text: str, separator: str) -> str:
    """Python-Markdown `toc` slugify hook with the same rules as `slugify`."""
    return slugify(text, separator)


@lru_cache(maxsize=1 << 16)
def sort_key(text: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Vietnamese collation key: letters in alphabet order (a < ă < â … đ after d), tones second."""
    primary: list[int] = []
    tones: list[int] = []
    for char in unicodedata.normalize("NFD", nfc(text).lower()):
        if char in _TONES:
            if tones:
                tones[-1] = _TONES[char]
            continue
        if unicodedata.combining(char):
            # A vowel mark (breve, circumflex, horn) makes a distinct letter: recombine.
            if primary:
                base = _ALPHABET[primary[-1] - 1] if 0 < primary[-1] <= len(_ALPHABET) else ""
                combined = unicodedata.normalize("NFC", base + char)
                if combined in _ALPHABET:
                    primary[-1] = _ALPHABET.index(combined) + 1
            continue
        idx = _ALPHABET.find(char)
        primary.append(idx + 1 if idx >= 0 else 100 + ord(char))
        tones.append(0)
    return tuple(primary), tuple(tones)


def format_date(value: dt.date | None, unknown: str = "không ghi ngày") -> str:
    """Format a date the way Vietnamese official documents do: `06/9/2021`, `12/02/2021`.

    Days below 10 and the months January and February take a leading zero
    (Nghị định 30/2020/NĐ-CP, Phụ lục I).
    """
    if value is None:
        return unknown
    month = f"{value.month:02d}" if value.month < 3 else str(value.month)
    return f"{value.day:02d}/{month}/{value.year}"


def format_date_long(value: dt.date | None, unknown: str = "không ghi ngày") -> str:
    """Return `ngày 06 tháng 9 năm 2021`, the form used in document headers."""
    if value is None:
        return unknown
    month = f"{value.month:02d}" if value.month < 3 else str(value.month)
    return f"ngày {value.day:02d} tháng {month} năm {value.year}"


def find_mojibake(text: str) -> list[tuple[int, str, str]]:
    """Return `(offset, found, intended)` for each known mojibake character in `text`."""
    return [(i, c, MOJIBAKE[c]) for i, c in enumerate(text) if c in MOJIBAKE]


def repair_mojibake(text: str) -> str:
    """Replace every known mojibake character by the letter it stands for."""
    return text.translate(str.maketrans(MOJIBAKE))
