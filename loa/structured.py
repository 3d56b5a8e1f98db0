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


SENTENCE_END = re.compile(r"(?<=[.!?…])\s")


def one_line_answer(body: str, limit: int = 180) -> str:
    """The first sentence (of 40 characters or more) of an answer's first paragraph, as plain text of at most `limit` characters.

    Shown under each question in lists; the words are the answer's own, only cut (with "…").
    """
    paragraphs = [p for p in body.strip().split("\n\n") if p.strip() and not p.lstrip().startswith(("#", "|", "<"))]
    text = ""
    if paragraphs:  # one paragraph: its inline parts join without spaces ("**x**," stays "x,")
        parser = _TextOnly()
        parser.feed(_plain_markdown().reset().convert(_ATTR_LIST.sub("", paragraphs[0])))
        text = " ".join(html.unescape("".join(parser.parts)).split())
    sentence = text
    for m in SENTENCE_END.finditer(text):  # a bare "Có." says too little: go on to a sentence of some length
        if m.start() >= 40:
            sentence = text[: m.start()]
            break
    if len(sentence) <= limit:
        return sentence
    return sentence[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:(") + "…"


def embed_json(value: Any) -> str:
    """JSON that is safe inside a <script> element: no `<`, `>` or `&` can close or confuse it."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def faq_jsonld(questions: list[Entry]) -> str:
    """A schema.org FAQPage listing each public question, the one-line answer the hub shows and the answer's page."""
    return embed_json({
        "@context": "https://schema.org",
        "@type": "FAQPage",
        "inLanguage": "vi",
        "mainEntity": [
            {"@type": "Question", "name": q.title,
             "acceptedAnswer": {"@type": "Answer", "text": one_line_answer(q.body),
                                "url": f"{q.id}/"}}  # relative to the hub, /hoi-dap/
            for q in questions
        ],
    })
