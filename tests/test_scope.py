"""Place, dated sources and archive status derived from what an item cites (loa/scope.py)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from conftest import ORGS, PERIOD_DOC, REAL_CONTENT, MakeSite

from loa.model import Place
from loa.pipeline import check_site
from loa.scope import add_months


def qa(extra: str = "") -> str:
    return ("---\nid: tong-dai\ntitle: Tổng đài giải đáp gì?\nstatus: approved\nreviewed: 2026-11-01\n"
            "sources:\n  - document: ke-hoach-binh-phuoc\n    section: muc-ii-2\n" + extra + "---\n\nGiải đáp.\n")


def test_scope_of_real_items_names_place_and_dated_document() -> None:
    site = check_site(REAL_CONTENT, today=dt.date(2026, 12, 1)).site
    assert site is not None
    qa = site.by_id("kien-giang-vung-do-co-duoc-ra-ngoai-khong")
    assert qa is not None
    scope = site.scope(qa)
    assert scope.line == "Kiên Giang · Kế hoạch 33-KH/TU, 12/10/2021"
    assert scope.places == (Place("province", "Kiên Giang"),) and scope.is_local
    lai_chau = site.scope(site.by_id("ke-hoach-43-kh-thu"))  # type: ignore[arg-type]
    assert lai_chau.place_label == "TP. Lai Châu (Lai Châu)" and lai_chau.place_filters == ("Lai Châu",)
    undated = site.scope(site.by_id("tong-dai-1022"))  # type: ignore[arg-type]
    assert undated.source_label == "Kế hoạch ký hiệu KH/BTGTU, không ghi số, không ghi ngày"


def test_every_item_of_the_shipped_content_has_a_place_and_a_source() -> None:
    site = check_site(REAL_CONTENT, today=dt.date(2026, 12, 1)).site
    assert site is not None
    for entry in site.entries:
        scope = site.scope(entry)
        assert scope.places, entry.id
        assert scope.sources and all(s.label for s in scope.sources), entry.id


def test_item_turns_archive_when_its_source_period_ends(make_site: MakeSite) -> None:
    content = make_site({"danh-muc/co-quan.yml": ORGS, "van-ban/ke-hoach-binh-phuoc.md": PERIOD_DOC,
                         "hoi-dap/tong-dai.md": qa()})
    on_last_day = check_site(content, today=dt.date(2021, 12, 31)).site
    after = check_site(content, today=dt.date(2022, 1, 1)).site
    assert on_last_day is not None and after is not None
    assert not on_last_day.scope(on_last_day.by_id("tong-dai")).archived  # type: ignore[arg-type]
    scope = after.scope(after.by_id("tong-dai"))  # type: ignore[arg-type]
    assert scope.archived and scope.era == "năm 2021"
    assert "trước mắt từ nay đến hết năm 2021" in (scope.archive_note or "")
    assert "31/12/2021" in (scope.archive_note or "")


def test_reconfirmation_keeps_an_item_current_for_the_configured_age(make_site: MakeSite) -> None:
    confirmed = qa("reconfirmed:\n  date: 2022-01-10\n  reason: Đã đối chiếu quy định hiện hành\n")
    content = make_site({"danh-muc/co-quan.yml": ORGS, "van-ban/ke-hoach-binh-phuoc.md": PERIOD_DOC,
                         "hoi-dap/tong-dai.md": confirmed, "danh-muc/luu-tru.yml": "archive_after_months: 6\n"})
    for today, archived in ((dt.date(2022, 1, 9), True), (dt.date(2022, 1, 10), False),
                            (dt.date(2022, 7, 9), False), (dt.date(2022, 7, 10), True)):
        report = check_site(content, today=today)
        assert report.site is not None
        entry = report.site.by_id("tong-dai")
        assert report.site.scope(entry).archived is archived, today  # type: ignore[arg-type]


def test_age_counts_from_the_newest_source(make_site: MakeSite) -> None:
    content: Path = make_site({"danh-muc/luu-tru.yml": "archive_after_months: 12\n"})
    before = check_site(content, today=dt.date(2022, 9, 5)).site
    after = check_site(content, today=dt.date(2022, 9, 6)).site
    assert before is not None and after is not None
    assert not before.scope(before.by_id("vung-xanh-la-gi")).archived  # type: ignore[arg-type]
    scope = after.scope(after.by_id("vung-xanh-la-gi"))  # type: ignore[arg-type]
    assert scope.archived and "12 tháng" in (scope.archive_note or "") and "06/9/2021" in (scope.archive_note or "")


def test_archive_age_setting_is_checked(make_site: MakeSite) -> None:
    content = make_site({"danh-muc/luu-tru.yml": "archive_after_months: hai năm\n"})
    report = check_site(content, today=dt.date(2026, 11, 23))
    assert [(d.code, d.location.path, d.location.line, d.field) for d in report.errors] == [
        ("L203", "content/danh-muc/luu-tru.yml", 1, "archive_after_months")]


def test_explicit_wider_scope_replaces_the_derived_place(make_site: MakeSite) -> None:
    wider = ("---\nid: vung-xanh-la-gi\ntitle: Vùng xanh là gì?\nstatus: approved\nreviewed: 2026-11-01\n"
             "sources:\n  - document: ke-hoach-43-kh-thu\n    section: muc-i-1\n"
             "scope:\n  extent: wider\n  places: [{level: province, name: Lai Châu}]\n"
             "  reason: Kế hoạch của Thành ủy thực hiện kế hoạch của tỉnh\n---\n\nCâu trả lời.\n")
    report = check_site(make_site({"hoi-dap/vung-xanh-la-gi.md": wider}), today=dt.date(2022, 1, 1))
    assert report.diagnostics == [], report.format()
    scope = report.site.scope(report.site.by_id("vung-xanh-la-gi"))  # type: ignore[union-attr,arg-type]
    assert scope.place_label == "Lai Châu" and scope.derived == (Place("district", "TP. Lai Châu", "Lai Châu"),)


def test_add_months_keeps_short_months() -> None:
    assert add_months(dt.date(2021, 1, 31), 1) == dt.date(2021, 2, 28)
    assert add_months(dt.date(2020, 2, 29), 24) == dt.date(2022, 2, 28)
    assert add_months(dt.date(2021, 10, 12), 24) == dt.date(2023, 10, 12)
