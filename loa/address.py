"""mkdocs.yml `site_url` -> the address a build may put in canonical links, the sitemap, feeds and exports."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from urllib.parse import urlsplit

from loa.errors import LoaError

LOCAL_URL = "http://127.0.0.1:8000/"
HOW_TO_SET = (
    "đặt địa chỉ công khai của cổng trong mkdocs.yml (site_url: https://tuyentruyen.example.gov.vn/) "
    "hoặc trong biến môi trường khi dựng: LOA_SITE_URL=https://tuyentruyen.example.gov.vn/ loa build; "
    "để xem thử trên máy mình, dùng `loa serve` hoặc `loa build --local` (các trang có noindex)"
)


class AddressMissing(LoaError):
    """A public build has no public address (none, or one on this machine)."""


@dataclass(frozen=True, slots=True)
class Address:
    """Where the output says it lives, and whether search engines must stay away from it."""

    url: str
    noindex: bool


def is_loopback(url: str) -> bool:
    """Whether `url` points at this machine (localhost, 127.x, ::1, 0.0.0.0)."""
    host = (urlsplit(url).hostname or "").lower()
    if host in ("localhost", "") or host.endswith(".localhost"):
        return True
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        return False
    return ip.is_loopback or ip.is_unspecified


def resolve_address(site_url: str | None, *, local: bool) -> Address:
    """The address for a build: the configured public one, or (only when asked for) this machine's.

    Args:
        site_url: mkdocs.yml `site_url` after `!ENV LOA_SITE_URL` was applied; None when unset.
        local: `loa serve`, `loa build --local` or a preview: may name this machine, and is noindex.

    Raises:
        AddressMissing: a public build with no address or a loopback one.
    """
    url = (site_url or "").strip()
    if local:
        return Address(url if url else LOCAL_URL, noindex=True)
    if not url:
        raise AddressMissing("Bản công khai cần địa chỉ công khai của cổng (site_url) nhưng chưa có.\n"
                             f"    sửa: {HOW_TO_SET}")
    if is_loopback(url):
        raise AddressMissing(f"Bản công khai không được mang địa chỉ trên máy này ({url}): liên kết chuẩn, "
                             "sitemap, nguồn tin Atom và dữ liệu mở sẽ trỏ về máy của người xem.\n"
                             f"    sửa: {HOW_TO_SET}")
    return Address(url if url.endswith("/") else url + "/", noindex=False)
