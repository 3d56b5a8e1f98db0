"""Every page type under the shipped Content Security Policy: no violation, and search still works."""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from loa.headers import read_headers

pytestmark = pytest.mark.browser

PAGES = ["/", "/van-ban/", "/van-ban/ke-hoach-33-kh-tu/", "/hoi-dap/", "/tong-dai-1022/", "/khau-hieu/",
         "/khau-hieu/minh-vi-moi-nguoi/", "/doi-tuong/", "/doi-tuong/nguoi-dan/", "/infographic/",
         "/infographic/cac-cap-do-vung/", "/thong-diep/chia-se-thong-tin-chinh-thong/", "/tim-kiem/?q=tong+dai"]
WATCH = """window.__violations = [];
document.addEventListener('securitypolicyviolation',
  e => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + (e.sample || '')));"""


@pytest.fixture(scope="module")
def csp_server(built: Path) -> Iterator[str]:
    site = built / "site"
    headers = read_headers(site)

    class WithHeaders(http.server.SimpleHTTPRequestHandler):
        extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, ".wasm": "application/wasm"}

        def end_headers(self) -> None:
            for name, value in headers.items():
                self.send_header(name, value)
            super().end_headers()

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(WithHeaders, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def test_headers_are_strict(built: Path) -> None:
    headers = read_headers(built / "site")
    csp = headers["Content-Security-Policy"]
    script_src = next(d for d in csp.split("; ") if d.startswith("script-src"))
    assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src
    assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert "Referrer-Policy" in headers and "Permissions-Policy" in headers
    nginx = (built / "site" / "nginx-headers.conf").read_text(encoding="utf-8")
    assert "add_header Content-Security-Policy" in nginx


@pytest.mark.parametrize("path", PAGES)
def test_page_runs_under_the_csp(browser, csp_server: str, path: str) -> None:  # type: ignore[no-untyped-def]
    page = browser.new_page()
    page.add_init_script(WATCH)
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(csp_server + path, wait_until="networkidle")
    if "tim-kiem" in path:
        page.wait_for_selector(".loa-result", timeout=10_000)
        assert page.locator(".loa-result").count() > 0
    assert page.evaluate("window.__violations") == []
    assert errors == []
    page.close()
