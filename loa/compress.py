"""Built site -> `.br` and `.gz` beside each compressible file, for hosts that serve them as they are.

nginx (`gzip_static`, `brotli_static`) and most static hosts send a pre-compressed file when the
browser accepts it, so the build does the strongest compression once instead of the server on every
request. Both encodings are deterministic: the same file gives the same bytes (gzip without a name
or a time; brotli has neither).
"""

from __future__ import annotations

import gzip
import hashlib
import time
import zlib
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path

import brotli

from loa.raster import CACHE_MAX_AGE_DAYS, mark_used, remove_unused, write_atomically
from loa.sitefiles import place, site_files
from loa.workers import yielding

# Text formats a browser fetches. Pagefind's index files (.pf_*) and its WebAssembly are gzip already.
COMPRESSIBLE = {".html", ".css", ".js", ".mjs", ".json", ".xml", ".svg", ".txt", ".csv", ".ics", ".map", ".webmanifest"}
MIN_SIZE = 512  # below this a compressed file saves less than a packet's headers cost
MIN_SAVING = 0.9  # keep a compressed copy only when it is at most 90 % of the original
# Brotli's strongest setting costs about 4 s a megabyte: it is kept for the theme's CSS and JavaScript,
# which every visitor fetches and which change only with the theme; pages and data get quality 7
# (a few per cent larger, fifty times faster). Both are cached by content (`compress_file`).
BEST, FAST = 11, 7
# gzip is for the few clients without brotli: level 6 is 0.3 % larger than 9 and a quarter faster
# (N = 1,000 benchmark site: 7.95 against 7.92 MB, 1.24 against 1.64 s of CPU).
GZIP_LEVEL = 6
THEME = "assets/"
# Material ships its lunr search and worker; loa uses Pagefind, so no page ever fetches them.
UNUSED = ("assets/javascripts/lunr/", "assets/javascripts/workers/")


@dataclass(frozen=True, slots=True)
class Compressed:
    files: int  # files given .br and .gz copies
    original: int  # their bytes
    brotli: int  # bytes of their .br copies
    gzip: int  # bytes of their .gz copies


def iter_compressible(site_dir: Path, within: str = "", skip: tuple[str, ...] = ()) -> Iterator[Path]:
    """Files worth compressing, in a stable order (the site's own `.br`/`.gz` are never compressed again).

    Args:
        within: only this folder of the site; skip: leave out paths (from the site's root) with these prefixes.
    """
    for path in site_files(site_dir, within, skip):  # not into skipped folders (Pagefind's may be changing)
        if path.suffix in COMPRESSIBLE and not path.relative_to(site_dir).as_posix().startswith(UNUSED):
            if path.is_file() and not path.is_symlink() and path.stat().st_size >= MIN_SIZE:
                yield path


def _cache_key(data: bytes) -> str:
    """What decides both copies' bytes: the file's, the encoders' versions and settings."""
    digest = hashlib.sha256(f"brotli {brotli.__version__} zlib {zlib.ZLIB_RUNTIME_VERSION} gzip {GZIP_LEVEL}\n".encode())
    digest.update(data)
    return digest.hexdigest()


def _cached_size(file: Path) -> int:
    """The size of a cached copy (it is then marked as used), or 0 when there is none (or it is empty)."""
    try:
        found = file.stat()
        if found.st_size:
            mark_used(file, found.st_mtime)  # recently used: kept by `prune`
    except OSError:
        return 0
    return found.st_size


def prune(cache_dir: Path | None, max_age_days: int = CACHE_MAX_AGE_DAYS) -> int:
    """Remove cached copies no build has used for `max_age_days`; return how many."""
    if cache_dir is None or not cache_dir.is_dir():
        return 0
    return remove_unused(cache_dir.rglob("*"), max_age_days)  # rglob: also the flat `<sha256>.br` of older versions


def prune_daily(cache_dir: Path | None) -> int:
    """`prune`, at most once a day (a large site's cache holds tens of thousands of copies to look at)."""
    if cache_dir is None:
        return 0
    stamp = cache_dir / ".pruned"
    try:
        if time.time() - stamp.stat().st_mtime < 86400:
            return 0
    except OSError:
        pass
    removed = prune(cache_dir)
    try:
        stamp.touch()
    except OSError:
        pass
    return removed


def compress_file(path: Path, *, best: bool = False, cache_dir: Path | None = None) -> tuple[int, int, int] | None:
    """Write `path.br` and `path.gz`; return the three sizes, or None (and remove stale copies) when it does not pay.

    Args:
        best: brotli at its strongest (the theme's files), else at FAST.
        cache_dir: where copies are kept by content between builds. Compression is most of what a
            build does after the pages besides Pagefind (10 s of CPU for the 155 MB of pages and data
            at N = 5,000), and a rebuild leaves most pages as they were: a cached copy is linked
            or copied instead (`loa.sitefiles.place`, like the PNGs).
    """
    data = path.read_bytes()
    quality = BEST if best else FAST
    key = _cache_key(data) if cache_dir is not None else ""
    made: list[tuple[Path, bytes | Path, int]] = []  # (copy to write, its bytes or the cached file, its size)
    for target, suffix, make in (
            (path.with_name(path.name + ".br"), f"q{quality}.br",
             lambda: brotli.compress(data, quality=quality, mode=brotli.MODE_TEXT)),
            (path.with_name(path.name + ".gz"), "gz", lambda: gzip.compress(data, GZIP_LEVEL, mtime=0))):
        cached = cache_dir / key[:2] / f"{key}.{suffix}" if cache_dir is not None else None
        size = _cached_size(cached) if cached is not None else 0
        if cached is not None and size:
            made.append((target, cached, size))
            continue
        packed = make()
        if cached is not None:
            write_atomically(cached, packed)  # a full disk costs speed next time, not this build
        made.append((target, packed, len(packed)))
    if made[1][2] > MIN_SAVING * len(data):
        for target, _, _ in made:
            target.unlink(missing_ok=True)
        return None
    for target, source, _ in made:
        place(source, target)
    return len(data), made[0][2], made[1][2]


BATCH = 64  # files per job sent to a worker process


def compress_batch(site_dir: Path, paths: list[Path], cache_dir: Path | None) -> list[tuple[int, int, int] | None]:
    """`compress_file` for each of `paths` (in a worker process: see `compress_site`)."""
    return [compress_file(p, best=p.relative_to(site_dir).as_posix().startswith(THEME), cache_dir=cache_dir)
            for p in paths]


def compress_site(site_dir: Path, cache_dir: Path | None = None, *, within: str = "", skip: tuple[str, ...] = (),
                  submit: Callable[..., Future[list[tuple[int, int, int] | None]]] | None = None) -> Compressed:
    """Give every compressible file of the built site its `.br` and `.gz` copies.

    Args:
        cache_dir: where compressed copies are kept between builds (`compress_file`); None: no cache.
        within, skip: compress part of the site (`loa build` compresses the pages while Pagefind
            indexes them, and Pagefind's own files afterwards).
        submit: given (a worker pool's `submit`), files are compressed in batches by the worker
            processes, else here: brotli's buffers for a page of a megabyte (tens of MB, kept by the
            allocator once used) stay out of this process. The same bytes either way. The workers
            then run at a lower priority (`loa.workers.yielding`), so the pool must have no other work to do.
    """
    files = original = packed_br = packed_gz = 0

    paths = list(iter_compressible(site_dir, within, skip))
    if submit is not None:
        jobs = [submit(yielding, compress_batch, site_dir, paths[i:i + BATCH], cache_dir)
                for i in range(0, len(paths), BATCH)]
        done = [sizes for job in jobs for sizes in job.result()]
    else:
        done = compress_batch(site_dir, paths, cache_dir)
    for sizes in done:
        if sizes is not None:
            files += 1
            original += sizes[0]
            packed_br += sizes[1]
            packed_gz += sizes[2]
    return Compressed(files, original, packed_br, packed_gz)
