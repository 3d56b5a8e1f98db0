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

The entries live in one SQLite file, `entries.sqlite`: new entries are written in a few
transactions (`flush`), not a file each. On this kind of machine a file's creation cost 0.3-1 ms,
and a first build at N = 5,000 spent more of its renderers' time creating 10,000 entry files than
sanitising every page. Each entry carries the day a build last used it; one unused for
CACHE_MAX_AGE_DAYS is dropped. A damaged file is a cache of nothing: the pages are converted again
and the file is replaced.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sqlite3
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from loa.memo import loa_source, versions
from loa.raster import CACHE_MAX_AGE_DAYS, cache_day

FORMAT = "1"  # the stored entry's layout
FILE = "entries.sqlite"
FLUSH_BYTES = 4 << 20  # new entries held before they are written: a bound on memory, not a schedule
_INHERITED: list[sqlite3.Connection] = []  # a parent's connections in a forked child: kept open, never used
BUSY_SECONDS = 60  # how long a write waits for another build's (or the other renderer's) write
SCHEMA = "CREATE TABLE IF NOT EXISTS entries (key TEXT PRIMARY KEY, day INTEGER NOT NULL, value BLOB NOT NULL)"


class HtmlCache:
    """Conversions by key, in the SQLite file `root/entries.sqlite` (shared by every cache of a build and
    by both render processes: keys are salted with each cache's settings). The page guard keeps its
    verdicts in one too (`loa.publish.CleanPages`)."""

    def __init__(self, root: Path, settings: Iterable[str]) -> None:
        self.root = root
        self.salt = hashlib.sha256("\n".join([FORMAT, versions(), loa_source(), *settings]).encode()).hexdigest()
        self.hits = self.stored = 0
        self._new: dict[str, bytes] = {}
        self._new_bytes = 0
        self._used: list[str] = []  # found with an older "last used" day
        self._lock = threading.Lock()  # `loa serve` rebuilds in another thread
        self._db: sqlite3.Connection | None = None
        self._pid = 0
        self._broken = False

    def key(self, *parts: str) -> str:
        digest = hashlib.sha256(self.salt.encode())
        for part in parts:
            digest.update(b"\0" + part.encode("utf-8", "surrogatepass"))
        return digest.hexdigest()

    def get(self, key: str) -> dict[str, Any] | None:
        with self._lock:
            data = self._new.get(key)
            if data is None:
                row = self._select(key)
                if row is None:
                    return None
                day, data = row
                if day < cache_day():
                    self._used.append(key)
        try:
            entry = json.loads(data)
        except ValueError:
            return None
        if not isinstance(entry, dict) or entry.get("key") != key:
            return None
        self.hits += 1
        return entry

    def put(self, key: str, entry: dict[str, Any]) -> None:
        data = json.dumps({"key": key, **entry}, ensure_ascii=False, separators=(",", ":")).encode()
        with self._lock:
            self._new[key] = data
            self._new_bytes += len(data)
            self.stored += 1
            if self._new_bytes >= FLUSH_BYTES:
                self._write()

    def flush(self) -> None:
        """Write the new entries and the used ones' day; drop entries unused for CACHE_MAX_AGE_DAYS.
        A disk that refuses costs speed next time, never this build."""
        with self._lock:
            self._write(prune=True)

    def _select(self, key: str) -> tuple[int, bytes] | None:
        try:
            db = self._connection(create=False)
            row = db.execute("SELECT day, value FROM entries WHERE key = ?", (key,)).fetchone() if db else None
        except sqlite3.OperationalError:  # locked by another build for a minute, say: a miss
            return None
        except sqlite3.Error:  # not a database: nothing in it is used, and the next write replaces it
            self._broken = True
            return None
        return (int(row[0]), bytes(row[1])) if row else None

    def _write(self, *, prune: bool = False) -> None:
        if not self._new and not self._used:
            return
        day = cache_day()
        try:
            db = self._connection(create=True)
            assert db is not None
            with db:
                db.executemany("INSERT OR REPLACE INTO entries VALUES (?, ?, ?)", ((k, day, v) for k, v in self._new.items()))
                db.executemany("UPDATE entries SET day = ? WHERE key = ?", ((day, k) for k in self._used))
                if prune:
                    db.execute("DELETE FROM entries WHERE day < ?", (day - CACHE_MAX_AGE_DAYS,))
        except (sqlite3.OperationalError, OSError):  # locked, or the disk refused: these entries are not kept
            pass
        except sqlite3.Error:  # damaged: removed, so the next write starts a new file
            self._drop()
        self._new, self._new_bytes, self._used = {}, 0, []

    def _connection(self, *, create: bool) -> sqlite3.Connection | None:
        """This process's connection (one made before a fork is never used after it), or None when
        there is no file to read yet. Raises sqlite3.Error on a damaged file."""
        if self._broken:
            if not create:
                return None
            self._drop()
        if self._db is not None:
            if self._pid == os.getpid():
                return self._db
            _INHERITED.append(self._db)  # closing it here could release the parent's locks (SQLite: "no fork")
        file = self.root / FILE
        if not create and not file.is_file():
            return None
        self.root.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(file, timeout=BUSY_SECONDS, check_same_thread=False)
        db.execute("PRAGMA journal_mode=WAL")  # the other render process reads while this one writes
        db.execute("PRAGMA synchronous=NORMAL")  # a cache: a power cut may lose the last write, never the file
        db.execute(SCHEMA)
        self._db, self._pid = db, os.getpid()
        return db

    def _drop(self) -> None:
        """The file is damaged: removed, so the next write starts anew."""
        if self._db is not None and self._pid != os.getpid():
            _INHERITED.append(self._db)
        self._db, self._broken = None, False
        for name in (FILE, f"{FILE}-wal", f"{FILE}-shm"):
            with contextlib.suppress(OSError):
                (self.root / name).unlink()
