"""Infographics: types are code, instances are content; SVGs are accessible, deterministic, data-driven."""

from __future__ import annotations

import datetime as dt
import struct
import xml.etree.ElementTree as ET
from pathlib import Path

import icalendar
import pytest
import yaml
from conftest import ROOT, TEST_SITE_URL, MakeSite
from test_build import page

from loa.infographics import TYPES, render_svg
from loa.pipeline import check_site

SVG = "{http://www.w3.org/2000/svg}"
TODAY = dt.date(2026, 11, 23)

ZONES = """\
id: vung
type: zones
title: Các vùng
description: Bốn cấp độ vùng.
status: approved
reviewed: 2026-11-01
sources:
  - document: ke-hoach-43-kh-thu
data:
  zones:
    - level: xanh
      name: vùng bình thường mới
      actions: [Giữ vững vùng xanh]
    - level: tim
      name: vùng lạ
      actions: [Không có]
"""


def strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in strings(v)]
    return []


def svg_words(svg: str) -> list[str]:
    root = ET.fromstring(svg)
    return " ".join("".join(t.itertext()) for t in root.iter(f"{SVG}text")).replace("•", " ").split()


def instances() -> list[Path]:
    return sorted((ROOT / "content" / "infographic").glob("*.yml"))


def test_every_instance_has_a_known_type_and_types_cover_the_sources() -> None:
    kinds = {yaml.safe_load(p.read_text(encoding="utf-8"))["type"] for p in instances()}
    assert kinds <= set(TYPES)
    assert {"zones", "levels", "checklist", "schedule", "matrix"} <= kinds


@pytest.mark.parametrize("path", instances(), ids=lambda p: p.stem)
def test_svg_is_accessible_and_holds_every_label(path: Path) -> None:
    report = check_site(ROOT / "content", today=TODAY)
    assert report.site is not None
    entry = report.site.by_id(path.stem)
    assert entry is not None
    svg, height = render_svg(entry)
    root = ET.fromstring(svg)  # well-formed
    assert root.get("role") == "img" and root.get("lang") == "vi"
    assert root.find(f"{SVG}title").text == entry.title  # type: ignore[union-attr]
    assert root.find(f"{SVG}desc").text == entry.get("description")  # type: ignore[union-attr]
    words = " ".join(svg_words(svg))
    for text in strings(entry.get("data")):
        if text in ("xanh", "vang", "cam", "do", "daily", "weekly", "monthly", "before", "FR", "14:00"):
            continue  # codes, drawn as labels or rules, not as text
        if report.site.by_id(text) is not None:
            continue  # a document id: the schedule's source, used by the calendar
        assert " ".join(text.split()) in words, text
    assert render_svg(entry) == (svg, height)  # deterministic


def test_changed_value_changes_the_svg(make_site: MakeSite) -> None:
    checklist = ("id: c\ntype: checklist\ntitle: Danh sách\ndescription: Mô tả.\nstatus: approved\nreviewed: 2026-11-01\n"
                 "sources: [{document: ke-hoach-43-kh-thu}]\ndata:\n  items:\n    - label: {label}\n")
    site = make_site({"infographic/c.yml": checklist.replace("{label}", "Khẩu trang")})
    before = render_svg(check_site(site, today=TODAY).site.by_id("c"))[0]  # type: ignore[union-attr]
    (site / "infographic" / "c.yml").write_text(checklist.replace("{label}", "Khử khuẩn"), encoding="utf-8")
    after = render_svg(check_site(site, today=TODAY).site.by_id("c"))[0]  # type: ignore[union-attr]
    assert before != after
    assert "Khử khuẩn" in after and "Khẩu trang" not in after


def test_unknown_zone_is_an_error_at_its_line(make_site: MakeSite) -> None:
    report = check_site(make_site({"infographic/vung.yml": ZONES}), today=TODAY)
    found = [(d.code, d.location.line, d.location.col, d.field) for d in report.errors]
    assert ("L205", 14, 14, "data.zones[1].level") in found
    hint = next(d.hint for d in report.errors if d.code == "L205")
    assert "xanh, vang, cam, do" in hint


def test_wrong_value_type_is_an_error_at_its_line(make_site: MakeSite) -> None:
    bad = ZONES.replace("level: tim", "level: do").replace("actions: [Không có]", "actions: Không có")
    report = check_site(make_site({"infographic/vung.yml": bad}), today=TODAY)
    assert [(d.code, d.location.line, d.field) for d in report.errors] == [("L203", 16, "data.zones[1].actions")]


def test_data_shape_follows_the_type(make_site: MakeSite) -> None:
    wrong = ZONES.replace("type: zones", "type: checklist")
    report = check_site(make_site({"infographic/vung.yml": wrong}), today=TODAY)
    codes = {(d.code, d.field) for d in report.errors}
    assert ("L201", "data.zones") in codes and ("L202", "data.items") in codes


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


@pytest.mark.parametrize("path", instances(), ids=lambda p: p.stem)
def test_built_page_has_table_downloads_and_social_image(built: Path, path: Path) -> None:
    ident = path.stem
    folder = built / "site" / "infographic" / ident
    html = page(built, f"infographic/{ident}")
    assert '<table class="loa-data">' in html or '<ol class="loa-data">' in html  # the data, for screen readers
    assert f'href="{ident}.svg" download' in html and f'href="{ident}.png" download' in html
    assert png_size(folder / "og.png") == (1200, 630)
    assert f'<meta property="og:image" content="{TEST_SITE_URL}infographic/{ident}/og.png">' in html
    assert png_size(folder / f"{ident}.png")[0] == 960
    assert f'src="{ident}/{ident}.svg"' in page(built, "infographic")  # thumbnail on the index


def _check_rfc5545(data: bytes) -> None:
    """What RFC 5545 requires of the lines and components icalendar would still read leniently."""
    assert data.endswith(b"\r\n") and b"\n" not in data.replace(b"\r\n", b"")
    stack = []
    for line in data.split(b"\r\n")[:-1]:
        assert len(line) <= 75, line  # 3.1: lines folded at 75 octets
        line.decode("utf-8")  # every folded piece is whole UTF-8
        if line.startswith(b"BEGIN:"):
            stack.append(line[6:])
        elif line.startswith(b"END:"):
            assert stack.pop() == line[4:]
    assert not stack
    cal = icalendar.Calendar.from_ical(data)
    assert cal.get("VERSION") == "2.0" and cal.get("PRODID")
    for event in cal.walk("VEVENT"):
        for prop in ("UID", "DTSTAMP", "DTSTART", "SUMMARY"):
            assert prop in event, prop
        start, until = event.decoded("DTSTART"), event["RRULE"]["UNTIL"][0]
        # 3.3.10: UNTIL has DTSTART's value type; with a UTC start it is UTC too.
        assert isinstance(until, dt.datetime) == isinstance(start, dt.datetime)
        if isinstance(start, dt.datetime):
            assert until.utcoffset() == dt.timedelta(0) and start.utcoffset() == dt.timedelta(0)
        for alarm in event.walk("VALARM"):
            assert alarm["ACTION"] == "DISPLAY" and alarm.get("DESCRIPTION")


def _occurrences(event: icalendar.Event) -> list[dt.date]:
    from dateutil.rrule import rrulestr

    start = event.decoded("DTSTART")
    rule = event["RRULE"].to_ical().decode()
    found = rrulestr(rule, dtstart=start if isinstance(start, dt.datetime) else dt.datetime.combine(start, dt.time()))
    return [d.date() for d in found]


def test_schedule_calendar_follows_its_sources(built: Path) -> None:
    data = (built / "site" / "infographic" / "lich-bao-cao-dinh-ky" / "lich-bao-cao-dinh-ky.ics").read_bytes()
    _check_rfc5545(data)
    events = list(icalendar.Calendar.from_ical(data).walk("VEVENT"))
    assert len(events) == 3  # V.1 of the Bình Phước plan has two regimes, point 4 of the Cần Thơ letter one
    weekly, daily, monthly = events
    assert weekly["RRULE"]["FREQ"] == ["WEEKLY"] and weekly["RRULE"]["BYDAY"] == ["FR"]
    start = weekly.decoded("DTSTART")
    assert start.weekday() == 4 and (start.hour, start.minute) == (7, 0)  # 14:00 in Viet Nam (UTC+7)
    assert "Thông tin tuyên giáo hàng ngày" in str(daily["DESCRIPTION"])
    # Every recurrence ends; the Bình Phước plan's "đến hết năm 2021" ends both of its schedules.
    for event in (weekly, daily):
        assert _occurrences(event)[-1] == dt.date(2021, 12, 31)
        assert "trước mắt từ nay đến hết năm 2021" in str(event["DESCRIPTION"])
    assert _occurrences(monthly)[0] == dt.date(2020, 8, 13)  # from the letter's date, 31/7/2020
    assert _occurrences(monthly)[-1] <= dt.date(2022, 7, 31)  # it turns "tư liệu" 24 months after
    # "trước ngày 14 và ngày 29": due on the 13th and the 28th, so February keeps both.
    february = [d for d in _occurrences(monthly) if (d.year, d.month) == (2021, 2)]
    assert february == [dt.date(2021, 2, 13), dt.date(2021, 2, 28)]
    # Reminders come before the deadline, never on it.
    assert weekly.walk("VALARM")[0].decoded("TRIGGER") == -dt.timedelta(hours=1)
    assert monthly.walk("VALARM")[0].decoded("TRIGGER") == -dt.timedelta(hours=15)  # 9:00 the day before


def test_schedule_day_past_28_falls_back_to_the_last_day(make_site: MakeSite) -> None:
    from loa.infographics import schedule

    site_dir = make_site({"infographic/lich.yml": SCHEDULE.replace('      frequency: weekly\n      time: "14h00"\n',
                                                                   "      frequency: monthly\n      month_days: [15, 30]\n")})
    report = check_site(site_dir, today=TODAY)
    assert not report.errors, report.format()
    entry = report.site.by_id("lich")  # type: ignore[union-attr]
    data = schedule.calendar(entry, entry.data["data"], report.site.scope(entry), 24)  # type: ignore[union-attr,arg-type]
    _check_rfc5545(data)
    days = sorted(d for e in icalendar.Calendar.from_ical(data).walk("VEVENT") for d in _occurrences(e))
    assert [d for d in days if (d.year, d.month) == (2022, 2)] == [dt.date(2022, 2, 15), dt.date(2022, 2, 28)]
    assert [d for d in days if (d.year, d.month) == (2022, 3)] == [dt.date(2022, 3, 15), dt.date(2022, 3, 30)]
    assert days[-1] < dt.date(2023, 9, 6)  # the plan of 06/9/2021 turns "tư liệu" after 24 months


SCHEDULE = """\
id: lich
type: schedule
title: Lịch
description: Lịch báo cáo.
status: approved
reviewed: 2026-11-01
sources:
  - document: ke-hoach-43-kh-thu
data:
  events:
    - name: Báo cáo tuần
      when: 14h00 thứ 6
      frequency: weekly
      time: "14h00"
      who: Các cơ quan
"""


def test_schedule_rules_are_checked_at_their_lines(make_site: MakeSite) -> None:
    report = check_site(make_site({"infographic/lich.yml": SCHEDULE}), today=TODAY)
    found = {(d.code, d.location.line, d.field) for d in report.errors}
    assert ("L203", 14, "data.events[0].time") in found  # "14h00" would break the calendar
    assert ("L202", 13, "data.events[0].frequency") in found  # weekly needs a weekday


def test_placeholder_in_data_blocks_approval(make_site: MakeSite) -> None:
    text = ZONES.replace("level: tim", "level: do").replace("name: vùng lạ", 'name: "[CẦN ĐIỀN] tên vùng"')
    report = check_site(make_site({"infographic/vung.yml": text}), today=TODAY)
    assert [(d.code, d.location.line, d.field) for d in report.errors] == [("L223", 15, "data.zones[1].name")]


def test_schedule_event_document_must_be_a_source(make_site: MakeSite) -> None:
    wrong = SCHEDULE.replace('      time: "14h00"\n', '      time: "14:00"\n      weekday: FR\n      document: cong-van-khac\n')
    report = check_site(make_site({"infographic/lich.yml": wrong}), today=TODAY)
    found = [(d.code, d.location.line, d.field) for d in report.errors]
    assert found == [("L205", 16, "data.events[0].document")], report.format()
    assert "ke-hoach-43-kh-thu" in (report.errors[0].hint or "")


def test_pngs_are_drawn_with_the_fonts_loa_ships() -> None:
    """Not the system's: another system's fonts draw other pixels, and none at all once meant no PNGs."""
    from loa.raster import FONT_DIR, font_files

    assert all(Path(f).parent == FONT_DIR and Path(f).stat().st_size > 100_000 for f in font_files())
    assert "Bitstream Vera" in (FONT_DIR / "LICENSE").read_text(encoding="utf-8")


def test_build_without_fonts_stops_with_a_clear_error(make_site: MakeSite, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """Fonts missing is a loud error that says what to do, never a site quietly without PNGs and og:images."""
    from click.testing import CliRunner
    from conftest import small_project

    from loa import raster
    from loa.cli import main

    slogan = ("---\nid: khau-hieu-thu\ntitle: Khẩu hiệu thử\ntext: Đoàn kết chống dịch\nformats: [bang-ron]\n"
              "status: approved\nreviewed: 2026-11-01\nsources:\n  - document: ke-hoach-43-kh-thu\n---\n")
    project = small_project(make_site, TEST_SITE_URL, {"khau-hieu/khau-hieu-thu.md": slogan})
    empty = tmp_path / "khong-co-phong"
    empty.mkdir()
    monkeypatch.setattr(raster, "FONT_DIR", empty)
    monkeypatch.setenv("LOA_CACHE_DIR", "off")
    result = CliRunner().invoke(main, ["build", "-d", str(project / "site")])
    assert result.exit_code == 1, result.output
    assert f"Không có phông chữ để vẽ ảnh PNG: thiếu DejaVuSans-Bold.ttf, DejaVuSans.ttf trong {empty}/" in result.output
    assert "Cài lại loa" in result.output and "Traceback" not in result.output
    assert not (project / "site").exists()
