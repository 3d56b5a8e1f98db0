"""A content kind is declared in one place: a throw-away kind gets pages, a hub, search and `loa new`."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import TEST_SITE_URL, MakeSite, small_project

from loa.build import build_site
from loa.cli import main
from loa.fields import Field, Text
from loa.kinds import register, unregister
from loa.kinds.base import PLACEHOLDER, Guidance
from loa.pipeline import check_site


class Notice(Guidance):
    """A throw-away kind (thông báo): everything it owns is declared here and nowhere else."""

    name, folder, label, label_plural = "notice", "thong-bao", "thông báo", "Thông báo"
    hub, hub_position = "Thông báo", 65
    related_title = "Thông báo liên quan"
    searchable = ("summary",)
    summary = Field(Text(max_len=300), required=True, doc="tóm tắt")
    scaffold = f'summary: "{PLACEHOLDER} tóm tắt"\ntopics: []\nsources: []\n---\n\n{PLACEHOLDER} Nội dung.\n'


NOTICE = """\
---
id: lich-tiem-chung
title: Lịch tiêm chủng mùa thu
status: approved
reviewed: 2026-11-01
summary: Tiêm chủng lưu động khắp xã ZUKUNFTWORT
topics: [phong-chong-dich]
sources:
  - document: ke-hoach-43-kh-thu
    section: muc-i-1
---

Bà con mang theo giấy tờ BODYMARKER.
"""


@pytest.fixture
def notice() -> Iterator[type[Notice]]:
    register(Notice)
    yield Notice
    unregister(Notice)


def test_kind_declared_in_one_place_is_built_linked_and_searchable(
        notice: type[Notice], make_site: MakeSite, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LOA_TODAY", "2026-11-23")
    project = small_project(make_site, TEST_SITE_URL, {"thong-bao/lich-tiem-chung.md": NOTICE,
                                                       # an editor links to the new hub: not a broken link
                                                       "hoi-dap/xem-thong-bao.md": NOTICE.replace(
                                                           "id: lich-tiem-chung", "id: xem-thong-bao")
                                                       .replace("summary: Tiêm chủng lưu động khắp xã ZUKUNFTWORT\n", "")
                                                       .replace("BODYMARKER.", "[Thông báo](/thong-bao/).")})
    report = check_site(project / "content")
    assert not report.diagnostics, report.format()
    build_site(project / "mkdocs.yml", tmp_path / "out")
    site = tmp_path / "out"
    page = (site / "thong-bao" / "lich-tiem-chung" / "index.html").read_text(encoding="utf-8")
    assert "BODYMARKER" in page and "ZUKUNFTWORT" in page  # the body and the searchable field
    assert '<span data-pagefind-filter="Loại">Thông báo</span>' in page  # its search record
    assert 'href="../">Thông báo</a>' in page  # breadcrumb to its hub
    hub = (site / "thong-bao" / "index.html").read_text(encoding="utf-8")
    assert "Lịch tiêm chủng mùa thu" in hub
    home = (site / "index.html").read_text(encoding="utf-8")
    assert re.search(r'href="thong-bao/" class="md-nav__link">\s*<span[^>]*>\s*Thông báo', home)  # in the nav
    vocabulary = json.loads((site / "tim-kiem" / "tu-vung.json").read_text(encoding="utf-8"))
    assert "zukunftwort" in vocabulary["syllables"].split()  # search corrects toward the field's words
    search = (site / "tim-kiem" / "index.html").read_text(encoding="utf-8")
    assert json.loads(re.search(r'"answer_rank": (\{[^}]*\})', search.replace("&#34;", '"')).group(1))["Thông báo"] == 0.5


def test_loa_new_offers_a_registered_kind(notice: type[Notice], make_site: MakeSite) -> None:
    content = make_site({})
    result = CliRunner().invoke(main, ["new", "notice", "--title", "Thông báo lịch tiêm", "--content", str(content)])
    assert result.exit_code == 0, result.output
    written = (content / "thong-bao" / "thong-bao-lich-tiem.md").read_text(encoding="utf-8")
    assert written.startswith("---\nid: thong-bao-lich-tiem\n") and f'summary: "{PLACEHOLDER} tóm tắt"' in written
    report = check_site(content)
    assert not report.errors, report.format()  # a draft with placeholders: warnings only


def test_loa_new_refuses_an_unregistered_kind(make_site: MakeSite) -> None:
    result = CliRunner().invoke(main, ["new", "notice", "--title", "x", "--content", str(make_site({}))])
    assert result.exit_code == 2 and "notice" in result.output
