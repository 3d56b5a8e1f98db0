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
MOJIBAKE_TABLE: dict[int, str | int | None] = {ord(bad): good for bad, good in MOJIBAKE.items()}  # for str.translate


def _cp1252(byte: int) -> str:
    try:
        return bytes([byte]).decode("cp1252")
    except UnicodeDecodeError:  # the five bytes Windows-1252 leaves undefined come out as Latin-1 controls
        return chr(byte)


# UTF-8 read as Windows-1252, the commonest mojibake of copied web text and CSV ("Ä‘Ã i" for "đài"):
# a lead byte (Â..ô) followed by as many continuation bytes (€..¿) as it announces.
_CP1252_BYTE = {_cp1252(b): b for b in range(0x80, 0x100)}
_CONT = "[" + "".join(re.escape(_cp1252(b)) for b in range(0x80, 0xC0)) + "]"
# Written as one leading character set (which `re` finds by a fast scan) and a look back at it: the
# plain alternation of three sets was tried at every position (2.5 times slower on the same matches).
UTF8_AS_CP1252 = re.compile(f"[\u00c2-\u00f4](?:(?<=[\u00c2-\u00df]){_CONT}|(?<=[\u00e0-\u00ef]){_CONT}{{2}}"
                            f"|(?<=[\u00f0-\u00f4]){_CONT}{{3}})")
_QUOTES_AND_DASHES = frozenset("“”‘’–—…•")
# What a partial repair would leave behind: a lead byte with a continuation byte, or "Ã " where the
# non-breaking space of "à" (C3 A0) became a plain space.
_LEFTOVER = re.compile(f"[\u00c2-\u00f4]{_CONT}|[\u00c2\u00c3] ")
# Unicode category Cc (C0 and C1 controls) except tab and newline, which text may hold.
CONTROL_CHARS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")

# Characters no reader sees, left by copying from Word, PDF or web pages. Removing one changes
# nothing on screen, so `loa check --fix-unicode` removes them (a ZWJ inside an emoji is kept).
INVISIBLE: dict[str, str] = {
    "\u200b": "khoảng trắng độ rộng 0 (ZERO WIDTH SPACE)",
    "\u200c": "ký tự ngăn nối (ZERO WIDTH NON-JOINER)",
    "\u200d": "ký tự nối (ZERO WIDTH JOINER)",
    "\u2060": "ký tự nối từ (WORD JOINER)",
    "\ufeff": "dấu BOM lạc giữa văn bản",
    # Word and PDF put soft hyphens inside words; unseen, they still split the word for search and SMS.
    "\u00ad": "dấu gạch nối mềm (SOFT HYPHEN)",
}
# Text-direction controls: they reorder what is shown (a reader may see text that is not there),
# so they are reported and left for the editor to remove and reread.
BIDI: dict[str, str] = {
    "\u200e": "LRM", "\u200f": "RLM", "\u061c": "ALM", "\u202a": "LRE", "\u202b": "RLE", "\u202c": "PDF",
    "\u202d": "LRO", "\u202e": "RLO", "\u2066": "LRI", "\u2067": "RLI", "\u2068": "FSI", "\u2069": "PDI",
}
HIDDEN_CHARS = re.compile("[" + "".join(INVISIBLE) + "".join(BIDI) + "]")


def _in_emoji(text: str, i: int) -> bool:
    """Whether the ZWJ at `i` joins two emoji (👨‍👩‍👧), where it is meant."""
    before = text[i - 1] if i > 0 else ""
    after = text[i + 1] if i + 1 < len(text) else ""
    return (text[i] == "\u200d" and bool(before) and bool(after)
            and unicodedata.category(before) in ("So", "Sk", "Mn") and unicodedata.category(after) == "So")


def iter_hidden(text: str) -> list[tuple[int, str]]:
    """`(index, char)` of each invisible or direction-control character in `text` (emoji ZWJ excepted)."""
    return [(m.start(), m.group()) for m in HIDDEN_CHARS.finditer(text) if not _in_emoji(text, m.start())]


def describe_hidden(char: str) -> str:
    """Name a hidden character for an editor: "U+200B khoảng trắng độ rộng 0 (ZERO WIDTH SPACE)"."""
    name = INVISIBLE.get(char) or f"ký tự điều khiển hướng chữ {BIDI[char]}"
    return f"U+{ord(char):04X} {name}"


def strip_invisible(text: str) -> str:
    """`text` without the invisible characters that are safe to remove (direction controls stay)."""
    return "".join(c for i, c in enumerate(text) if c not in INVISIBLE or _in_emoji(text, i))


_ALPHABET = "aăâbcdđeêghiklmnoôơpqrstuưvxy"
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}  # huyền hỏi ngã sắc nặng
_NON_SLUG = re.compile(r"[^a-z0-9]+")


def looks_clean(text: str) -> bool:
    """Whether `text` has no control or hidden character, U+FFFD or mojibake and is NFC (one fast pass each)."""
    return (CONTROL_CHARS.search(text) is None and REPLACEMENT_CHAR not in text and HIDDEN_CHARS.search(text) is None
            and MOJIBAKE_CHARS.search(text) is None and UTF8_AS_CP1252.search(text) is None
            and unicodedata.is_normalized("NFC", text))


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


def find_utf8_mojibake(text: str) -> list[tuple[int, str, str]]:
    """`(offset, found, intended)` for each UTF-8 sequence in `text` that was read as Windows-1252.

    Only sequences that decode to a Latin letter or a quote/dash are taken: correct Vietnamese
    never puts a symbol such as "»" or "€" straight after "Ã" or "á", and what such a pair would
    decode to otherwise (Cyrillic "Ԕ" from "Ô”") is not what was meant.
    """
    found = []
    for m in UTF8_AS_CP1252.finditer(text):
        try:
            intended = bytes(_CP1252_BYTE[c] for c in m.group()).decode("utf-8")
        except UnicodeDecodeError:
            continue
        if all(c in _QUOTES_AND_DASHES or (c.isalpha() and "LATIN" in unicodedata.name(c, "")) for c in intended):
            found.append((m.start(), m.group(), intended))
    return found


def repair_mojibake(text: str) -> str:
    """Replace every known mojibake character, and UTF-8 read as Windows-1252, by what it stands for.

    UTF-8 mojibake is repaired only when all of it can be: a byte lost on the way (a space for a
    non-breaking space) would leave half-repaired words that no check could see any more.
    """
    repaired = text
    for start, bad, intended in reversed(find_utf8_mojibake(text)):
        repaired = repaired[:start] + intended + repaired[start + len(bad):]
    if _LEFTOVER.search(repaired) is None:
        text = repaired
    return text.translate(MOJIBAKE_TABLE)
