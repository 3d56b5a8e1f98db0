"""Every public item says where and when it applies, wherever its title is shown (built site, index, exports)."""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import html
import io
import json
import posixpath
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import jsonschema
import pytest

from loa.export import message_record, public_messages, to_markdown
from loa.pipeline import check_site
from loa.site import Site, url_for

BUILT_TODAY = dt.date(2026, 11, 23)  # the `built` fixture's LOA_TODAY
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


@dataclass
class Node:
    tag: str
    attrs: dict[str, str]
    children: list[Node | str] = field(default_factory=list)

    def text(self) -> str:
        return " ".join(" ".join(c.text() if isinstance(c, Node) else c for c in self.children).split())

    def iter(self, tag: str | None = None) -> list[Node]:
        out = [self] if tag is None or self.tag == tag else []
        for c in self.children:
            if isinstance(c, Node):
                out += c.iter(tag)
        return out


class TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("root", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag == tag:
                del self.stack[i:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def article(path: Path) -> Node:
    builder = TreeBuilder()
    builder.feed(path.read_text(encoding="utf-8"))
    found = [n for n in builder.root.iter("article")]
    assert found, path
    return found[0]


@pytest.fixture(scope="module")
def site(built: Path) -> Site:
    report = check_site(built / "content", today=BUILT_TODAY)
    assert report.site is not None
    return report.site


def public_items(site: Site) -> list:
    return [e for e in site.entries if e.is_public(site.today)]


def test_every_item_page_shows_place_and_dated_sources(built: Path, site: Site) -> None:
    items = public_items(site)
    assert len(items) > 100
    for entry in items:
        page = built / "site" / url_for(entry).strip("/") / "index.html"
        box = [n for n in article(page).iter("div") if "loa-scope-box" in n.attrs.get("class", "")]
        assert len(box) == 1, entry.id
        scope = site.scope(entry)
        text = box[0].text()
        assert scope.place_label in text and scope.sources, entry.id
        for source in scope.sources:
            assert source.label in text, (entry.id, source.label)
            assert re.search(r"\d{2}/\d{1,2}/\d{4}|không ghi ngày", source.label), source.label


def _item_url(href: str, page_url: str, urls: dict[str, object]) -> object | None:
    if "#" in href or href.startswith(("http", "mailto:", "tel:")):
        return None
    target = posixpath.normpath(posixpath.join(page_url, href))
    return urls.get(target.rstrip("/") + "/")


HUB_PAGES = ["", "van-ban", "hoi-dap", "thong-diep", "khau-hieu", "tong-dai-1022", "infographic", "doi-tuong"]


def test_every_hub_entry_shows_place_and_dated_source(built: Path, site: Site) -> None:
    urls = {url_for(e): e for e in public_items(site)}
    audiences = [f"doi-tuong/{a}" for a in site.taxonomies["audiences"]]
    checked = 0
    for hub in HUB_PAGES + audiences:
        page_url = f"/{hub}/" if hub else "/"
        root = article(built / "site" / hub / "index.html")
        # "Nguồn" lists link documents, not entries
        asides = {id(n) for a in root.iter() if isinstance(a, Node) and "loa-sources" in (a.attrs.get("class") or "")
                  for n in a.iter()}
        for container in root.iter("li") + root.iter("tr"):
            if id(container) in asides:
                continue
            found = [_item_url(a.attrs.get("href", ""), page_url, urls) for a in container.iter("a")]
            linked = {e.id: e for e in found if e is not None}  # type: ignore[attr-defined]
            for entry in linked.values():
                scope = site.scope(entry)  # type: ignore[arg-type]
                text = container.text()
                assert scope.place_label in text, (hub, entry.id, text[:200])  # type: ignore[attr-defined]
                if container.tag == "tr":  # the register: number and date have columns of their own
                    assert entry.data["issued_on"] is None or entry.data["issued_on"].strftime("%Y") in text  # type: ignore[attr-defined]
                else:
                    assert scope.source_label in text, (hub, entry.id, text[:200])  # type: ignore[attr-defined]
                checked += 1
        # Answers and handout entries shown in full under a heading carry the line right below it.
        for heading in root.iter("h3"):
            entry = site.by_id(heading.attrs.get("id", ""))
            if entry is None or not entry.is_public(site.today):
                continue
            parent = next(n for n in root.iter() if heading in n.children)
            following = parent.children[parent.children.index(heading) + 1:]
            line = next(n for n in following if isinstance(n, Node))
            assert site.scope(entry).line in line.text().replace("Tư liệu ", ""), (hub, entry.id)
            checked += 1
    assert checked > 150


def _fragments(built: Path) -> list[dict]:
    out = []
    for path in sorted((built / "site" / "pagefind" / "fragment").glob("*.pf_fragment")):
        data = gzip.decompress(path.read_bytes())
        out.append(json.loads(data[data.index(b"{"):]))
    return out


def test_every_search_record_has_place_and_source_meta_and_place_filter(built: Path, site: Site) -> None:
    by_url = {url_for(e): e for e in public_items(site)}
    records = [f for f in _fragments(built) if f["url"] in by_url]
    assert len(records) == len(by_url)
    for record in records:
        scope = site.scope(by_url[record["url"]])
        assert record["meta"]["place"] == scope.place_label, record["url"]
        assert record["meta"]["source"] == scope.source_label, record["url"]
        assert sorted(record["filters"]["place"]) == list(scope.place_filters), record["url"]
        assert (record["meta"].get("status", "").startswith("Tư liệu")) is scope.archived


def test_every_export_row_has_place_and_dated_source(built: Path, site: Site) -> None:
    api = built / "site" / "api" / "v1"
    data = json.loads((api / "messages.json").read_text(encoding="utf-8"))
    schema = json.loads((api / "messages.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, schema)
    messages = {m.id: m for m in public_messages(site)}
    assert data["count"] == len(messages) > 30
    for record in data["messages"]:
        scope = site.scope(messages[record["id"]])
        assert record["place"] == scope.place_label and record["source"] == scope.source_label
        assert record["archived"] is scope.archived
        assert all(s["document_label"] in record["source"] and s["place"] for s in record["sources"])
    rows = list(csv.DictReader(io.StringIO((api / "messages.csv").read_bytes().decode("utf-8-sig"))))
    assert len(rows) == len(messages)
    for row in rows:
        scope = site.scope(messages[row["Mã"]])
        assert (row["Nơi áp dụng"], row["Văn bản nguồn"]) == (scope.place_label, scope.source_label)
        assert row["Tình trạng"] == scope.status_label
    markdown = to_markdown([message_record(site, m) for m in messages.values()], "Thông điệp")
    for entry in messages.values():
        assert f"*{site.scope(entry).line}*" in markdown
    feed = (built / "site" / "feed.xml").read_text(encoding="utf-8")
    for entry in messages.values():
        assert html.escape(site.scope(entry).line, quote=False) in feed, entry.id


def _folded_words(text: str) -> str:
    from loa.text.vi import fold

    return " " + " ".join("".join(c if c.isalnum() else " " for c in fold(text)).split()) + " "


def test_every_channel_text_of_a_local_message_names_its_place_or_document(built: Path, site: Site) -> None:
    data = json.loads((built / "site" / "api" / "v1" / "messages.json").read_text(encoding="utf-8"))
    checked = 0
    for record in data["messages"]:
        if all(p["level"] == "national" for p in record["places"]):
            continue
        names = {n for p in record["places"] for n in (p["name"], p["province"]) if n}
        names |= {n.removeprefix("TP. ") for n in names}
        for source in record["sources"]:
            doc = site.by_id(source["document"])
            number = doc.data["number"] if doc is not None else None  # type: ignore[union-attr]
            if number and number[0].isdigit():
                names.add(number)
            issuer = site.term("organizations", doc.data["issuer"]) if doc is not None else None  # type: ignore[union-attr]
            if issuer is not None and issuer.extra.get("short_name"):
                names.add(issuer.extra["short_name"])
        assert names, record["id"]
        for channel in ("sms", "led", "loudspeaker"):
            said = _folded_words(record["variants"][channel])
            assert any(_folded_words(n) in said for n in names), (record["id"], channel, record["variants"][channel])
            checked += 1
    assert checked >= 3 * 40
