"""Search helpers: extra index words (folded đ, synonyms), the typo-correction vocabulary, answer ranks."""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

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


D_WORD = re.compile(r"\b\w*đ\w*")  # a whole word with đ (in lower-cased text)


class _KeepsWords(dict[str, bool]):
    """Whether folding a character keeps the words `\\w` finds: a word character folds to word
    characters, any other character to other characters, and none to nothing. False for combining
    marks (folded away, they would join two words) and a few letters that decompose into them."""

    def __missing__(self, char: str) -> bool:
        folded = fold(char)
        word = WORD.fullmatch(char) is not None
        self[char] = keeps = folded != "" and all((WORD.fullmatch(c) is not None) == word for c in folded)
        return keeps


_KEEPS_WORDS = _KeepsWords()
_FOLDED: dict[str, str] = {}  # word -> fold(word): a corpus repeats its words
_FOLDED_MAX = 200_000


def _folded_words(lower: str) -> tuple[list[str], list[str]] | None:
    """`lower`'s words and each folded, where that gives `WORD.findall(fold(lower))` (each distinct word is
    folded once, not the whole text: a third of `expansion_terms`' time); None where a character's
    folding would change the words (`_KeepsWords`)."""
    if not lower.isascii() and not all(_KEEPS_WORDS[c] for c in set(lower)):
        return None
    words = WORD.findall(lower)
    if len(_FOLDED) > _FOLDED_MAX:
        _FOLDED.clear()
    folded = [_FOLDED.get(w) or _FOLDED.setdefault(w, fold(w)) for w in words]
    return words, folded


def expansion_terms(text: str, words: SearchWords) -> list[str]:
    """Words to index beside `text` (sorted, deterministic).

    Pagefind folds tone and vowel marks but not `đ` (it has no Unicode decomposition), so
    every word with `đ` is also indexed folded ("đài" -> "dai"). Each synonym group that
    occurs in the text adds its other variants ("vắc xin" -> "vaccine", "vacxin").
    """
    lower = text.lower()
    found_words = _folded_words(lower)
    if found_words is None:
        extra = {fold(word) for word in set(D_WORD.findall(lower))} if "đ" in lower else set()
        folded_words = WORD.findall(fold(lower))
    else:
        extra = {f for w, f in zip(*found_words, strict=True) if "đ" in w} if "đ" in lower else set()
        folded_words = found_words[1]
    # Synonyms chain ("tiêm chủng" -> "tiêm vắc xin" -> "vacxin"): repeat until nothing new is added.
    # A variant is in the text when its words are, in order, as whole words: in the text itself or
    # in a variant added in an earlier round (a round sees only what the rounds before it added).
    known = set(folded_words)
    base = f" {' '.join(folded_words)} "
    variants = _variants(words)
    in_base = [[_occurs(v, known, base) for v in group] for group in variants]
    added: dict[str, tuple[str, frozenset[str]]] = {}  # lower-cased variant -> its folded phrase, words
    for _ in range(4):
        phrases = [added[a] for a in sorted(added)]
        found = set(known).union(*(w for _, w in phrases)) if phrases else known
        new: list[str] = []
        for group, here_in_base in zip(variants, in_base, strict=True):
            present = [here or (v.words <= found and any(v.needle in f" {p} " for p, _ in phrases))
                       for v, here in zip(group, here_in_base, strict=True)]
            if any(present):
                new += [v.lower for v, here in zip(group, present, strict=True) if not here]
        before = len(added)
        for variant in new:
            if variant not in added:
                phrase = _phrase(variant)
                added[variant] = (phrase, frozenset(phrase.split()))
        if len(added) == before:
            break
    for variant in added:
        extra.add(variant)
        if "đ" in variant:
            extra.add(fold(variant))
    return sorted(extra)


@dataclass(frozen=True, slots=True)
class _Variant:
    lower: str  # as it is added to the index
    words: frozenset[str]  # its folded words
    needle: str  # its folded phrase between spaces
    single: bool  # one word: whether it occurs is whether its word does


@lru_cache(maxsize=8)
def _variants(words: SearchWords) -> tuple[tuple[_Variant, ...], ...]:
    return tuple(tuple(_Variant(v.lower(), frozenset(f.split()), f" {f} ", len(f.split()) == 1)
                       for v, f in zip(group, folded, strict=True))
                 for group, folded in zip(words.synonyms, words._folded, strict=True))


def _occurs(variant: _Variant, known: set[str], text: str) -> bool:
    """Whether `variant` occurs in `text` (folded words between single spaces), whose words are `known`."""
    if not variant.words <= known:
        return False
    return variant.single or variant.needle in text


def build_vocabulary(texts: Iterable[str]) -> str:
    """The search page's typo-correction vocabulary, as compact JSON (deterministic).

    `syllables`: one spelling per folded syllable (its most frequent one, so a correction is shown
    with its diacritics), most frequent first. `pairs`: folded two-syllable sequences that occur at
    least PAIR_MIN_COUNT times, most frequent first; they choose between corrections and tell a
    word typed joined ("vacxin") from one that should be split.
    """
    # A pair never spans punctuation, so the counts are sums over the runs between punctuation marks;
    # each distinct run is read once, its words and pairs counted as often as it occurs (official texts
    # repeat their phrases: 19,297 distinct runs of 638,389 in the N = 5,000 benchmark, 4,485 of 11,513
    # in the real content).
    runs = Counter(run for text in texts for run in PUNCTUATION.split(text.lower()))
    spellings: Counter[str] = Counter()
    pairs: Counter[str] = Counter()
    folded_of: dict[str, str] = {}  # each distinct word folded once: the corpus repeats its words
    for run, times in runs.items():
        words = WORD.findall(run)
        folded = [folded_of.get(w) or folded_of.setdefault(w, fold(w)) for w in words]
        for word in words:
            spellings[word] += times
        for a, b in zip(folded, folded[1:], strict=False):
            pairs[f"{a} {b}"] += times
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
