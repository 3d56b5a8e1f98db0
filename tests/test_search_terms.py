"""Index-side search expansion: folded đ-words and synonym variants."""

from __future__ import annotations

import json

from loa.taxonomy import load_search_words
from loa.text.search import SearchWords, build_vocabulary, expansion_terms

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


def test_words_folded_one_by_one_give_the_words_of_the_folded_text() -> None:
    """`expansion_terms` folds each distinct word once instead of the whole text (`_folded_words`): the
    same folded words and the same words with đ, on the real content and on generated text with
    combining marks (folded away, they would join two words: such a text is folded whole, as before),
    đ, punctuation and letters whose folding changes."""
    from pathlib import Path

    from hypothesis import given, settings
    from hypothesis import strategies as st

    from loa.pipeline import check_site
    from loa.render import searchable_text
    from loa.text.search import D_WORD, WORD, _folded_words
    from loa.text.vi import fold

    def alike(text: str) -> bool:
        lower = text.lower()
        found = _folded_words(lower)
        if found is None:  # folded whole, as before
            return any(fold(c) == "" for c in lower) or WORD.findall(fold(lower)) != [fold(w) for w in WORD.findall(lower)]
        words, folded = found
        return (folded == WORD.findall(fold(lower))
                and {f for w, f in zip(words, folded, strict=True) if "đ" in w} == {fold(w) for w in D_WORD.findall(lower)})

    report = check_site(Path(__file__).resolve().parent.parent / "content")
    assert report.site is not None
    texts = [searchable_text(e) for e in report.site.visible()]
    assert len(texts) > 50 and all(alike(t) for t in texts)
    assert _folded_words("x\u0301y đài") is None  # a lone mark: folding the whole text joins "xy"

    pieces = st.sampled_from(["vắc xin", "Định kỳ", "thứ 6", "Đài", "x\u0301y", "\u0301", "a\u0323", "ǅ", "İ", "ſ",
                              "_đ", " ", ", ", ".", "1022", "ĐẢNG", "\u0e31", "ꦀ", "ﬁ"])

    @settings(max_examples=3000, deadline=None)
    @given(st.lists(pieces, max_size=12).map("".join))
    def check(text: str) -> None:
        assert alike(text), text

    check()


def test_vocabulary_keeps_one_spelling_per_folded_syllable_and_frequent_pairs() -> None:
    texts = ["Tiêm vắc xin. Tiêm vắc xin phòng dịch.", "tiêm vắc xin, tổng đài 1022; tổng đài", "tiem"]
    vocab = json.loads(build_vocabulary(texts))
    syllables = vocab["syllables"].split(" ")
    assert syllables[:3] == ["tiêm", "vắc", "xin"]  # most frequent first, "tiem" folded into "tiêm"
    assert "tiem" not in syllables and "1022" in syllables and "đài" in syllables
    pairs = vocab["pairs"].split(",")
    assert pairs[0] == "tiem vac" and "vac xin" in pairs
    assert "xin tiem" not in pairs  # a pair never spans a full stop
    assert build_vocabulary(texts) == build_vocabulary(list(texts))


def test_vocabulary_counts_every_occurrence_of_a_repeated_phrase() -> None:
    """Each distinct run of words between punctuation marks is read once and counted as often as it
    occurs: the counts are those of reading every text word by word (the reference below)."""
    from collections import Counter
    from pathlib import Path

    from loa.pipeline import check_site
    from loa.render import vocabulary_texts
    from loa.text.search import PAIR_LIMIT, PAIR_MIN_COUNT, PUNCTUATION, WORD
    from loa.text.vi import fold

    def reference(texts: list[str]) -> tuple[Counter[str], Counter[str]]:
        spellings, pairs = Counter[str](), Counter[str]()
        for text in texts:
            for run in PUNCTUATION.split(text.lower()):
                words = WORD.findall(run)
                spellings.update(words)
                pairs.update(f"{fold(a)} {fold(b)}" for a, b in zip(words, words[1:], strict=False))
        return spellings, pairs

    report = check_site(Path(__file__).resolve().parent.parent / "content")
    assert report.site is not None
    texts = [*vocabulary_texts(report.site), "Phòng, chống dịch. Phòng, chống dịch! phòng chống dịch", ""]
    spellings, pairs = reference(texts)
    vocab = json.loads(build_vocabulary(texts))
    by_fold: dict[str, Counter[str]] = {}
    for word, n in spellings.items():
        by_fold.setdefault(fold(word), Counter())[word] = n
    order = sorted(by_fold, key=lambda k: (-sum(by_fold[k].values()), k))
    assert vocab["syllables"].split(" ") == [max(by_fold[k].items(), key=lambda wn: (wn[1], wn[0]))[0] for k in order]
    frequent = sorted(((n, p) for p, n in pairs.items() if n >= PAIR_MIN_COUNT), key=lambda x: (-x[0], x[1]))
    assert vocab["pairs"].split(",") == [p for _, p in frequent[:PAIR_LIMIT]]
    assert "phong chong" in vocab["pairs"].split(",")


def test_abbreviations_are_read_and_checked_with_positions(make_site) -> None:  # type: ignore[no-untyped-def]
    content = make_site({"danh-muc/tim-kiem.yml": (
        "abbreviations:\n"
        "  - {short: tp, full: thành phố}\n"
        "  - {short: u bnd, full: ủy ban nhân dân}\n"
        "  - {short: tp, full: tỉnh phố}\n"
        "  - {short: dt}\n"
        "  - dt\n"
        "  - {short: ko, full: không}\n")})
    words, problems = load_search_words(content)
    assert words.abbreviations == (("ko", "không"), ("tp", "thành phố"))
    found = {(p.code, p.field, str(p.location)) for p in problems}
    assert found == {("L203", "abbreviations[1].short", "content/danh-muc/tim-kiem.yml:3:13"),
                     ("L206", "abbreviations[2].short", "content/danh-muc/tim-kiem.yml:4:13"),
                     ("L202", "abbreviations[3].full", "content/danh-muc/tim-kiem.yml:5:5"),
                     ("L203", "abbreviations[4]", "content/danh-muc/tim-kiem.yml:6:5")}


def test_search_config_carries_abbreviations_and_answer_ranks(make_site) -> None:  # type: ignore[no-untyped-def]
    from loa.pipeline import check_site
    from loa.render import search_config

    content = make_site({"danh-muc/tim-kiem.yml": "abbreviations:\n  - {short: ubnd, full: ủy ban nhân dân}\n"})
    report = check_site(content)
    config = json.loads(search_config(report.site))
    assert config["abbreviations"] == {"ubnd": "ủy ban nhân dân"}
    assert config["answer_rank"]["Hỏi đáp"] > config["answer_rank"]["Khẩu hiệu"]
    assert config["vocabulary"] == "tu-vung.json"
