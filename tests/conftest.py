"""Shared fixtures: tiny content trees under tmp_path, and the repository's real content."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import textwrap
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from loa.build import build_site

ROOT = Path(__file__).resolve().parent.parent
REAL_CONTENT = ROOT / "content"

TAXONOMIES = {
    "danh-muc/doi-tuong.yml": "- id: nguoi-dan\n  name: Người dân ở khu dân cư\n- id: can-bo-dang-vien\n  name: Cán bộ, đảng viên\n",
    "danh-muc/chu-de.yml": "- id: phong-chong-dich\n  name: Phòng, chống dịch\n- id: tong-dai-1022\n  name: Tổng đài 1022\n",
    "danh-muc/co-quan.yml": ("- id: thanh-uy-lai-chau\n  name: Thành ủy Lai Châu\n"
                             "  place: {level: district, name: TP. Lai Châu, province: Lai Châu}\n"),
    "danh-muc/kenh.yml": "- id: bang-ron\n  name: Băng rôn\n- id: sms\n  name: SMS\n",
    "danh-muc/chu-quan.yml": "name: Cơ quan thử nghiệm\nemail: lienhe@example.test\n",
}

DOCUMENT = """\
---
id: ke-hoach-43-kh-thu
title: Kế hoạch công tác thông tin, tuyên truyền
status: approved
reviewed: 2026-11-01
number: "43-KH/ThU"
doc_type: KH
issuer: thanh-uy-lai-chau
place: TP. Lai Châu
issued_on: 2021-09-06
subject: công tác thông tin, tuyên truyền phòng, chống dịch Covid-19
---

Căn cứ Kế hoạch số 50-KH/BTGTU.

## I. MỤC ĐÍCH, YÊU CẦU {#muc-i}

### 1. Mục đích {#muc-i-1}

Tạo sự thống nhất trong nhận thức.
"""

QA = """\
---
id: vung-xanh-la-gi
title: Vùng xanh là gì?
status: approved
reviewed: 2026-11-01
topics: [phong-chong-dich]
sources:
  - document: ke-hoach-43-kh-thu
    section: muc-i-1
---

Câu trả lời theo [kế hoạch](../van-ban/ke-hoach-43-kh-thu.md#muc-i).
"""

# A document that states its period (the Bình Phước plan's "đến hết năm 2021"), and its issuer.
PERIOD_DOC = """\
---
id: ke-hoach-binh-phuoc
title: Kế hoạch thông tin tuyên truyền
status: approved
reviewed: 2026-11-01
number: "-KH/BTGTU"
doc_type: KH
issuer: ban-tuyen-giao-binh-phuoc
issued_on: null
issued_after: 2021-08-14
subject: null
period:
  until: 2021-12-31
  quote: trước mắt từ nay đến hết năm 2021
  section: muc-ii-2
---

## II. THỜI GIAN {#muc-ii}

2\\. Thời gian: trước mắt từ nay đến hết năm 2021.
{: #muc-ii-2 }
"""

ORGS = ("- id: thanh-uy-lai-chau\n  name: Thành ủy Lai Châu\n"
        "  place: {level: district, name: TP. Lai Châu, province: Lai Châu}\n"
        "- id: ban-tuyen-giao-binh-phuoc\n  name: Ban Tuyên giáo Tỉnh ủy Bình Phước\n"
        "  place: {level: province, name: Bình Phước}\n")


MINIMAL_SITE = {**TAXONOMIES, "van-ban/ke-hoach-43-kh-thu.md": DOCUMENT, "hoi-dap/vung-xanh-la-gi.md": QA}

MakeSite = Callable[..., Path]


@pytest.fixture
def make_site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> MakeSite:
    """Write a content tree under tmp_path/content and chdir to tmp_path (paths print relative).

    `make_site({"hoi-dap/x.md": "..."})` starts from MINIMAL_SITE; pass `base={}` for nothing.
    A value of bytes is written as is (for encoding tests); None deletes a base file.
    """

    def make(files: dict[str, str | bytes | None], base: dict[str, str] | None = None, dedent: bool = False) -> Path:
        content = tmp_path / "content"
        tree: dict[str, str | bytes | None] = {**(MINIMAL_SITE if base is None else base), **files}
        for rel, text in tree.items():
            if text is None:
                continue
            path = content / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(text, bytes):
                path.write_bytes(text)
            else:
                path.write_text(textwrap.dedent(text) if dedent else text, encoding="utf-8")
        monkeypatch.chdir(tmp_path)
        return content

    return make


DRAFT_QA = """\
---
id: cau-hoi-nhap
title: Câu hỏi còn nháp DRAFTMARKER
status: draft
reviewed: 2026-11-01
sources:
  - document: ke-hoach-43-kh-thu
---

Câu trả lời chưa duyệt, từ khóa riêng: bimatnhap.
"""

# Written without diacritics on purpose: an accented query must rank accented pages above it.
UNACCENTED_QA = """\
---
id: hoi-dap-khong-dau
title: Hoi dap viet khong dau
status: approved
reviewed: 2026-11-01
sources:
  - document: ke-hoach-43-kh-thu
---

tong dai tong dai tong dai tong dai tong dai 1022 tong dai. Tu khoa thu: quyenluctest.
"""

# Two words that exist in the index but never on one page: the search page must drop one.
RETRY_QA = UNACCENTED_QA.replace("id: hoi-dap-khong-dau", "id: hoi-dap-thu-lai").replace(
    "title: Hoi dap viet khong dau", "title: Hoi dap thu lai").replace("quyenluctest", "hoahongtest")


TEST_SITE_URL = "https://tuyentruyen.example.vn/"


def copy_project(dest: Path) -> Path:
    dest.mkdir(parents=True, exist_ok=True)
    # A public build needs a public address; $LOA_SITE_URL still wins, as in the real mkdocs.yml.
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("site_url: !ENV LOA_SITE_URL", f'site_url: !ENV [LOA_SITE_URL, "{TEST_SITE_URL}"]')
    assert TEST_SITE_URL in config
    (dest / "mkdocs.yml").write_text(config, encoding="utf-8")
    for name in ("theme", "content"):
        shutil.copytree(ROOT / name, dest / name)
    return dest


def small_project(make_site: MakeSite, site_url: str | None, files: dict[str, str | None] | None = None) -> Path:
    """The minimal content tree (plus `files`) with the real theme and mkdocs.yml, `site_url` replaced."""
    content = make_site(files or {})
    project = content.parent
    shutil.copytree(ROOT / "theme", project / "theme")
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    line = f"site_url: {site_url}" if site_url else "site_url: !ENV LOA_SITE_URL"
    (project / "mkdocs.yml").write_text(config.replace("site_url: !ENV LOA_SITE_URL", line), encoding="utf-8")
    return project


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real corpus plus a draft and an unaccented Q&A, built once as public and once as preview."""
    mp = pytest.MonkeyPatch()
    mp.setenv("LOA_TODAY", "2026-11-23")
    mp.delenv("SOURCE_DATE_EPOCH", raising=False)
    project = copy_project(tmp_path_factory.mktemp("project"))
    (project / "content" / "hoi-dap" / "cau-hoi-nhap.md").write_text(DRAFT_QA, encoding="utf-8")
    (project / "content" / "hoi-dap" / "hoi-dap-khong-dau.md").write_text(UNACCENTED_QA, encoding="utf-8")
    (project / "content" / "hoi-dap" / "hoi-dap-thu-lai.md").write_text(RETRY_QA, encoding="utf-8")
    build_site(project / "mkdocs.yml", project / "site")
    build_site(project / "mkdocs.yml", project / "site-preview", preview=True)
    mp.undo()
    return project




CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]
class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@pytest.fixture(scope="module")
def server(built: Path) -> Iterator[str]:
    handler = functools.partial(QuietHandler, directory=str(built / "site"))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.fixture(scope="session")
def playwright() -> Iterator[object]:
    """One Playwright driver for the session (the sync API allows only one per thread)."""
    if not os.path.exists(CHROMIUM):
        if os.environ.get("LOA_SKIP_BROWSER") == "1":
            pytest.skip("LOA_SKIP_BROWSER=1 and no /usr/bin/chromium")
        pytest.fail("Debian's chromium is missing: run scripts/test, which installs it")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        yield pw


def launch(pw: object, profile: Path, **options: object) -> object:
    """Debian's Chromium, headless, with a fresh user-data dir and no background networking."""
    return pw.chromium.launch_persistent_context(  # type: ignore[attr-defined]
        str(profile), executable_path=CHROMIUM, args=CHROMIUM_ARGS, locale="vi-VN", **options)


@pytest.fixture(scope="module")
def browser(playwright: object, tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    """A 360 px wide phone-sized browser."""
    context = launch(playwright, tmp_path_factory.mktemp("chromium-profile"),
                     viewport={"width": 360, "height": 740}, device_scale_factor=1)
    yield context
    context.close()
