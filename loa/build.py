"""Run MkDocs with the loa plugin: check first, build into a fresh folder, swap it in atomically."""

from __future__ import annotations

import calendar
import contextlib
import dataclasses
import logging
import os
import shutil
import signal
import subprocess
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from loa.errors import LoaError
from loa.options import BuildContext, options_from_environment
from loa.pipeline import Report, check_site
from loa.trash import discard
from loa.workers import cpu_count


class BuildFailed(LoaError):
    """The build stopped; the message says why in terms an editor can act on."""


@dataclass(frozen=True, slots=True)
class BuildResult:
    pages: int
    seconds: float
    # The process deleting the previous builds, which `loa build` does not wait for (tests may).
    cleanup: subprocess.Popen[bytes] | None = None


def source_date_epoch(report: Report) -> int:
    """A build timestamp taken from content (the latest review date), so builds are reproducible."""
    assert report.site is not None
    latest = max((e.reviewed for e in report.site.entries), default=None)
    if latest is None:
        return 0
    return calendar.timegm(latest.timetuple())


def build_site(config_file: Path, target: Path, *, preview: bool = False, verbose: bool = False,
               local: bool = False, own_process: bool = False) -> BuildResult:
    """Build into a sibling temporary folder and replace `target` only when everything succeeded.

    Args:
        local: a build to look at on this machine: it may name 127.0.0.1 and is noindex.
            A public build (neither `local` nor `preview`) needs a public `site_url`.
        own_process: the process ends after this build (`loa build`), so the build may lower its
            priority for good (`BuildOptions.own_process`).

    Raises:
        BuildFailed: no public address, content errors or a renderer failure; `target` is left as it was.
    """
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    from loa.address import AddressMissing, resolve_address

    started = time.monotonic()
    config_file = config_file.resolve()
    try:  # before the check: a missing address is known at once
        settings = load_config(str(config_file))
        resolve_address(settings.site_url, local=local or preview)
    except AddressMissing as exc:
        raise BuildFailed(str(exc)) from None
    except MkDocsException as exc:
        raise BuildFailed(f"mkdocs.yml không hợp lệ: {exc}") from None
    content = Path(settings.docs_dir)  # MkDocs has made it absolute, relative to mkdocs.yml
    report = check_site(content, preview=preview, allowed_hosts=settings.plugins["loa"].config.allowed_hosts)
    if report.failed():
        raise BuildFailed(report.format())
    target = target.parent.resolve() / target.name
    target.parent.mkdir(parents=True, exist_ok=True)
    builds = target.parent / f".{target.name}.builds"
    builds.mkdir(exist_ok=True)
    parent = os.getpid()
    staging = builds / f"build-{time.time_ns()}-{parent}"
    _configure_logging(verbose)
    options = dataclasses.replace(options_from_environment(config_file.parent, preview=preview, local=local,
                                                           processes=cpu_count()), own_process=own_process)
    plugin = None
    try:
        with _interruptible(), _build_date(source_date_epoch(report)):
            from mkdocs.commands.build import build as mkdocs_build

            config = load_config(str(config_file), site_dir=str(staging), strict=True)
            plugin = config.plugins["loa"]
            plugin.use(BuildContext(options, prechecked=report))  # type: ignore[attr-defined]
            mkdocs_build(config)
        pages = sum(1 for _ in staging.rglob("index.html"))
        cleanup = _swap(staging, target)  # one rename, after which the new site is in place: not interrupted
    except MkDocsException as exc:
        raise BuildFailed(f"MkDocs dừng: {exc}") from None
    except Interrupted as exc:
        failed = BuildFailed(f"Bị dừng giữa chừng ({exc}).")
        if plugin is not None:  # MkDocs tells plugins only of an Exception: stop the workers here
            plugin.on_build_error(error=failed)
        raise failed from None
    finally:
        if os.getpid() != parent:  # a forked renderer (loa.shard) must never clean up the parent's build
            os._exit(1)
        if staging.exists() and _current(target) != staging:
            shutil.rmtree(staging, ignore_errors=True)
    return BuildResult(pages=pages, seconds=time.monotonic() - started, cleanup=cleanup)


class Interrupted(BaseException):
    """SIGTERM or SIGINT arrived during a build.

    Not an Exception, like KeyboardInterrupt: raised wherever the signal lands, it must pass the
    `except Exception` on its way (logging swallowed it when it landed in a log write, MkDocs
    would run its own error path); `build_site` turns it into a BuildFailed.
    """


@contextlib.contextmanager
def _interruptible() -> Iterator[None]:
    """Turn SIGTERM/SIGINT into an exception, so cleanup runs and the old site stays as it was."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum: int, frame: object) -> None:
        for s in (signal.SIGTERM, signal.SIGINT):  # one is enough: a second must not cut short the cleanup
            signal.signal(s, signal.SIG_IGN)
        raise Interrupted(signal.Signals(signum).name)

    previous = {s: signal.signal(s, stop) for s in (signal.SIGTERM, signal.SIGINT)}
    try:
        yield
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)


@contextlib.contextmanager
def _build_date(epoch: int) -> Iterator[None]:
    """MkDocs dates the build (sitemap, gzip header) from $SOURCE_DATE_EPOCH: set it from the content for
    this build only, unless the caller set it, and put the environment back after (it must not leak
    into a later build in the same process)."""
    given = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = given or str(epoch)
    try:
        yield
    finally:
        if given is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)


def _current(target: Path) -> Path | None:
    return target.parent / os.readlink(target) if target.is_symlink() else None


def _swap(staging: Path, target: Path) -> subprocess.Popen[bytes] | None:
    """Point `target` at the new build in one step (an atomic symlink replace), then drop old builds
    in the background (`loa.trash`); returns the deleting process.

    The first time, a real directory at `target` (from an older loa or by hand) is moved into the
    builds folder; from then on every swap is a single rename of a symlink.
    """
    builds = staging.parent
    if target.exists() and not target.is_symlink():
        os.replace(target, builds / f"previous-{time.time_ns()}")
    link = target.parent / f".{target.name}.link-{os.getpid()}"
    if link.is_symlink() or link.exists():
        link.unlink()
    os.symlink(os.path.relpath(staging, target.parent), link)
    os.replace(link, target)
    return discard(builds, staging)


def _configure_logging(verbose: bool) -> None:
    logger = logging.getLogger("mkdocs")
    if not logger.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(levelname)s - %(message)s"))
        logger.addHandler(handler)
    logger.setLevel(logging.DEBUG if verbose else logging.WARNING)
