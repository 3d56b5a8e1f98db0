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
from dataclasses import dataclass

# Python-Markdown's block-level tags that open the raw HTML blocks our templates write.
BLOCK_TAGS = ("div", "nav", "p", "dl", "figure", "details", "ol", "ul", "blockquote", "table")
_OPEN = re.compile(r"<(" + "|".join(BLOCK_TAGS) + r")[\s>]")
_BLANK = re.compile(r"(\n(?:[ \t]*\n)+)")  # one or more blank lines
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)[^<>]*?(/?)>")
VOID = {"br", "img", "hr", "input", "meta", "link", "col", "wbr", "source", "track", "area", "embed"}


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
        for i in reversed(range(len(self.blocks))):  # x12 before x1, which is a prefix of it
            markdown = markdown.replace(self.placeholder(i), self.blocks[i])
        return markdown


def is_passed_through(block: str) -> bool:
    """Whether `block` is exactly one block-level element, with nothing after its end tag.

    Markdown passes such a block through unchanged; two elements in one block, text after the
    element, or markup it cannot pair (a comment, a quote holding `>`) keep the block in the Markdown.
    """
    opened = _OPEN.match(block)
    if opened is None or "<!--" in block or "markdown=" in block:
        return False
    depth = 0
    for tag in _TAG.finditer(block):
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
    key = "loafixed" + hashlib.sha256(markdown.encode()).hexdigest()[:20]
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
    if fixed is None or not fixed.blocks:  # a page with no template blocks (a hub, or a page MkDocs found itself)
        return html
    # One pass over the page (replacing the words one by one copied the whole page once per block).
    found = list(re.finditer(re.escape(f"<p>{fixed.key}x") + r"(\d+)</p>", html))
    seen = sorted(int(m.group(1)) for m in found)
    if seen != list(range(len(fixed.blocks))):
        missing = next((i for i in range(len(fixed.blocks)) if seen.count(i) != 1), len(fixed.blocks))
        raise ValueError(f"placeholder {missing} of {len(fixed.blocks)} not found once in the converted page")
    parts: list[str] = []
    start = 0
    for m in found:
        parts += [html[start:m.start()], fixed.blocks[int(m.group(1))].rstrip("\n")]
        if m.end() < len(html):  # Markdown's blank line after a passed-through block
            parts.append("\n")
        start = m.end()
    parts.append(html[start:])
    return "".join(parts)
