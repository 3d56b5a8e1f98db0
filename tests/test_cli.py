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
        assert code == 0 and "Cách dùng:" in out
        assert command.help
        assert f"loa {name}" in readme, f"`loa {name}` is not documented in README.md"


def test_check_clean_tree_exits_zero(make_site: MakeSite) -> None:
    make_site({})
    code, out = run("check")
    assert code == 0
    assert "0 lỗi, 0 cảnh báo trong 7 tệp." in out


def test_check_reports_error_with_location_and_exit_one(make_site: MakeSite) -> None:
    make_site({"hoi-dap/vung-xanh-la-gi.md": BAD_DATE_QA})
    code, out = run("check")
    assert code == 1
    assert out.startswith("content/hoi-dap/vung-xanh-la-gi.md:5:11: error L204 invalid-date [reviewed]\n")
    assert '    cần một ngày hợp lệ, nhận được "2021-02-30" (tháng 2/2021 chỉ có 28 ngày)\n' in out
    assert "    sửa: sửa ngày trong khoảng 1–28, ví dụ 2021-02-28\n" in out
    assert out.rstrip().endswith("1 lỗi, 0 cảnh báo trong 7 tệp.")


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


def test_fix_unicode_repairs_utf8_read_as_cp1252_only_when_whole(make_site: MakeSite) -> None:
    content = make_site({})
    qa = content / "hoi-dap" / "vung-xanh-la-gi.md"
    original = qa.read_text(encoding="utf-8")
    broken = original.replace("title: Vùng xanh là gì?", "title: VÃ¹ng xanh lÃ\u00a0 gÃ¬?").replace(
        "Câu trả lời", "CÃ¢u tráº£ lá»\x9di")
    assert broken.count("Ã") == 4
    qa.write_text(broken + "Chữ mất một byte: Ä‘Ã i.\n", encoding="utf-8")
    assert run("check")[0] == 1
    code, out = run("check", "--fix-unicode")
    assert "vung-xanh-la-gi.md:3: đã sửa chữ hỏng mã UTF-8 'Ã¹' → 'ù', 'Ã\\xa0' → 'à', 'Ã¬' → 'ì'" in out, out
    text = qa.read_text(encoding="utf-8")
    assert text.startswith(original) and text.endswith("Chữ mất một byte: Ä‘Ã i.\n")  # left for the editor
    assert code == 1 and "L212 mojibake" in out and "chép lại" in out


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


def test_check_refuses_a_path_outside_content(make_site: MakeSite) -> None:
    """`loa check hoi-dap/x.md` from the project root once printed "0 lỗi" for a file full of errors."""
    content = make_site({})
    (content.parent / "hoi-dap").mkdir()
    (content.parent / "hoi-dap" / "x.md").write_text(BAD_DATE_QA, encoding="utf-8")
    code, out = run("check", "hoi-dap/x.md")
    assert code == 1
    assert "hoi-dap/x.md:1:1: error L114 path-not-checked" in out
    assert "0 lỗi" not in out
    code, out = run("check", "content/hoi-dap/khong-co.md")
    assert code == 1 and "không có tệp hay thư mục" in out


def test_check_external_image_allowed_by_mkdocs_setting(make_site: MakeSite) -> None:
    body = "Câu trả lời.\n\n![bản đồ](https://anh.tinh.gov.vn/ban-do.png)\n"
    content = make_site({"hoi-dap/vung-xanh-la-gi.md": QA.rstrip("\n").rsplit("\n", 1)[0] + "\n" + body})
    code, out = run("check")
    assert code == 1 and "vung-xanh-la-gi.md:14:11: error L227 external-image" in out, out
    (content.parent / "mkdocs.yml").write_text("site_name: x\nplugins:\n  - loa:\n      allowed_hosts: [anh.tinh.gov.vn]\n",
                                               encoding="utf-8")
    code, out = run("check")
    assert code == 0, out


def test_fix_unicode_removes_invisible_but_not_direction_controls(make_site: MakeSite) -> None:
    qa = QA.replace("title: Vùng xanh là gì?", "title: Vùng\u200bxanh\u2060 là gì?").replace(
        "Câu trả lời", "Câu\u202e trả lời")
    content = make_site({"hoi-dap/vung-xanh-la-gi.md": qa})
    code, out = run("check", "--fix-unicode")
    assert "content/hoi-dap/vung-xanh-la-gi.md:3: đã xóa 2 ký tự vô hình (U+200B, U+2060)" in out
    text = (content / "hoi-dap" / "vung-xanh-la-gi.md").read_text(encoding="utf-8")
    assert "title: Vùngxanh là gì?" in text and "\u202e" in text  # the reader must look at a direction control
    assert code == 1 and "L226 bidi-control" in out and "L225" not in out


def test_help_is_in_vietnamese() -> None:
    for args in ([], *([name] for name in main.commands)):
        code, out = run(*args, "--help")
        assert code == 0
        # Click's own words too: the usage line, headings and the [default: …]/[required] notes.
        assert out.startswith("Cách dùng: ") and "[TÙY CHỌN]" in out, out
        for word in ("Usage:", "Options:", "Commands:", "[default:", "[required]", "OPTIONS"):
            assert word not in out, (args, word)
        described = out.split("Tùy chọn:")[1]
        assert "Hiện hướng dẫn này rồi thoát." in described
        english = [line for line in described.splitlines() if line.strip().startswith("-")
                   and not any(ch in line for ch in "ăâđêôơưáàảãạéèẻẽẹíìỉĩịóòỏõọúùủũụýỳỷỹỵ")]
        assert english == [], (args, english)


@pytest.mark.parametrize(("args", "expected"), [
    (["export", "--format", "xml"], "Lỗi: Giá trị không hợp lệ cho '--format': 'xml' không phải một trong 'json', 'csv', 'md'."),
    (["nope"], "Lỗi: Không có lệnh 'nope'."),
    (["build", "--bogus"], "Lỗi: Không có tùy chọn '--bogus'."),
    (["new"], "Lỗi: Thiếu đối số"),
])
def test_argument_errors_are_in_vietnamese(args: list[str], expected: str) -> None:
    code, out = run(*args)
    assert code == 2 and expected in out and "Error" not in out and "Usage" not in out, out


def test_unreadable_taxonomy_is_reported_once_not_at_every_item(make_site: MakeSite) -> None:
    # The QA and the document cite topics and an issuer; with chu-de.yml and co-quan.yml broken, each
    # file's own error is the report, not one "không có trong danh sách" per citing field.
    make_site({"danh-muc/chu-de.yml": "- id: [broken\n", "danh-muc/co-quan.yml": "id: not-a-list\n"})
    code, out = run("check")
    assert code == 1
    assert "content/danh-muc/chu-de.yml:2:1: error L104 yaml-syntax" in out, out
    assert "content/danh-muc/co-quan.yml:1:1: error L203" in out, out
    assert "L205" not in out and "không có trong danh sách" not in out, out
