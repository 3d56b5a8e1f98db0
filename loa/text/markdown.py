"""Markdown body scanning: which lines are prose (not fenced code), with inline code masked."""

from __future__ import annotations

import re
from collections.abc import Iterator

FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
CODE_SPAN = re.compile(r"(`+)(?!`)(.+?)(?<!`)\1(?!`)")


def mask_code_spans(line: str) -> str:
    """Replace inline code spans by spaces, keeping every other column where it was."""
    if "`" not in line:
        return line
    return CODE_SPAN.sub(lambda m: " " * len(m.group(0)), line)


def iter_prose_lines(body: str) -> Iterator[tuple[int, str, str]]:
    """Yield `(index, line, masked line)` for each line outside fenced code blocks.

    A fence closes only with the same character repeated at least as often, so a
    ```` block may show ``` examples.
    """
    fence: str | None = None
    for i, line in enumerate(body.split("\n")):
        m = FENCE.match(line)
        if fence is not None:
            if m and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence) and not line[m.end():].strip():
                fence = None
            continue
        if m:
            fence = m.group(1)
            continue
        yield i, line, mask_code_spans(line)

