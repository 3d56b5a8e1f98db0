"""Rendered content HTML -> sanitised HTML (nh3) under our own scheme and host rules; output checks."""

from __future__ import annotations

import re
from collections.abc import Iterable
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import nh3

from loa.guardfilter import may_have_problems

TAGS = {
    "a", "abbr", "aside", "b", "blockquote", "br", "caption", "code", "col", "colgroup", "dd", "del", "details",
    "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img",
    "ins", "kbd", "li", "mark", "nav", "ol", "p", "pre", "q", "s", "samp", "small", "span", "strong", "sub",
    "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "time", "tr", "u", "ul", "button",
}
ATTRIBUTES = {
    "*": {"class", "id", "title", "lang", "dir", "role", "hidden", "tabindex"},
    "a": {"href", "download", "hreflang"},
    "img": {"src", "alt", "width", "height", "loading", "decoding"},
    "time": {"datetime"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "ol": {"start", "reversed"},
    "details": {"open"},
    "button": {"type"},
    "col": {"span"},
}
SCHEMES = {"http", "https", "mailto", "tel"}
FETCHED = {("img", "src")}  # attributes a browser fetches by itself


def host_of(url: str) -> str | None:
    """The host of an absolute or protocol-relative URL; None for a relative one."""
    if url.startswith("//") or re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", url):
        return urlsplit(url if not url.startswith("//") else "https:" + url).hostname
    return None


FORM_TAGS = {"form", "input", "label", "noscript", "fieldset", "legend"}
FORM_ATTRIBUTES = {"form": {"action", "method"}, "input": {"type", "name", "placeholder", "autocomplete", "spellcheck"},
                   "label": {"for"}}


def sanitize_html(html: str, allowed_hosts: Iterable[str] = (), *, allow_forms: bool = False) -> str:
    """Keep only known-safe tags and attributes; drop scripts, handlers, unsafe schemes, foreign images.

    Args:
        html: a page's content HTML (what Markdown and our templates produced).
        allowed_hosts: hosts images may come from besides our own (mkdocs.yml `allowed_hosts`).
        allow_forms: keep search forms; only for pages made wholly by our templates (home, search),
            never for a page that carries an editor's text.
    """
    allowed = set(allowed_hosts)
    tags, attributes = set(TAGS), {k: set(v) for k, v in ATTRIBUTES.items()}
    removed = {"script", "style", "iframe", "object", "embed", "noscript", "template", "form", "textarea", "select",
               "svg", "math"}
    if allow_forms:
        tags |= FORM_TAGS
        removed -= {"form", "noscript"}
        for tag, names in FORM_ATTRIBUTES.items():
            attributes.setdefault(tag, set()).update(names)

    def keep(tag: str, attribute: str, value: str) -> str | None:
        if (tag, attribute) in FETCHED:
            host = host_of(value.strip())
            if host is not None and host not in allowed:
                return None
        if tag == "form" and attribute == "action" and (host_of(value.strip()) is not None or ":" in value):
            return None  # a form may only go to a page of this site
        return value

    return nh3.clean(
        html, tags=tags, attributes=attributes, generic_attribute_prefixes={"aria-", "data-"},
        clean_content_tags=removed, url_schemes=SCHEMES, link_rel=None, strip_comments=True, attribute_filter=keep,
    )


class _Resources(HTMLParser):
    """Collects what a page makes the browser fetch, and markup that must never be there."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.fetched: list[str] = []
        self.handlers: list[str] = []
        self.bad_urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for name, value in attrs:
            if name.startswith("on"):
                self.handlers.append(f"<{tag} {name}>")
            if value and name in ("href", "src", "action", "formaction", "poster", "srcset") and re.match(
                    r"^\s*(?:javascript|vbscript|data):", value, re.I):
                self.bad_urls.append(f"<{tag} {name}={value[:40]}>")
        if tag in ("script", "img", "iframe", "audio", "video", "source", "embed", "track") and values.get("src"):
            self.fetched.append(values["src"] or "")
        if tag == "link" and values.get("href") and (values.get("rel") or "") in (
                "stylesheet", "icon", "preload", "modulepreload", "manifest", "prefetch"):
            self.fetched.append(values["href"] or "")


def page_problems(html: str, allowed_hosts: Iterable[str] = (), *, prefilter: bool = True) -> list[str]:
    """What is wrong with a whole built page: handlers, unsafe URLs, resources from other hosts.

    Args:
        prefilter: skip the parser when `loa.guardfilter` shows it would find nothing (tests turn it off
            to compare the two).
    """
    if prefilter and not may_have_problems(html):  # most pages: a few regular expressions instead of the parser
        return []
    parser = _Resources()
    parser.feed(html)
    allowed = set(allowed_hosts)
    problems = [f"thuộc tính sự kiện {h}" for h in parser.handlers]
    problems += [f"liên kết không an toàn {u}" for u in parser.bad_urls]
    problems += [f"tải tài nguyên từ máy chủ khác: {u}" for u in parser.fetched if (host_of(u) or "") not in allowed | {""}]
    return problems


def pages_problems(pages: list[tuple[str, str]], allowed_hosts: Iterable[str] = ()) -> list[tuple[str, list[str]]]:
    """`page_problems` for a batch of `(name, html)` pages (run in a worker); only pages with problems."""
    found = ((name, page_problems(html, allowed_hosts)) for name, html in pages)
    return [(name, problems) for name, problems in found if problems]


# Material's bundle would fetch these from a CDN: a ResizeObserver polyfill on old browsers, and
# Mermaid when a page has a `.mermaid` element. Both are pointed at this site instead.
THEME_CDN_URLS = {
    "https://unpkg.com/resize-observer-polyfill": "assets/vendor/resize-observer-polyfill.js",
    "https://unpkg.com/mermaid@11/dist/mermaid.min.js": "assets/vendor/mermaid-not-shipped.js",
}


def localise_theme_scripts(site_dir: Path, base_path: str) -> list[str]:
    """Rewrite CDN URLs inside the theme's JavaScript to this site's own files; drop source maps.

    Returns:
        The CDN URLs still found afterwards (empty when the output talks to its own host only).
    """
    base = "/" + base_path.strip("/") + "/" if base_path.strip("/") else "/"
    for script in sorted((site_dir / "assets").rglob("*.js")):
        text = script.read_text(encoding="utf-8")
        new = text
        for url, local in THEME_CDN_URLS.items():
            new = new.replace(url, base + local)
        new = re.sub(r"\n//# sourceMappingURL=\S+\s*$", "\n", new)
        if new != text:
            script.write_text(new, encoding="utf-8")
    for source_map in (site_dir / "assets").rglob("*.map"):
        source_map.unlink()
    left = []
    for script in (site_dir / "assets").rglob("*.js"):
        left += re.findall(r"https?://(?:unpkg\.com|cdn\.jsdelivr\.net|cdnjs\.cloudflare\.com)[^\s\"'`)]*",
                           script.read_text(encoding="utf-8"))
    return sorted(set(left))
