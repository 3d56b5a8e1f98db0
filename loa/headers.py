"""Built site -> HTTP headers for a static host: a strict Content Security Policy and friends.

Writes `_headers` (Netlify and Cloudflare Pages format) and `nginx-headers.conf` (for `include`),
with long caching for content-hashed files.
The CSP allows no inline script but the theme's own, each by its SHA-256 hash, and
'wasm-unsafe-eval' for Pagefind's WebAssembly.
"""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

from loa.sitefiles import site_files

INLINE_SCRIPT = re.compile(r"<script(?P<attrs>[^>]*)>(?P<body>.*?)</script>", re.S | re.I)
DATA_TYPES = ("application/json", "application/ld+json")


def inline_script_hashes(site_dir: Path) -> list[str]:
    """SHA-256 sources for every executable inline script in the built pages, sorted."""
    hashes: set[str] = set()
    for page in site_files(site_dir):  # not the hidden folder of copies Pagefind reads (loa.index.SEARCH_COPIES)
        if page.suffix != ".html":
            continue
        for m in INLINE_SCRIPT.finditer(page.read_text(encoding="utf-8")):
            attrs = m.group("attrs")
            if "src=" in attrs or any(t in attrs for t in DATA_TYPES):
                continue
            digest = hashlib.sha256(m.group("body").encode("utf-8")).digest()
            hashes.add(f"'sha256-{base64.b64encode(digest).decode()}'")
    return sorted(hashes)


def content_security_policy(script_hashes: list[str]) -> str:
    return "; ".join([
        "default-src 'self'",
        "script-src 'self' 'wasm-unsafe-eval' " + " ".join(script_hashes),
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "worker-src 'self' blob:",
        "manifest-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ])


def security_headers(script_hashes: list[str]) -> dict[str, str]:
    return {
        "Content-Security-Policy": content_security_policy(script_hashes),
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "strict-origin-when-cross-origin",
        "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()",
        "X-Frame-Options": "DENY",
        "Cross-Origin-Opener-Policy": "same-origin",
    }


# Files whose name changes with their content (Material's bundles, Pagefind's index chunks): a browser
# may keep them for a year without asking again. Everything else is left to the host's default
# (revalidate), because its address stays the same when its content changes.
HASHED = re.compile(r"^(assets/.+\.[0-9a-f]{8}\.min\.(css|js)|pagefind/(fragment|index|filter)/[^/]+"
                    r"|pagefind/pagefind\.[^/]+\.pf_meta)$")
IMMUTABLE = "public, max-age=31536000, immutable"


HASHED_DIRS = ("pagefind/filter/", "pagefind/fragment/", "pagefind/index/")  # every file in them is hashed


def iter_hashed(site_dir: Path) -> list[str]:
    """`_headers` patterns (without the leading /) for the content-hashed files: a folder of them as
    `folder/*`, others by name (hosts cap the number of rules, and Pagefind writes thousands of chunks).

    HASHED names files under assets/ and in pagefind/ itself only: those two are all that is looked
    at (a large site has tens of thousands of other files)."""
    candidates = [*(site_dir / "assets").rglob("*"), *(site_dir / "pagefind").glob("*")]
    found = (p.relative_to(site_dir).as_posix() for p in candidates if p.is_file() and p.suffix not in (".br", ".gz"))
    named = sorted(p for p in found if HASHED.match(p) and not p.startswith(HASHED_DIRS))
    return [d + "*" for d in HASHED_DIRS if (site_dir / d).is_dir()] + named


def header_rules(site_dir: Path, script_hashes: list[str] | None = None) -> list[tuple[str, dict[str, str]]]:
    """`(path pattern, headers)` rules in `_headers` order: the security headers for every path, then
    `Cache-Control: immutable` for the hashed files. Call it after Pagefind has written its files.

    `script_hashes`: `inline_script_hashes(site_dir)`, when the caller has them already (`loa build`
    reads the pages for them while Pagefind indexes); else the pages are read here.
    """
    hashes = inline_script_hashes(site_dir) if script_hashes is None else script_hashes
    rules = [("/*", security_headers(hashes))]
    rules += [(f"/{path}", {"Cache-Control": IMMUTABLE}) for path in iter_hashed(site_dir)]
    return rules


def nginx_snippet(headers: dict[str, str]) -> str:
    """The `include` file for nginx: headers, pre-compressed files, long caching of hashed files.

    nginx drops a server's `add_header`s in a location that has its own, so the location repeats them.
    """
    security = [f'add_header {k} "{v}" always;' for k, v in headers.items()]
    lines = [
        "# loa: include this file in the nginx `server` block whose root is the built site.",
        "# Serves the .gz copies the build wrote (gzip_static); for the .br copies, load ngx_brotli",
        "# (Debian: libnginx-mod-http-brotli-static) and include nginx-brotli.conf as well.",
        "# nginx's own mime.types already knows .wasm; Pagefind's other files are served as default_type.",
        "gzip_static on;",
        "gzip_vary on;",
        *security,
        f'location ~ "{HASHED.pattern.replace("^(", "^/(")}" {{',
        *(f"    {line}" for line in security),
        f'    add_header Cache-Control "{IMMUTABLE}" always;',
        "}",
    ]
    return "\n".join(lines) + "\n"


def write_headers(site_dir: Path, script_hashes: list[str] | None = None) -> dict[str, str]:
    """Write `_headers`, `nginx-headers.conf` and `nginx-brotli.conf` into the site; return the security headers.

    `script_hashes`: as for `header_rules`.
    """
    rules = header_rules(site_dir, script_hashes)
    lines: list[str] = []
    for pattern, headers in rules:
        lines += [pattern] + [f"  {k}: {v}" for k, v in headers.items()]
    (site_dir / "_headers").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (site_dir / "nginx-headers.conf").write_text(nginx_snippet(rules[0][1]), encoding="utf-8")
    (site_dir / "nginx-brotli.conf").write_text(
        "# loa: include beside nginx-headers.conf when ngx_brotli's static module is loaded.\nbrotli_static on;\n",
        encoding="utf-8")
    return rules[0][1]


def read_header_rules(site_dir: Path) -> list[tuple[str, dict[str, str]]]:
    """Parse `_headers` back into `(pattern, headers)` rules."""
    rules: list[tuple[str, dict[str, str]]] = []
    for line in (site_dir / "_headers").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith(" "):
            rules.append((line, {}))
        elif line.strip():
            name, _, value = line.strip().partition(": ")
            rules[-1][1][name] = value
    return rules


def read_headers(site_dir: Path) -> dict[str, str]:
    """The headers `_headers` sets on every path (for serving the built site locally with its headers)."""
    return next(headers for pattern, headers in read_header_rules(site_dir) if pattern == "/*")


def headers_for(path: str, rules: list[tuple[str, dict[str, str]]]) -> dict[str, str]:
    """The headers a static host sends for a site path under `rules` (a trailing `*` matches anything)."""
    out: dict[str, str] = {}
    for pattern, headers in rules:
        if path == pattern or (pattern.endswith("*") and path.startswith(pattern[:-1])):
            out.update(headers)
    return out
