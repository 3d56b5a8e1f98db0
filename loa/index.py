"""Built site -> Pagefind search index (pagefind/ inside the site folder)."""

from __future__ import annotations

import gzip
import hashlib
import json
import re
import subprocess
import sys
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import cbor2

from loa.errors import LoaError
from loa.fixedhtml import TAG, VOID

SIGNATURE = b"pagefind_dcd"
# The Pagefind that indexes the site. 1.6 counts word variants toward its chunk sizes, which halves
# the bytes of a cold Vietnamese search against 1.5 (the PyPI wheel's version). The rewrites below
# read Pagefind's private index format, so the version is pinned: scripts/fetch-pagefind installs it.
PAGEFIND_VERSION = "1.6.0"


class IndexFailed(LoaError):
    """Pagefind could not index the site; the message carries its output."""


@dataclass(frozen=True, slots=True)
class IndexResult:
    pages: int
    output: str


def pagefind_executable() -> Path:
    """The pinned Pagefind binary that scripts/setup-venv installed beside this Python (nothing is downloaded here).

    Raises:
        IndexFailed: it is not installed.
    """
    binary = Path(sys.prefix) / "bin" / f"pagefind-{PAGEFIND_VERSION}"
    if not binary.is_file():
        raise IndexFailed(f"Chưa cài Pagefind {PAGEFIND_VERSION} (cần để tạo chỉ mục tìm kiếm): không thấy {binary}.\n"
                          "    sửa: chạy scripts/setup-venv (tải bản đã ghim từ npm và kiểm tra SHA-256)")
    return binary


SEARCH_COPIES = ".loa-search"  # hidden folder of the built site with `search_copy` of each indexed page
BODY_START = "<div data-pagefind-body>"  # as theme/main.html writes it, the last element of Material's <article>


ELEMENT_ID = re.compile(r'(<[a-zA-Z][a-zA-Z0-9]*\b[^>]*?) id="[^"]*"')
IGNORED_START = re.compile(r'<([a-zA-Z][a-zA-Z0-9]*)\b[^<>]*?\sdata-pagefind-ignore(?:="(?:|index|all)")?(?=[\s>/])[^<>]*>')


def without_ignored(html: str) -> str:
    """`html` without the elements marked `data-pagefind-ignore` that hold nothing else for Pagefind.

    Pagefind indexes none of their text, yet parses it: the scope box, sources, related links and
    the other page furniture were a third of the copies' bytes. An element goes only when it is
    simple to be sure of: its end tag is found by counting tags of its name, and it holds no other
    `data-pagefind-` attribute (filters and metadata inside an ignored element still count), no
    comment and no script. Anything else stays; text cannot hold "<" (it is escaped).
    """
    out, pos = [], 0
    while (start := IGNORED_START.search(html, pos)) is not None:
        name, depth, end = start.group(1).lower(), 1, None
        if name not in VOID and not start.group(0).endswith("/>"):
            for tag in TAG.finditer(html, start.end()):
                if tag.group(2).lower() != name or tag.group(3):
                    continue
                depth += -1 if tag.group(1) else 1
                if depth == 0:
                    end = tag.end()
                    break
        inner = html[start.end():end] if end is not None else ""
        if end is None or "data-pagefind-" in inner or "<!--" in inner or "<script" in inner.lower():
            out.append(html[pos:start.end()])
            pos = start.end()
            continue
        out.append(html[pos:start.start()])
        pos = end
    out.append(html[pos:])
    return "".join(out)


def search_copy(page: str) -> str | None:
    """What Pagefind reads of a built page, as a small page of its own; None for a page it does not index.

    Pagefind takes everything it indexes from the `data-pagefind-body` element (the text, and the
    filters and metadata theme/main.html puts inside it), yet parses the whole page: Material's
    header, navigation and footer were a quarter of its time at N = 5,000. The copy is that element
    with the page's <title>, without the elements Pagefind ignores (`without_ignored`: a third less
    to write and parse), and without element ids: Pagefind keeps the text of every element with an
    id as an "anchor" for sub-results, which the search page never reads (a document's numbered
    paragraphs all have one, so its fragment carried its text twice), and rewriting 5,000 fragments
    without them afterwards took 1.4 s at N = 5,000. The word index is the same, byte for byte, and
    each fragment the same but for its anchors (tests/test_headers.py compares the two).
    """
    start = page.find(BODY_START)
    end = page.rfind("</article>")
    title_start, title_end = page.find("<title>"), page.find("</title>")
    if start < 0 or end < start or title_start < 0 or title_end < title_start:
        return None
    body = ELEMENT_ID.sub(r"\1", without_ignored(page[start:end]))  # text cannot hold "<": only tags match
    return (f'<!doctype html>\n<html lang="vi"><head>{page[title_start:title_end + 8]}</head><body>\n'
            f"{body}</body></html>\n")


def index_site(site_dir: Path, index_dir: Path | None = None, folders: Iterable[str] = (), *,
               copies: bool = False) -> IndexResult:
    """Run Pagefind over `site_dir` (index in `index_dir`, default `site_dir/pagefind`); only pages marked
    `data-pagefind-body` are indexed. `copies`: `site_dir` is a folder of `search_copy` pages, whose
    fragments have no anchors to drop.

    `folders`: the top folders that hold every such page; given, Pagefind reads no page elsewhere
    (the audience handouts alone are a sixth of a site's HTML, and Pagefind parses every file it finds).

    Raises:
        IndexFailed: Pagefind exited non-zero.
    """
    return Indexing(site_dir, index_dir, folders, copies=copies).result()


class Indexing:
    """Pagefind started over `site_dir` (`index_site`'s arguments), running while the caller goes on:
    `result` waits for it and finishes the index, `stop` ends it (a build that failed meanwhile)."""

    def __init__(self, site_dir: Path, index_dir: Path | None = None, folders: Iterable[str] = (), *,
                 copies: bool = False) -> None:
        cmd = [str(pagefind_executable()), "--site", str(site_dir), "--force-language", "vi",
               "--exclude-selectors", ".headerlink"]
        if index_dir is not None:
            cmd += ["--output-path", str(index_dir)]
        if folders:
            cmd += ["--glob", "{" + ",".join(f"{f}/**/*.html" for f in sorted(folders)) + "}"]
        self.folder, self.copies = index_dir or site_dir / "pagefind", copies
        self.output = tempfile.TemporaryFile()  # not a pipe: nobody reads it while Pagefind runs
        self.proc = subprocess.Popen(cmd, stdout=self.output, stderr=subprocess.STDOUT)

    def result(self) -> IndexResult:
        """Wait for Pagefind; drop its unused UI, order its filters, drop anchors (of shipped pages).

        Raises:
            IndexFailed: Pagefind exited non-zero.
        """
        code = self.proc.wait()
        self.output.seek(0)
        output = self.output.read().decode("utf-8", errors="replace")
        self.output.close()
        if code != 0:
            raise IndexFailed(f"Pagefind dừng (mã {code}):\n{output}")
        pages = 0
        for line in output.splitlines():
            words = line.split()
            if len(words) >= 3 and words[0] == "Indexed" and words[2] == "pages":
                pages = int(words[1])
        _remove_unused_ui(self.folder)
        canonicalize_filters(self.folder)
        if not self.copies:
            drop_anchors(self.folder)
        return IndexResult(pages=pages, output=output)

    def stop(self) -> None:
        """End Pagefind if it still runs (what it wrote goes with the failed build's folder)."""
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        self.output.close()


def _remove_unused_ui(folder: Path) -> None:
    # Pagefind writes its own UI bundles; the portal has its own search page, so they are dead weight.
    for name in ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
                 "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js"):
        (folder / name).unlink(missing_ok=True)


def _read_pf(path: Path) -> Any:
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(SIGNATURE):
        raise IndexFailed(f"tệp chỉ mục Pagefind không đúng định dạng: {path}")
    return cbor2.loads(data[len(SIGNATURE):])


def _write_pf(folder: Path, prefix: str, digits: int, suffix: str, value: Any) -> str:
    body = SIGNATURE + cbor2.dumps(value)
    name = f"{prefix}_{hashlib.sha256(body).hexdigest()[:digits]}"
    (folder / f"{name}{suffix}").write_bytes(gzip.compress(body, compresslevel=9, mtime=0))
    return name


def canonicalize_filters(folder: Path) -> None:
    """Rewrite Pagefind's filter indexes in a stable order so that builds are byte-identical.

    Pagefind (1.5 and 1.6) writes filter values (and the filter list in its metadata) in hash-map order,
    which changes from run to run; fragments and word indexes are already stable. The files are
    gzip'd CBOR after a signature: we sort them, re-encode, and rename them by their new hash.
    """
    entry_path = folder / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    for language, info in entry["languages"].items():
        meta_path = folder / f"pagefind.{info['hash']}.pf_meta"
        meta = _read_pf(meta_path)
        filters = []
        for name, old in meta[3]:
            path = folder / "filter" / f"{old}.pf_filter"
            filter_name, values = _read_pf(path)
            values = sorted(([value, sorted(pages)] for value, pages in values), key=lambda v: v[0])
            path.unlink()
            filters.append([name, _write_pf(folder / "filter", language, 7, ".pf_filter", [filter_name, values])])
        meta[3] = sorted(filters)
        meta_path.unlink()
        info["hash"] = _write_pf(folder, f"pagefind.{language}", 10, ".pf_meta", meta).removeprefix("pagefind.")
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def drop_anchors(folder: Path) -> None:
    """Rewrite each page fragment without its `anchors`, which the search page never reads.

    Pagefind keeps, for sub-results, the text of every element with an id; a document's numbered
    paragraphs all have one, so its fragment carried its text twice (a third of the bytes a reader
    downloads per result). The fragment keeps its name: pages are found by that name, not by a hash
    of the bytes. Needed where Pagefind reads the shipped pages (`loa serve`); a build's `search_copy`
    pages have no ids.
    """
    for path in sorted((folder / "fragment").glob("*.pf_fragment")):
        data = gzip.decompress(path.read_bytes())
        if not data.startswith(SIGNATURE):
            raise IndexFailed(f"tệp chỉ mục Pagefind không đúng định dạng: {path}")
        fragment = json.loads(data[len(SIGNATURE):])
        if fragment.get("anchors"):
            fragment["anchors"] = []
            body = SIGNATURE + json.dumps(fragment, ensure_ascii=False, separators=(",", ":")).encode()
            path.write_bytes(gzip.compress(body, compresslevel=9, mtime=0))
