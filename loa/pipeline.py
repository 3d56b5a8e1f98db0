"""content/ -> Report: load, validate and enrich the whole site, collecting every diagnostic."""

from __future__ import annotations

import datetime as dt
import itertools
import os
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from zoneinfo import ZoneInfo

from loa import forked
from loa.enrich import enrich_site
from loa.errors import Diagnostic, LoaError, Location, Severity, make, quote
from loa.kinds import BY_FOLDER
from loa.load import TAXONOMY_FOLDER, display_path, iter_content_files, load_file
from loa.site import Site
from loa.taxonomy import SETTINGS_FILES, load_archive_months, load_owner, load_search_words, load_taxonomies
from loa.validate import Validated, validate_entry
from loa.workers import cpu_count

MAX_FILES = 50_000


@dataclass(slots=True)
class Report:
    """The outcome of a check: the site when it is usable, and every diagnostic, sorted."""

    site: Site | None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    files: int = 0

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity is Severity.WARNING]

    def failed(self, strict: bool = False) -> bool:
        return bool(self.errors or (strict and self.warnings))

    def format(self, fmt: str = "text") -> str:
        if fmt == "github":
            return "\n".join(d.format_github() for d in self.diagnostics)
        blocks = [d.format() for d in self.diagnostics]
        blocks.append(self.summary())
        return "\n\n".join(blocks)

    def summary(self) -> str:
        return f"{len(self.errors)} lỗi, {len(self.warnings)} cảnh báo trong {self.files} tệp."


class ContentErrors(LoaError):
    """The check found errors; `loa serve` shows them as a page instead of stopping."""

    def __init__(self, report: Report) -> None:
        super().__init__(report.summary())
        self.report = report


def today_for_build() -> dt.date:
    """The date validity windows are judged on: LOA_TODAY (YYYY-MM-DD) to preview a day, else today in Viet Nam."""
    forced = os.environ.get("LOA_TODAY")
    if forced:
        return dt.date.fromisoformat(forced)
    return today_in_viet_nam()


def today_in_viet_nam() -> dt.date:
    """The real date in Viet Nam: no review can be later (a preview of another day changes nothing here)."""
    # Validity windows are dates in Viet Nam; a CI runner's clock is UTC, seven hours behind.
    return dt.datetime.now(ZoneInfo("Asia/Ho_Chi_Minh")).date()


@dataclass(slots=True)
class CheckCache:
    """Per-file results of load and validate, kept by `loa serve` between rebuilds.

    A file is read again only when its modification time or size changed; any change to the
    taxonomies empties the cache, since validation depends on them. Enrichment (references,
    links across files) always runs over the whole site.
    """

    taxonomies: object = None
    files: dict[Path, tuple[tuple[int, int], list[Diagnostic], list[Validated]]] = field(default_factory=dict)

    def load(self, file: Path, folder: str, taxonomies: dict[str, dict[str, str]],
             hosts: frozenset[str] = frozenset()) -> tuple[list[Diagnostic], list[Validated]]:
        """Load and validate `file`, or return what the last run found if it has not changed since."""
        if (taxonomies, hosts) != self.taxonomies:
            self.taxonomies, self.files = (taxonomies, hosts), {}
        try:
            st = file.stat()
            stamp = (st.st_mtime_ns, st.st_size)
        except OSError:
            stamp = None
        hit = self.files.get(file)
        if stamp is not None and hit is not None and hit[0] == stamp:
            return hit[1], hit[2]
        found = load_and_validate(file, folder, taxonomies, hosts)
        if stamp is not None:
            self.files[file] = (stamp, *found)
        return found


# Below this a second process costs more than it saves. Forking pays from a couple of hundred files:
# `check_site` on generated trees took 0.097 against 0.076 s (176 files), 0.23 against 0.175 s (436)
# and 0.56 against 0.40-0.50 s (1,036) with one and with two processes.
PARALLEL_MIN_FILES = 150


def load_all(jobs: list[tuple[Path, str]], taxonomies: dict[str, dict[str, str]],
             hosts: frozenset[str] = frozenset()) -> list[tuple[list[Diagnostic], list[Validated]]]:
    """`load_and_validate` for every file, in order; with many files, half of them in a forked process.

    The child (`loa.forked`) reads every other file, so both halves hold the same mix of kinds;
    anything that goes wrong in it makes the parent read that half itself.
    """
    def load(part: list[tuple[Path, str]]) -> list[tuple[list[Diagnostic], list[Validated]]]:
        return [load_and_validate(file, folder, taxonomies, hosts) for file, folder in part]

    mine, theirs = jobs[0::2], jobs[1::2]
    helper = forked.start(partial(load, theirs)) if len(jobs) >= PARALLEL_MIN_FILES and cpu_count() >= 2 else None
    if helper is None:
        return load(jobs)
    try:
        first = load(mine)
    except BaseException:
        helper.stop()
        raise
    rest = helper.result()
    if rest is None:
        rest = load(theirs)
    # Back in the order of `jobs`: the parent read the even ones, the child the odd ones.
    return [found for pair in itertools.zip_longest(first, rest) for found in pair if found is not None]


def iter_refused(content: Path, paths: list[Path]) -> Iterator[Diagnostic]:
    """L114 for each path `loa check` was given that is not a file it reads under `content`."""
    root = content.resolve()
    for path in paths:
        where = Location(display_path(path))
        if not path.exists():
            yield make("L114", where, f"không có tệp hay thư mục {quote(str(path))}")
        elif not path.resolve().is_relative_to(root):
            what = "thư mục" if path.is_dir() else "tệp"
            yield make("L114", where, f"{what} {quote(str(path))} nằm ngoài thư mục nội dung {quote(display_path(content))}: "
                                      "loa không kiểm tra, không dựng tệp này",
                       hint=f"chuyển tệp vào {display_path(content)}/ (ví dụ {display_path(content)}/hoi-dap/) rồi chạy "
                            f"loa check {display_path(content)}/…, hoặc chạy lệnh trong thư mục gốc của kho")
        elif path.is_dir():
            yield make("L114", where, f"{quote(str(path))} là thư mục: cần liệt kê các tệp bên trong",
                       hint="chỉ đường dẫn tới từng tệp, hoặc để loa check tự tìm trong thư mục")


def load_and_validate(file: Path, folder: str, taxonomies: dict[str, dict[str, str]],
                      hosts: frozenset[str] = frozenset()) -> tuple[list[Diagnostic], list[Validated]]:
    loaded = load_file(file, folder)
    return loaded.diagnostics, [validate_entry(raw, taxonomies, hosts) for raw in loaded.entries]


def check_site(content: Path, *, today: dt.date | None = None, preview: bool = False,
               only: list[Path] | None = None, cache: CheckCache | None = None,
               allowed_hosts: tuple[str, ...] | list[str] = ()) -> Report:
    """Run load -> validate -> enrich over `content`.

    Args:
        content: the content folder.
        today: date for validity windows; defaults to `today_for_build()`.
        preview: whether drafts and items in review are shown.
        only: report diagnostics only for these files (the whole site is still read,
            because references cross files); a path that is not a file under `content`
            is refused with L114, never passed silently.
        allowed_hosts: hosts content images may come from (mkdocs.yml, plugin `loa`).
    """
    today = today or today_for_build()
    report = Report(site=None)
    if not content.is_dir():
        report.diagnostics.append(make("L110", Location(display_path(content)), f"không có thư mục nội dung {quote(str(content))}",
                                       hint="chạy lệnh trong thư mục gốc của kho, nơi có thư mục content/"))
        return report
    hosts = frozenset(allowed_hosts)
    taxonomies, problems = load_taxonomies(content)
    report.diagnostics += problems
    search_words, problems = load_search_words(content)
    report.diagnostics += problems
    owner, problems = load_owner(content)
    report.diagnostics += problems
    archive_months, problems = load_archive_months(content)
    report.diagnostics += problems
    plain = {k: {t: term.name for t, term in v.items()} for k, v in taxonomies.items()}
    entries = []
    broken = []
    files = list(iter_content_files(content))
    if len(files) > MAX_FILES:  # refused before any file is read
        report.diagnostics.append(make("L113", Location(display_path(content)),
                                       f"có {len(files):,} tệp nội dung, tối đa {MAX_FILES:,} cho một lần dựng"))
        return report
    jobs = []
    for file in files:
        rel = file.relative_to(content)
        folder = rel.parts[0] if len(rel.parts) > 1 else ""
        report.files += 1  # every file read, taxonomies included, so `loa check` and `loa check content/` agree
        if folder == TAXONOMY_FOLDER:
            if len(rel.parts) != 2 or rel.name not in SETTINGS_FILES:
                report.diagnostics.append(make(
                    "L110", Location(display_path(file)),
                    f"tệp {quote(rel.as_posix())} ở thư mục danh mục không phải tệp nào loa đọc: nó bị bỏ qua",
                    hint="chuyển tệp nội dung vào thư mục của loại nó (hoi-dap/, van-ban/, …); trong danh-muc/ chỉ có: "
                         + ", ".join(sorted(SETTINGS_FILES))))
            continue
        kind = BY_FOLDER.get(folder)
        if kind is None or file.suffix != kind.extension or len(rel.parts) != 2:
            where = f"thư mục {quote(folder)}" if folder else "thư mục gốc content/"
            expected = f"tệp {kind.extension} ngay trong {folder}/" if kind else "một trong các thư mục: " + ", ".join(sorted(BY_FOLDER))
            report.diagnostics.append(make("L110", Location(display_path(file)),
                                           f"tệp {quote(rel.as_posix())} ở {where} không thuộc loại nội dung nào (cần {expected})"))
            continue
        jobs.append((file, folder))
    if cache is not None:
        loaded = [cache.load(file, folder, plain, hosts) for file, folder in jobs]
    else:
        loaded = load_all(jobs, plain, hosts)
    for diagnostics, results in loaded:
        report.diagnostics += diagnostics
        for validated in results:
            report.diagnostics += validated.diagnostics
            entries += validated.entries
            broken += validated.broken
    site, problems = enrich_site(entries, taxonomies, today, preview, search_words, broken=broken,
                                 archive_months=archive_months, real_today=today_in_viet_nam())
    site = replace(site, owner=owner)
    report.diagnostics += problems
    if only is not None:
        refused = list(iter_refused(content, only))
        wanted = {display_path(p) for p in only} - {d.location.path for d in refused}
        report.diagnostics = [d for d in report.diagnostics if d.location.path in wanted] + refused
        report.files = len(wanted)
    report.diagnostics.sort(key=lambda d: d.sort_key())
    report.site = site
    return report
