"""Built site -> `.br` and `.gz` beside each compressible file, for hosts that serve them as they are.

nginx (`gzip_static`, `brotli_static`) and most static hosts send a pre-compressed file when the
browser accepts it, so the build does the strongest compression once instead of the server on every
request. Both encodings are deterministic: the same file gives the same bytes (gzip without a name
or a time; brotli has neither).
"""

from __future__ import annotations

import gzip
import hashlib
import os
import tempfile
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import brotli

# Text formats a browser fetches. Pagefind's index files (.pf_*) and its WebAssembly are gzip already.
COMPRESSIBLE = {".html", ".css", ".js", ".mjs", ".json", ".xml", ".svg", ".txt", ".csv", ".ics", ".map", ".webmanifest"}
MIN_SIZE = 512  # below this a compressed file saves less than a packet's headers cost
MIN_SAVING = 0.9  # keep a compressed copy only when it is at most 90 % of the original
# Brotli's strongest setting costs about 4 s a megabyte: it is kept for the theme's CSS and JavaScript,
# which every visitor fetches and which change only with the theme (so their .br are cached by content);
# pages and data get quality 7 (a few per cent larger, fifty times faster).
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
    for path in sorted((site_dir / within).rglob("*")):
        # The prefix first: a skipped folder may be changing meanwhile (Pagefind writing its index).
        if path.suffix in COMPRESSIBLE and not path.relative_to(site_dir).as_posix().startswith(UNUSED + skip):
            if path.is_file() and not path.is_symlink() and path.stat().st_size >= MIN_SIZE:
                yield path


def brotli_best(data: bytes, cache_dir: Path | None) -> bytes:
    """Brotli at its strongest, from the cache when the same bytes were compressed before."""
    file = None if cache_dir is None else cache_dir / f"{hashlib.sha256(data).hexdigest()}.br"
    if file is not None and file.is_file():
        return file.read_bytes()
    packed = brotli.compress(data, quality=BEST, mode=brotli.MODE_TEXT)
    if file is not None:
        file.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=file.parent, suffix=".tmp")
        with os.fdopen(fd, "wb") as out:
            out.write(packed)
        os.replace(tmp, file)  # a reader sees no file or the whole file
    return packed


def compress_file(path: Path, *, best: bool = False, cache_dir: Path | None = None) -> tuple[int, int, int] | None:
    """Write `path.br` and `path.gz`; return the three sizes, or None (and remove stale copies) when it does not pay."""
    data = path.read_bytes()
    packed_br = brotli_best(data, cache_dir) if best else brotli.compress(data, quality=FAST, mode=brotli.MODE_TEXT)
    packed_gz = gzip.compress(data, compresslevel=GZIP_LEVEL, mtime=0)
    br, gz = path.with_name(path.name + ".br"), path.with_name(path.name + ".gz")
    if len(packed_gz) > MIN_SAVING * len(data):
        br.unlink(missing_ok=True)
        gz.unlink(missing_ok=True)
        return None
    br.write_bytes(packed_br)
    gz.write_bytes(packed_gz)
    return len(data), len(packed_br), len(packed_gz)


BATCH = 64  # files per job sent to a worker process


# Niceness of the worker processes that compress: below Pagefind, which indexes the same pages meanwhile.
# Pagefind reads pages on every core, then builds its index on one: at the default priority the
# two took turns on both cores and Pagefind's one-core part came last, alone (N = 5,000: 17 s for
# what fits in 11); yielding, compression takes the core Pagefind leaves free.
YIELDING = 10


def compress_batch(site_dir: Path, paths: list[Path], cache_dir: Path | None, *,
                   yielding: bool = False) -> list[tuple[int, int, int] | None]:
    """`compress_file` for each of `paths` (in a worker process: see `compress_site`).

    `yielding`: first lower this process's priority to YIELDING, for good (without privileges a
    process cannot raise it again): only for workers that do nothing else afterwards.
    """
    if yielding and hasattr(os, "getpriority") and os.getpriority(os.PRIO_PROCESS, 0) < YIELDING:
        os.setpriority(os.PRIO_PROCESS, 0, YIELDING)
    return [compress_file(p, best=p.relative_to(site_dir).as_posix().startswith(THEME), cache_dir=cache_dir)
            for p in paths]


def compress_site(site_dir: Path, cache_dir: Path | None = None, *, within: str = "", skip: tuple[str, ...] = (),
                  submit: Callable[..., Future[list[tuple[int, int, int] | None]]] | None = None) -> Compressed:
    """Give every compressible file of the built site its `.br` and `.gz` copies.

    Args:
        cache_dir: where the theme's strongest-brotli copies are kept between builds; None: no cache.
        within, skip: compress part of the site (`loa build` compresses the pages while Pagefind
            indexes them, and Pagefind's own files afterwards).
        submit: given (a worker pool's `submit`), files are compressed in batches by the worker
            processes, else here: brotli's buffers for a page of a megabyte (tens of MB, kept by the
            allocator once used) stay out of this process. The same bytes either way. The workers
            then run at a lower priority (YIELDING), so the pool must have no other work to do.
    """
    files = original = packed_br = packed_gz = 0

    paths = list(iter_compressible(site_dir, within, skip))
    if submit is not None:
        jobs = [submit(partial(compress_batch, yielding=True), site_dir, paths[i:i + BATCH], cache_dir)
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
