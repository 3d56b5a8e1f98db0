"""`loa serve`: MkDocs' live-reload server, with content errors shown as a page in the browser.

MkDocs' own server keeps every request waiting while the last build failed (the build never
"finishes"), so an editor's browser hung until the file was fixed. Here a content error is a
finished build whose result is an error page: every page request gets it at once, the terminal
gets loa's report, and the live-reload script swaps the site back in when the file is fixed.
"""

from __future__ import annotations

import html
import logging
import shutil
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, MkDocsException
from mkdocs.livereload import LiveReloadServer, _serve_url

from loa.errors import Severity
from loa.options import BuildContext, options_from_environment
from loa.pipeline import ContentErrors, Report


class ErrorPageServer(LiveReloadServer):
    """Serves the error page for every page request while the content has errors."""

    error_page: bytes | None = None
    ready_line = ""  # printed once the port is open (MkDocs binds in serve(), so not before)

    def server_activate(self) -> None:
        super().server_activate()
        if self.ready_line:
            print(self.ready_line, file=sys.stderr, flush=True)

    def _serve_request(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes] | None:
        page, path = self.error_page, environ.get("PATH_INFO", "/")
        if page is None or path.startswith("/livereload/") or not _is_page(path):
            return super()._serve_request(environ, start_response)  # type: ignore[no-any-return]
        with self._epoch_cond:
            epoch = self._visible_epoch
        content = self._inject_js_into_html(page, epoch)
        start_response("500 Internal Server Error", [("Content-Type", "text/html; charset=utf-8"),
                                                     ("Content-Length", str(len(content))), ("Cache-Control", "no-store")])
        return [content]


def _is_page(path: str) -> bool:
    last = path.rsplit("/", 1)[-1]
    return path.endswith("/") or last.endswith(".html") or "." not in last


def error_page(report: Report) -> bytes:
    """A self-contained Vietnamese page listing every error with file:line:col, field and fix."""
    items = []
    for d in report.diagnostics:
        if d.severity is not Severity.ERROR:
            continue
        field = f' <span class="f">[{html.escape(d.field)}]</span>' if d.field else ""
        fix = f'<p class="fix"><strong>Cách sửa:</strong> {html.escape(d.hint)}</p>' if d.hint else ""
        items.append(f'<li><p class="where"><code>{html.escape(str(d.location))}</code> '
                     f'<span class="c">{d.code} {d.name}</span>{field}</p>'
                     f'<p>{html.escape(d.message)}</p>{fix}</li>')
    count = len(report.errors)
    return ('<!doctype html><html lang="vi"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            '<meta name="robots" content="noindex, nofollow">'
            f'<title>Nội dung có {count} lỗi — loa serve</title><style>'
            'body{font-family:system-ui,sans-serif;margin:0 auto;max-width:52rem;padding:1rem;line-height:1.5;color:#1a1a1a}'
            'h1{color:#a40000;font-size:1.5rem}li{margin:0 0 1.2rem}code{font-size:1rem;background:#f3f3f3;padding:0 .2rem}'
            '.c{font-weight:bold}.fix{margin:.2rem 0 0;color:#1b4d1b}ol{padding-left:1.4rem}p{margin:.2rem 0}'
            '</style></head><body><main>'
            f'<h1>Nội dung có {count} lỗi: trang chưa dựng lại được</h1>'
            '<p>Sửa các lỗi dưới đây rồi lưu tệp; trang này tự tải lại khi nội dung hết lỗi.</p>'
            f'<ol class="loa-errors">{"".join(items)}</ol>'
            f'<p>{html.escape(report.summary())}</p></main></body></html>').encode("utf-8")


class _Quiet(logging.Filter):
    """The terminal shows loa's report and loa's lines; MkDocs' routine English lines stay out."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.levelno >= logging.ERROR or record.name.startswith("mkdocs.plugins.loa")


def serve_site(config_file: Path, *, dev_addr: str, preview: bool) -> int:
    """Serve with live reload until interrupted; return the exit code."""
    logger = logging.getLogger("mkdocs")
    if not logger.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(message)s"))
        logger.addHandler(handler)
    logger.setLevel(logging.INFO)  # loa's own lines (the search index is ready); _Quiet keeps MkDocs' out
    for handler in logger.handlers:
        handler.addFilter(_Quiet())
    site_dir = tempfile.mkdtemp(prefix="loa-serve-")
    theme = str(config_file.resolve().parent / "theme")

    def get_config() -> MkDocsConfig:
        config = load_config(str(config_file), site_dir=site_dir, dev_addr=dev_addr)
        options = options_from_environment(config_file.resolve().parent, preview=preview)
        config.plugins["loa"].use(BuildContext(options))  # type: ignore[attr-defined]
        config.watch.append(theme)
        return config

    try:
        config = get_config()
    except MkDocsException as exc:
        print(f"mkdocs.yml không hợp lệ: {exc}", file=sys.stderr)
        return 1
    config.plugins.on_startup(command="serve", dirty=True)
    host, port = config.dev_addr
    mount_path = urlsplit(config.site_url or "/").path
    config.site_url = serve_url = _serve_url(host, port, mount_path)

    def builder(config: MkDocsConfig | None = None) -> None:
        if config is None:
            config = get_config()
            config.site_url = serve_url
        try:
            build(config, serve_url=serve_url, dirty=True)
        except ContentErrors as exc:
            server.error_page = error_page(exc.report)
            print(exc.report.format(), file=sys.stderr, flush=True)
            print(f"Trình duyệt đang hiện trang lỗi ({serve_url}); sửa rồi lưu tệp, trang sẽ tự tải lại.",
                  file=sys.stderr, flush=True)
            return
        except Abort as exc:  # MkDocs has logged why; keep the last good pages up
            server.error_page = None
            print(f"Không dựng được trang: {exc}", file=sys.stderr, flush=True)
            return
        if server.error_page is not None:
            print("Đã hết lỗi; trang đã được dựng lại.", file=sys.stderr, flush=True)
        server.error_page = None

    server = ErrorPageServer(builder=builder, host=host, port=port, root=site_dir, mount_path=mount_path)

    def not_found(code: int) -> bytes | None:
        page = Path(site_dir) / f"{code}.html"
        return page.read_bytes() if code in (404, 500) and page.is_file() else None

    server.error_handler = not_found
    try:
        builder(config)
        server.watch(config.docs_dir)
        if config.config_file_path:
            server.watch(config.config_file_path)
        for item in config.watch:
            server.watch(item)
        server.ready_line = f"Đang phục vụ tại {serve_url} (Ctrl+C để dừng); sửa tệp trong content/, trang tự tải lại."
        try:
            server.serve()
        except KeyboardInterrupt:
            print("Đã dừng.", file=sys.stderr)
        finally:
            server.shutdown()
    finally:
        config.plugins.on_shutdown()
        shutil.rmtree(site_dir, ignore_errors=True)
    return 0
