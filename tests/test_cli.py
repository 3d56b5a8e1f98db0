"""Command line: help, exit codes, output formats, --fix-unicode, and failed builds that change nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import QA, ROOT, MakeSite

from loa.cli import main

BAD_DATE_QA = QA.replace("reviewed: 2026-11-01", "reviewed: 2021-02-30")


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output


def test_every_command_has_help_and_is_in_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name, command in main.commands.items():
        code, out = run(name, "--help")
        assert code == 0 and "Usage:" in out
        assert command.help
        assert f"loa {name}" in readme, f"`loa {name}` is not documented in README.md"


def test_check_clean_tree_exits_zero(make_site: MakeSite) -> None:
    make_site({})
    code, out = run("check")
    assert code == 0
    assert "0 lỗi, 0 cảnh báo trong 2 tệp." in out


def test_check_reports_error_with_location_and_exit_one(make_site: MakeSite) -> None:
    make_site({"hoi-dap/vung-xanh-la-gi.md": BAD_DATE_QA})
    code, out = run("check")
    assert code == 1
    assert out.startswith("content/hoi-dap/vung-xanh-la-gi.md:5:11: error L204 invalid-date [reviewed]\n")
    assert '    cần một ngày hợp lệ, nhận được "2021-02-30" (tháng 2/2021 chỉ có 28 ngày)\n' in out
    assert "    sửa: sửa ngày trong khoảng 1–28, ví dụ 2021-02-28\n" in out
    assert out.rstrip().endswith("1 lỗi, 0 cảnh báo trong 2 tệp.")


def test_check_github_format_is_exact(make_site: MakeSite) -> None:
    make_site({"hoi-dap/vung-xanh-la-gi.md": BAD_DATE_QA})
    code, out = run("check", "--format", "github")
    assert code == 1
    assert out.splitlines()[0] == (
        "::error file=content/hoi-dap/vung-xanh-la-gi.md,line=5,col=11,title=L204 invalid-date [reviewed]::"
        'cần một ngày hợp lệ, nhận được "2021-02-30" (tháng 2/2021 chỉ có 28 ngày)%0A'
        "sửa: sửa ngày trong khoảng 1–28, ví dụ 2021-02-28"
    )


def test_check_paths_limit_the_report(make_site: MakeSite) -> None:
    make_site({"hoi-dap/vung-xanh-la-gi.md": BAD_DATE_QA})
    code, out = run("check", "content/van-ban")
    assert code == 0
    assert "L204" not in out


def test_warnings_fail_only_with_strict(make_site: MakeSite) -> None:
    content = make_site({})
    doc = content / "van-ban" / "ke-hoach-43-kh-thu.md"
    doc.write_text(doc.read_text(encoding="utf-8").replace('"43-KH/ThU"', '"so 43 KH"'), encoding="utf-8")
    assert run("check")[0] == 0
    code, out = run("check", "--strict")
    assert code == 1 and "warning L215 doc-number-format [number]" in out


def test_fix_unicode_repairs_and_reports_each_change(make_site: MakeSite) -> None:
    content = make_site({})
    qa = content / "hoi-dap" / "vung-xanh-la-gi.md"
    broken = qa.read_text(encoding="utf-8").replace("Câu trả lời", "Ngu\u031bo\u031b\u0300i dân THƢỜNG hỏi")
    qa.write_text(broken, encoding="utf-8")
    assert run("check")[0] == 1
    code, out = run("check", "--fix-unicode")
    assert code == 0, out
    assert "content/hoi-dap/vung-xanh-la-gi.md:12: đã sửa 'Ƣ' → 'Ư' (1×); chuẩn hóa NFC" in out
    assert "Người dân THƯỜNG hỏi" in qa.read_text(encoding="utf-8")


def test_fix_unicode_only_when_asked(make_site: MakeSite) -> None:
    content = make_site({})
    qa = content / "hoi-dap" / "vung-xanh-la-gi.md"
    qa.write_text(qa.read_text(encoding="utf-8").replace("Câu trả lời", "THƢỜNG"), encoding="utf-8")
    before = qa.read_bytes()
    assert run("check")[0] == 1
    assert qa.read_bytes() == before


def test_check_missing_content_folder_is_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, out = run("check")
    assert code == 1 and "L110" in out
