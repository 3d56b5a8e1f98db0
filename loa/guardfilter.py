"""A built page -> whether the page guard's parser could find anything in it (a few regular expressions).

The page guard (`loa.safety.page_problems`) parses every built page with `html.parser`, about 1.5 ms
a page, and almost every page is clean. This filter is exact in one direction: when it says a page
cannot have a problem, the parser would have found none (tests/test_safety.py checks it against the
parser on generated pages). It looks for a superset of what the parser reports:

- an event handler: the parser reads an attribute name only after a quote, a space or a slash, and
  reports names starting with "on" (case-insensitive);
- an unsafe URL: a value that starts with javascript:, vbscript: or data:, so one of those words
  before ":" (or before "&", which may spell it);
- a resource from another host: a fetching tag (script, img, iframe, audio, video, source, embed,
  track, or link with a fetching rel) whose attributes hold "//" (tabs and newlines removed, as
  `urlsplit` removes them);
- and any numeric character reference, "&colon;" or "&sol;", which could spell any of these.

A handler's "on" or a reference that is plainly in the page's text, not in a tag (`_in_text`), does
not count: an audience handout always held an "online" or a "&#34;" somewhere.

Tags are located with the parser's own pattern for the end of a start tag; where it is missing (a
future Python) or does not match, the page is parsed.

The words are looked for in the page lower-cased (five times faster than a case-blind expression),
each "on" by `str.find` and the schemes as plain substrings (a character class or an alternation at
the start of an expression makes `re` try every position: half the filter's time on 1,000 pages).
`re.IGNORECASE` also matches "ſ" with "s" and "ı", "İ" with "i", which lower-casing does not give:
a page with any of them is searched case-blind as before.
"""

from __future__ import annotations

import html.parser
import re

_HANDLER = re.compile(r"""['"\s/]on""", re.IGNORECASE)
_SCHEME = re.compile(r"(?:javascript|vbscript|data)(?::|&)", re.IGNORECASE)
_SPELT = re.compile(r"&#|&colon|&sol", re.IGNORECASE)
_FETCHING = re.compile(r"<(script|img|iframe|audio|video|source|embed|track|link)", re.IGNORECASE)
_CASE_BLIND_ONLY = ("\u017f", "\u0131", "\u0130")  # ſ ı İ
# In the lower-cased page: what _SCHEME finds and more ("script:" is also in "javascript:" and
# "vbscript:"), and the rest as above without IGNORECASE.
_SCHEME_WORDS = ("script:", "script&", "data:", "data&")
_SPELT_LOWER = re.compile(r"&#|&colon|&sol")
_FETCHING_LOWER = re.compile(r"<(script|img|iframe|audio|video|source|embed|track|link)")
_FETCHING_REL = re.compile(r"stylesheet|icon|preload|manifest|prefetch", re.IGNORECASE)
_TAG_END = getattr(html.parser, "locatestarttagend_tolerant", None)
_URL_BLANKS = str.maketrans("", "", "\t\r\n")


def may_have_problems(page: str) -> bool:
    """False only when `loa.safety.page_problems` would find nothing in `page`."""
    if _TAG_END is None:
        return True
    if any(char in page for char in _CASE_BLIND_ONLY):
        if _SPELT.search(page) or _HANDLER.search(page) or _SCHEME.search(page):
            return True
        tags = _FETCHING.finditer(page)
    else:
        # Without İ, lower-casing keeps every character's position (only İ becomes two characters).
        low = page.lower()
        if _spelt_in(low) or _handler_in(low) or any(word in low for word in _SCHEME_WORDS):
            return True
        tags = _FETCHING_LOWER.finditer(low)
    for tag in tags:
        end = _TAG_END.match(page, tag.start())
        if end is None:
            return True
        attributes = page[tag.end():end.end() + 1].translate(_URL_BLANKS)
        if "//" in attributes or "&" in attributes:
            if tag.group(1).lower() != "link" or _FETCHING_REL.search(attributes) or "&" in attributes:
                return True
    return False


def _handler_in(low: str) -> bool:
    """`_HANDLER.search(low)` without its character class, which made the search slow: each "on"
    (a hundred on a page) is found by `str.find`, then the character before it is looked at
    (`str.isspace` is what `\\s` matches in a `str` pattern). One in a page's text ("online", "ong")
    does not count (`_in_text`)."""
    at = low.find("on", 1)
    while at != -1:
        before = low[at - 1]
        if (before in "'\"/" or before.isspace()) and not _in_text(low, at):
            return True
        at = low.find("on", at + 1)
    return False


def _spelt_in(low: str) -> bool:
    """`_SPELT_LOWER.search(low)`, but for a character reference in a page's text (`_in_text`): the
    parser hands text to `handle_data` with references decoded, never reads tags or URLs in it."""
    return any(not _in_text(low, found.start()) for found in _SPELT_LOWER.finditer(low))


def _in_text(page: str, at: int) -> bool:
    """True only when position `at` is in no start tag the parser could read: a ">" lies between the
    last "<" before `at` and `at`, and no quote lies between the last such ">" and `at`.

    Inside a start tag, a ">" can only be in a quoted value, so for `at` to be in the tag (an attribute
    name, or a value a URL starts in) that value's closing quote, or the opening quote of `at`'s own
    value, would lie between the ">" and `at`. Anything else: False (the parser decides). Handouts hold
    hundreds of talking points, where an "online" or a "&#34;" in the text made the guard parse
    1.5 MB pages.
    """
    start = page.rfind("<", 0, at) + 1  # 0 when there is none: the page's start
    end = page.rfind(">", start, at)
    if end < 0:
        return False
    after = page[end:at]
    return '"' not in after and "'" not in after
