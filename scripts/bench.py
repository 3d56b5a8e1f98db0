#!/usr/bin/env python3
"""Benchmark `loa check` and `loa build` on synthetic content, against a plain Material build and a floor.

    python scripts/bench.py --sizes 1000,5000 --rounds 3 [--json FILE] [--keep DIR]

Per size N: a valid content tree (real taxonomies and six documents + N generated items of every kind,
text sampled from the real documents), checked to give 0 errors; then per round (order rotated) loa check,
loa build (Pagefind included), a reference (same page bodies, plain `theme: material`, `plugins: []`, then
`pagefind --site`) and a floor (yaml + python-markdown + trivial Jinja2). Each tool is a subprocess: wall
clock, and peak RSS from `os.wait4` (exact per child, waited-for grandchildren such as Pagefind included).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

from loa.enrich import collect_anchors
from loa.index import PAGEFIND_VERSION, pagefind_executable
from loa.model import Entry
from loa.pipeline import today_for_build
from loa.text.vi import slugify, strip_diacritics

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
MIX = (("document", 0.10), ("qa", 0.40), ("message", 0.25), ("slogan", 0.10), ("hotline", 0.05), ("infographic", 0.10))
FOLDER = {"document": "van-ban", "qa": "hoi-dap", "message": "thong-diep", "slogan": "khau-hieu",
          "hotline": "tong-dai-1022", "infographic": "infographic"}
LABEL = {"van-ban": "Văn bản", "hoi-dap": "Hỏi đáp", "thong-diep": "Thông điệp", "khau-hieu": "Khẩu hiệu",
         "tong-dai-1022": "Tổng đài 1022", "infographic": "Infographic"}
ROMAN = ("I", "II", "III", "IV", "V", "VI")
TOOLS = ("check", "build", "reference", "floor")
NAMES = {"check": "loa check", "build": "loa build", "reference": "reference (mkdocs + pagefind)",
         "ref_mkdocs": "  of which mkdocs", "ref_pagefind": "  of which pagefind", "floor": "floor (yaml+md+jinja2)"}
FLOOR = '''import sys, pathlib, yaml, markdown, jinja2
src, out = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
page = jinja2.Template("<!doctype html><html lang=vi><head><meta charset=utf-8><title>{{ t }}</title></head>"
                       "<body><h1>{{ t }}</h1>{{ body|safe }}</body></html>")
md = markdown.Markdown(extensions=["attr_list", "tables"])
for f in sorted(p for p in src.rglob("*") if p.is_file() and p.parent.name != "danh-muc"):
    text = f.read_text(encoding="utf-8")
    fm, body = (text.split("---\\n", 2)[1:] if f.suffix == ".md" else (text, ""))
    meta = yaml.safe_load(fm)
    d = out / f.parent.name / f.stem
    d.mkdir(parents=True, exist_ok=True)
    (d / "index.html").write_text(page.render(t=meta["title"], body=md.reset().convert(body)), encoding="utf-8")
'''


class Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data):  # loa refuses YAML anchors and aliases
        return True


def dump(data: dict) -> str:
    return yaml.dump(data, Dumper=Dumper, allow_unicode=True, sort_keys=False, width=100_000)


def corpus() -> dict:
    """Sentences, quoted phrases, headings and anchors of the real documents; taxonomy ids."""
    docs, sentences, quotes, headings, anchors, recipients, signers, places = [], set(), set(), set(), [], set(), [], set()
    numbers: dict[str, str] = {}
    for f in sorted((ROOT / "content/van-ban").glob("*.md")):
        _, fm, body = f.read_text(encoding="utf-8").split("---\n", 2)
        meta = yaml.safe_load(fm)
        docs.append(meta["id"])
        if str(meta.get("number") or "")[:1].isdigit():  # a talking point's texts may name its source by number
            numbers[meta["id"]] = meta["number"]
        anchors += [(meta["id"], a) for a in collect_anchors(Entry("document", meta["id"], str(f), meta, body))]
        recipients.update(meta.get("recipients") or [])
        signers += [meta["signer"]] if meta.get("signer") else []
        places.update([meta["place"]] if meta.get("place") else [])
        quotes.update(q for q in re.findall(r"“([^”*]{8,70})”", body) if not re.search(r"[\[\]<>{}|#`_\\]", q))
        for line in body.split("\n"):
            if line.startswith("## "):
                headings.add(re.sub(r"^(?:[IVX]+[.\-–]|Phụ lục:)\s*", "", re.sub(r"\s*\{#[^}]*\}", "", line[3:])))
            if line.startswith(("#", "|", "{:")) or not line.strip():
                continue
            line = re.sub(r"\{:?[^}]*\}|[*\\]", "", re.sub(r"^\s*(?:[-+]|\d+\.?\\?\.?|[a-zđ]\))\s+", "", line))
            for s in re.split(r"(?<=[.;!?])\s+", line.strip()):
                if 30 <= len(s) <= 350 and not re.search(r"[\[\]<>{}|#`_]", s) and s[0].isupper():
                    sentences.add(s if s[-1] in ".;!?" else s + ".")
    tax = {f.stem: [t["id"] for t in yaml.safe_load(f.read_text(encoding="utf-8"))]
           for f in (ROOT / "content/danh-muc").glob("*.yml") if f.stem not in ("tim-kiem", "chu-quan", "luu-tru")}
    orgs = yaml.safe_load((ROOT / "content/danh-muc/co-quan.yml").read_text(encoding="utf-8"))
    return {"docs": docs, "sentences": sorted(sentences), "quotes": sorted(quotes), "headings": sorted(headings),
            "anchors": anchors, "recipients": sorted(recipients), "signers": signers, "places": sorted(places),
            "numbers": numbers, "audiences": tax["doi-tuong"], "topics": tax["chu-de"], "orgs": tax["co-quan"],
            "org_names": [o["name"] for o in orgs]}


class Gen:
    def __init__(self, c: dict, rng: random.Random, today: dt.date):
        self.c, self.rng, self.today = c, rng, today
        self.short = [s for s in c["sentences"] if len(s) <= 300]

    def sent(self, n: int = 1, short: bool = False) -> str:
        return " ".join(self.rng.choice(self.short if short else self.c["sentences"]) for _ in range(n))

    def phrase(self, lo: int, hi: int, maxlen: int = 300) -> str:
        words = self.rng.choice(self.c["sentences"]).replace("“", "").replace("”", "").split()
        text = " ".join(words[: self.rng.randint(lo, hi)]).rstrip(",;:.–-(")
        if len(text) > maxlen:
            text = text[:maxlen].rsplit(" ", 1)[0].rstrip(",;:.–-(")
        return text[0].upper() + text[1:]

    def common(self, ident: str, title: str, sources: bool = True) -> dict:
        r = self.rng
        fm = {"id": ident, "title": title, "status": "approved",
              "reviewed": self.today - dt.timedelta(days=r.randint(0, 120)),
              "audiences": r.sample(self.c["audiences"], r.randint(1, 3)), "topics": r.sample(self.c["topics"], r.randint(1, 3))}
        if sources:
            fm["sources"] = [{"document": d, "section": a} for d, a in r.sample(self.c["anchors"], r.randint(1, 3))]
        return fm

    def doc_link(self) -> str:
        doc, anchor = self.rng.choice(self.c["anchors"])
        return f"([mục {anchor.removeprefix('muc-').upper().replace('-', '.')}](../van-ban/{doc}.md#{anchor}))"

    def body(self, paras: int, links: list[str]) -> str:
        out = [self.sent(self.rng.randint(2, 5)) for _ in range(paras)]
        for link in links:
            i = self.rng.randrange(len(out))
            out[i] = out[i].rstrip(".;!?") + " " + link + "."
        return "\n\n".join(out)

    def item_links(self, ids: dict, kinds: tuple[str, ...], n: int) -> list[str]:
        """Links to other generated items (documents at a section every generated document has)."""
        picks = [(k, *self.rng.choice(ids[k])) for k in (self.rng.choice(kinds) for _ in range(n)) if ids[k]]
        return [f"(xem [{t[:60].rstrip()}](../{FOLDER[k]}/{i}.md{'#muc-ii-1' if k == 'document' else ''}))" for k, i, t in picks]

    def title(self, kind: str) -> str:
        r = self.rng
        if kind == "document":
            return r.choice(["Kế hoạch", "Công văn", "Hướng dẫn"]) + " " + self.phrase(8, 18).lower()
        if kind == "qa":
            return self.phrase(6, 14) + r.choice([" như thế nào?", " là gì?", " ra sao?", "?"])
        if kind == "slogan":  # slogans are the phrases the documents quote
            quote = r.choice(self.c["quotes"]).strip(" ,.;:")
            return quote[0].upper() + quote[1:]
        return "Tổng đài 1022: " + self.phrase(5, 12).lower() if kind == "hotline" else self.phrase(6, 16)

    def markdown(self, kind: str, ident: str, title: str, i: int, ids: dict) -> str:
        r = self.rng
        if kind == "document":
            fm, body = self.document(ident, title, i)
        elif kind == "qa":
            fm = self.common(ident, title) | ({"featured": True} if i % 97 == 0 else {})
            body = self.body(r.randint(2, 4), [self.doc_link() for _ in range(r.randint(1, 2))]
                             + self.item_links(ids, ("qa", "qa", "message", "document"), r.randint(1, 3)))
        elif kind == "slogan":
            fm = self.common(ident, title) | {"text": title, "formats": r.sample(["bang-ron", "led", "sms", "loa"], r.randint(1, 3))}
            body = self.body(1, [self.doc_link()])
        elif kind == "hotline":
            fm = self.common(ident, title) | {"summary": self.sent(1, short=True)}
            items = "\n".join(f"- {self.sent(1)}" for _ in range(r.randint(2, 4)))
            body = (f"## Gọi 1022 để hỏi gì\n\n{items}\n\n## Ai phụ trách\n\n"
                    + self.body(r.randint(1, 2), [self.doc_link(), *self.item_links(ids, ("qa",), 2)]))
        else:
            fm, body = self.message(ident, title, ids)
        return f"---\n{dump(fm)}---\n\n{body}\n"

    def document(self, ident: str, title: str, i: int) -> tuple[dict, str]:
        r, c = self.rng, self.c
        code = title.split()[0]
        dtype = {"Kế": "KH", "Công": "CV", "Hướng": "HD"}[code]
        fm = self.common(ident, title, sources=False) | {
            "number": f"{i + 100}-{dtype}/BTGTU", "doc_type": dtype, "issuer": r.choice(c["orgs"]),
            "place": r.choice(c["places"]), "issued_on": self.today - dt.timedelta(days=r.randint(300, 2000)),
            "subject": title.split(" ", 2)[-1], "urgency": None, "addressees": [],
            "recipients": r.sample(c["recipients"], 3), "signer": r.choice(c["signers"]), "attachments": [],
            "based_on": [{"relation": "can-cu", "document": r.choice(c["docs"])},
                         {"relation": "thuc-hien", "citation": self.sent(1, short=True).rstrip(".;")}],
            "corrections": [], "source_file": f"bench_{i:05d}.txt"}
        parts = [self.sent(2)]
        for k in range(r.randint(2, 5)):
            parts.append(f"## {ROMAN[k]}. {r.choice(c['headings'])} {{#muc-{ROMAN[k].lower()}}}")
            parts += [f"{n}\\. {self.sent(r.randint(1, 4))}\n{{: #muc-{ROMAN[k].lower()}-{n} }}" for n in range(1, r.randint(3, 6))]
        return fm, "\n\n".join(parts)

    def message(self, ident: str, title: str, ids: dict) -> tuple[dict, str]:
        r = self.rng
        sms = re.sub(r"[^A-Za-z0-9 .,;:()-]", "", strip_diacritics(self.phrase(20, 40)))
        sms = sms[:155].rsplit(" ", 1)[0] if len(sms) > 155 else sms  # GSM-7, one segment
        # Channel texts leave the site without their page, so they name their source (L310): the
        # first source is a numbered document and every text starts with its number.
        numbered = [(d, a) for d, a in self.c["anchors"] if d in self.c["numbers"]]
        sources = [{"document": d, "section": a} for d, a in r.sample(numbered, r.randint(1, 3))]
        number = self.c["numbers"][sources[0]["document"]]
        sms = f"{number}: {sms}"[:155].rsplit(" ", 1)[0] if len(f"{number}: {sms}") > 155 else f"{number}: {sms}"
        fm = self.common(ident, title) | {
            "sources": sources,
            "concern": self.phrase(8, 18) + "?",
            "key_messages": [{"text": self.phrase(8, 25), "facts": [self.sent(1, short=True) for _ in range(r.randint(1, 3))]}
                             for _ in range(r.randint(1, 3))],
            "variants": {"sms": sms + ".", "led": f"{number}: " + self.phrase(3, 9, maxlen=58 - len(number)),
                         "loudspeaker": f"Kính thưa bà con, theo văn bản số {number}, " + self.sent(r.randint(2, 4))},
            "valid_from": self.today - dt.timedelta(days=r.randint(0, 60)),
            "valid_until": self.today + dt.timedelta(days=r.randint(200, 500))}
        return fm, self.body(r.randint(1, 3), [self.doc_link(), *self.item_links(ids, ("message", "qa"), 1)])

    def infographic(self, ident: str, title: str, i: int) -> str:
        r, s = self.rng, self.sent
        kind = ("checklist", "zones", "levels", "schedule", "matrix")[i % 5]
        if kind == "checklist":
            data = {"items": [{"label": self.phrase(2, 6, 80), "detail": s(1, True)} for _ in range(r.randint(3, 7))]}
        elif kind == "zones":
            data = {"zones": [{"level": lv, "name": self.phrase(3, 8, 120).lower(), "actions": [s(1, True) for _ in range(r.randint(1, 3))]}
                              for lv in ("xanh", "vang", "cam", "do")], "note": s(1, True)}
        elif kind == "levels":
            data = {"levels": [{"threshold": f"số ca bệnh dưới {k}.000 ca", "name": self.phrase(3, 10, 160),
                                "actions": [s(1, True)]} for k in (1, 5, 10)]}
        elif kind == "schedule":
            data = {"events": [{"name": self.phrase(4, 10, 160), "when": "14h00, thứ 6 hằng tuần", "frequency": "weekly",
                                "weekday": "FR", "time": "14:00", "who": r.choice(self.c["org_names"]), "channel": "nhóm Zalo"},
                               {"name": self.phrase(4, 10, 160), "when": "trước ngày 14 và ngày 29 hằng tháng",
                                "frequency": "monthly", "month_days": [14, 29], "who": r.choice(self.c["org_names"])}]}
        else:
            data = {"rows": [{"who": name, "tasks": [s(1, True) for _ in range(r.randint(1, 3))]}
                             for name in r.sample(self.c["org_names"], r.randint(3, 5))]}
        fm = self.common(ident, title) | {"type": kind, "description": s(1, True)[:600], "data": data}
        return f"# Infographic sinh tự động cho benchmark.\n{dump(fm)}"


def generate(tree: Path, n: int, c: dict, today: dt.date) -> dict[str, int]:
    """Write content/ (+ mkdocs.yml, theme/) for N generated items; return item counts per kind."""
    for part in ("content/danh-muc", "content/van-ban", "theme"):
        shutil.copytree(ROOT / part, tree / part)
    # A public build needs a public address (loa.address); the benchmark's is made up.
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    (tree / "mkdocs.yml").write_text(config.replace("site_url: !ENV LOA_SITE_URL",
                                                    "site_url: https://bench.example.vn/"), encoding="utf-8")
    counts = {k: round(n * share) for k, share in MIX}
    counts["qa"] += n - sum(counts.values())
    g = Gen(c, random.Random(n), today)
    titles = [(kind, g.title(kind)) for kind, count in counts.items() for _ in range(count)]
    ids: dict[str, list[tuple[str, str]]] = {k: [] for k in counts}  # all ids first, so bodies can link to any item
    for i, (kind, title) in enumerate(titles):
        ids[kind].append((f"{slugify(title)[:60].rstrip('-') or kind}-{i}", title))
    for i, (kind, (ident, title)) in enumerate((k, item) for k, items in ids.items() for item in items):
        (tree / "content" / FOLDER[kind]).mkdir(parents=True, exist_ok=True)
        ext, text = (".yml", g.infographic(ident, title, i)) if kind == "infographic" else (".md", g.markdown(kind, ident, title, i, ids))
        (tree / "content" / FOLDER[kind] / f"{ident}{ext}").write_text(text, encoding="utf-8")
    return counts


def reference_tree(tree: Path, ref: Path) -> None:
    """The same page bodies as plain Markdown for Material with no plugins; nav: home + 6 sections."""
    docs = ref / "docs"
    docs.mkdir(parents=True)
    (docs / "index.md").write_text("# Trang chủ\n", encoding="utf-8")
    for folder, label in LABEL.items():
        (docs / folder).mkdir()
        (docs / folder / "index.md").write_text(f"# {label}\n", encoding="utf-8")
        for f in sorted((tree / "content" / folder).iterdir()):
            text = f.read_text(encoding="utf-8")
            fm, body = text.split("---\n", 2)[1:] if f.suffix == ".md" else (text, "")
            meta = yaml.safe_load(fm)
            body = body if f.suffix == ".md" else meta["description"]
            (docs / folder / f"{f.stem}.md").write_text(f"# {meta['title']}\n\n{body}", encoding="utf-8")
    config = {"site_name": "Benchmark reference", "docs_dir": "docs", "use_directory_urls": True,
              "theme": {"name": "material", "language": "vi"}, "plugins": [],
              "nav": [{"Trang chủ": "index.md"}] + [{label: f"{folder}/index.md"} for folder, label in LABEL.items()],
              "markdown_extensions": ["abbr", "attr_list", "md_in_html", "def_list", "tables", "admonition", "footnotes",
                                      {"toc": {"permalink": "#"}}, "pymdownx.superfences", "pymdownx.details", "pymdownx.tilde"],
              "validation": {"nav": {"omitted_files": "ignore"},
                             "links": {"not_found": "ignore", "anchors": "ignore", "unrecognized_links": "ignore"}}}
    (ref / "mkdocs.yml").write_text(dump(config), encoding="utf-8")


def run(cmd: list[str], cwd: Path, log: Path, env: dict[str, str] | None = None) -> tuple[float, float]:
    """Run `cmd`; return (wall seconds, peak RSS MB). Raises with the log's tail on failure."""
    with open(log, "wb") as out:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=out, stderr=subprocess.STDOUT, env={**os.environ, **(env or {})})
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} exited {proc.returncode} in {cwd}:\n{log.read_text(errors='replace')[-3000:]}")
    return wall, usage.ru_maxrss / 1024  # Linux: KiB


MEMORY = re.compile(r"main process (\d+) MB, second renderer (\d+) MB, largest helper \(Pagefind, workers\) (\d+) MB")


def memory(log: Path) -> dict[str, int]:
    """Peak memory `loa build` reports with LOA_TIMING=1: its own processes apart from Pagefind's."""
    m = MEMORY.search(log.read_text(encoding="utf-8", errors="replace"))
    return dict(zip(("loa_main_mb", "loa_second_renderer_mb", "helpers_mb"), map(int, m.groups()), strict=True)) if m else {}


def serve_rebuild(tree: Path, env: dict[str, str]) -> dict:
    """`loa serve`: seconds from saving one changed Q&A file to the server returning the changed page."""
    import socket
    import urllib.request

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]

    def get(path: str) -> str:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=10) as response:
                return response.read().decode("utf-8")
        except OSError:
            return ""

    file = sorted((tree / "content" / "hoi-dap").glob("*.md"))[len(list((tree / "content" / "hoi-dap").glob("*.md"))) // 2]
    original = file.read_text(encoding="utf-8")
    proc = subprocess.Popen([PY, "-m", "loa", "serve", "-a", f"127.0.0.1:{port}"], cwd=tree, env={**os.environ, **env},
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        start = time.perf_counter()
        while "data-pagefind-body" not in get(f"/hoi-dap/{file.stem}/"):
            if proc.poll() is not None or time.perf_counter() - start > 900:
                return {"error": "loa serve did not come up"}
            time.sleep(0.2)
        first = time.perf_counter() - start
        time.sleep(3)  # let the first search index finish and the watcher settle
        times = []
        for i in range(3):
            marker = f"Đoạn thêm để đo lần {i + 1}"
            file.write_text(original.rstrip("\n") + f"\n\n{marker}\n", encoding="utf-8")
            changed = time.perf_counter()
            while marker not in get(f"/hoi-dap/{file.stem}/"):
                if time.perf_counter() - changed > 600:
                    return {"error": "the change never showed"}
                time.sleep(0.05)
            times.append(time.perf_counter() - changed)
            time.sleep(3)
        return {"first_build_s": first, "rebuild_s": times, "rebuild_median_s": statistics.median(times)}
    finally:
        file.write_text(original, encoding="utf-8")
        proc.terminate()
        proc.wait(timeout=30)


def search_bytes(loa_site: Path, reference_site: Path) -> dict:
    """Bytes per cold query, loa against default Pagefind UI (scripts/search_bytes.py; needs Chromium)."""
    if not Path("/usr/bin/chromium").exists():
        return {"error": "no /usr/bin/chromium (scripts/test installs it)"}
    sys.path.insert(0, str(ROOT / "scripts"))
    import search_bytes as sb

    return sb.measure(loa_site.resolve(), reference_site.resolve())


def clear(out: Path) -> None:
    for p in (out, out.parent / f".{out.name}.builds"):  # `loa build -d OUT` makes OUT a symlink into .OUT.builds
        shutil.rmtree(p) if p.is_dir() and not p.is_symlink() else p.unlink(missing_ok=True)


def site_figures(out: Path) -> dict:
    root = out.resolve()
    pages = {str(p.relative_to(root)): p.stat().st_size for p in root.rglob("index.html")}
    biggest = max(pages, key=pages.get)
    size = lambda d: sum(p.stat().st_size for p in d.rglob("*") if p.is_file())  # noqa: E731
    return {"pages": len(pages), "median_page_kb": statistics.median(pages.values()) / 1024,
            "largest_page_kb": pages[biggest] / 1024, "largest_page": biggest,
            "site_mb": size(root) / 2**20, "search_index_mb": size(root / "pagefind") / 2**20,
            "pages_over_1mb": sorted((k, round(v / 1024)) for k, v in pages.items() if v > 2**20)}


def bench_size(n: int, rounds: int, work: Path, c: dict, today: dt.date) -> dict:
    import pagefind_bin

    tree, ref, outs, logs = work / "tree", work / "ref", work / "out", work / "logs"
    outs.mkdir(parents=True)
    logs.mkdir()
    t0, counts = time.perf_counter(), generate(tree, n, c, today)
    reference_tree(tree, ref)
    (work / "floor.py").write_text(FLOOR, encoding="utf-8")
    files = sum(1 for p in (tree / "content").rglob("*") if p.is_file() and p.parent.name != "danh-muc")
    print(f"\n== N = {n} items ({files} content files incl. 6 real documents; {counts}) "
          f"generated in {time.perf_counter() - t0:.1f} s", flush=True)
    check = subprocess.run([PY, "-m", "loa", "check"], cwd=tree, capture_output=True, text=True)
    summary = check.stdout.strip().splitlines()[-1] if check.stdout.strip() else ""
    if check.returncode != 0:
        print("\n".join(check.stdout.splitlines()[:60]), file=sys.stderr)
        raise SystemExit(f"generated tree for N={n} fails `loa check`: {summary}")
    print(f"loa check on the generated tree: {summary}", flush=True)
    pagefind = str(pagefind_bin.get_executable())
    commands = {"check": [PY, "-m", "loa", "check"], "build": [PY, "-m", "loa", "build", "-d", str(outs / "build")],
                "floor": [PY, str(work / "floor.py"), str(tree / "content"), str(outs / "floor")]}
    runs: dict[str, list[dict]] = {k: [] for k in ("check", "build", "reference", "ref_mkdocs", "ref_pagefind", "floor")}
    # loa keeps drawn PNGs and compressed copies in content-addressed caches (loa/raster.py,
    # loa/compress.py). One build with an empty cache first, timed and reported on its own; the
    # rounds then run with the cache it filled, as a contributor's machine or CI (actions/cache) would.
    loa_env = {"LOA_CACHE_DIR": str(work / "cache"), "LOA_TIMING": "1"}
    clear(outs / "build")
    cold_wall, cold_rss = run(commands["build"], tree, logs / "build-cold.log", loa_env)
    cold = {"wall_s": cold_wall, "rss_mb": cold_rss, **memory(logs / "build-cold.log")}
    print(f"  empty cache:    {NAMES['build']:<22} {cold_wall:8.2f} s {cold_rss:8.0f} MB", flush=True)
    for r in range(rounds):
        for tool in TOOLS[r % 4:] + TOOLS[: r % 4]:  # rotate the order so no tool always runs first
            out = outs / tool
            clear(out)
            if tool in commands:
                wall, rss = run(commands[tool], tree, logs / f"{tool}.log", loa_env if tool == "build" else None)
            else:
                w1, r1 = run([PY, "-m", "mkdocs", "build", "-q", "-d", str(out)], ref, logs / "ref-mkdocs.log")
                w2, r2 = run([pagefind, "--site", str(out)], ref, logs / "ref-pagefind.log")
                runs["ref_mkdocs"].append({"wall_s": w1, "rss_mb": r1})
                runs["ref_pagefind"].append({"wall_s": w2, "rss_mb": r2})
                wall, rss = w1 + w2, max(r1, r2)
            runs[tool].append({"wall_s": wall, "rss_mb": rss, **(memory(logs / "build.log") if tool == "build" else {})})
            print(f"  round {r + 1}: {NAMES[tool]:<30} {wall:8.2f} s {rss:8.0f} MB", flush=True)
    walls = {k: [x["wall_s"] for x in v] for k, v in runs.items()}
    summary_rows = {k: {"min_s": min(w), "median_s": statistics.median(w),
                        "peak_rss_mb": max(x["rss_mb"] for x in runs[k]),
                        "ms_per_item": statistics.median(w) / n * 1000} for k, w in walls.items()}
    ratios = {f"build_over_{k}": [b / o for b, o in zip(walls["build"], walls[k], strict=True)] for k in ("reference", "floor")}
    extra = {"build_cold": cold, "memory": {k: max(x.get(k, 0) for x in runs["build"])
                                            for k in ("loa_main_mb", "loa_second_renderer_mb", "helpers_mb")}}
    extra["serve_rebuild"] = serve_rebuild(tree, loa_env)
    extra["search"] = search_bytes(outs / "build", outs / "reference")
    # loa pins a newer Pagefind than the PyPI wheel the reference uses (loa/index.py); the default UI
    # on the same reference pages indexed by loa's Pagefind is the like-for-like comparison.
    same = outs / "reference-same-pagefind"
    shutil.copytree(outs / "reference", same, ignore=shutil.ignore_patterns("pagefind"))
    subprocess.run([str(pagefind_executable()), "--site", str(same)], check=True, capture_output=True)
    extra["search_same_pagefind"] = search_bytes(outs / "build", same)
    result = {"n": n, "files": files, "counts": counts, "check_summary": summary, "runs": runs, **extra,
              "summary": summary_rows, "ratios": {k: {"per_round": v, "median": statistics.median(v)} for k, v in ratios.items()},
              "output": {"loa_build": site_figures(outs / "build"), "reference": site_figures(outs / "reference")}}
    print_size(result)
    return result


def print_size(res: dict) -> None:
    print(f"\n{'N = ' + str(res['n']):<32} {'min s':>8} {'median s':>9} {'peak RSS MB':>12} {'ms/item':>9}")
    cold = res["build_cold"]
    print(f"{'loa build, empty cache':<32} {cold['wall_s']:8.2f} {'(1 run)':>9} {cold['rss_mb']:12.0f}")
    for key, row in res["summary"].items():
        print(f"{NAMES[key]:<32} {row['min_s']:8.2f} {row['median_s']:9.2f} {row['peak_rss_mb']:12.0f} {row['ms_per_item']:9.2f}")
    for key, r in res["ratios"].items():
        print(f"{key.replace('_', ' '):<32} per round [{', '.join(f'{x:.2f}' for x in r['per_round'])}]  median {r['median']:.2f}x")
    warm = res["summary"]["build"]["median_s"]
    print(f"{'empty cache over warm':<32} {cold['wall_s'] / warm:.2f}x (budget 2x at N = 5,000)")
    mem = res["memory"]
    print(f"memory of loa build: main process {mem['loa_main_mb']} MB, second renderer {mem['loa_second_renderer_mb']} MB, "
          f"largest helper (Pagefind or a PNG worker) {mem['helpers_mb']} MB")
    sr = res["serve_rebuild"]
    if "error" in sr:
        print(f"loa serve: {sr['error']}")
    else:
        full = res["summary"]["build"]["median_s"]
        print(f"loa serve: first build {sr['first_build_s']:.1f} s; one changed file shown after "
              f"{', '.join(f'{t:.2f}' for t in sr['rebuild_s'])} s (median {sr['rebuild_median_s'] / full:.0%} of a full build)")
    se = res["search"]
    if "error" in se:
        print(f"search bytes: {se['error']}")
    else:
        print(f"search, bytes per cold query (median of {len(se['queries'])}): loa {se['loa_median_kb']:.0f} KB, "
              f"default Pagefind UI {se['default_median_kb']:.0f} KB (reference's Pagefind, the PyPI wheel), "
              f"ratio {se['ratio_median']:.2f}")
    same = res.get("search_same_pagefind", {})
    if same and "error" not in same:
        print(f"  against the default UI on Pagefind {PAGEFIND_VERSION} (loa's): {same['default_median_kb']:.0f} KB, "
              f"ratio {same['ratio_median']:.2f}")
    for name, o in res["output"].items():
        print(f"{name} output: {o['pages']} pages, median page {o['median_page_kb']:.1f} KB, largest "
              f"{o['largest_page_kb']:.1f} KB ({o['largest_page']}), site {o['site_mb']:.1f} MB, "
              f"search index {o['search_index_mb']:.1f} MB")
        if o["pages_over_1mb"]:
            print(f"  pages over 1 MB: {', '.join(f'{p} ({kb} KB)' for p, kb in o['pages_over_1mb'][:10])}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="100,1000", help="comma-separated item counts (default 100,1000)")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--json", type=Path, help="write every number to this file")
    ap.add_argument("--keep", type=Path, help="keep the generated trees (and last outputs) under this folder")
    args = ap.parse_args()
    sizes = sorted(int(s) for s in args.sizes.split(","))
    c, today = corpus(), today_for_build()
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")  # Material's end-of-life banner (only under `mkdocs`)
    print(f"corpus: {len(c['sentences'])} sentences, {len(c['quotes'])} quoted phrases, {len(c['anchors'])} anchors "
          f"in {len(c['docs'])} documents; today {today}; {os.cpu_count()} CPUs; Python {platform.python_version()}; "
          f"loa's Pagefind {PAGEFIND_VERSION}")
    results = []
    for n in sizes:
        work = (args.keep / f"n{n}") if args.keep else Path(tempfile.mkdtemp(prefix=f"loa-bench-{n}-"))
        shutil.rmtree(work, ignore_errors=True)
        work.mkdir(parents=True)
        try:
            results.append(bench_size(n, args.rounds, work, c, today))
        finally:
            if not args.keep:
                shutil.rmtree(work, ignore_errors=True)
    scaling = {}
    if len(results) > 1:
        lo, hi = results[0], results[-1]
        print(f"\nms per item, N={hi['n']} over N={lo['n']} (1.00 = linear):")
        for key in lo["summary"]:
            scaling[key] = hi["summary"][key]["ms_per_item"] / lo["summary"][key]["ms_per_item"]
            print(f"  {NAMES[key].strip():<30} {scaling[key]:.2f}")
    if args.json:
        args.json.write_text(json.dumps({"sizes": sizes, "rounds": args.rounds, "today": str(today), "cpus": os.cpu_count(),
                                         "python": platform.python_version(), "results": results, "scaling": scaling},
                                        ensure_ascii=False, indent=1), encoding="utf-8")
        print(f"wrote {args.json}")


if __name__ == "__main__":
    main()
