"""With a fixed "today", an item becomes "tư liệu" when its source's period ends, stays findable, and a
dated re-confirmation makes it current again; nothing else in the site changes."""

from __future__ import annotations

import gzip
import hashlib
import json
import shutil
from pathlib import Path

import pytest
from conftest import DOCUMENT, ORGS, PERIOD_DOC, QA, TAXONOMIES, copy_project

from loa.build import build_site

ARCHIVED_QA = ("---\nid: tong-dai\ntitle: Tổng đài giải đáp gì?\nstatus: approved\nreviewed: 2021-11-01\n"
               "sources:\n  - document: ke-hoach-binh-phuoc\n    section: muc-ii-2\n{extra}---\n\n"
               "Tổng đài giải đáp khuyến cáo của ngành y tế, từ khóa riêng: tongdaitrieu.\n")
RECONFIRMED = "reconfirmed:\n  date: 2022-01-01\n  reason: Đã đối chiếu với quy định hiện hành của tỉnh ngày 01/01/2022\n"
CHANGED_BY_STATUS = {  # the item itself, the pages that list it, and its search data
    "hoi-dap/tong-dai/index.html", "hoi-dap/index.html", "index.html", "van-ban/index.html",
    "van-ban/ke-hoach-binh-phuoc/index.html", "sitemap.xml", "sitemap.xml.gz"}


def _build(root: Path, today: str, qa_extra: str, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("LOA_TODAY", today)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    project = root / f"p-{today}-{bool(qa_extra)}"
    copy_project(project)
    shutil.rmtree(project / "content")
    files = {**TAXONOMIES, "danh-muc/co-quan.yml": ORGS, "danh-muc/luu-tru.yml": "archive_after_months: 120\n",
             "van-ban/ke-hoach-43-kh-thu.md": DOCUMENT, "hoi-dap/vung-xanh-la-gi.md": QA,
             "van-ban/ke-hoach-binh-phuoc.md": PERIOD_DOC, "hoi-dap/tong-dai.md": ARCHIVED_QA.format(extra=qa_extra)}
    for rel, text in files.items():
        (project / "content" / rel).parent.mkdir(parents=True, exist_ok=True)
        (project / "content" / rel).write_text(text, encoding="utf-8")
    build_site(project / "mkdocs.yml", project / "site")
    return project / "site"


def _page(site: Path, path: str) -> str:
    return (site / path).read_text(encoding="utf-8")


def _digests(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(site.rglob("*")) if p.is_file() and "pagefind" not in p.parts}


def _search_record(site: Path, url: str) -> dict:
    for path in (site / "pagefind" / "fragment").glob("*.pf_fragment"):
        data = gzip.decompress(path.read_bytes())
        record = json.loads(data[data.index(b"{"):])
        if record["url"] == url:
            return record
    raise AssertionError(f"{url} is not in the search index")


def test_period_end_archives_and_reconfirmation_restores(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    last_day = _build(tmp_path, "2021-12-31", "", monkeypatch)
    next_day = _build(tmp_path, "2022-01-01", "", monkeypatch)
    confirmed = _build(tmp_path, "2022-01-01", RECONFIRMED, monkeypatch)

    page = "hoi-dap/tong-dai/index.html"
    assert "Tư liệu" not in _page(last_day, page) and "Đang áp dụng" not in _page(last_day, page)
    archived = _page(next_day, page)
    assert "<strong>Tư liệu năm 2021</strong>" in archived
    assert "“trước mắt từ nay đến hết năm 2021”, kết thúc ngày 31/12/2021" in archived
    assert "không phải hướng dẫn hiện hành" in archived
    assert "Tư liệu" not in _page(confirmed, page)
    assert "biên tập viên xác nhận ngày 01/01/2022" in _page(confirmed, page)

    # Still findable and citable: in the index with its place, source and status, and still listed.
    record = _search_record(next_day, "/hoi-dap/tong-dai/")
    assert "tongdaitrieu" in record["content"]
    assert record["meta"]["status"] == "Tư liệu năm 2021" and record["meta"]["place"] == "Bình Phước"
    assert "status" not in _search_record(confirmed, "/hoi-dap/tong-dai/")["meta"]
    assert 'href="tong-dai/"' in _page(next_day, "hoi-dap/index.html")  # the hub lists it, linking its page

    # The home page says honestly what is current.
    assert "Đang áp dụng" in _page(last_day, "index.html")
    assert "Hiện không có hướng dẫn nào đang áp dụng" not in _page(next_day, "index.html")  # the other answer is current
    assert "Ngoài ra có 1 mục là tư liệu" in _page(next_day, "index.html")

    # Nothing else changes: every other file is byte-identical.
    before, after = _digests(last_day), _digests(next_day)
    assert before.keys() == after.keys()
    # A page's .br/.gz copies change with it; _headers names Pagefind's hashed meta file, which the index changes.
    changed = {path.removesuffix(".br").removesuffix(".gz") if path != "sitemap.xml.gz" else path
               for path in before if before[path] != after[path]} - {"_headers"}
    # Audience handouts also say the day validity was judged on ("đang đăng trên cổng vào ngày dựng trang", how many are tư liệu).
    handouts = {p for p in changed if p.startswith("doi-tuong/") and p != "doi-tuong/index.html"}
    assert changed - handouts <= CHANGED_BY_STATUS and page in changed, changed
    assert before["hoi-dap/vung-xanh-la-gi/index.html"] == after["hoi-dap/vung-xanh-la-gi/index.html"]


def test_home_says_so_when_nothing_is_current(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LOA_TODAY", "2026-11-23")
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    project = copy_project(tmp_path / "p")
    build_site(project / "mkdocs.yml", project / "site")
    home = _page(project / "site", "index.html")
    assert "Hiện không có hướng dẫn nào đang áp dụng." in home
    assert "## Văn bản mới" not in home and "Văn bản mới" not in home
    assert "Không có văn bản nào ban hành trong 24 tháng qua" in home
    dates = [line for line in home.rsplit("Văn bản gần nhất", 1)[1].split("Rà soát lần cuối")[0].splitlines()
             if "loa-scope__source" in line]
    assert "19/10/2021" in dates[0] and "12/10/2021" in dates[1] and "06/9/2021" in dates[2]
