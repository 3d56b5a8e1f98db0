"""`loa serve` in a real browser: a content error shows as a page at once and the site comes back when fixed."""

from __future__ import annotations

import os
import selectors
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import MakeSite, launch, small_project

pytestmark = pytest.mark.browser

QA_FILE = "content/hoi-dap/vung-xanh-la-gi.md"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Served:
    """A `loa serve` process; its terminal output is collected line by line as it arrives."""

    def __init__(self, project: Path) -> None:
        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.proc = subprocess.Popen([sys.executable, "-m", "loa", "serve", "-a", f"127.0.0.1:{self.port}"],
                                     cwd=project, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        self.raw = b""

    def wait_for_line(self, text: str, timeout: float = 120) -> None:
        """Read the terminal until it holds `text` (select() on the raw pipe: no polling sleep)."""
        assert self.proc.stdout is not None
        fd = self.proc.stdout.fileno()
        sel = selectors.DefaultSelector()
        sel.register(fd, selectors.EVENT_READ)
        deadline = time.monotonic() + timeout
        while text not in self.output:
            left = deadline - time.monotonic()
            assert left > 0 and sel.select(left), f"no {text!r} in:\n" + self.output
            chunk = os.read(fd, 65536)
            assert chunk, "loa serve ended:\n" + self.output
            self.raw += chunk

    @property
    def output(self) -> str:
        return self.raw.decode("utf-8", errors="replace")


@pytest.fixture
def served(make_site: MakeSite) -> Iterator[tuple[Served, Path]]:
    project = small_project(make_site, None)  # no public address: serve needs none
    served = Served(project)
    try:
        served.wait_for_line("Đang phục vụ tại")
        yield served, project
    finally:
        served.proc.terminate()
        served.proc.wait(timeout=30)


def test_serve_shows_content_error_in_browser_then_site_again(served: tuple[Served, Path], playwright: object,
                                                            tmp_path: Path) -> None:
    server, project = served
    qa = project / QA_FILE
    good = qa.read_text(encoding="utf-8")
    context = launch(playwright, tmp_path / "profile")
    try:
        page = context.new_page()
        page.goto(server.base + "/hoi-dap/vung-xanh-la-gi/")
        assert page.locator("h1").first.inner_text().startswith("Vùng xanh là gì?")
        assert page.locator('meta[name="robots"][content="noindex, nofollow"]').count() == 1

        qa.write_text(good.replace("reviewed: 2026-11-01", "reviewed: 2026-02-30"), encoding="utf-8")
        started = time.monotonic()
        errors = page.locator("ol.loa-errors")
        errors.wait_for(timeout=2000)  # the open page reloads itself onto the error page
        assert time.monotonic() - started < 2
        text = errors.inner_text()
        assert "content/hoi-dap/vung-xanh-la-gi.md:5:11" in text and "L204 invalid-date" in text
        assert "Cách sửa:" in text and "2026-02-28" in text
        assert page.locator("h1").inner_text().startswith("Nội dung có 1 lỗi")

        # A new request is answered at once, never held until the file is fixed.
        asked = time.monotonic()
        with pytest.raises(urllib.error.HTTPError) as answer:
            urllib.request.urlopen(server.base + "/van-ban/", timeout=2)
        assert answer.value.code == 500 and "L204" in answer.value.read().decode("utf-8")
        assert time.monotonic() - asked < 2

        qa.write_text(good.replace("Câu trả lời theo", "Đã sửa SUAXONG, câu trả lời theo"), encoding="utf-8")
        page.get_by_text("SUAXONG").wait_for(timeout=10_000)
        assert page.locator("h1").first.inner_text().startswith("Vùng xanh là gì?")
        server.wait_for_line("Đã hết lỗi")
    finally:
        context.close()
    out = server.output
    assert "content/hoi-dap/vung-xanh-la-gi.md:5:11: error L204 invalid-date [reviewed]" in out
    assert "sửa: " in out
    for english in ("INFO", "WARNING", "Building documentation", "Traceback", "Aborted", "dirty"):
        assert english not in out, out


def test_serve_answers_as_soon_as_it_says_where(make_site: MakeSite) -> None:
    """The address line came before the socket was bound: a click on it (or a test) could be refused."""
    server = Served(small_project(make_site, None))
    try:
        server.wait_for_line("Đang phục vụ tại")
        with socket.create_connection(("127.0.0.1", server.port), timeout=5):
            pass  # no retry: refused here is the bug
    finally:
        server.proc.terminate()
        server.proc.wait(timeout=30)


def test_serve_starts_with_the_error_page_when_content_is_broken(make_site: MakeSite) -> None:
    project = small_project(make_site, None)
    qa = project / QA_FILE
    qa.write_text(qa.read_text(encoding="utf-8").replace("status: approved", "status: aproved"), encoding="utf-8")
    server = Served(project)
    try:
        server.wait_for_line("Đang phục vụ tại")
        with pytest.raises(urllib.error.HTTPError) as answer:
            urllib.request.urlopen(server.base + "/", timeout=5)
        page = answer.value.read().decode("utf-8")
        assert answer.value.code == 500 and "content/hoi-dap/vung-xanh-la-gi.md:4:9" in page
        assert "L205 invalid-choice" in page and "approved" in page
        assert "content/hoi-dap/vung-xanh-la-gi.md:4:9: error L205 invalid-choice [status]" in server.output
    finally:
        server.proc.terminate()
        server.proc.wait(timeout=30)
