"""Reporting schedules: recurring deadlines drawn as cards, and an .ics calendar to import."""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from loa.fields import Choice, Field, FieldError, Integer, ListOf, Slug, Struct, Text
from loa.infographics.svg import Canvas
from loa.model import Entry, add_months
from loa.text.vi import format_date

if TYPE_CHECKING:
    from loa.scope import DatedSource, Scope

WEEKDAYS = {"MO": "thứ Hai", "TU": "thứ Ba", "WE": "thứ Tư", "TH": "thứ Năm", "FR": "thứ Sáu", "SA": "thứ Bảy",
            "SU": "Chủ nhật"}
TIMEZONE = "Asia/Ho_Chi_Minh"

SCHEMA = Struct(fields={
    "events": Field(ListOf(Struct(fields={
        "name": Field(Text(max_len=160), required=True, doc="việc phải làm"),
        "when": Field(Text(max_len=160), required=True, doc="thời hạn như văn bản ghi"),
        "frequency": Field(Choice(("daily", "weekly", "monthly"), label="tần suất"), required=True,
                           doc="daily, weekly, monthly"),
        "weekday": Field(Choice(tuple(WEEKDAYS), label="thứ"), doc="với weekly: MO … SU"),
        "time": Field(Text(max_len=5, example_value="14:00"), doc="giờ HH:MM, 24 giờ (đặt trong ngoặc kép)"),
        "month_days": Field(ListOf(Integer(minimum=1, maximum=31), max_items=4), doc="với monthly: các ngày trong tháng"),
        "deadline": Field(Choice(("on", "before"), label="hạn"),
                          doc="before: phải xong trước các ngày month_days (\"trước ngày 14\"); on (mặc định): đúng ngày đó"),
        "document": Field(Slug(example_value="cong-van-01-cv-btgduk"),
                          doc="id văn bản (trong sources) đặt ra lịch này: lịch kết thúc khi thời gian thực hiện của văn bản hết"),
        "who": Field(Text(max_len=300), required=True, doc="ai phải làm"),
        "channel": Field(Text(max_len=300), doc="gửi qua đâu"),
    }, example_value="{name: ..., when: ..., frequency: weekly, weekday: FR, time: \"14:00\", who: ...}"),
        min_items=1, max_items=10), required=True, doc="các lịch định kỳ"),
    "note": Field(Text(max_len=400), doc="ghi chú"),
}, example_value="{events: [...]}")


TIME = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")


def check(data: dict[str, Any]) -> list[tuple[FieldError, str]]:
    """Rules the calendar needs: a weekday for weekly events, days for monthly ones, a valid time."""
    problems = []
    for i, event in enumerate(data.get("events") or []):
        at = f"events[{i}]"
        if event.get("time") is not None and not TIME.match(event["time"]):
            problems.append((FieldError("L203", f"giờ {event['time']!r} không đúng dạng HH:MM (24 giờ)",
                                        'viết ví dụ time: "14:00"'), f"{at}.time"))
        if event.get("frequency") == "weekly" and not event.get("weekday"):
            problems.append((FieldError("L202", "lịch hằng tuần (weekly) cần trường weekday",
                                        "thêm dòng weekday: FR (MO, TU, WE, TH, FR, SA, SU)"), f"{at}.frequency"))
        if event.get("frequency") == "monthly" and not event.get("month_days"):
            problems.append((FieldError("L202", "lịch hằng tháng (monthly) cần trường month_days",
                                        "thêm dòng month_days: [14, 29]"), f"{at}.frequency"))
        if event.get("deadline") == "before" and 1 in (event.get("month_days") or []):
            problems.append((FieldError("L203", "\"trước ngày 1\" là ngày cuối tháng trước, lịch không ghi được như vậy",
                                        "ghi ngày cuối cùng phải xong với deadline: on"), f"{at}.month_days"))
    return problems


def render(entry: Entry, data: dict[str, Any]) -> tuple[str, int]:
    canvas = Canvas()
    canvas.heading(entry.title)
    for event in data["events"]:
        lines = [f"Khi nào: {event['when']}", f"Ai: {event['who']}"]
        if event.get("channel"):
            lines.append(f"Gửi qua: {event['channel']}")
        canvas.card(event["name"], lines)
    if data.get("note"):
        canvas.note(data["note"])
    return canvas.finish(entry.id, entry.title, entry.get("description"))


def _first_on_or_after(start: dt.date, matches: Any) -> dt.date:
    day = start
    while not matches(day):
        day += dt.timedelta(days=1)
    return day


def _source_for(event: dict[str, Any], scope: Scope) -> DatedSource | None:
    """The document that sets this schedule: the one named, else the item's only source."""
    named = [s for s in scope.sources if s.document == event.get("document")]
    if named:
        return named[0]
    return scope.sources[0] if len(scope.sources) == 1 else None


def _span(entry: Entry, source: DatedSource | None, scope: Scope, months: int) -> tuple[dt.date, dt.date]:
    """First and last day of a schedule: from its document's date to the end of its stated period, or
    else to the day the item turns archive; a re-confirmation extends it (never past a stated period)."""
    start = (source.date if source else None) or entry.reviewed
    if source is not None and source.period_until is not None:
        return start, source.period_until
    end = add_months(start, months) - dt.timedelta(days=1)
    if scope.reconfirmed_on is not None:
        end = max(end, add_months(scope.reconfirmed_on, months) - dt.timedelta(days=1))
    return start, end


def _alarm(description: str, before: dt.timedelta) -> Any:
    import icalendar

    alarm = icalendar.Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", description)
    alarm.add("trigger", -before)
    return alarm


def calendar(entry: Entry, data: dict[str, Any], scope: Scope, months: int) -> bytes:
    """An iCalendar file with one recurring event per schedule line (RFC 5545).

    Every recurrence has an end (UNTIL): the end of the period its document states, or the day the
    item turns "tư liệu". Deadlines "trước ngày 14" fall on the 13th, so short months keep both
    dates; a day past the 28th falls back to the month's last day. Reminders come before the deadline.
    """
    import icalendar

    cal = icalendar.Calendar()
    cal.add("prodid", "-//loa//infographic//vi")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", entry.title)
    stamp = dt.datetime.combine(entry.reviewed, dt.time(), dt.timezone.utc)
    uid = 0
    for event in data["events"]:
        source = _source_for(event, scope)
        start, end = _span(entry, source, scope, months)
        about = f"{event['when']}. {event['who']}." + (f" Gửi qua: {event['channel']}." if event.get("channel") else "")
        if source is not None:
            place = f" ({source.place.label})" if source.place else ""
            about += f" Theo {source.label}{place}."
            if source.period_quote:
                about += f" Văn bản ghi thời gian: “{source.period_quote}”."
        about += f" Lịch kết thúc ngày {format_date(end)}."
        for rule in _rules(event):
            uid += 1
            ev = icalendar.Event()
            ev.add("uid", f"{entry.id}-{uid}@loa")
            ev.add("dtstamp", stamp)
            ev.add("summary", event["name"])
            ev.add("description", about)
            day = _first_on_or_after(start, rule["matches"])
            if rule["time"] is not None:
                # Viet Nam keeps UTC+7 all year, so UTC times are exact and need no VTIMEZONE block.
                local = dt.datetime.combine(day, rule["time"], ZoneInfo(TIMEZONE))
                ev.add("dtstart", local.astimezone(dt.timezone.utc))
                ev.add("duration", dt.timedelta(minutes=30))
                last = dt.datetime.combine(end, rule["time"], ZoneInfo(TIMEZONE)).astimezone(dt.timezone.utc)
                ev.add("rrule", {**rule["rrule"], "until": last})
                ev.add_component(_alarm(f"Sắp đến hạn: {event['name']} ({event['when']})", dt.timedelta(hours=1)))
            else:
                ev.add("dtstart", day)
                ev.add("dtend", day + dt.timedelta(days=1))
                ev.add("rrule", {**rule["rrule"], "until": end})
                if rule["alarm"]:
                    # An all-day event starts at midnight: 15 hours earlier is 9:00 the day before.
                    ev.add_component(_alarm(f"Ngày mai là hạn cuối: {event['name']} ({event['when']})",
                                            dt.timedelta(hours=15)))
            cal.add_component(ev)
    return cal.to_ical()


def _rules(event: dict[str, Any]) -> list[dict[str, Any]]:
    """One or more (RRULE, first-day test, time, whether to remind) for a schedule line."""
    time = None
    if event.get("time"):
        hour, minute = (int(x) for x in event["time"].split(":"))
        time = dt.time(hour, minute)
    if event["frequency"] == "daily":
        return [{"rrule": {"freq": "daily"}, "matches": lambda d: True, "time": time, "alarm": time is not None}]
    if event["frequency"] == "weekly":
        index = list(WEEKDAYS).index(event["weekday"])
        return [{"rrule": {"freq": "weekly", "byday": event["weekday"]}, "time": time or dt.time(8, 0), "alarm": True,
                 "matches": lambda d, index=index: d.weekday() == index}]
    shift = 1 if event.get("deadline") == "before" else 0  # "trước ngày 14": the 13th is the last day
    days = sorted({d - shift for d in event["month_days"]})
    short = [d for d in days if d <= 28]
    rules = []
    if short:
        rules.append({"rrule": {"freq": "monthly", "bymonthday": short}, "time": time, "alarm": True,
                      "matches": lambda d, short=short: d.day in short})
    for d in (d for d in days if d > 28):
        # The 29th-31st, or the month's last day when it is shorter: the last of 28..d that exists.
        rules.append({"rrule": {"freq": "monthly", "bymonthday": list(range(28, d + 1)), "bysetpos": -1},
                      "time": time, "alarm": True,
                      "matches": lambda day, d=d: day.day == min(d, _month_length(day))})
    return rules


def _month_length(day: dt.date) -> int:
    nxt = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return (nxt - dt.timedelta(days=1)).day
