"""Built site -> HTTP headers for a static host: a strict Content Security Policy and friends.

Writes `_headers` (Netlify and Cloudflare Pages format) and `nginx-headers.conf` (for `include`).
The CSP allows no inline script but the theme's own, each by its SHA-256 hash, and
'wasm-unsafe-eval' for Pagefind's WebAssembly.
"""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

INLINE_SCRIPT = re.compile(r"<script(?P<attrs>[^>]*)>(?P<body>.*?)</script>", re.S | re.I)
DATA_TYPES = ("application/json", "application/ld+json")


def inline_script_hashes(site_dir: Path) -> list[str]:
    """SHA-256 sources for every executable inline script in the built pages, sorted."""
    hashes: set[str] = set()
    for page in sorted(site_dir.rglob("*.html")):
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


def security_headers(site_dir: Path) -> dict[str, str]:
    return {
        "Content-Security-Policy": content_security_policy(inline_script_hashes(site_dir)),
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "strict-origin-when-cross-origin",
        "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()",
        "X-Frame-Options": "DENY",
        "Cross-Origin-Opener-Policy": "same-origin",
    }


def write_headers(site_dir: Path) -> dict[str, str]:
    """Write `_headers` and `nginx-headers.conf` into the site; return the headers."""
    headers = security_headers(site_dir)
    lines = ["/*"] + [f"  {k}: {v}" for k, v in headers.items()]
    (site_dir / "_headers").write_text("\n".join(lines) + "\n", encoding="utf-8")
    nginx = ["# include this file in the nginx `server` or `location` block that serves the site"]
    nginx += [f'add_header {k} "{v}" always;' for k, v in headers.items()]
    nginx += ['types { application/wasm wasm; application/octet-stream pagefind pf_meta pf_index pf_fragment pf_filter; }']
    (site_dir / "nginx-headers.conf").write_text("\n".join(nginx) + "\n", encoding="utf-8")
    return headers


def read_headers(site_dir: Path) -> dict[str, str]:
    """Parse the `_headers` file back (for serving the built site locally with its headers)."""
    out = {}
    for line in (site_dir / "_headers").read_text(encoding="utf-8").splitlines()[1:]:
        name, _, value = line.strip().partition(": ")
        out[name] = value
    return out
