"""Entries -> Site: cross-references checked, anchors, back-links, listings in Vietnamese order."""

from __future__ import annotations

import datetime as dt
import posixpath
import re
from collections.abc import Iterator

from loa.errors import Diagnostic, Location, make, quote
from loa.fields import suggest
from loa.kinds import KINDS
from loa.model import Entry, Term
from loa.scope import check_channel_texts, check_scope, derive_scope
from loa.sections import hub_paths
from loa.site import Site
from loa.text.markdown import iter_prose_lines
from loa.text.search import SearchWords
from loa.text.vi import slugify

HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
ATTR_ID = re.compile(r"\{:?\s*[^}]*?#([A-Za-z0-9_-]+)[^}]*\}\s*$")
LINK = re.compile(r"(?<!\!)\[(?:[^\[\]\\]|\\.){0,500}\]\(\s*<?([^)\s>]+)>?(?:\s+[\"'][^)]*[\"'])?\s*\)")
IMAGE = re.compile(r"!\[(?:[^\[\]\\]|\\.){0,500}\]\(\s*<?([^)\s>]+)>?(?:\s+[\"'][^)]*[\"'])?\s*\)")
REF_DEF = re.compile(r"^\s{0,3}\[(?!\^)[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)")  # "[^1]: …" is a footnote
EXTERNAL = re.compile(r"^(https?:|mailto:|tel:|//)", re.I)  # `//host`: another host (L227 for images)
EXPIRY_WARNING_DAYS = 14
REVIEW_WARNING_DAYS = 180


def iter_headings(entry: Entry) -> Iterator[tuple[int, int, str, str]]:
    """Yield `(line index, level, text, anchor)` for each heading outside code fences."""
    for i, line, _masked in iter_prose_lines(entry.body):
        m = HEADING.match(line)
        if m:
            text = m.group(2)
            attr = ATTR_ID.search(text)
            anchor = attr.group(1) if attr else slugify(text)
            clean = ATTR_ID.sub("", text).strip()
            yield i, len(m.group(1)), clean, anchor


def collect_anchors(entry: Entry) -> tuple[str, ...]:
    """Anchors a link or a source may point at: heading ids and `{: #id }` on paragraphs."""
    found = [a for _, _, _, a in iter_headings(entry)]
    for _i, line, _masked in iter_prose_lines(entry.body):
        m = ATTR_ID.search(line)
        if m and not HEADING.match(line):
            found.append(m.group(1))
    return tuple(dict.fromkeys(found))


def enrich_site(entries: list[Entry], taxonomies: dict[str, dict[str, Term]], today: dt.date,
                preview: bool = False, search_words: SearchWords | None = None,
                broken: list[Entry] | None = None, archive_months: int = 24,
                real_today: dt.date | None = None) -> tuple[Site, list[Diagnostic]]:
    """Check ids and cross-references, and index anchors and back-links.

    `real_today` is the real date (a `reviewed` date after it is an error); `today`, the day the
    build judges validity on, may be a preview of another day.

    `broken` items failed field validation: only their references and links are checked here.
    """
    problems: list[Diagnostic] = []
    unique: dict[str, Entry] = {}
    for entry in entries:
        other = unique.get(entry.id)
        if other is not None:
            problems.append(make("L206", entry.mark("id"), f"id {quote(entry.id)} đã dùng ở {other.path}",
                                 field="id", hint=f"đổi id, ví dụ {quote(entry.id + '-2')}, và đổi tên tệp theo"))
            continue
        unique[entry.id] = entry
    anchors = {e.id: collect_anchors(e) for e in unique.values()}
    headings = {e.id: tuple((lvl, text, a) for _, lvl, text, a in iter_headings(e)) for e in unique.values()}
    cited_by: dict[str, list[str]] = {}
    # Each audience has a handout page (loa/hubs.py) an item may link to.
    pages = frozenset(f"doi-tuong/{a}" for a in taxonomies.get("audiences", {}))
    for entry in unique.values():
        problems += _check_references(entry, unique, anchors, today)
        problems += _check_links(entry, unique, anchors, today, pages)
        problems += _check_freshness(entry, today, real_today or today)
        for ref in entry.get("based_on") or []:
            if ref.get("document") in unique:
                cited_by.setdefault(ref["document"], []).append(entry.id)
    organizations = taxonomies.get("organizations", {})
    scopes = {e.id: derive_scope(e, unique, organizations, today, archive_months) for e in unique.values()}
    for entry in unique.values():
        problems += check_scope(entry, scopes[entry.id], today)
        problems += check_channel_texts(entry, scopes[entry.id])
        problems += _check_issuer_place(entry, organizations)
    for entry in broken or []:
        known = {**unique, entry.id: entry}
        own = {**anchors, entry.id: collect_anchors(entry)}
        problems += _check_references(entry, known, own, today)
        problems += _check_links(entry, known, own, today, pages)
        # Every problem at once: a text too long for its channel must not hide that it names no place.
        scope = derive_scope(entry, known, organizations, today, archive_months)
        problems += check_scope(entry, scope, today)
        problems += check_channel_texts(entry, scope)
    site = Site(
        entries=tuple(sorted(unique.values(), key=lambda e: (e.kind, e.id))),
        taxonomies=taxonomies, today=today, preview=preview, anchors=anchors, headings=headings,
        cited_by={k: tuple(sorted(v)) for k, v in cited_by.items()},
        search_words=search_words or SearchWords(), archive_months=archive_months, scopes=scopes,
        index=dict(unique),
    )
    return site, problems


def _check_doc_ref(entry: Entry, field_path: str, doc: str | None, section: str | None,
                   entries: dict[str, Entry], anchors: dict[str, tuple[str, ...]],
                   today: dt.date | None = None) -> Iterator[Diagnostic]:
    if doc is None:
        return
    target = entries.get(doc)
    if target is not None and today is not None and entry.is_public(today) and not target.is_public(today):
        where = f"{field_path}.document" if "[" in field_path else field_path
        hint = ("văn bản đã thu hồi (retired) không còn trang công khai: để văn bản hết hiệu lực ở trạng thái "
                "approved với force: expired hoặc superseded" if target.status == "retired"
                else "chờ văn bản được duyệt (approved) hoặc dẫn văn bản khác")
        yield make("L301", entry.mark(where), f"văn bản {quote(doc)} chưa công bố (status: {target.status})",
                   field=where, hint=hint)
        return
    if target is None or target.kind != "document":
        docs = [e.id for e in entries.values() if e.kind == "document"]
        near = suggest(doc, docs)
        hint = f"có phải ý bạn là {quote(near)}?" if near else "dùng id của một tệp trong content/van-ban/"
        yield make("L301", entry.mark(f"{field_path}.document" if "[" in field_path else field_path),
                   f"không có văn bản với id {quote(doc)}", field=f"{field_path}.document" if "[" in field_path else field_path,
                   hint=hint)
        return
    if section is not None and section not in anchors.get(doc, ()):
        near = suggest(section, list(anchors.get(doc, ())))
        listed = ", ".join(anchors.get(doc, ())[:12]) + (" …" if len(anchors.get(doc, ())) > 12 else "")
        hint = f"có phải ý bạn là {quote(near)}? " if near else ""
        yield make("L302", entry.mark(f"{field_path}.section"),
                   f"văn bản {quote(doc)} không có mục {quote(section)}", field=f"{field_path}.section",
                   hint=f"{hint}các mục có trong văn bản: {listed}")


def _check_references(entry: Entry, entries: dict[str, Entry], anchors: dict[str, tuple[str, ...]],
                      today: dt.date) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    for i, src in enumerate(entry.get("sources") or []):
        out += _check_doc_ref(entry, f"sources[{i}]", src.get("document"), src.get("section"), entries, anchors, today)
    for i, ref in enumerate(entry.get("based_on") or []):
        out += _check_doc_ref(entry, f"based_on[{i}]", ref.get("document"), None, entries, anchors, today)
    for i, att in enumerate(entry.get("attachments") or []):
        out += _check_doc_ref(entry, f"attachments[{i}]", att.get("document"), None, entries, anchors, today)
        if att.get("section"):
            out += _check_doc_ref(entry, f"attachments[{i}]", entry.id, att["section"], entries, anchors)
    if entry.get("superseded_by"):
        out += _check_doc_ref(entry, "superseded_by", entry.get("superseded_by"), None, entries, anchors)
    if (entry.get("period") or {}).get("section"):
        out += _check_doc_ref(entry, "period", entry.id, entry.get("period")["section"], entries, anchors)
    return out


def _check_issuer_place(entry: Entry, organizations: dict[str, Term]) -> list[Diagnostic]:
    issuer = organizations.get(entry.get("issuer") or "") if entry.kind == "document" else None
    if issuer is None or issuer.place is not None:
        return []
    return [make("L309", entry.mark("issuer"), f"cơ quan ban hành {quote(issuer.id)} chưa có nơi áp dụng (place) "
                 "trong content/danh-muc/co-quan.yml", field="issuer",
                 hint=f"thêm vào mục `- id: {issuer.id}` của co-quan.yml nơi mà văn bản của cơ quan này áp dụng, "
                      "ví dụ place: {level: province, name: <tên tỉnh>} (level: national, province, hoặc district "
                      "kèm province: <tên tỉnh>)")]


def resolve_link(entry: Entry, target: str, entries: dict[str, Entry],
                 pages: frozenset[str] = frozenset(), hubs: frozenset[str] | None = None) -> tuple[str | None, str | None, bool]:
    """Resolve a Markdown link target to `(entry id or hub path, anchor, found)`.

    `pages` are the paths of pages that are neither entries nor hubs (an audience's handout, doi-tuong/<id>);
    `hubs`, when given, is `hub_paths() | pages` already made (once per entry, not once per link).
    """
    if hubs is None:
        hubs = frozenset(hub_paths() | pages)
    path, _, anchor = target.partition("#")
    if not path:
        return entry.id, anchor or None, True
    folder = KINDS[entry.kind].folder
    if path.startswith("/"):
        parts = [p for p in path.strip("/").split("/") if p]
        if path.strip("/") in hubs:
            return path.strip("/"), anchor or None, True
        if len(parts) == 2 and parts[1] in entries and KINDS[entries[parts[1]].kind].folder == parts[0]:
            return parts[1], anchor or None, True
        return None, anchor or None, False
    resolved = posixpath.normpath(posixpath.join(folder, path))
    if resolved.endswith(".md"):
        resolved = resolved[:-3]
        if resolved.endswith("/index"):
            resolved = resolved[: -len("/index")]
    resolved = resolved.strip("/")
    if resolved in hubs or resolved == ".":
        return resolved.strip("."), anchor or None, True
    parts = resolved.split("/")
    if len(parts) == 2 and parts[1] in entries and KINDS[entries[parts[1]].kind].folder == parts[0]:
        return parts[1], anchor or None, True
    return None, anchor or None, False


def _check_links(entry: Entry, entries: dict[str, Entry], anchors: dict[str, tuple[str, ...]],
                 today: dt.date, pages: frozenset[str] = frozenset()) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    hubs: frozenset[str] | None = None
    for i, _raw, line in iter_prose_lines(entry.body):
        targets = [(m.start(1), m.group(1)) for m in LINK.finditer(line)]
        ref = REF_DEF.match(line)
        if ref:
            targets.append((ref.start(1), ref.group(1)))
        for m in IMAGE.finditer(line):
            target = m.group(1)
            if not (EXTERNAL.match(target) or re.match(r"^[a-z][a-z0-9+.-]*:", target, re.I)):
                out += _check_image(entry, target, Location(entry.path, entry.body_line + i, m.start(1) + 1), entries, today)
        for col, target in targets:
            if EXTERNAL.match(target) or re.match(r"^[a-z][a-z0-9+.-]*:", target, re.I):
                continue  # unsafe schemes are reported by validate.check_body
            loc = Location(entry.path, entry.body_line + i, col + 1)
            if hubs is None:
                hubs = frozenset(hub_paths() | pages)
            ident, anchor, found = resolve_link(entry, target, entries, pages, hubs)
            if not found:
                out.append(make("L303", loc, f"liên kết tới trang không tồn tại: {quote(target)}",
                                hint="dùng đường dẫn tương đối tới tệp .md, ví dụ ../van-ban/ke-hoach-43-kh-thu.md"
                                     ", hoặc đường dẫn trang như /van-ban/ke-hoach-43-kh-thu/"))
                continue
            target_entry = entries.get(ident or "")
            if target_entry is not None and entry.is_public(today) and not target_entry.is_public(today):
                out.append(make("L303", loc, f"liên kết tới {quote(target)} nhưng trang đó chưa công bố "
                                f"(status: {target_entry.status})",
                                hint="chờ trang đích được duyệt (approved) rồi mới liên kết, hoặc bỏ liên kết"))
            if anchor and target_entry is not None and anchor not in anchors.get(target_entry.id, ()):
                known = anchors.get(target_entry.id, ())
                near = suggest(anchor, list(known))
                hint = ((f"có phải ý bạn là {quote(near)}? " if near else "") + "các neo có: " + ", ".join(known[:12])
                        + (" …" if len(known) > 12 else "")) if known else "trang này không có neo nào: bỏ phần #… của liên kết"
                out.append(make("L304", loc, f"trang {quote(target_entry.id)} không có neo {quote('#' + anchor)}", hint=hint))
    return out


DRAWN_IMAGE = re.compile(r"infographic/([a-z0-9-]+)/\1\.svg")  # its PNG is drawn after MkDocs lists files


def _check_image(entry: Entry, target: str, loc: Location, entries: dict[str, Entry],
                 today: dt.date) -> list[Diagnostic]:
    """A local image must be one the build draws: an infographic's chart (L312). Content has no image folder."""
    path = target.partition("#")[0].partition("?")[0]
    site_path = path.strip("/") if path.startswith("/") else posixpath.normpath(
        posixpath.join(KINDS[entry.kind].folder, path))  # relative to the Markdown file, as MkDocs reads it
    drawn = DRAWN_IMAGE.fullmatch(site_path)
    if drawn and (found := entries.get(drawn.group(1))) is not None and found.kind == "infographic":
        if entry.is_public(today) and not found.is_public(today):  # its chart is not drawn for the public site
            return [make("L312", loc, f"ảnh {quote(target)} thuộc infographic chưa công bố (status: {found.status})",
                         hint="chờ infographic được duyệt (approved) rồi mới dẫn ảnh, hoặc bỏ ảnh")]
        return []
    charts = sorted(e for e, v in entries.items() if v.kind == "infographic")
    example = f"/infographic/{charts[0]}/{charts[0]}.svg" if charts else "/infographic/<id>/<id>.svg"
    return [make("L312", loc, f"ảnh {quote(target)} không có trên cổng",
                 hint=f"cổng chỉ có ảnh do loa vẽ từ infographic: dẫn ảnh của một infographic, ví dụ {example}; "
                      "hoặc bỏ ảnh này (cổng không có thư mục ảnh chép tay)")]


def _check_freshness(entry: Entry, today: dt.date, real_today: dt.date) -> list[Diagnostic]:
    if entry.reviewed > real_today:  # a review not yet done; it would also date the build and the change list
        return [make("L311", entry.mark("reviewed"), f"ngày rà soát {entry.reviewed.isoformat()} là một ngày chưa tới",
                     field="reviewed")]
    if entry.record or entry.status != "approved":  # a record has no publication window to run out
        return []
    out: list[Diagnostic] = []
    end = entry.get("valid_until")
    if end is not None and today <= end <= today + dt.timedelta(days=EXPIRY_WARNING_DAYS):
        out.append(make("L305", entry.mark("valid_until"), f"hết hạn công bố ngày {end.isoformat()}, còn {(end - today).days} ngày",
                        field="valid_until"))
    if (today - entry.reviewed).days > REVIEW_WARNING_DAYS:
        out.append(make("L306", entry.mark("reviewed"),
                        f"rà soát lần cuối ngày {entry.reviewed.isoformat()}, đã {(today - entry.reviewed).days} ngày",
                        field="reviewed"))
    return out


