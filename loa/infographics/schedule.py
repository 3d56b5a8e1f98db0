"""Reporting schedules: recurring deadlines drawn as cards, and an .ics calendar to import."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any
from zoneinfo import ZoneInfo

from loa.infographics.svg import Canvas
from loa.kinds.fields import Choice, Field, FieldError, Integer, ListOf, Struct, Text
from loa.model import Entry

WEEKDAYS = {"MO": "thứ Hai", "TU": "thứ Ba", "WE": "thứ Tư", "TH": "thứ Năm", "FR": "thứ Sáu", "SA": "thứ Bảy",
            "SU": "Chủ nhật"}
TIMEZONE = "Asia/Ho_Chi_Minh"

SCHEMA = Struct(fields={
    "events": Field(ListOf(Struct(fields={
        "name": Field(Text(max_len=160), required=True, doc="việc phải làm"),
        "when": Field(Text(max_len=160), required=True, doc="thời hạn như văn bản ghi"),
        "frequency": Field(Choice(("weekly", "monthly"), label="tần suất"), required=True, doc="weekly, monthly"),
        "weekday": Field(Choice(tuple(WEEKDAYS), label="thứ"), doc="với weekly: MO … SU"),
        "time": Field(Text(max_len=5, example_value="14:00"), doc="giờ HH:MM, 24 giờ (đặt trong ngoặc kép)"),
        "month_days": Field(ListOf(Integer(minimum=1, maximum=31), max_items=4), doc="với monthly: các ngày trong tháng"),
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


def calendar(entry: Entry, data: dict[str, Any]) -> bytes:
    """An iCalendar file with one recurring event per schedule line.

    The rules are the source's; the first occurrence is the first matching day on or after
    the item's `valid_from` (or its review date), so no date is invented.
    """
    import icalendar

    start = entry.get("valid_from") or entry.reviewed
    cal = icalendar.Calendar()
    cal.add("prodid", "-//loa//infographic//vi")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", entry.title)
    stamp = dt.datetime.combine(entry.reviewed, dt.time(), dt.timezone.utc)
    for i, event in enumerate(data["events"], start=1):
        ev = icalendar.Event()
        ev.add("uid", f"{entry.id}-{i}@loa")
        ev.add("dtstamp", stamp)
        ev.add("summary", event["name"])
        ev.add("description", f"{event['when']}. {event['who']}." + (f" Gửi qua: {event['channel']}." if event.get("channel") else ""))
        if event["frequency"] == "weekly" and event.get("weekday"):
            index = list(WEEKDAYS).index(event["weekday"])
            day = _first_on_or_after(start, lambda d, index=index: d.weekday() == index)
            hour, minute = (int(x) for x in (event.get("time") or "08:00").split(":"))
            # Viet Nam keeps UTC+7 all year, so UTC times are exact and need no VTIMEZONE block.
            local = dt.datetime.combine(day, dt.time(hour, minute), ZoneInfo(TIMEZONE))
            ev.add("dtstart", local.astimezone(dt.timezone.utc))
            ev.add("duration", dt.timedelta(minutes=30))
            ev.add("rrule", {"freq": "weekly", "byday": event["weekday"]})
        else:
            days = event.get("month_days") or [1]
            day = _first_on_or_after(start, lambda d, days=days: d.day in days)
            ev.add("dtstart", day)
            ev.add("rrule", {"freq": "monthly", "bymonthday": days})
        cal.add_component(ev)
    return cal.to_ical()
