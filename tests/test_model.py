"""Kinds, validation and enrichment: typed values, lifecycle, cross-references, back-links."""

from __future__ import annotations

import datetime as dt

from conftest import DOCUMENT, MakeSite
from conftest import QA as QA_TEXT

from loa.kinds.document import number_pattern
from loa.pipeline import check_site

TODAY = dt.date(2026, 11, 23)


def test_valid_tree_gives_typed_entries(make_site: MakeSite) -> None:
    report = check_site(make_site({}), today=TODAY)
    assert report.diagnostics == []
    assert report.site is not None
    doc = report.site.by_id("ke-hoach-43-kh-thu")
    assert doc is not None
    assert doc.get("issued_on") == dt.date(2021, 9, 6)
    assert doc.get("urgency") is None  # absent optional field reads as unknown
    assert doc.get("recipients") == []
    assert report.site.anchors["ke-hoach-43-kh-thu"] == ("muc-i", "muc-i-1")


def test_values_are_nfc(make_site: MakeSite) -> None:
    decomposed = "Vu\u0300ng xanh"  # "Vùng" with a combining grave accent
    site = make_site({"hoi-dap/vung-xanh-la-gi.md": None,
                      "hoi-dap/a.md": f"---\nid: a\ntitle: {decomposed}\nstatus: approved\nreviewed: 2026-01-01\n"
                                      "sources: [{document: ke-hoach-43-kh-thu}]\n---\n"})
    report = check_site(site, today=TODAY)
    assert [d.code for d in report.errors] == ["L211"]


def test_lifecycle_public_preview_and_documents(make_site: MakeSite) -> None:
    qa = "---\nid: {id}\ntitle: Câu {id}\nstatus: {status}\nreviewed: 2026-01-01\n{extra}sources: [{{document: ke-hoach-43-kh-thu}}]\n---\nĐáp.\n"
    retired_doc = DOCUMENT.replace("id: ke-hoach-43-kh-thu", "id: cu").replace("status: approved", "status: approved\nvalid_until: 2022-01-01\nforce: expired")
    site = make_site({
        "hoi-dap/nhap.md": qa.format(id="nhap", status="draft", extra=""),
        "hoi-dap/duyet.md": qa.format(id="duyet", status="review", extra=""),
        "hoi-dap/thu-hoi.md": qa.format(id="thu-hoi", status="retired", extra=""),
        "hoi-dap/het-han.md": qa.format(id="het-han", status="approved", extra="valid_until: 2025-01-01\n"),
        "hoi-dap/chua-toi.md": qa.format(id="chua-toi", status="approved", extra="valid_from: 2027-01-01\n"),
        "van-ban/cu.md": retired_doc,
    })
    public = check_site(site, today=TODAY).site
    preview = check_site(site, today=TODAY, preview=True).site
    assert public is not None and preview is not None
    assert [e.id for e in public.visible("qa")] == ["vung-xanh-la-gi"]
    # A preview shows drafts, items in review and approved items outside their window (marked), never retired ones.
    assert sorted(e.id for e in preview.visible("qa")) == ["chua-toi", "duyet", "het-han", "nhap", "vung-xanh-la-gi"]
    # An expired document stays in the register: people look up what applied when.
    assert "cu" in [e.id for e in public.visible("document")]


def test_back_links_from_based_on(make_site: MakeSite) -> None:
    child = DOCUMENT.replace("id: ke-hoach-43-kh-thu", "id: con").replace(
        "subject:", "based_on:\n  - relation: thuc-hien\n    document: ke-hoach-43-kh-thu\nsubject:")
    report = check_site(make_site({"van-ban/con.md": child}), today=TODAY)
    assert report.errors == []
    assert report.site is not None
    assert report.site.cited_by == {"ke-hoach-43-kh-thu": ("con",)}


def test_document_number_patterns() -> None:
    assert number_pattern("43-KH/ThU") == "party"
    assert number_pattern("01-CV/BTGDUK") == "party"
    assert number_pattern("-KH/BTGTU") == "party"  # a blank number stays blank
    assert number_pattern("8232/VP-KGVX") == "state"
    assert number_pattern("267/KH-UBND") == "state"
    assert number_pattern("30/2020/NĐ-CP") == "state"
    assert number_pattern("so 43") is None
    assert number_pattern("43/KH") is None


def test_expiring_and_stale_items_warn(make_site: MakeSite) -> None:
    qa = ("---\nid: sap-het\ntitle: Câu\nstatus: approved\nreviewed: 2026-01-01\nvalid_until: 2026-11-30\n"
          "sources: [{document: ke-hoach-43-kh-thu}]\n---\nĐáp.\n")
    report = check_site(make_site({"hoi-dap/sap-het.md": qa}), today=TODAY)
    codes = sorted((d.code, d.location.line) for d in report.warnings)
    assert codes == [("L305", 6), ("L306", 5)]
    assert not report.failed()
    assert report.failed(strict=True)


def test_public_item_cannot_cite_an_unpublished_document(make_site: MakeSite) -> None:
    retired = DOCUMENT.replace("status: approved", "status: retired")
    report = check_site(make_site({"van-ban/ke-hoach-43-kh-thu.md": retired}), today=TODAY)
    found = [(d.code, d.field) for d in report.errors]
    assert ("L301", "sources[0].document") in found
    assert "force: expired" in next(d.hint for d in report.errors if d.code == "L301")


def test_featured_questions_lead_the_home_page(make_site: MakeSite) -> None:
    from loa.hubs import featured_questions

    featured = QA_TEXT.replace("id: vung-xanh-la-gi", "id: noi-bat").replace("status: approved", "status: approved\nfeatured: true")
    report = check_site(make_site({"hoi-dap/noi-bat.md": featured}), today=TODAY)
    assert report.errors == [] and report.site is not None
    assert [q.id for q in featured_questions(report.site)] == ["noi-bat"]


def test_one_run_reports_field_and_reference_errors_together(make_site: MakeSite) -> None:
    broken = QA_TEXT.replace("reviewed: 2026-11-01", "reviewed: 2026-02-30").replace("muc-i-1", "muc-i-9").replace(
        "ke-hoach-43-kh-thu.md#muc-i", "khong-co.md")
    report = check_site(make_site({"hoi-dap/vung-xanh-la-gi.md": broken}), today=TODAY)
    assert sorted((d.code, d.location.line) for d in report.errors) == [("L204", 5), ("L302", 9), ("L303", 12)]


def test_entry_data_type_names_only_declared_fields() -> None:
    """EntryData (what templates, hubs and export read) names only fields some kind declares and validates."""
    from loa.fields import Struct
    from loa.kinds import KINDS
    from loa.model import EntryData, KeyMessage, Period, SourceRef, Variants

    declared = {name: f for kind in KINDS.values() for name, f in kind.fields.items()}
    assert set(EntryData.__annotations__) <= set(declared), set(EntryData.__annotations__) - set(declared)
    import typing

    for name, hint in typing.get_type_hints(EntryData).items():  # an optional scalar is None when not written
        if not declared[name].required and typing.get_origin(hint) is not list:
            assert type(None) in typing.get_args(hint), name
    for field_name, typed in (("sources", SourceRef), ("key_messages", KeyMessage), ("variants", Variants),
                              ("period", Period)):
        struct = declared[field_name].type
        while not isinstance(struct, Struct):  # through ListOf / Optional to the mapping
            struct = struct.item if hasattr(struct, "item") else struct.inner
        assert set(typed.__annotations__) == set(struct.fields), field_name


def _conforms(value: object, hint: object) -> bool:
    import types
    import typing

    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        return any(_conforms(value, a) for a in args)
    if origin in (typing.Required, typing.NotRequired):
        return _conforms(value, args[0])
    if origin is list:
        return isinstance(value, list) and all(_conforms(v, args[0]) for v in value)
    if typing.is_typeddict(hint):
        hints = typing.get_type_hints(hint)
        return isinstance(value, dict) and all(k in hints and _conforms(v, hints[k]) for k, v in value.items())
    if hint is type(None):
        return value is None
    return isinstance(value, hint) and not (hint is int and isinstance(value, bool))  # type: ignore[arg-type]


def test_validated_entries_match_the_entry_data_type() -> None:
    """Every value the shipped content gives a field of EntryData has the type EntryData says."""
    import typing

    from conftest import REAL_CONTENT

    from loa.model import EntryData

    report = check_site(REAL_CONTENT, today=dt.date(2026, 11, 23))
    assert report.site is not None and not report.errors
    hints = typing.get_type_hints(EntryData)
    seen = set()
    for entry in report.site.entries:
        for key, hint in hints.items():
            if key in entry.data:
                seen.add(key)
                assert _conforms(entry.data[key], hint), (entry.path, key, entry.data[key])
    assert {"id", "title", "reviewed", "sources", "audiences", "variants", "issuer", "period"} <= seen
