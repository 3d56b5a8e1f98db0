"""Change history: change notes required by `loa check --changed`, /thay-doi/ and its feed, from a real git repo."""

from __future__ import annotations

import gzip
import os
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import QA, MakeSite, small_project

from loa.build import build_site
from loa.cli import main

WITHDRAWN_TEXT = "NOIDUNGDARUT chỉ có trong mục đã rút"
GONE_QA = QA.replace("id: vung-xanh-la-gi", "id: cau-hoi-se-rut").replace(
    "title: Vùng xanh là gì?", "title: Câu hỏi sẽ rút").replace(
    "Câu trả lời theo", WITHDRAWN_TEXT + ". Câu trả lời theo")
QA_FILE = "content/hoi-dap/vung-xanh-la-gi.md"
GONE_FILE = "content/hoi-dap/cau-hoi-se-rut.md"


def git(project: Path, *args: str, date: str = "2026-11-02T10:00:00+07:00") -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "Biên tập", "GIT_AUTHOR_EMAIL": "bt@example.vn",
           "GIT_COMMITTER_NAME": "Biên tập", "GIT_COMMITTER_EMAIL": "bt@example.vn",
           "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
    return subprocess.run(["git", *args], cwd=project, env=env, check=True, capture_output=True, text=True).stdout


def check_changed(base: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["check", "--changed", base])
    return result.exit_code, result.output


@pytest.fixture
def repo(make_site: MakeSite) -> Path:
    project = small_project(make_site, "https://tinh.example.vn/", {"hoi-dap/cau-hoi-se-rut.md": GONE_QA})
    git(project, "init", "-q", "-b", "main")
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "Nội dung đầu tiên")
    git(project, "checkout", "-q", "-b", "sua-noi-dung")
    return project


def test_change_note_is_required_for_approved_text(repo: Path) -> None:
    qa = repo / QA_FILE
    good = qa.read_text(encoding="utf-8")
    qa.write_text(good.replace("Câu trả lời theo", "Câu trả lời đã sửa theo"), encoding="utf-8")
    code, out = check_changed("main")
    assert code == 1
    assert f"{QA_FILE}:1:1: error L228 change-note-required [change_note]" in out
    assert "chưa có change_note" in out

    qa.write_text(good.replace("Câu trả lời theo", "Câu trả lời đã sửa theo").replace(
        "status: approved", "status: approved\nchange_note: Sửa câu trả lời cho khớp mục I"), encoding="utf-8")
    code, out = check_changed("main")
    assert code == 0, out

    qa.write_text(good.replace("reviewed: 2026-11-01", "reviewed: 2026-11-20"), encoding="utf-8")
    assert check_changed("main")[0] == 0  # a new review date alone is no change of text

    gone = repo / GONE_FILE
    gone.write_text(gone.read_text(encoding="utf-8").replace("status: approved", "status: retired"), encoding="utf-8")
    code, out = check_changed("main")
    assert code == 1 and f"{GONE_FILE}:1:1: error L228" in out and "chưa ghi lý do" in out


def read_outputs(site: Path) -> str:
    """Every output file as text, compressed search-index files unpacked."""
    texts = []
    for path in sorted(site.rglob("*")):
        if not path.is_file():
            continue
        data = path.read_bytes()
        if data[:2] == b"\x1f\x8b":
            data = gzip.decompress(data)
        texts.append(data.decode("utf-8", errors="replace"))
    return "\n".join(texts)


def test_changes_page_and_feed_show_change_and_withdrawal(repo: Path) -> None:
    qa, gone = repo / QA_FILE, repo / GONE_FILE
    qa.write_text(qa.read_text(encoding="utf-8").replace("Câu trả lời theo", "Câu trả lời đã sửa theo").replace(
        "status: approved", "status: approved\nchange_note: Sửa câu trả lời cho khớp mục I"), encoding="utf-8")
    gone.write_text(gone.read_text(encoding="utf-8").replace(
        "status: approved", "status: retired\nchange_note: Rút vì văn bản nguồn đã hết hiệu lực"), encoding="utf-8")
    assert check_changed("main")[0] == 0
    git(repo, "commit", "-q", "-am", "Sửa và rút", date="2026-11-20T09:00:00+07:00")
    git(repo, "checkout", "-q", "main")
    git(repo, "merge", "-q", "--no-ff", "sua-noi-dung", "-m", "Merge pull request #7 from bien-tap/sua-noi-dung",
        date="2026-11-21T09:00:00+07:00")
    build_site(repo / "mkdocs.yml", repo / "site")
    site = repo / "site"

    page = (site / "thay-doi" / "index.html").read_text(encoding="utf-8")
    assert "21/11/2026" in page and "Sửa câu trả lời cho khớp mục I" in page and "yêu cầu hợp nhất #7" in page
    assert "Câu hỏi sẽ rút" in page and "Rút vì văn bản nguồn đã hết hiệu lực" in page
    assert "02/11/2026" in page  # approvals from the first commit
    item = (site / "hoi-dap" / "vung-xanh-la-gi" / "index.html").read_text(encoding="utf-8")
    assert "Cập nhật ngày 21/11/2026</strong> — Sửa câu trả lời cho khớp mục I" in item
    assert "duyệt và công bố" in item and "ngày 02/11/2026" in item

    ns = {"a": "http://www.w3.org/2005/Atom"}
    feed = ET.fromstring((site / "thay-doi" / "feed.xml").read_bytes())
    titles = [e.findtext("a:title", namespaces=ns) for e in feed.findall("a:entry", ns)]
    assert "Cập nhật: Vùng xanh là gì?" in titles and "Đã rút: Câu hỏi sẽ rút" in titles
    withdrawn = next(e for e in feed.findall("a:entry", ns) if e.findtext("a:title", namespaces=ns).startswith("Đã rút"))
    assert withdrawn.findtext("a:summary", namespaces=ns) == "Rút vì văn bản nguồn đã hết hiệu lực"
    changed = next(e for e in feed.findall("a:entry", ns) if e.findtext("a:title", namespaces=ns).startswith("Cập nhật"))
    assert changed.findtext("a:summary", namespaces=ns) == (  # where and when it applies, as on /thay-doi/
        "Sửa câu trả lời cho khớp mục I — TP. Lai Châu (Lai Châu) · Kế hoạch 43-KH/ThU, 06/9/2021")
    for entry in feed.findall("a:entry", ns):
        if not entry.findtext("a:title", namespaces=ns).startswith("Đã rút"):
            assert "Kế hoạch 43-KH/ThU, 06/9/2021" in entry.findtext("a:summary", namespaces=ns)
    assert feed.findtext("a:updated", namespaces=ns) == "2026-11-21T00:00:00Z"

    assert WITHDRAWN_TEXT not in read_outputs(site)
    assert not (site / "hoi-dap" / "cau-hoi-se-rut").exists()


def test_without_git_history_dates_are_left_out(make_site: MakeSite) -> None:
    qa = QA.replace("status: approved", "status: approved\nchange_note: Sửa câu trả lời cho khớp mục I")
    project = small_project(make_site, "https://tinh.example.vn/", {"hoi-dap/vung-xanh-la-gi.md": qa})
    build_site(project / "mkdocs.yml", project / "site")  # tmp_path is no git repository
    page = (project / "site" / "thay-doi" / "index.html").read_text(encoding="utf-8")
    assert "không có lịch sử git đầy đủ" in page
    assert "Mới công bố" not in page and "commit" not in page
    item = (project / "site" / "hoi-dap" / "vung-xanh-la-gi" / "index.html").read_text(encoding="utf-8")
    assert "Cập nhật ngày 01/11/2026</strong> — Sửa câu trả lời cho khớp mục I" in item  # its review date
    assert "duyệt và công bố" not in item
