"""Markdown extension: heading permalinks ("#") stay for the mouse but leave the Tab order and the
screen reader's list of links (a page of 50 headings otherwise has 50 Tab stops all named "#")."""

from __future__ import annotations

import xml.etree.ElementTree as etree

from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor


class QuietPermalinks(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        for link in root.iter("a"):
            if "headerlink" in (link.get("class") or "").split():
                link.set("tabindex", "-1")
                link.set("aria-hidden", "true")


class PermalinkExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        # toc adds the permalinks at priority 5; run after it.
        md.treeprocessors.register(QuietPermalinks(md), "loa_quiet_permalinks", 4)


def makeExtension(**kwargs: object) -> PermalinkExtension:  # noqa: N802 (Python-Markdown's entry point)
    return PermalinkExtension(**kwargs)
