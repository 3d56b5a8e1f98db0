"""The registry itself (kinds import it to register; everything else imports `loa.kinds`)."""

from __future__ import annotations

from loa.kinds.base import Kind

KINDS: dict[str, type[Kind]] = {}
BY_FOLDER: dict[str, type[Kind]] = {}


def register(kind: type[Kind]) -> type[Kind]:
    """Add a kind to the registry (a class decorator); its name and folder must be new."""
    if kind.name in KINDS or kind.folder in BY_FOLDER:
        raise ValueError(f"kind {kind.name!r} or folder {kind.folder!r} is already registered")
    KINDS[kind.name] = BY_FOLDER[kind.folder] = kind
    return kind


def unregister(kind: type[Kind]) -> None:
    """Remove a kind (tests that declare a throw-away kind)."""
    KINDS.pop(kind.name, None)
    BY_FOLDER.pop(kind.folder, None)
