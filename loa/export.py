"""Site -> open data: approved, in-date talking points as JSON, CSV, Markdown and an Atom feed."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from loa.fields import Field
from loa.history import History
from loa.kinds import KINDS
from loa.kinds.message import Message
from loa.memo import Memo
from loa.model import Entry
from loa.site import Site, doc_label, public_messages, section_label, url_for
from loa.structured import markdown_to_text
from loa.text.vi import format_date

API = "api/v1"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def message_record(site: Site, entry: Entry, base_url: str = "/", memo: Memo | None = None) -> dict[str, Any]:
    """One talking point as plain data, in a fixed key order (`memo` keeps its plain text between builds)."""
    def term(taxonomy: str, ident: str) -> dict[str, str]:
        found = site.term(taxonomy, ident)
        return {"id": ident, "name": found.name if found else ident}

    scope = site.scope(entry)
    dated = {s.document: s for s in scope.sources}
    sources = []
    for src in entry.get("sources") or []:
        doc = site.by_id(src["document"])
        assert doc is not None  # enrich checked every reference
        section = src.get("section")
        source = dated[doc.id]
        sources.append({
            "document": doc.id,
            "document_title": doc_label(doc),
            "document_label": source.label,
            "issued_on": _iso(source.issued_on),
            "place": source.place.label if source.place else None,
            "section": section,
            "section_title": section_label(doc, section, site) if section else None,
            "url": base_url.rstrip("/") + url_for(doc) + (f"#{section}" if section else ""),
        })
    return {
        "id": entry.id,
        "url": base_url.rstrip("/") + url_for(entry),
        "title": entry.title,
        "place": scope.place_label,
        "places": [{"level": p.level, "name": p.name, "province": p.province, "label": p.label} for p in scope.places],
        "source": scope.source_label,
        "archived": scope.archived,
        "archive_note": scope.archive_note,
        "concern": entry.get("concern"),
        "key_messages": [{"text": k["text"], "facts": list(k.get("facts") or [])} for k in entry.get("key_messages")],
        "elaboration": (memo or Memo(None))(("markdown_to_text", entry.body), lambda: markdown_to_text(entry.body)),
        "audiences": [term("audiences", a) for a in entry.get("audiences")],
        "topics": [term("topics", t) for t in entry.get("topics") or []],
        "variants": dict(entry.get("variants")),
        "sources": sources,
        "valid_from": _iso(entry.get("valid_from")),
        "valid_until": _iso(entry.get("valid_until")),
        "reviewed": entry.reviewed.isoformat(),
    }


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def to_json(records: list[dict[str, Any]], **header: Any) -> str:
    return json.dumps({**header, "count": len(records), "messages": records}, ensure_ascii=False, indent=2) + "\n"


# Rapporteurs open these in a spreadsheet: Vietnamese headers, every fact beside its key message.
CSV_COLUMNS = ("Mã", "Tiêu đề", "Nơi áp dụng", "Văn bản nguồn", "Tình trạng", "Đối tượng", "Chủ đề", "Người nghe hỏi",
               "Ý chính 1", "Dữ kiện của ý 1", "Ý chính 2", "Dữ kiện của ý 2", "Ý chính 3", "Dữ kiện của ý 3",
               "Tin nhắn SMS", "Màn hình LED", "Lời đọc trên loa", "Nguồn (văn bản, ngày, mục)",
               "Đăng trên cổng từ", "Đăng trên cổng đến", "Rà soát ngày", "Địa chỉ")


def neutralise(cell: str) -> str:
    """Keep spreadsheet programs from running a cell as a formula (CSV injection)."""
    return "'" + cell if cell.startswith(FORMULA_START) else cell


def source_text(source: dict[str, Any]) -> str:
    """"Kế hoạch 33-KH/TU, 12/10/2021, Mục II.4": the document with its date, then the section."""
    return source["document_label"] + (f", {source['section_title']}" if source["section"] else "")


def window_text(record: dict[str, Any]) -> str:
    """When the item is on the site: "từ 23/11/2026 đến hết 30/6/2027", or what it does not say."""
    start, end = (dt.date.fromisoformat(d) if d else None for d in (record["valid_from"], record["valid_until"]))
    if start is None and end is None:
        return "không ghi thời hạn"
    return " ".join(([f"từ {format_date(start)}"] if start else [])
                    + ([f"đến hết {format_date(end)}"] if end else ["(không ghi ngày kết thúc)"]))


def to_csv(records: list[dict[str, Any]]) -> bytes:
    """UTF-8 with a BOM so spreadsheet programs read Vietnamese correctly; CRLF rows."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for r in records:
        keys: list[str] = []
        for k in r["key_messages"]:
            keys += [k["text"], "; ".join(k["facts"])]
        keys += [""] * (6 - len(keys))
        row = [r["id"], r["title"], r["place"], r["source"], _status(r), "; ".join(a["name"] for a in r["audiences"]),
               "; ".join(t["name"] for t in r["topics"]), r["concern"] or "", *keys[:6],
               r["variants"]["sms"], r["variants"]["led"], r["variants"]["loudspeaker"],
               "; ".join(source_text(s) for s in r["sources"]),
               r["valid_from"] or "", r["valid_until"] or "", r["reviewed"], r["url"]]
        writer.writerow([neutralise(str(c)) for c in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _status(record: dict[str, Any]) -> str:
    return "Tư liệu" if record["archived"] else "Đang áp dụng"


def to_markdown(records: list[dict[str, Any]], title: str) -> str:
    lines = [f"# {title}", ""]
    for r in records:
        lines += [f"## {r['title']}", "", f"*{r['place']} · {r['source']}*", ""]
        if r["archived"]:
            lines += [f"> **Tư liệu**: {r['archive_note']}", ""]
        lines += [f"**Người nghe hỏi:** {r['concern']}", ""]
        for i, k in enumerate(r["key_messages"], start=1):
            lines.append(f"{i}. **{k['text']}**")
            lines += [f"    - {f}" for f in k["facts"]]
        lines += ["", r["elaboration"], "", f"- SMS: `{r['variants']['sms']}`", f"- LED: {r['variants']['led']}",
                  f"- Lời đọc trên loa: {r['variants']['loudspeaker']}", ""]
        lines += [f"Nguồn: [{source_text(s)}]({s['url']})" for s in r["sources"]]
        lines += ["", f"Đăng trên cổng: {window_text(r)}; rà soát ngày {format_date(dt.date.fromisoformat(r['reviewed']))}.",
                  f"Địa chỉ: <{r['url']}>", ""]
    return "\n".join(lines)


def to_atom(records: list[dict[str, Any]], site_url: str, title: str) -> str:
    """An Atom feed of talking points; an entry's `updated` is its review date, so changes resurface."""
    base = site_url.rstrip("/")
    updated = max((r["reviewed"] for r in records), default="1970-01-01")
    parts = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="vi">',
        f"<title>{escape(title)}</title>",
        f"<id>{escape(base)}/feed.xml</id>",
        f"<link rel=\"self\" href={quoteattr(base + '/feed.xml')}/>",
        f"<link href={quoteattr(base + '/doi-tuong/')}/>",
        f"<updated>{updated}T00:00:00Z</updated>",
        "<author><name>Ban biên tập</name></author>",
    ]
    for r in sorted(records, key=lambda r: (r["reviewed"], r["id"]), reverse=True):
        status = f"Tư liệu: {r['archive_note']} " if r["archived"] else ""
        summary = f"{r['place']} · {r['source']}. {status}{r['concern'] or ''}"
        content = " ".join(k["text"] for k in r["key_messages"])
        parts += [
            "<entry>",
            f"<title>{escape(r['title'])}</title>",
            f"<id>{escape(r['url'])}</id>",
            f"<link href={quoteattr(r['url'])}/>",
            f"<updated>{r['reviewed']}T00:00:00Z</updated>",
            *[f"<category term={quoteattr(a['id'])} label={quoteattr(a['name'])}/>" for a in r["audiences"]],
            *[f"<category term={quoteattr(p['label'])} scheme=\"place\"/>" for p in r["places"]],
            f"<summary>{escape(summary)}</summary>",
            f"<content type=\"text\">{escape(content)}</content>",
            "</entry>",
        ]
    parts.append("</feed>")
    return "\n".join(parts) + "\n"


def changes_atom(history: History, site_url: str, lines: dict[str, str] | None = None, limit: int = 100) -> str:
    """The Atom feed of /thay-doi/: one entry per event; a withdrawal carries its title and reason only.

    `lines` maps an item id to its place and dated sources ("Kiên Giang · Kế hoạch 33-KH/TU,
    12/10/2021"): an added or changed item says where and when it applies, as on /thay-doi/.
    """
    base = site_url.rstrip("/")
    verbs = {"added": "Mới công bố", "changed": "Cập nhật", "withdrawn": "Đã rút"}
    events = history.events[:limit]
    parts = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="vi">',
        "<title>Thay đổi trên cổng thông tin</title>",
        f"<id>{escape(base)}/thay-doi/feed.xml</id>",
        f"<link rel=\"self\" href={quoteattr(base + '/thay-doi/feed.xml')}/>",
        f"<link href={quoteattr(base + '/thay-doi/')}/>",
        f"<updated>{events[0].date.isoformat() if events else '1970-01-01'}T00:00:00Z</updated>",
        "<author><name>Ban biên tập</name></author>",
    ]
    for e in events:
        link = base + "/thay-doi/" if e.kind == "withdrawn" else f"{base}/{KINDS[e.item_kind].folder}/{e.id}/"
        summary = e.note or ("không ghi lý do" if e.kind == "withdrawn" else "")
        line = (lines or {}).get(e.id) if e.kind != "withdrawn" else None
        if line:
            summary = f"{summary} — {line}" if summary else line
        parts += [
            "<entry>",
            f"<title>{escape(verbs[e.kind] + ': ' + e.title)}</title>",
            f"<id>{escape(f'{base}/thay-doi/#{e.kind}-{e.id}-{e.date.isoformat()}')}</id>",
            f"<link href={quoteattr(link)}/>",
            f"<updated>{e.date.isoformat()}T00:00:00Z</updated>",
            f"<category term={quoteattr(e.kind)} label={quoteattr(verbs[e.kind])}/>",
            f"<summary>{escape(summary)}</summary>",
            "</entry>",
        ]
    parts.append("</feed>")
    return "\n".join(parts) + "\n"


def _exported(field: Field) -> dict[str, Any]:
    """A Message field's schema as the export writes it: every key of a mapping is always there, and a
    field the editor may leave out is null (the rules on the text itself are the kind's own)."""
    schema = field.type.json_schema()
    for node in [schema, schema.get("items") or {}]:
        if node.get("type") == "object":
            node["required"] = list(node["properties"])
    return schema if field.required else {"anyOf": [schema, {"type": "null"}]}


def message_schema(site_url: str) -> dict[str, Any]:
    """JSON Schema of /api/v1/messages.json (and of each audience file).

    The fields copied from a talking point (title, concern, key messages, channel texts, dates) take
    their schema from the Message kind, so the export and `loa check` state one rule (the SMS's
    GSM-7 septets, for one).
    """
    fields = Message.fields
    text = {"type": "string"}
    ref = {"type": "object", "required": ["id", "name"], "properties": {"id": text, "name": text},
           "additionalProperties": False}
    date = {"type": ["string", "null"], "format": "date"}
    nullable = {"type": ["string", "null"]}
    terms = {k: {**fields[k].type.json_schema(), "items": ref} for k in ("audiences", "topics")}
    message = {
        "type": "object",
        "additionalProperties": False,
        "required": ["id", "url", "title", "place", "places", "source", "archived", "archive_note", "concern",
                     "key_messages", "elaboration", "audiences", "topics", "variants", "sources", "valid_from",
                     "valid_until", "reviewed"],
        "properties": {
            "id": {"type": "string", "pattern": "^[a-z0-9]+(?:-[a-z0-9]+)*$"},
            "url": {"type": "string", "format": "uri-reference"},
            "title": _exported(fields["title"]),
            "place": {**text, "description": "nơi áp dụng, lấy từ cơ quan ban hành văn bản nguồn"},
            "places": {"type": "array", "items": {
                "type": "object", "required": ["level", "name", "province", "label"], "additionalProperties": False,
                "properties": {"level": {"enum": ["national", "province", "district"]}, "name": nullable,
                               "province": nullable, "label": text}}},
            "source": {**text, "description": "văn bản nguồn kèm ngày: Kế hoạch 33-KH/TU, 12/10/2021"},
            "archived": {"type": "boolean", "description": "tư liệu: thời gian thực hiện đã hết hoặc văn bản nguồn đã cũ"},
            "archive_note": {**nullable, "description": "vì sao là tư liệu"},
            "concern": _exported(fields["concern"]),
            "key_messages": _exported(fields["key_messages"]),
            "elaboration": text,
            "audiences": terms["audiences"],
            "topics": terms["topics"],
            "variants": _exported(fields["variants"]),
            "sources": {"type": "array", "items": {
                "type": "object", "required": ["document", "document_title", "document_label", "issued_on", "place",
                                               "section", "section_title", "url"],
                "additionalProperties": False,
                "properties": {"document": text, "document_title": text, "document_label": text, "issued_on": date,
                               "place": nullable, "section": nullable, "section_title": nullable, "url": text}}},
            **{key: _exported(fields[key]) for key in ("valid_from", "valid_until", "reviewed")},
        },
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": site_url.rstrip("/") + f"/{API}/messages.schema.json",
        "title": "Thông điệp đã duyệt, đang đăng trên cổng",
        "type": "object",
        "required": ["count", "messages"],
        "properties": {"audience": ref, "count": {"type": "integer", "minimum": 0},
                       "messages": {"type": "array", "items": message}},
    }


def iter_exports(site: Site, site_url: str, memo: Memo | None = None) -> list[tuple[str, bytes]]:
    """Every open-data file of the build: `(path under the site, bytes)`."""
    records = [message_record(site, m, site_url, memo) for m in public_messages(site)]
    files = [
        (f"{API}/messages.json", to_json(records).encode()),
        (f"{API}/messages.csv", to_csv(records)),
        (f"{API}/messages.schema.json",
         (json.dumps(message_schema(site_url), ensure_ascii=False, indent=2) + "\n").encode()),
        ("feed.xml", to_atom(records, site_url, "Thông điệp tuyên truyền mới và cập nhật").encode()),
        ("thay-doi/feed.xml", changes_atom(site.history, site_url, {
            e.id: site.scope(e).line for e in site.entries if e.id in site.scopes}).encode()),
    ]
    for ident, term in site.taxonomies.get("audiences", {}).items():
        mine = [r for r in records if any(a["id"] == ident for a in r["audiences"])]
        files += [(f"{API}/audiences/{ident}.json", to_json(mine, audience={"id": ident, "name": term.name}).encode()),
                  (f"{API}/audiences/{ident}.csv", to_csv(mine)),
                  (f"{API}/audiences/{ident}.md", to_markdown(mine, f"Thông điệp cho {term.name}").encode())]
    return files
