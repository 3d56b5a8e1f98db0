"""Search helpers: extra index words (folded đ, synonyms), the typo-correction vocabulary, answer ranks."""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from loa.text.vi import fold

WORD = re.compile(r"\w+")
PUNCTUATION = re.compile(r"[^\w\s]+")
# Marks where a page's indexed extra words start, so the search page can leave them out of excerpts.
SENTINEL = "loaextraterms"


@dataclass(frozen=True, slots=True)
class SearchWords:
    """Content data from content/danh-muc/tim-kiem.yml: synonym groups, trailing question words and
    abbreviations that the search page spells out ("ubnd" -> "ủy ban nhân dân")."""

    synonyms: tuple[tuple[str, ...], ...] = ()
    question_words: tuple[str, ...] = ()
    _folded: tuple[tuple[str, ...], ...] = field(default=(), compare=False)
    abbreviations: tuple[tuple[str, str], ...] = ()

    @classmethod
    def build(cls, synonyms: list[list[str]], question_words: list[str],
              abbreviations: Iterable[tuple[str, str]] = ()) -> SearchWords:
        groups = tuple(tuple(dict.fromkeys(g)) for g in synonyms)
        folded = tuple(tuple(_phrase(v) for v in g) for g in groups)
        return cls(groups, tuple(dict.fromkeys(question_words)), folded, tuple(abbreviations))


# How much a page of each kind answers a citizen's question, from 0 to 1: for question-like queries
# the search page ranks a Q&A or the hotline page above a slogan or a talking point on the same words.
HUB_KIND = "Chuyên mục"  # the kind an indexed hub shows in search results (see hubs.action_search_data)
HUB_ANSWER_RANK = 1.0  # how well a hub answers a question (each kind says its own: Kind.answer_rank)
# Two-syllable words that occur fewer times than this are left out of the vocabulary.
PAIR_MIN_COUNT = 3
PAIR_LIMIT = 3000


def _phrase(text: str) -> str:
    return " ".join(WORD.findall(fold(text)))


def expansion_terms(text: str, words: SearchWords) -> list[str]:
    """Words to index beside `text` (sorted, deterministic).

    Pagefind folds tone and vowel marks but not `đ` (it has no Unicode decomposition), so
    every word with `đ` is also indexed folded ("đài" -> "dai"). Each synonym group that
    occurs in the text adds its other variants ("vắc xin" -> "vaccine", "vacxin").
    """
    extra = {fold(word) for word in set(WORD.findall(text.lower())) if "đ" in word}
    # Synonyms chain ("tiêm chủng" -> "tiêm vắc xin" -> "vacxin"): repeat until nothing new is added.
    # A variant is looked for in the text only when each of its words is somewhere in it.
    added: set[str] = set()
    base = f" {_phrase(text)} "
    known = set(base.split())
    for _ in range(4):
        phrases = [_phrase(a) for a in sorted(added)]
        haystack = base + " ".join(phrases) + " "
        known.update(w for p in phrases for w in p.split())
        before = len(added)
        for group, folded in zip(words.synonyms, words._folded, strict=True):
            present = [known.issuperset(f.split()) and f" {f} " in haystack for f in folded]
            if any(present):
                added.update(v.lower() for v, here in zip(group, present, strict=True) if not here)
        if len(added) == before:
            break
    for variant in added:
        extra.add(variant)
        if "đ" in variant:
            extra.add(fold(variant))
    return sorted(extra)


def build_vocabulary(texts: Iterable[str]) -> str:
    """The search page's typo-correction vocabulary, as compact JSON (deterministic).

    `syllables`: one spelling per folded syllable (its most frequent one, so a correction is shown
    with its diacritics), most frequent first. `pairs`: folded two-syllable sequences that occur at
    least PAIR_MIN_COUNT times, most frequent first; they choose between corrections and tell a
    word typed joined ("vacxin") from one that should be split.
    """
    spellings: Counter[str] = Counter()
    pairs: Counter[str] = Counter()
    folded_of: dict[str, str] = {}  # each distinct word folded once: the corpus repeats its words
    for text in texts:
        seen: list[str] = []
        met: list[str] = []
        for run in PUNCTUATION.split(text.lower()):  # a pair never spans punctuation
            words = WORD.findall(run)
            seen += words
            folded = [folded_of.get(w) or folded_of.setdefault(w, fold(w)) for w in words]
            met += [f"{a} {b}" for a, b in zip(folded, folded[1:], strict=False)]
        spellings.update(seen)
        pairs.update(met)
    by_fold: dict[str, tuple[int, str]] = {}
    totals: Counter[str] = Counter()
    for word, n in spellings.items():
        key = folded_of[word]
        totals[key] += n
        best = by_fold.get(key)
        if best is None or (n, word) > best:  # ties go to the larger code point: deterministic
            by_fold[key] = (n, word)
    syllables = [by_fold[k][1] for k, _ in sorted(totals.items(), key=lambda kv: (-kv[1], kv[0]))]
    frequent = sorted(((n, p) for p, n in pairs.items() if n >= PAIR_MIN_COUNT), key=lambda x: (-x[0], x[1]))
    data = {"syllables": " ".join(syllables), "pairs": ",".join(p for _, p in frequent[:PAIR_LIMIT])}
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))
