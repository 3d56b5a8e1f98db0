"""A page's Markdown -> the HTML Python-Markdown made of it, kept by content between builds.

Converting Markdown is the largest part of a build (a third of it at N = 5,000), and a rebuild (a
pull request's preview, CI, an editor's second build) converts mostly the pages it converted last
time. So `loa.plugin.PageMarkdown` keeps each conversion in `.cache/loa/html/` (beside the PNGs and
compressed copies) under a key that holds everything the conversion reads, and takes it from there
the next time:

- the page: its Markdown as the template wrote it, its source path and URL;
- the site: every file's path and URL (links between pages are resolved against them);
- the Markdown extensions and their settings, MkDocs's link validation settings, its log level;
- the versions of Python-Markdown, pymdown-extensions and MkDocs, and the source of loa itself.

The page's safe HTML (`loa.safety.sanitize_html` of the conversion with the template's blocks put
back) is kept the same way, under the digest of that HTML, the allowed hosts and nh3's version.

A conversion that logged anything (a broken link, say) is not kept, so its message is given again
by every build. Anything the key cannot name exactly (an extension set up with an object) turns the
cache off. An unreadable entry is converted again and replaced.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from loa.memo import loa_source, versions
from loa.raster import mark_used, write_atomically

FORMAT = "1"  # the stored entry's layout


class HtmlCache:
    """Conversions by key, as JSON files in `root` (`<key[:2]>/<key>.json`)."""

    def __init__(self, root: Path, settings: Iterable[str]) -> None:
        self.root = root
        self.salt = hashlib.sha256("\n".join([FORMAT, versions(), loa_source(), *settings]).encode()).hexdigest()
        self.hits = self.stored = 0

    def key(self, *parts: str) -> str:
        digest = hashlib.sha256(self.salt.encode())
        for part in parts:
            digest.update(b"\0" + part.encode())
        return digest.hexdigest()

    def get(self, key: str) -> dict[str, Any] | None:
        file = self._file(key)
        try:
            with file.open("rb") as stream:
                entry = json.loads(stream.read())
                mark_used(file, os.fstat(stream.fileno()).st_mtime)
        except (OSError, ValueError):
            return None
        if not isinstance(entry, dict) or entry.get("key") != key:
            return None
        self.hits += 1
        return entry

    def put(self, key: str, entry: dict[str, Any]) -> None:
        data = json.dumps({"key": key, **entry}, ensure_ascii=False, separators=(",", ":")).encode()
        if write_atomically(self._file(key), data):  # a full disk costs speed next time, not this build
            self.stored += 1

    def _file(self, key: str) -> Path:
        return self.root / key[:2] / f"{key}.json"
