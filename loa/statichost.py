"""Built site -> an HTTP server that serves it as a static host would: the `_headers` rules, and the
`.br`/`.gz` copies the build wrote when the browser accepts them (for measurements and browser tests)."""

from __future__ import annotations

import functools
import http.server
import io
import threading
from email.utils import parsedate_to_datetime
from pathlib import Path

from loa.headers import headers_for, read_header_rules

ENCODINGS = (("br", ".br"), ("gzip", ".gz"))


class StaticHostHandler(http.server.SimpleHTTPRequestHandler):
    """SimpleHTTPRequestHandler plus header rules and pre-compressed files."""

    rules: list[tuple[str, dict[str, str]]] = []
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, ".wasm": "application/wasm"}

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?")[0].endswith("/"):
            path = path / "index.html"
        accepted = {e.split(";")[0].strip() for e in self.headers.get("Accept-Encoding", "").split(",")}
        for encoding, suffix in ENCODINGS:
            packed = path.with_name(path.name + suffix)
            if encoding in accepted and path.is_file() and packed.is_file():
                mtime = int(path.stat().st_mtime)
                if self._not_modified_since(mtime):  # as a host does: revalidation costs headers only
                    self.send_response(304)
                    self.send_header("Vary", "Accept-Encoding")
                    self.end_headers()
                    return None
                body = packed.read_bytes()
                self.send_response(200)
                self.send_header("Last-Modified", self.date_time_string(mtime))
                self.send_header("Content-Type", self.guess_type(str(path)))
                self.send_header("Content-Encoding", encoding)
                self.send_header("Content-Length", str(len(body)))
                self.send_header("Vary", "Accept-Encoding")
                self.end_headers()
                return io.BytesIO(body)
        return super().send_head()

    def _not_modified_since(self, mtime: int) -> bool:
        since = self.headers.get("If-Modified-Since")
        if not since:
            return False
        try:
            return parsedate_to_datetime(since).timestamp() >= mtime
        except (TypeError, ValueError):
            return False

    def end_headers(self) -> None:
        for name, value in headers_for(self.path.split("?")[0], self.rules).items():
            self.send_header(name, value)
        super().end_headers()

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


def serve_static(site_dir: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    """Start serving `site_dir` on a free local port in a thread; return the server and its base URL."""
    handler = type("Host", (StaticHostHandler,), {"rules": read_header_rules(site_dir)})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(site_dir)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"
