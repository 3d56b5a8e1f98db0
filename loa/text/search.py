"""Search helpers: the extra words a page is indexed with, so queries without diacritics find it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from loa.text.vi import fold

WORD = re.compile(r"\w+")
# Marks where a page's indexed extra words start, so the search page can leave them out of excerpts.
SENTINEL = "loaextraterms"


@dataclass(frozen=True, slots=True)
class SearchWords:
    """Content data from content/danh-muc/tim-kiem.yml: synonym groups and trailing question words."""

    synonyms: tuple[tuple[str, ...], ...] = ()
    question_words: tuple[str, ...] = ()
    _folded: tuple[tuple[str, ...], ...] = field(default=(), compare=False)

    @classmethod
    def build(cls, synonyms: list[list[str]], question_words: list[str]) -> SearchWords:
        groups = tuple(tuple(dict.fromkeys(g)) for g in synonyms)
        folded = tuple(tuple(_phrase(v) for v in g) for g in groups)
        return cls(groups, tuple(dict.fromkeys(question_words)), folded)


def _phrase(text: str) -> str:
    return " ".join(WORD.findall(fold(text)))


def expansion_terms(text: str, words: SearchWords) -> list[str]:
    """Words to index beside `text` (sorted, deterministic).

    Pagefind folds tone and vowel marks but not `đ` (it has no Unicode decomposition), so
    every word with `đ` is also indexed folded ("đài" -> "dai"). Each synonym group that
    occurs in the text adds its other variants ("vắc xin" -> "vaccine", "vacxin").
    """
    extra: set[str] = set()
    lowered = text.lower()
    for word in set(WORD.findall(lowered)):
        if "đ" in word:
            extra.add(fold(word))
    # Synonyms chain ("tiêm chủng" -> "tiêm vắc xin" -> "vacxin"): repeat until nothing new is added.
    added: set[str] = set()
    base = f" {_phrase(text)} "
    for _ in range(4):
        haystack = base + " ".join(_phrase(a) for a in sorted(added)) + " "
        before = len(added)
        for group, folded in zip(words.synonyms, words._folded, strict=True):
            if any(f" {f} " in haystack for f in folded):
                added.update(v.lower() for v, f in zip(group, folded, strict=True) if f" {f} " not in haystack)
        if len(added) == before:
            break
    for variant in added:
        extra.add(variant)
        if "đ" in variant:
            extra.add(fold(variant))
    return sorted(extra)
