"""Vietnamese text helpers: slugs, folding, NFC, collation, official date format, mojibake."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from loa.text.vi import fold, format_date, format_date_long, nfc, repair_mojibake, slugify, sort_key


def test_slugify_strips_diacritics_and_d_bar() -> None:
    assert slugify("Đà Nẵng") == "da-nang"
    assert slugify("ĐẢNG ỦY KHỐI") == "dang-uy-khoi"
    assert slugify("43-KH/ThU") == "43-kh-thu"
    assert slugify("  Tổng đài 1022!! ") == "tong-dai-1022"


def test_slugify_handles_decomposed_input() -> None:
    assert slugify(unicodedata.normalize("NFD", "Tiêm vắc xin")) == "tiem-vac-xin"


@given(st.text())
def test_slugify_is_idempotent_and_ascii(text: str) -> None:
    slug = slugify(text)
    assert re.fullmatch(r"[a-z0-9-]*", slug)
    assert slugify(slug) == slug


@given(st.text())
def test_nfc_is_idempotent(text: str) -> None:
    assert nfc(nfc(text)) == nfc(text)


def test_fold_lowercases_and_removes_every_mark() -> None:
    assert fold("Tổng Đài 1022") == "tong dai 1022"
    assert fold("ĐỊNH KỲ") == "dinh ky"


def test_format_date_follows_official_zero_padding() -> None:
    # Days below 10 and months 1-2 take a leading zero (Nghị định 30/2020/NĐ-CP).
    assert format_date(dt.date(2021, 9, 6)) == "06/9/2021"
    assert format_date(dt.date(2021, 2, 12)) == "12/02/2021"
    assert format_date(dt.date(2020, 7, 31)) == "31/7/2020"
    assert format_date(None) == "không ghi ngày"
    assert format_date_long(dt.date(2021, 10, 12)) == "ngày 12 tháng 10 năm 2021"


def test_sort_key_orders_vietnamese_letters() -> None:
    words = ["đường", "dương", "ăn", "an", "ân", "e", "ê", "Ba"]
    assert sorted(words, key=sort_key) == ["an", "ăn", "ân", "Ba", "dương", "đường", "e", "ê"]


def test_repair_mojibake_replaces_pdf_letters() -> None:
    assert repair_mojibake("BAN THƢỜNG VỤ, Lƣơng Văn Mừng") == "BAN THƯỜNG VỤ, Lương Văn Mừng"


def test_mojibake_pattern_matches_what_the_plain_alternation_matches() -> None:
    """UTF8_AS_CP1252 is written for speed (one leading set, then a look back): the same spans as the
    plain pattern it replaced, on text mixing Vietnamese, Latin-1 lead bytes and CP1252 continuations."""
    import re

    from hypothesis import given, settings
    from hypothesis import strategies as st

    from loa.text import vi

    plain = re.compile(f"[\u00c2-\u00df]{vi._CONT}|[\u00e0-\u00ef]{vi._CONT}{{2}}|[\u00f0-\u00f4]{vi._CONT}{{3}}")
    alphabet = "aăâđêôơư Ã Ä Å Ç È É Ê Ì Í Ò Ó Ô Õ Ù Ú Ý ß à á â ã è é ê ì í ò ó ô õ ù ú ý ð ñ €‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ\u00a0¡¢£¤¥¦§¨©ª«¬\u00ad®¯°±²³´µ¶·¸¹º»¼½¾¿"

    @settings(max_examples=3000, deadline=None)
    @given(st.text(alphabet=alphabet, max_size=12))
    def check(text: str) -> None:
        fast, slow = vi.UTF8_AS_CP1252.search(text), plain.search(text)
        assert (fast and fast.span()) == (slow and slow.span()), text

    check()
    assert vi.UTF8_AS_CP1252.search("Tá»•ng Ä‘Ã i") is not None and vi.UTF8_AS_CP1252.search("Tổng đài") is None
