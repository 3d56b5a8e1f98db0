"""SVG -> PNG locally with the DejaVu fonts shipped in loa/fonts/ (no service, the same bytes for the
same input on every system): loa's own drawings with Pillow (`loa.paint`), anything else with resvg.

Drawing pixels is the costliest step of a build (5-55 ms per image with Pillow, 20-270 ms with resvg),
and a PNG depends only on its SVG, its width, the renderers and the fonts. So PNGs are kept in a
content-addressed cache (like Material's social cards in `.cache/`), and the ones the cache lacks are
drawn in worker processes while MkDocs renders the pages.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import Future
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from loa import paint as paint_module
from loa.errors import LoaError
from loa.paint import paint
from loa.sitefiles import FILE_MODE, place
from loa.workers import Workers, in_background

# Shipped with loa (licence in loa/fonts/LICENSE) rather than looked up on the system: another
# system's fonts draw other pixels, and a system without them once got a site with no PNGs at all.
FONT_DIR = Path(__file__).resolve().parent / "fonts"
FONT_NAMES = ("DejaVuSans-Bold.ttf", "DejaVuSans.ttf")
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
CACHE_MAX_AGE_DAYS = 30  # an image no build has used for this long is removed from the cache
USED_RESOLUTION = 86400  # seconds: how stale a cache file's "last used" time may be (`mark_used`)


@dataclass(frozen=True, slots=True)
class Raster:
    """A PNG still to draw: its SVG and its width in pixels (the height follows the SVG)."""

    svg: str
    width: int


class FontsMissing(LoaError):
    """The fonts PNGs are drawn with are not where loa ships them (a damaged install)."""


VIEWBOX = re.compile(r'viewBox="[-\d.]+ [-\d.]+ ([\d.]+) ([\d.]+)"')


def estimated_cost(job: Raster) -> float:
    """Pixels to fill, the bulk of resvg's time (its text adds little): width x height at the drawn width."""
    box = VIEWBOX.search(job.svg[:1000])
    ratio = float(box.group(2)) / float(box.group(1)) if box and float(box.group(1)) else 1.0
    return job.width * job.width * ratio


def font_files() -> tuple[str, ...]:
    """The font files PNG text is drawn with.

    Raises:
        FontsMissing: a file is missing, so the build stops rather than leave PNGs, og:images
            and download links out of the site.
    """
    return _font_files(FONT_DIR)


@lru_cache(maxsize=4)
def _font_files(font_dir: Path) -> tuple[str, ...]:
    missing = [name for name in FONT_NAMES if not (font_dir / name).is_file()]
    if missing:
        raise FontsMissing(f"Không có phông chữ để vẽ ảnh PNG: thiếu {', '.join(missing)} trong {font_dir}/. "
                           "Cài lại loa (scripts/setup-venv, hoặc pip install --force-reinstall .) để có lại "
                           "thư mục loa/fonts/; không dựng trang thiếu ảnh PNG.")
    return tuple(str(font_dir / name) for name in FONT_NAMES)


def can_rasterise() -> bool:
    """True: the fonts ship with loa. Kept for the templates' `has_png`.

    Raises:
        FontsMissing: the shipped fonts are gone (see `font_files`).
    """
    return bool(font_files())


def rasterise(svg: str, width: int) -> bytes | None:
    """PNG bytes of `svg` scaled to `width` pixels: drawn by `loa.paint` if it can, else by resvg.

    Raises:
        FontsMissing: no font to draw the text with.
    """
    font_files()
    return paint(svg, width, str(FONT_DIR)) or resvg_png(svg, width)


def resvg_png(svg: str, width: int) -> bytes:
    """PNG bytes of `svg` scaled to `width` pixels, drawn by resvg.

    Raises:
        FontsMissing: no font to draw the text with.
    """
    fonts = font_files()
    import resvg_py

    png = resvg_py.svg_to_bytes(svg_string=svg, width=width, skip_system_fonts=True, font_files=list(fonts),
                                font_family="DejaVu Sans", sans_serif_family="DejaVu Sans")
    return bytes(png)


IN_CACHE = b""  # what `rasterise_into` returns when the PNG is in the cache file


def rasterise_into(svg: str, width: int, file: str) -> bytes | None:
    """`rasterise`, written into the cache `file` (atomically); returns IN_CACHE, or the PNG's bytes
    when the file could not be written, or None."""
    png = rasterise(svg, width)
    if png is None:
        return None
    return IN_CACHE if write_atomically(Path(file), png) else png


def write_atomically(file: Path, data: bytes) -> bool:
    """Write `data` to `file` so that readers see the old file or the whole new one; False on a disk error.

    The file gets the mode any other new file gets (mkstemp's 0600 would follow the hard link into
    the site, and a web server running as another user could not read it)."""
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=file.parent, suffix=".tmp")
        os.fchmod(fd, FILE_MODE)
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.replace(tmp, file)
    except OSError:
        return False
    return True


def cache_day() -> int:
    """Days since 1970: when a cache row (loa.htmlcache, the page guard's verdicts) was last used."""
    return int(time.time() // 86400)


def mark_used(file: Path, mtime: float | None = None) -> None:
    """Mark a cache file as used (its modification time), for `remove_unused`: only when it was last
    marked a day ago or more (`mtime`, if the caller has it), so a rebuild does not rewrite thousands
    of files' metadata (2 per page for the compressed copies) to move their age by minutes."""
    try:
        if time.time() - (file.stat().st_mtime if mtime is None else mtime) >= USED_RESOLUTION:
            os.utime(file)
    except OSError:  # removed or read-only meanwhile: the entry is only pruned sooner
        pass


def remove_unused(files: Iterable[Path], max_age_days: int = CACHE_MAX_AGE_DAYS) -> int:
    """Remove the cache files no build has used (touched) for `max_age_days`; return how many."""
    limit, removed = time.time() - max_age_days * 86400, 0
    for file in files:
        try:
            if file.is_file() and file.stat().st_mtime < limit:
                file.unlink()
                removed += 1
        except FileNotFoundError:  # another build removed it meanwhile
            continue
    return removed


@lru_cache(maxsize=1)
def renderer_id() -> str:
    """What else decides a PNG's bytes: the resvg and Pillow versions, loa's painter and the exact font files."""
    fonts = "".join(hashlib.sha256(Path(f).read_bytes()).hexdigest()[:16] for f in font_files())
    painter = hashlib.sha256(Path(paint_module.__file__ or "").read_bytes()).hexdigest()[:16]
    return f"resvg_py {metadata.version('resvg_py')} pillow {metadata.version('pillow')} paint {painter} {fonts}"


def cache_key(job: Raster) -> str:
    digest = hashlib.sha256(f"{renderer_id()}\n{job.width}\n".encode())
    digest.update(job.svg.encode())
    return digest.hexdigest()


class Rasteriser:
    """Collects the PNGs a build needs and hands back their bytes, drawn or cached.

    Cache misses are sent to the worker processes as soon as they are submitted, so they are
    drawn while the main process renders pages.
    """

    def __init__(self, cache_dir: Path | None, workers: Workers) -> None:
        self.cache_dir = cache_dir
        self.workers = workers
        self.hits = self.drawn = 0
        self._pending: list[tuple[str, str, Raster, Future[bytes | None]]] = []
        self._ready: list[tuple[str, str, Raster]] = []  # in the cache: read when written (not held meanwhile)
        self._drawing: dict[str, Future[bytes | None]] = {}  # by cache key: the same picture is drawn once

    def submit_all(self, jobs: list[tuple[str, Raster]]) -> None:
        """Submit PNGs largest first: the last job to finish is a small one, so no CPU idles at the end."""
        for path, job in sorted(jobs, key=lambda pj: (-estimated_cost(pj[1]), pj[0])):
            self.submit(path, job)

    def submit(self, path: str, job: Raster) -> None:
        if not can_rasterise():
            return
        key = cache_key(job)
        if self._in_cache(key):
            self.hits += 1
            self._ready.append((path, key, job))
            return
        if key not in self._drawing:  # (two slogans of the same text share their banners' pixels)
            self._drawing[key] = self._draw(key, job)
        self._pending.append((path, key, job, self._drawing[key]))

    def results(self) -> Iterator[tuple[str, bytes]]:
        """Yield `(path, png)` for every submitted image, waiting for the workers; fills the cache.

        Cached images are read one at a time here, not when submitted: a large site's PNGs (2,000 at
        N = 5,000, about 90 MB) are not all held while the pages render.
        """
        for path, found in self._found():
            yield path, found if isinstance(found, bytes) else found.read_bytes()

    def write_into(self, site_dir: Path) -> None:
        """Write every submitted image under `site_dir`, waiting for the workers; fills the cache.

        An image in the cache is linked or copied (`loa.sitefiles.place`), not read into this process.
        """
        for path, found in self._found():
            target = site_dir / path
            target.parent.mkdir(parents=True, exist_ok=True)
            place(found, target)

    def _found(self) -> Iterator[tuple[str, bytes | Path]]:
        """`(path, PNG bytes or the cache file that holds them)` for every submitted image."""
        for path, key, job in self._ready:
            cached = self._valid_file(key)
            if cached is None:  # gone or damaged since it was found: drawn after all
                self._pending.append((path, key, job, self.workers.submit(rasterise, job.svg, job.width)))
                continue
            yield path, cached
        counted: set[str] = set()
        for path, key, job, future in self._pending:
            png = future.result()
            if png is None:
                continue
            if key not in counted:
                counted.add(key)
                self.drawn += 1
            if png == IN_CACHE:  # the worker wrote it into the cache
                file = self._valid_file(key)
                if file is not None:
                    yield path, file
                    continue
                png = rasterise(job.svg, job.width)
                if png is None:
                    continue
            else:
                self._write_cache(key, png)
            yield path, png
        self._pending, self._ready, self._drawing = [], [], {}

    def _draw(self, key: str, job: Raster) -> Future[bytes | None]:
        """Draw `job` in a worker; with a cache, the worker writes the PNG there and returns IN_CACHE, so a
        cold build's drawn PNGs (90 MB at N = 5,000) do not wait in this process for the pages to render."""
        file = self._file(key)
        if file is None:
            return self.workers.submit(in_background, rasterise, job.svg, job.width)
        return self.workers.submit(in_background, rasterise_into, job.svg, job.width, str(file))

    def prune(self, max_age_days: int = CACHE_MAX_AGE_DAYS) -> int:
        """Remove cached images no build has used for `max_age_days`; return how many."""
        if self.cache_dir is None or not self.cache_dir.is_dir():
            return 0
        return remove_unused(self.cache_dir.glob("*/*.png"), max_age_days)

    def _file(self, key: str) -> Path | None:
        return None if self.cache_dir is None else self.cache_dir / key[:2] / f"{key}.png"

    def _in_cache(self, key: str) -> bool:
        """Whether the cache holds the PNG (it starts as one; `_valid_file` checks it again before it is used)."""
        file = self._file(key)
        if file is None:
            return False
        try:
            with open(file, "rb") as src:
                start = src.read(len(PNG_SIGNATURE))
                mtime = os.fstat(src.fileno()).st_mtime
        except OSError:
            return False
        if start != PNG_SIGNATURE:
            return False  # a damaged entry is drawn again and overwritten
        mark_used(file, mtime)  # recently used: kept by prune()
        return True

    def _valid_file(self, key: str) -> Path | None:
        """The cache file of `key` when it holds a PNG (it is then marked as used), else None.

        Another build sharing the cache replaces a file only atomically (`write_atomically`), and
        `prune` removes only files no build has used for weeks: a file found valid here stays so.
        """
        return self._file(key) if self._in_cache(key) else None

    def _write_cache(self, key: str, png: bytes) -> None:
        file = self._file(key)
        if file is not None:
            write_atomically(file, png)  # a read-only or full disk costs speed next time, not this build
