"""Entries -> schema.org structured data (JSON-LD), escaped for embedding in HTML."""

from __future__ import annotations

import html
import json
import re
from functools import lru_cache
from html.parser import HTMLParser
from typing import Any

import markdown

from loa.model import Entry

_ATTR_LIST = re.compile(r"\{:?\s*[#.][^}]*\}")


class _TextOnly(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


@lru_cache(maxsize=1)
def _plain_markdown() -> markdown.Markdown:
    return markdown.Markdown(extensions=["attr_list", "tables"])


def markdown_to_text(source: str) -> str:
    """Plain text of a Markdown body: what a reader sees, without markup."""
    rendered = _plain_markdown().reset().convert(_ATTR_LIST.sub("", source))
    parser = _TextOnly()
    parser.feed(rendered)
    return " ".join(html.unescape(" ".join(parser.parts)).split())


def embed_json(value: Any) -> str:
    """JSON that is safe inside a <script> element: no `<`, `>` or `&` can close or confuse it."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def faq_jsonld(questions: list[Entry]) -> str:
    """A schema.org FAQPage listing each public question and its answer."""
    return embed_json({
        "@context": "https://schema.org",
        "@type": "FAQPage",
        "inLanguage": "vi",
        "mainEntity": [
            {"@type": "Question", "name": q.title,
             "acceptedAnswer": {"@type": "Answer", "text": markdown_to_text(q.body)}}
            for q in questions
        ],
    })
