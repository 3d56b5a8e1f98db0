"""The `loa` logger: what loa tells the person running it, beside MkDocs's own log.

Modules log to `logging.getLogger(__name__)` (children of `loa`); the edge that runs loa (the
command line, or the MkDocs plugin under a bare `mkdocs build`) calls `configure` once, which
prints the messages as they are, on stderr.
"""

from __future__ import annotations

import logging
import sys
from typing import TextIO


class _Stderr(logging.StreamHandler):
    """Writes to whatever `sys.stderr` is when a record arrives (a test runner may swap it)."""

    def __init__(self) -> None:
        super().__init__()

    @property
    def stream(self) -> TextIO:
        return sys.stderr

    @stream.setter
    def stream(self, _value: object) -> None:
        pass  # StreamHandler's constructor sets it; the property above always wins


def configure(level: int = logging.INFO) -> logging.Logger:
    """Give the `loa` logger one handler on stderr (once per process) and return it."""
    logger = logging.getLogger("loa")
    if not any(isinstance(h, _Stderr) for h in logger.handlers):
        handler = _Stderr()
        handler.setFormatter(logging.Formatter("%(message)s"))
        logger.addHandler(handler)
    logger.setLevel(level)
    return logger


class Listening(logging.Handler):
    """`with Listening() as heard:` collects in `heard.records` every record any logger emits meanwhile
    (on the root logger, and on MkDocs's, which a command line may keep from propagating)."""

    LOGGERS = ("", "mkdocs")

    def __init__(self) -> None:
        super().__init__(logging.NOTSET)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)

    def __enter__(self) -> "Listening":
        for name in self.LOGGERS:
            logging.getLogger(name).addHandler(self)
        return self

    def __exit__(self, *_exc: object) -> None:
        for name in self.LOGGERS:
            logging.getLogger(name).removeHandler(self)
