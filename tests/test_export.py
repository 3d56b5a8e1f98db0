"""Rapporteurs' outputs: only approved, in-date talking points reach pages, exports, feed, sitemap, index."""

from __future__ import annotations

import csv
import io
import json
import os
import random
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest
import yaml
from click.testing import CliRunner
from conftest import copy_project
from test_build import read_all_outputs

from loa.build import build_site
from loa.cli import main
from loa.export import message_schema
from loa.fields import Context, FieldError
from loa.kinds.message import Message

MESSAGE = """\
---
id: {id}
title: {title}
concern: "{concern}"
audiences: [nguoi-dan, doanh-nghiep]
topics: [tong-dai-1022]
key_messages:
  - text: Gọi 1022 để được giải đáp khuyến cáo của ngành y tế {marker}.
    facts:
      - Kế hoạch giao tổng đài giải đáp khuyến cáo, khuyến nghị của ngành y tế.
variants:
  sms: "Binh Phuoc - goi 1022 de duoc giai dap {marker}"
  led: Bình Phước - gọi 1022 {marker}
  loudspeaker: Kính thưa bà con tỉnh Bình Phước, hãy gọi 1022 {marker}.
status: {status}
reviewed: 2026-11-20
{extra}sources:
  - document: ke-hoach-btgtu-thuc-hien-nghi-quyet-05-nq-tu
    section: muc-iv-4
---

Diễn giải {marker}.
"""


def message(ident: str, status: str = "approved", extra: str = "", title: str | None = None,
            concern: str = "Gọi đâu khi cần hỏi?") -> str:
    marker = ident.replace("-", "").upper()
    return MESSAGE.format(id=ident, title=title or f"Thông điệp {marker}", concern=concern, marker=marker,
                          status=status, extra=extra)


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    mp = pytest.MonkeyPatch()
    mp.setenv("LOA_TODAY", "2026-11-23")
    mp.setenv("LOA_SITE_URL", "https://loa.example.vn/")
    mp.delenv("SOURCE_DATE_EPOCH", raising=False)
    project = copy_project(tmp_path_factory.mktemp("export"))
    folder = project / "content" / "thong-diep"
    for ident, status, extra, kwargs in [
        ("dang-hieu-luc", "approved", "valid_from: 2026-11-01\nvalid_until: 2027-01-31\n", {}),
        ("ban-nhap", "draft", "", {}),
        ("dang-duyet", "review", "", {}),
        # Withdrawn: listed on /thay-doi/ by title and reason; its text (the marker) nowhere.
        ("da-thu-hoi", "retired", "change_note: Rút vì đã hết áp dụng\n", {"title": "Thông điệp đã rút"}),
        ("het-han", "approved", "valid_until: 2026-11-22\n", {}),
        ("chua-den-ngay", "approved", "valid_from: 2026-12-01\n", {}),
        ("cong-thuc", "approved", "", {"title": "'=HYPERLINK(\"x\")'", "concern": "+1 hay -1? @all"}),
    ]:
        (folder / f"{ident}.md").write_text(message(ident, status, extra, **kwargs), encoding="utf-8")
    # Every other kind too: a draft Q&A, a retired slogan, an expired hotline item, a draft infographic.
    content = project / "content"
    src = "sources:\n  - document: ke-hoach-43-kh-thu\n    section: muc-i\n"
    (content / "hoi-dap" / "qa-nhap.md").write_text(
        f"---\nid: qa-nhap\ntitle: Câu hỏi QANHAPMARK\nstatus: draft\nreviewed: 2026-11-20\n{src}---\n\nQANHAPMARK\n",
        encoding="utf-8")
    (content / "khau-hieu" / "kh-thu-hoi.md").write_text(
        f"---\nid: kh-thu-hoi\ntitle: Khẩu hiệu đã rút\ntext: KHTHUHOIMARK\nformats: [loa]\nstatus: retired\n"
        f"reviewed: 2026-11-20\n{src}---\n", encoding="utf-8")
    (content / "tong-dai-1022" / "td-het-han.md").write_text(
        f"---\nid: td-het-han\ntitle: Tổng đài TDHETHANMARK\nsummary: TDHETHANMARK\nstatus: approved\n"
        f"reviewed: 2026-11-20\nvalid_until: 2026-01-01\n{src}---\n\nTDHETHANMARK\n", encoding="utf-8")
    (content / "infographic" / "ig-nhap.yml").write_text(
        f"id: ig-nhap\ntype: checklist\ntitle: IGNHAPMARK\ndescription: IGNHAPMARK\nstatus: draft\n"
        f"reviewed: 2026-11-20\n{src}data:\n  items:\n    - label: IGNHAPMARK\n", encoding="utf-8")
    build_site(project / "mkdocs.yml", project / "site")
    mp.undo()
    return project / "site"


HIDDEN = ["BANNHAP", "DANGDUYET", "DATHUHOI", "HETHAN", "CHUADENNGAY", "QANHAPMARK", "KHTHUHOIMARK",
          "TDHETHANMARK", "IGNHAPMARK"]


def test_nothing_unpublished_in_any_output(exported: Path) -> None:
    everything = read_all_outputs(exported)
    assert b"DANGHIEULUC" in everything  # the in-date message is there, so the search is real
    for marker in HIDDEN:
        assert marker.encode() not in everything, marker
    changes = (exported / "thay-doi" / "index.html").read_text(encoding="utf-8")
    assert "Thông điệp đã rút" in changes and "Rút vì đã hết áp dụng" in changes
    sitemap = (exported / "sitemap.xml").read_text(encoding="utf-8")
    assert "/thong-diep/dang-hieu-luc/" in sitemap and "/thong-diep/ban-nhap/" not in sitemap
    for path in ("hoi-dap/qa-nhap", "khau-hieu/kh-thu-hoi", "tong-dai-1022/td-het-han", "infographic/ig-nhap"):
        assert path not in sitemap and not (exported / path).exists()


def test_in_date_message_reaches_every_output(exported: Path) -> None:
    data = json.loads((exported / "api/v1/messages.json").read_text(encoding="utf-8"))
    ids = [m["id"] for m in data["messages"]]
    assert "dang-hieu-luc" in ids and data["count"] == len(ids)
    record = next(m for m in data["messages"] if m["id"] == "dang-hieu-luc")
    assert record["url"] == "https://loa.example.vn/thong-diep/dang-hieu-luc/"
    assert record["sources"][0]["url"].endswith("/van-ban/ke-hoach-btgtu-thuc-hien-nghi-quyet-05-nq-tu/#muc-iv-4")
    audience = json.loads((exported / "api/v1/audiences/doanh-nghiep.json").read_text(encoding="utf-8"))
    assert audience["audience"] == {"id": "doanh-nghiep", "name": "Doanh nghiệp"}
    assert "dang-hieu-luc" in [m["id"] for m in audience["messages"]]
    page = (exported / "doi-tuong/nguoi-dan/index.html").read_text(encoding="utf-8")
    assert 'id="dang-hieu-luc"' in page and "#muc-iv-4" in page
    assert "đang đăng trên cổng vào ngày dựng trang (23/11/2026)" in page


def test_exports_validate_against_published_schema(exported: Path) -> None:
    schema = json.loads((exported / "api/v1/messages.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    for path in [exported / "api/v1/messages.json", *sorted((exported / "api/v1/audiences").glob("*.json"))]:
        jsonschema.validate(json.loads(path.read_text(encoding="utf-8")), schema)


def test_csv_has_bom_and_neutralised_formulas(exported: Path) -> None:
    raw = (exported / "api/v1/messages.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    row = next(r for r in rows if r["Mã"] == "cong-thuc")
    assert row["Tiêu đề"] == "'=HYPERLINK(\"x\")"
    assert row["Người nghe hỏi"] == "'+1 hay -1? @all"
    for r in rows:
        for cell in r.values():
            assert not cell.startswith(("=", "+", "-", "@")), cell


def test_atom_feed_is_well_formed(exported: Path) -> None:
    root = ET.fromstring((exported / "feed.xml").read_bytes())
    ns = {"a": "http://www.w3.org/2005/Atom"}
    entries = root.findall("a:entry", ns)
    ids = [e.find("a:id", ns).text for e in entries]  # type: ignore[union-attr]
    assert "https://loa.example.vn/thong-diep/dang-hieu-luc/" in ids
    assert all("ban-nhap" not in i for i in ids)
    assert root.find("a:updated", ns).text == "2026-11-23T00:00:00Z"  # type: ignore[union-attr]


def test_cli_export_matches_the_api(exported: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(exported.parent)
    monkeypatch.setenv("LOA_TODAY", "2026-11-23")
    result = CliRunner().invoke(main, ["export", "--format", "json", "--base-url", "https://loa.example.vn/"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == json.loads((exported / "api/v1/messages.json").read_text(encoding="utf-8"))
    csv_out = CliRunner().invoke(main, ["export", "--audience", "doanh-nghiep", "--format", "csv"])
    assert csv_out.exit_code == 0 and "dang-hieu-luc" in csv_out.output and "ban-nhap" not in csv_out.output
    md = CliRunner().invoke(main, ["export", "--audience", "nguoi-dan", "--format", "md"])
    assert md.output.startswith("# Thông điệp cho Người dân ở khu dân cư")
    bad = CliRunner().invoke(main, ["export", "--audience", "nguoi-dann"])
    assert bad.exit_code == 2 and "nguoi-dan" in bad.output


def test_cli_export_never_overwrites(exported: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(exported.parent)
    target = exported.parent / "ban-cu.csv"
    target.write_text("bản của biên tập viên", encoding="utf-8")
    result = CliRunner().invoke(main, ["export", "--format", "csv", "-o", str(target)])
    assert result.exit_code == 1
    assert target.read_text(encoding="utf-8") == "bản của biên tập viên"
    assert os.path.exists(target)


def test_cli_export_into_missing_folder_says_so(exported: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(exported.parent)
    result = CliRunner().invoke(main, ["export", "--format", "csv", "-o", "khong-co/thu-muc/ra.csv"])
    assert result.exit_code == 2
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Không có thư mục khong-co/thu-muc/" in result.output and "mkdir -p khong-co/thu-muc" in result.output
    assert not (exported.parent / "khong-co").exists()


def test_cli_export_repeated_audience_takes_each(exported: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(exported.parent)
    monkeypatch.setenv("LOA_TODAY", "2026-11-23")

    def ids(*audiences: str) -> set[str]:
        args = [a for ident in audiences for a in ("--audience", ident)]
        result = CliRunner().invoke(main, ["export", *args, "--base-url", "https://loa.example.vn/"])
        assert result.exit_code == 0, result.output
        return {m["id"] for m in json.loads(result.output)["messages"]}

    both = json.loads(CliRunner().invoke(main, ["export", "--audience", "bao-chi", "--audience", "doanh-nghiep",
                                                "--base-url", "https://loa.example.vn/"]).output)
    assert [a["id"] for a in both["audiences"]] == ["bao-chi", "doanh-nghiep"]
    assert {m["id"] for m in both["messages"]} == ids("bao-chi") | ids("doanh-nghiep")
    assert ids("bao-chi") and ids("bao-chi") != ids("doanh-nghiep")
    assert ids("bao-chi", "bao-chi") == ids("bao-chi")


def test_export_schema_states_the_sms_rule_of_loa_check() -> None:
    """The published schema is made from the Message kind, so it accepts exactly the SMS texts `loa check`
    accepts: ASCII in GSM-7 (no backtick, no diacritics, no €), at most 160 septets with ^{}\\[~]| costing two."""
    sms = message_schema("https://loa.example.vn/")["properties"]["messages"]["items"]["properties"]["variants"]
    validator = jsonschema.Draft202012Validator(sms["properties"]["sms"])
    rule = Message.fields["variants"].type.fields["sms"].type
    reported: list[str] = []  # an over-long SMS is reported and kept (so L310 still reads it), not raised
    ctx = Context(taxonomies={}, report=lambda exc, *args: reported.append(exc.code))
    rng = random.Random(18)
    alphabet = "ab 1.,:[]^{}|~\\`éà€@_\n"
    samples = ["a" * 160, "a" * 161, "[" * 80, "[" * 81, "a" * 158 + "[", "a" * 159 + "[", "a`b", "chào", "a€",
               *("a" + "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 170))) + "b" for _ in range(400))]
    checked = 0
    for text in samples:
        reported.clear()
        try:
            rule.parse(yaml.ScalarNode("tag:yaml.org,2002:str", text), ctx, "variants.sms")
            accepted = "L216" not in reported
        except FieldError as exc:
            if exc.code != "L216":
                continue  # another rule of any text (an invisible character, say): not the SMS rule
            accepted = False
        assert validator.is_valid(text) == accepted, repr(text)
        checked += 1
    assert checked > 300
