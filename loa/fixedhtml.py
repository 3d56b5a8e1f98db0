"""A page's fixed HTML (metadata box, sources, chips, links) -> kept out of Markdown and put back after it.

An entry page is our template's HTML around the editor's Markdown body. Python-Markdown passes the
template's HTML blocks through unchanged, yet parses every one of them twice first (md_in_html, then
MkDocs's anchor finder): on a typical page that HTML is half the text. So each HTML block the template
wrote is swapped for a one-word paragraph before Markdown, and the word's `<p>` swapped back for the
block afterwards, giving the bytes Markdown would have given.

Only the template's own blocks are swapped: the editor's body is set aside first and never looked at,
and a block is swapped only when it is one whole HTML element that Markdown would pass through as it
is (`is_passed_through`); anything else stays in the Markdown.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass

# Python-Markdown's block-level tags that open the raw HTML blocks our templates write.
BLOCK_TAGS = ("div", "nav", "p", "dl", "figure", "details", "ol", "ul", "blockquote", "table")
_OPEN = re.compile(r"<(" + "|".join(BLOCK_TAGS) + r")[\s>]")
_BLANK = re.compile(r"(\n(?:[ \t]*\n)+)")  # one or more blank lines
TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)[^<>]*?(/?)>")  # (closing "/", name, self-closing "/")
VOID = frozenset({"br", "img", "hr", "input", "meta", "link", "col", "wbr", "source", "track", "area", "embed"})
KEY_DIGITS = 20
# A placeholder word (`Fixed.placeholder`), bare or as a paragraph: compiled once, not per page's key.
_PLACEHOLDERS = {("", ""): re.compile(rf"(loafixed[0-9a-f]{{{KEY_DIGITS}}})x(\d+)"),
                 ("<p>", "</p>"): re.compile(rf"<p>(loafixed[0-9a-f]{{{KEY_DIGITS}}})x(\d+)</p>")}


@dataclass(frozen=True, slots=True)
class Fixed:
    """Markdown with the template's HTML blocks as placeholder words, and those blocks in order."""

    markdown: str
    blocks: tuple[str, ...] = ()
    key: str = ""  # the placeholders' stem: "loafixed" + a digest of the page (editors cannot guess it)

    def placeholder(self, i: int) -> str:
        return f"{self.key}x{i}"

    def restore(self, markdown: str) -> str:
        """`markdown` with each placeholder word replaced by its block again (what `set_aside` was given)."""
        spots = self._spots(markdown, "", "")
        if spots is not None:
            return _rebuild(markdown, spots, self.blocks, after_block=lambda _tail: "")
        for i in reversed(range(len(self.blocks))):  # x12 before x1, which is a prefix of it
            markdown = markdown.replace(self.placeholder(i), self.blocks[i])
        return markdown

    def _spots(self, text: str, before: str, after: str) -> list[tuple[int, int, int]] | None:
        """`(start, end, block)` of each placeholder word (wrapped in `before`/`after`) in `text`, in text order,
        when one pass gives what replacing them one after another gives: the key occurs only in the
        placeholders, each once, and in no block. Else None (the caller replaces one by one).

        One pass costs the page's length once; one by one costs it once per block, which for a hub or a
        handout of thousands of items (blocks and length both grow with the site) was quadratic.
        """
        blocks = self.blocks
        if not blocks or text.count(self.key) != len(blocks) or any(self.key in b for b in blocks):
            return None
        found = [(m.start(), m.end(), m.group(2))
                 for m in _PLACEHOLDERS[before, after].finditer(text) if m.group(1) == self.key]
        if sorted(index for _, _, index in found) != sorted(str(i) for i in range(len(blocks))):
            return None
        return [(start, end, int(index)) for start, end, index in found]


def is_passed_through(block: str) -> bool:
    """Whether `block` is exactly one block-level element, with nothing after its end tag.

    Markdown passes such a block through unchanged; two elements in one block, text after the
    element, or markup it cannot pair (a comment, a quote holding `>`) keep the block in the Markdown.
    """
    opened = _OPEN.match(block)
    if opened is None or "<!--" in block or "markdown=" in block:
        return False
    depth = 0
    for tag in TAG.finditer(block):
        closing, name, self_closing = tag.group(1), tag.group(2).lower(), tag.group(3)
        if name in VOID or self_closing:
            continue
        depth += -1 if closing else 1
        if depth == 0:
            return tag.end() == len(block.rstrip("\n")) and name == opened.group(1)
        if depth < 0:
            return False
    return False


def set_aside(markdown: str, body: str) -> Fixed:
    """Swap the template's HTML blocks in `markdown` for placeholders; `body` (the editor's) is left alone.

    Args:
        markdown: the rendered template, with `body` in it once, as a block of its own.
        body: the editor's Markdown, never swapped (it may hold anything).
    """
    key = "loafixed" + hashlib.sha256(markdown.encode()).hexdigest()[:KEY_DIGITS]
    body_word = f"{key}body"
    if body.strip():
        if markdown.count(body) != 1:
            return Fixed(markdown)  # cannot tell the body from the template: leave the page as it is
        markdown = markdown.replace(body, body_word)
    parts = _BLANK.split(markdown)
    blocks: list[str] = []
    for i in range(0, len(parts), 2):  # even items are blocks, odd ones the blank lines between them
        if parts[i] != body_word and is_passed_through(parts[i]):
            blocks.append(parts[i])
            parts[i] = f"{key}x{len(blocks) - 1}"
    out = "".join(parts)
    return Fixed(out.replace(body_word, body) if body.strip() else out, tuple(blocks), key)


def put_back(html: str, fixed: Fixed | None) -> str:
    """Markdown's HTML with each placeholder paragraph replaced by its block, as Markdown would have passed it.

    Markdown ends a passed-through block with a blank line where a paragraph ends with a newline;
    the whole output is stripped at its end.

    Raises:
        ValueError: a placeholder is not found as a paragraph of its own (a bug: the page would be wrong).
    """
    if fixed is None:  # a page with no template blocks (a hub, or a page MkDocs found itself)
        return html
    spots = fixed._spots(html, "<p>", "</p>")
    if spots is not None:
        return _rebuild(html, spots, fixed.blocks, after_block=lambda tail: "\n" if tail else "", strip=True)
    for i, block in enumerate(fixed.blocks):
        word = f"<p>{fixed.placeholder(i)}</p>"
        at = html.find(word)
        if at < 0 or html.find(word, at + 1) >= 0:
            raise ValueError(f"placeholder {i} of {len(fixed.blocks)} not found once in the converted page")
        end = at + len(word)
        tail = html[end:]
        html = html[:at] + block.rstrip("\n") + ("\n" + tail if tail else "")
    return html


def _rebuild(text: str, spots: list[tuple[int, int, int]], blocks: tuple[str, ...], *,
             after_block: Callable[[bool], str], strip: bool = False) -> str:
    """`text` with each spot `(start, end, block)` replaced by its block (its end newlines stripped with
    `strip`), followed by `after_block(whether text goes on after the spot)`: one pass over the text."""
    out: list[str] = []
    done = 0
    for start, end, index in spots:
        block = blocks[index].rstrip("\n") if strip else blocks[index]
        out += [text[done:start], block, after_block(end < len(text))]
        done = end
    out.append(text[done:])
    return "".join(out)
