"""Index-side search expansion: folded đ-words and synonym variants."""

from __future__ import annotations

from loa.text.search import SearchWords, expansion_terms

WORDS = SearchWords.build([["vắc xin", "vaccine", "vacxin"], ["thứ 6", "thứ sáu"], ["định kỳ", "định kỉ"]], ["ở đâu"])


def test_d_bar_words_are_indexed_folded() -> None:
    # Pagefind folds tone marks but not đ, which has no Unicode decomposition.
    assert expansion_terms("Tổng đài 1022; ĐẢNG ủy", WORDS) == ["dai", "dang"]


def test_synonyms_add_the_other_variants() -> None:
    terms = expansion_terms("Tiêm vắc xin cho người dân", WORDS)
    assert "vaccine" in terms and "vacxin" in terms and "vắc xin" not in terms


def test_synonyms_match_whole_phrases_without_diacritics() -> None:
    assert "thứ sáu" in expansion_terms("báo cáo vào 14h00, thứ 6 hàng tuần", WORDS)
    assert expansion_terms("thứ 60 ngày", WORDS) == []


def test_synonym_with_d_bar_is_also_folded() -> None:
    # "định kì" matches "định kỉ" without diacritics; "định kỳ" is added, and folded for its đ.
    assert expansion_terms("báo cáo định kì", WORDS) == ["dinh", "dinh ky", "định kỳ"]


def test_expansion_is_deterministic() -> None:
    text = "Đài phát thanh, vắc xin, định kỳ, thứ 6"
    assert expansion_terms(text, WORDS) == expansion_terms(text, WORDS) == sorted(expansion_terms(text, WORDS))


def test_synonyms_chain_through_groups() -> None:
    words = SearchWords.build([["tiêm chủng", "tiêm vắc xin"], ["vắc xin", "vacxin"]], [])
    assert {"tiêm vắc xin", "vacxin"} <= set(expansion_terms("giấy chứng nhận tiêm chủng", words))
