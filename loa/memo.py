"""Results of pure functions of text (Markdown to plain text, a one-line answer, a shared body's HTML),
kept between builds in one JSON file per use.

A large site converts thousands of small pieces of Markdown besides its pages (the Q&A hub's
one-line answers, the handouts' talking points, the exports' plain text): 1-2 s of a CPU each at
N = 5,000, on the path to the first page. A rebuild converts mostly the same pieces, so each result
is kept under a digest of everything it depends on (the caller names it: the text, and for a body the
site's pages its links resolve against), salted with loa's own source and the Markdown versions.

A file holds what its last build used, so a piece no build asks for any more is gone after one build.
An unreadable file is an empty memo. `Memo(None)` remembers nothing (the cache is off).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any, TypeVar, cast

from loa.raster import mark_used, write_atomically

FORMAT = "1"
T = TypeVar("T")  # a JSON value: str, None


class _Unnamed(Exception):
    """A setting the key cannot spell exactly (caught by `stable`)."""


def stable(value: Any) -> str | None:
    """A text that is the same for the same setting in every process and build, or None when `value`
    holds an object other than plain data or a function named by its module (nothing could key it)."""
    try:
        return _spelt(value)
    except _Unnamed:
        return None


def _spelt(value: Any) -> str:
    if value is None or isinstance(value, bool | int | float | str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list | tuple):
        return "[" + ",".join(_spelt(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ",".join(f"{_spelt(str(k))}:{_spelt(v)}" for k, v in sorted(value.items(), key=lambda kv: str(kv[0]))) + "}"
    module, name = getattr(value, "__module__", None), getattr(value, "__qualname__", None)
    if callable(value) and module and name and "<" not in name:
        return f"<{module}.{name}>"
    raise _Unnamed(type(value).__name__)


@lru_cache(maxsize=1)
def loa_source() -> str:
    """A digest of loa's own code (any change may change what a conversion gives)."""
    root = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*.py")):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def versions() -> str:
    return " ".join(f"{name} {metadata.version(name)}" for name in ("markdown", "pymdown-extensions", "mkdocs", "nh3"))


class Memo:
    """`memo(parts, make)`: `make()`, or what it gave for the same `parts` in the last build."""

    def __init__(self, file: Path | None) -> None:
        self.file = file
        self.salt = hashlib.sha256(f"{FORMAT}\n{versions()}\n{loa_source()}".encode()).hexdigest() if file else ""
        self.known: dict[str, Any] = {}
        self.used: dict[str, Any] = {}
        self.hits = 0
        if file is not None:
            try:
                stored = json.loads(file.read_bytes())
                mark_used(file)  # used, though perhaps not rewritten: kept by the cache's pruning
                if isinstance(stored, dict) and stored.get("salt") == self.salt and isinstance(stored.get("results"), dict):
                    self.known = stored["results"]
            except (OSError, ValueError):
                pass

    def __call__(self, parts: tuple[str, ...], make: Callable[[], T]) -> T:
        if self.file is None:
            return make()
        digest = hashlib.sha256()
        for part in parts:
            digest.update(part.encode() + b"\0")
        key = digest.hexdigest()
        if key in self.known:
            self.hits += 1
            value = cast(T, self.known[key])
        else:
            value = make()
        self.used[key] = value
        return value

    def save(self) -> None:
        """Keep what this build used (only if it differs from what was kept)."""
        if self.file is not None and self.used != self.known:
            data = {"salt": self.salt, "results": self.used}
            write_atomically(self.file, json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode())


def remembering(file: Path | None, work: Callable[[Memo], Any]) -> Any:
    """`work(memo)` with the memo kept in `file`, saved after the work."""
    memo = Memo(file)
    result = work(memo)
    memo.save()
    return result
