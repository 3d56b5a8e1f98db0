"""Frozen dataclasses the stages pass along: terms, entries and the site."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from loa.errors import Location

PLACE_LEVELS = {"national": "toàn quốc", "province": "cấp tỉnh", "district": "cấp huyện"}


@dataclass(frozen=True, slots=True, order=True)
class Place:
    """Where an issuing body's texts apply: the nation, a province (or centrally-run city), a district.

    `name` is None when the documents do not say which province (the label says so).
    A district names its province, so a filter by province finds it.
    """

    level: str  # a key of PLACE_LEVELS
    name: str | None = None
    province: str | None = None

    @property
    def label(self) -> str:
        """How the place is shown: "Kiên Giang", "TP. Lai Châu (Lai Châu)", "Toàn quốc"."""
        if self.level == "national":
            return "Toàn quốc"
        if self.name is None:
            return "Một tỉnh (văn bản không ghi tên)"
        if self.level == "district" and self.province:
            return f"{self.name} ({self.province})"
        return self.name

    @property
    def province_label(self) -> str:
        """The province a filter groups this place under ("Toàn quốc" for the nation)."""
        if self.level == "district" and self.province:
            return self.province
        return self.label

    def contains(self, other: Place) -> bool:
        """Whether `other` lies within this place (a place contains itself)."""
        if self == other or self.level == "national":
            return True
        if self.level == "province" and self.name is not None:
            return other.level == "district" and other.province == self.name
        return False


@dataclass(frozen=True, slots=True)
class Term:
    """One value of a taxonomy (an audience, topic, organization or channel)."""

    taxonomy: str
    id: str
    name: str
    description: str | None = None
    extra: Mapping[str, str] = field(default_factory=dict)
    place: Place | None = None  # organizations: where their documents apply


@dataclass(frozen=True, slots=True)
class Entry:
    """A validated content item. `data` holds every front-matter value, NFC-normalised."""

    kind: str
    id: str
    path: str
    data: Mapping[str, Any]
    body: str = ""
    body_line: int = 1
    marks: Mapping[str, Location] = field(default_factory=dict)  # field path -> position
    record: bool = False  # its kind keeps it public after its validity window (Kind.record)

    def __reduce__(self) -> tuple[type, tuple[Any, ...]]:
        return Entry, (self.kind, self.id, self.path, self.data, self.body, self.body_line, self.marks, self.record)

    @property
    def title(self) -> str:
        return str(self.data["title"])

    @property
    def status(self) -> str:
        return str(self.data["status"])

    @property
    def reviewed(self) -> dt.date:
        return self.data["reviewed"]  # type: ignore[no-any-return]

    def get(self, key: str, default: Any = None) -> Any:
        return self.data.get(key, default)

    def mark(self, field_path: str) -> Location:
        """Return where `field_path` is written, falling back to the file's first line."""
        return self.marks.get(field_path) or self.marks.get(field_path.split("[")[0].split(".")[0]) or Location(self.path)

    def is_in_date(self, today: dt.date) -> bool:
        start, end = self.data.get("valid_from"), self.data.get("valid_until")
        return (start is None or start <= today) and (end is None or today <= end)

    def is_public(self, today: dt.date) -> bool:
        """Only approved items inside their validity window reach the public site.

        A record (a document: its kind says so) stays public after its validity window, marked no
        longer in force, because people look up what applied when.
        """
        if self.status != "approved":
            return False
        return self.record or self.is_in_date(today)

    def is_visible(self, today: dt.date, preview: bool) -> bool:
        """Public items, plus drafts and items in review when building a preview."""
        if self.is_public(today):
            return True
        # A preview shows what is being written and what is scheduled or expired, never what is retired.
        return preview and self.status in ("draft", "review", "approved")


@dataclass(frozen=True, slots=True)
class Owner:
    """The body that runs the portal and how to reach it (content/danh-muc/chu-quan.yml), for the footer."""

    name: str
    address: str | None = None
    phone: str | None = None
    email: str | None = None
    unfilled: bool = False  # a value still reads [CẦN ĐIỀN]: left out of the footer, and `loa check` warns


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later (the last day of the month when that month is shorter)."""
    year, month = divmod(day.month - 1 + months, 12)
    year, month = day.year + year, month + 1
    for last in (31, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")
