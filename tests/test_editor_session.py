"""A scripted editor's session: new → fill in → a mistake → check finds it → fix → preview → public."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import copy_project

from loa.build import build_site
from loa.cli import main


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def test_editor_session(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LOA_TODAY", "2026-11-23")
    project = copy_project(tmp_path / "p")
    monkeypatch.chdir(project)

    code, out = run("new", "qa", "--title", "Ở vùng đỏ người dân phải làm gì?")
    assert code == 0, out
    path = project / "content" / "hoi-dap" / "o-vung-do-nguoi-dan-phai-lam-gi.md"
    assert "Đã tạo content/hoi-dap/o-vung-do-nguoi-dan-phai-lam-gi.md (status: draft)." in out
    text = path.read_text(encoding="utf-8")
    assert "status: draft" in text and f"reviewed: {dt.date(2026, 11, 23).isoformat()}" in text
    code, out = run("check")  # a fresh draft is valid: only warnings about what is left to write
    assert code == 0 and "warning L222 draft-incomplete" in out

    # The editor fills it in, citing a section that does not exist.
    filled = re.sub(r"^sources: \[\].*$", "sources:\n  - document: ke-hoach-33-kh-tu\n    section: muc-ii-9", text,
                    flags=re.M)
    filled = filled.replace("[CẦN ĐIỀN] Câu trả lời, chỉ theo đúng mục văn bản đã dẫn.",
                            "Theo Kế hoạch số 33-KH/TU, người dân ở trong nhà, không ra ngoài khi không thực sự cần thiết.")
    path.write_text(filled, encoding="utf-8")
    line = filled.splitlines().index("    section: muc-ii-9") + 1
    code, out = run("check")
    assert code == 1
    assert f"content/hoi-dap/o-vung-do-nguoi-dan-phai-lam-gi.md:{line}:14: error L302 unknown-section [sources[0].section]" in out
    assert "có phải ý bạn là" in out

    path.write_text(filled.replace("muc-ii-9", "muc-ii-4-3"), encoding="utf-8")
    code, out = run("check")
    # the only warning left is the portal owner the sources do not name (content/danh-muc/chu-quan.yml)
    assert code == 0 and "0 lỗi, 1 cảnh báo" in out and "L229 owner-not-set" in out

    build_site(project / "mkdocs.yml", project / "site-preview", preview=True)
    preview = (project / "site-preview/hoi-dap/o-vung-do-nguoi-dan-phai-lam-gi/index.html").read_text(encoding="utf-8")
    assert "Bản nháp" in preview and "không ra ngoài khi không thực sự cần thiết" in preview
    build_site(project / "mkdocs.yml", project / "site")
    assert not (project / "site/hoi-dap/o-vung-do-nguoi-dan-phai-lam-gi").exists()
    assert "o-vung-do-nguoi-dan-phai-lam-gi" not in (project / "site/hoi-dap/index.html").read_text(encoding="utf-8")

    # Approving it publishes it; `loa new` with the same title never overwrites the file.
    path.write_text(path.read_text(encoding="utf-8").replace("status: draft", "status: approved"), encoding="utf-8")
    build_site(project / "mkdocs.yml", project / "site")
    assert (project / "site/hoi-dap/o-vung-do-nguoi-dan-phai-lam-gi/index.html").is_file()
    before = path.read_bytes()
    code, out = run("new", "qa", "--title", "Ở vùng đỏ người dân phải làm gì?")
    assert code == 0 and "o-vung-do-nguoi-dan-phai-lam-gi-2.md" in out
    assert path.read_bytes() == before


def test_new_refuses_an_approved_placeholder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = copy_project(tmp_path / "p")
    monkeypatch.chdir(project)
    run("new", "message", "--title", "Thông điệp mới")
    path = project / "content/thong-diep/thong-diep-moi.md"
    path.write_text(path.read_text(encoding="utf-8").replace("status: draft", "status: approved"), encoding="utf-8")
    code, out = run("check", str(path.relative_to(project)))
    assert code == 1 and "error L223 placeholder-left [concern]" in out


def test_check_changed_reports_only_changed_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = copy_project(tmp_path / "p")
    monkeypatch.chdir(project)
    git = ["git", "-c", "user.email=t@example.invalid", "-c", "user.name=t"]
    subprocess.run([*git, "init", "-q", "-b", "main"], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-q", "-m", "base"], check=True)
    subprocess.run([*git, "checkout", "-q", "-b", "sua"], check=True)
    qa = project / "content/hoi-dap/tong-dai-1022-giai-dap-gi.md"
    qa.write_text(qa.read_text(encoding="utf-8").replace("reviewed: 2026-11-23", "reviewed: 2026-13-01"), encoding="utf-8")
    code, out = run("check", "--changed", "main")
    assert code == 1 and "trong 1 tệp" in out and "tong-dai-1022-giai-dap-gi.md:5:11: error L204" in out
    qa.write_text(qa.read_text(encoding="utf-8").replace("2026-13-01", "2026-11-23"), encoding="utf-8")
    code, out = run("check", "--changed", "main")
    assert code == 0 and "Không có tệp nội dung nào thay đổi" in out
    code, out = run("check", "--changed", "khong-co-nhanh-nay")
    assert code == 2
