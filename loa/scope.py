"""Entries + organizations -> where and when each item applies: places, dated sources, archive status.

An item's place is its sources' issuers' places; its dates are its sources' dates. Documents
are their own source. An editor may state a wider or narrower place only explicitly (`scope`),
and may keep an old item current only with a dated reason (`reconfirmed`); `check_scope`
reports what contradicts the sources.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass

from loa.errors import Diagnostic, Severity, make, quote
from loa.kinds.base import to_place
from loa.kinds.document import DOC_TYPES
from loa.model import Entry, Place, Term, add_months
from loa.text.vi import fold, format_date, slugify, strip_diacritics


@dataclass(frozen=True, slots=True)
class DatedSource:
    """One cited document, as a reader needs it next to an item's title."""

    document: str  # the document's id
    label: str  # "Kế hoạch 33-KH/TU, 12/10/2021"
    issued_on: dt.date | None
    place: Place | None
    period_until: dt.date | None = None  # the last day of the period the document states, if any
    period_quote: str | None = None  # the document's own words for that period
    not_before: dt.date | None = None  # an undated document's earliest possible date (`issued_after`)
    names: tuple[str, ...] = ()  # how a channel text may name it: place, number, issuer's short name

    @property
    def date(self) -> dt.date | None:
        """The date ages are counted from: the issue date, else the earliest the document can be."""
        return self.issued_on or self.not_before


@dataclass(frozen=True, slots=True)
class Scope:
    """Where and when an item applies, and whether it is now only an archive record ("tư liệu")."""

    places: tuple[Place, ...]  # what the item applies to (the editor's `scope` when given)
    derived: tuple[Place, ...]  # what its sources' issuers cover
    sources: tuple[DatedSource, ...]  # one per cited document, in citation order
    archived: bool = False
    archive_note: str | None = None  # the banner's sentence, in Vietnamese
    era: str | None = None  # the period it belonged to: "năm 2021", "2020–2021"
    reconfirmed_on: dt.date | None = None
    reconfirmed_reason: str | None = None

    @property
    def place_label(self) -> str:
        """"Kiên Giang", "Kiên Giang, Bình Phước", or "Chưa rõ nơi áp dụng" when no source says."""
        return ", ".join(p.label for p in self.places) or "Chưa rõ nơi áp dụng"

    @property
    def source_label(self) -> str:
        """"Kế hoạch 33-KH/TU, 12/10/2021; Công văn 01-CV/BTGDUK, 31/7/2020"."""
        return "; ".join(s.label for s in self.sources)

    @property
    def line(self) -> str:
        """The one line shown under every title: "Kiên Giang · Kế hoạch 33-KH/TU, 12/10/2021"."""
        return " · ".join(x for x in (self.place_label, self.source_label) if x)

    @property
    def status_label(self) -> str:
        return "Tư liệu" if self.archived else "Đang áp dụng"

    @property
    def is_local(self) -> bool:
        """Whether the item applies to part of the country only (its channel texts must say where)."""
        return bool(self.places) and all(p.level != "national" for p in self.places)

    @property
    def place_filters(self) -> tuple[str, ...]:
        """Province-level names to filter by ("Lai Châu" for TP. Lai Châu), sorted, unique."""
        return tuple(sorted({p.province_label for p in self.places}))

    @property
    def place_slugs(self) -> tuple[str, ...]:
        return tuple(slugify(name) for name in self.place_filters)

    @property
    def newest(self) -> dt.date | None:
        dates = [s.date for s in self.sources if s.date is not None]
        return max(dates) if dates else None


def source_label(doc: Entry, issuer: Term | None = None) -> str:
    """Name a document with its date: "Kế hoạch 33-KH/TU, 12/10/2021".

    A blank number or none at all is said, never hidden; so is a missing date. A document whose
    original leaves the number blank ("-KH/BTGTU") is named by its symbol, as Vietnamese
    administrative usage does: "Kế hoạch ký hiệu KH/BTGTU, không ghi số". Commas, not brackets: the
    label is itself put in brackets (an archive note, a citation).
    """
    kind = DOC_TYPES.get(doc.get("doc_type"), "Văn bản")
    number = doc.get("number")
    if number and number[0].isdigit():
        name = f"{kind} {number}"
    elif number and number.strip("-/ "):
        name = f"{kind} ký hiệu {number.strip('-/ ')}, không ghi số"
    else:
        name = f"{kind} của {issuer.name}, không ghi số" if issuer is not None else f"{kind} không ghi số"
    return f"{name}, {format_date(doc.get('issued_on'))}"


def dated_source(doc: Entry, organizations: Mapping[str, Term]) -> DatedSource:
    issuer = organizations.get(doc.get("issuer") or "")
    period = doc.get("period") or {}
    place = issuer.place if issuer else None
    names = [place.name, place.province] if place else []
    number = doc.get("number")
    names += [number if number and number[0].isdigit() else None, issuer.extra.get("short_name") if issuer else None]
    return DatedSource(doc.id, source_label(doc, issuer), doc.get("issued_on"), place,
                       period.get("until"), period.get("quote"), doc.get("issued_after"),
                       tuple(dict.fromkeys(_core(n) for n in names if n)))


PLACE_PREFIXES = ("tp. ", "tp ", "thanh pho ", "tinh ", "huyen ", "thi xa ", "quan ")


_NOT_ALNUM = re.compile(r"[\W_]+")  # \w is str.isalnum() plus "_"


def _words(text: str) -> str:
    """Folded words separated by single spaces: "33-KH/TU" -> "33 kh tu", "Kiên Giang" -> "kien giang"."""
    return " ".join(_NOT_ALNUM.sub(" ", fold(text)).split())


def _core(name: str) -> str:
    """A place name without its administrative prefix ("TP. Lai Châu" -> "Lai Châu")."""
    folded = fold(name)
    for prefix in PLACE_PREFIXES:
        if folded.startswith(prefix):
            return name[len(prefix):]
    return name


def derive_scope(entry: Entry, entries: Mapping[str, Entry], organizations: Mapping[str, Term],
                 today: dt.date, archive_months: int) -> Scope:
    """Where and when `entry` applies, from what it cites (a document: from itself)."""
    if entry.kind == "document":
        docs = [entry]
    else:
        ids = dict.fromkeys(s["document"] for s in entry.get("sources") or [] if s.get("document"))
        docs = [d for d in (entries.get(i) for i in ids) if d is not None and d.kind == "document"]
    sources = tuple(dated_source(d, organizations) for d in docs)
    derived = tuple(dict.fromkeys(s.place for s in sources if s.place is not None))
    explicit = entry.get("scope") or {}
    places = tuple(dict.fromkeys(to_place(p) for p in explicit.get("places") or [])) or derived
    confirmed = entry.get("reconfirmed") or {}
    scope = Scope(places, derived, sources, reconfirmed_on=confirmed.get("date"),
                  reconfirmed_reason=confirmed.get("reason"))
    archived, note = _archive_status(scope, today, archive_months, entry.kind == "document")
    if not archived:
        return scope
    return Scope(places, derived, sources, True, note, _era(sources), scope.reconfirmed_on, scope.reconfirmed_reason)


def _era(sources: tuple[DatedSource, ...]) -> str | None:
    """The years the sources were issued in or ran to; an undated source's earliest date says no year."""
    years = sorted({s.issued_on.year for s in sources if s.issued_on is not None}
                   | {s.period_until.year for s in sources if s.period_until is not None})
    if not years:
        return None
    return f"năm {years[0]}" if years[0] == years[-1] else f"{years[0]}–{years[-1]}"


def _archive_status(scope: Scope, today: dt.date, months: int, document: bool) -> tuple[bool, str | None]:
    """Archived when every source's stated period has ended, or the newest source is older than `months`.

    A re-confirmation keeps an item current for `months` from its date.
    """
    if scope.reconfirmed_on is not None and scope.reconfirmed_on <= today < add_months(scope.reconfirmed_on, months):
        return False, None
    if not scope.sources:
        return False, None
    periods = [s for s in scope.sources if s.period_until is not None]
    if len(periods) == len(scope.sources) and all(s.period_until < today for s in periods):  # type: ignore[operator]
        if document:
            (only,) = periods
            return True, (f"Văn bản ghi thời gian thực hiện “{only.period_quote}”; thời gian đó đã kết thúc ngày "
                          f"{format_date(only.period_until)}.")
        quotes = "; ".join(f"{s.label}: “{s.period_quote}”, kết thúc ngày {format_date(s.period_until)}"
                           for s in periods)
        return True, f"Thời gian thực hiện mà văn bản nguồn ghi đã kết thúc ({quotes})."
    newest = scope.newest
    if newest is not None and add_months(newest, months) <= today:
        if document:
            when = (f"ban hành ngày {format_date(newest)}, đã hơn {months} tháng" if scope.sources[0].issued_on
                    else f"không ghi ngày; văn bản mà nó căn cứ đề ngày {format_date(newest)}, đã hơn {months} tháng")
            return True, f"Văn bản {when}."
        which = "Văn bản nguồn" if len(scope.sources) == 1 else "Văn bản nguồn mới nhất"
        dated = next(s for s in scope.sources if s.date == newest)
        # An undated document is aged from the newest document it cites: say so, never a date it lacks.
        named = (f"{dated.label}) đã ban hành" if dated.issued_on
                 else f"{dated.label}; văn bản mà nó căn cứ đề ngày {format_date(newest)}) đã qua")
        return True, (f"{which} ({named} hơn {months} tháng và nội dung chưa được biên tập viên xác nhận "
                      "là còn áp dụng.")
    return False, None


def _newest_label(scope: Scope) -> str:
    newest = scope.newest
    return next(s.label for s in scope.sources if s.date == newest)


def check_scope(entry: Entry, scope: Scope, today: dt.date) -> list[Diagnostic]:
    """Contradictions between an item's explicit fields and what its sources say (L307, L308)."""
    out: list[Diagnostic] = []
    explicit = entry.get("scope")
    if explicit and scope.derived:
        out += _check_extent(entry, explicit["extent"], scope.places, scope.derived)
    confirmed = entry.get("reconfirmed")
    if confirmed and confirmed["date"] > today:
        out.append(make("L308", entry.mark("reconfirmed.date"),
                        f"ngày xác nhận {confirmed['date'].isoformat()} ở sau ngày dựng {today.isoformat()}",
                        field="reconfirmed.date", hint=f"ghi ngày đã xác nhận thật, ví dụ date: {today.isoformat()}"))
    elif confirmed and scope.newest is not None and confirmed["date"] < scope.newest:
        out.append(make("L308", entry.mark("reconfirmed.date"),
                        f"ngày xác nhận {confirmed['date'].isoformat()} sớm hơn văn bản nguồn ({_newest_label(scope)})",
                        field="reconfirmed.date", hint="xác nhận lại sau khi đối chiếu văn bản nguồn, ghi ngày đối chiếu"))
    return out


def _check_extent(entry: Entry, extent: str, places: tuple[Place, ...], derived: tuple[Place, ...]) -> list[Diagnostic]:
    stated = ", ".join(p.label for p in places)
    sourced = ", ".join(p.label for p in derived)
    wider = all(any(p.contains(d) for p in places) for d in derived)
    narrower = all(any(d.contains(p) for d in derived) for p in places)
    if set(places) == set(derived):
        problem = f"nơi áp dụng {quote(stated)} trùng với nơi ban hành văn bản nguồn"
        hint = "bỏ trường scope: nơi áp dụng đã lấy từ văn bản nguồn"
    elif extent == "wider" and not wider:
        problem = f"scope ghi rộng hơn (wider) nhưng {quote(stated)} không bao gồm {quote(sourced)} của văn bản nguồn"
        hint = ("ghi extent: narrower nếu nơi áp dụng nằm trong nơi ban hành" if narrower
                else "ghi nơi áp dụng bao gồm nơi ban hành văn bản nguồn, hoặc bỏ trường scope")
    elif extent == "narrower" and not narrower:
        problem = f"scope ghi hẹp hơn (narrower) nhưng {quote(stated)} không nằm trong {quote(sourced)} của văn bản nguồn"
        hint = ("ghi extent: wider nếu nơi áp dụng bao gồm nơi ban hành" if wider
                else "chọn nơi áp dụng nằm trong nơi ban hành văn bản nguồn, hoặc bỏ trường scope")
    else:
        return []
    return [make("L307", entry.mark("scope.places"), problem, field="scope.places", hint=hint)]


CHANNELS = (("sms", "SMS"), ("led", "dòng chữ LED"), ("loudspeaker", "lời đọc trên loa"))


def check_channel_texts(entry: Entry, scope: Scope) -> list[Diagnostic]:
    """Channel texts leave the site without their page: a local item's texts name where it applies (L310).

    Naming one place the item applies to, or one of its documents, is enough: each cited document
    supports the text on its own. An explicit `scope` must be named by its own places.
    """
    variants = entry.get("variants") or {}
    if not variants or not scope.is_local or entry.status == "retired":
        return []
    if entry.get("scope"):
        names = {n for p in scope.places for n in (p.name, p.province) if n}
    else:
        names = {n for source in scope.sources for n in source.names}
    out = []
    for key, label in CHANNELS:
        text = variants.get(key)
        if not text:
            continue
        said = f" {_words(text)} "
        if any(f" {_words(n)} " in said for n in names):
            continue
        hint = (f"nêu ngay trong lời văn, ví dụ bắt đầu bằng {quote(_example(names, key))}" if names else
                "văn bản nguồn không ghi nơi và số: thêm short_name cho cơ quan ban hành trong "
                "content/danh-muc/co-quan.yml rồi nêu tên đó trong lời văn")
        # A draft may still be written: a warning until it goes to review (as with L222).
        out.append(make("L310", entry.mark(f"variants.{key}"),
                        f"{label} không nêu nơi áp dụng ({scope.place_label}) hay văn bản nguồn; "
                        "tin này được gửi đi không kèm trang", field=f"variants.{key}", hint=hint,
                        severity=Severity.WARNING if entry.status == "draft" else None))
    return out


def _example(names: set[str], key: str) -> str:
    """A pasteable opening that names the place (written as the channel allows: SMS without diacritics)."""
    name = sorted(names, key=lambda n: (any(c.isdigit() for c in n), len(n), n))[0]
    return (strip_diacritics(name) if key == "sms" else name) + ": "
