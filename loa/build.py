"""Run MkDocs with the loa plugin: check first, build into a fresh folder, swap it in atomically."""

from __future__ import annotations

import calendar
import logging
import os
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from loa.pipeline import Report, check_site

PREVIEW_ENV = "LOA_PREVIEW"


class BuildFailed(Exception):
    """The build stopped; the message says why in terms an editor can act on."""


@dataclass(frozen=True, slots=True)
class BuildResult:
    pages: int
    seconds: float


def source_date_epoch(report: Report) -> int:
    """A build timestamp taken from content (the latest review date), so builds are reproducible."""
    assert report.site is not None
    latest = max((e.reviewed for e in report.site.entries), default=None)
    if latest is None:
        return 0
    return calendar.timegm(latest.timetuple())


def build_site(config_file: Path, target: Path, *, preview: bool = False, verbose: bool = False) -> BuildResult:
    """Build into a sibling temporary folder and replace `target` only when everything succeeded.

    Raises:
        BuildFailed: content errors or a renderer failure; `target` is left as it was.
    """
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    started = time.monotonic()
    config_file = config_file.resolve()
    content = config_file.parent / "content"
    report = check_site(content, preview=preview)
    if report.failed():
        raise BuildFailed(report.format())
    os.environ.setdefault("SOURCE_DATE_EPOCH", str(source_date_epoch(report)))
    target = target.resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = target.parent / f".{target.name}.new-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    _configure_logging(verbose)
    try:
        from mkdocs.commands.build import build as mkdocs_build

        config = load_config(str(config_file), site_dir=str(staging), strict=True)
        plugin = config.plugins["loa"]
        plugin.config["preview"] = preview
        plugin.prechecked = report  # type: ignore[attr-defined]
        mkdocs_build(config)
        pages = sum(1 for _ in staging.rglob("index.html"))
        _swap(staging, target)
    except MkDocsException as exc:
        raise BuildFailed(f"MkDocs dừng: {exc}") from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return BuildResult(pages=pages, seconds=time.monotonic() - started)


def _swap(staging: Path, target: Path) -> None:
    """Put `staging` in place of `target` with renames; the old tree is removed afterwards."""
    old = target.parent / f".{target.name}.old-{os.getpid()}"
    if target.exists():
        os.replace(target, old)
    os.replace(staging, target)
    shutil.rmtree(old, ignore_errors=True)


def _configure_logging(verbose: bool) -> None:
    logger = logging.getLogger("mkdocs")
    if not logger.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(levelname)s - %(message)s"))
        logger.addHandler(handler)
    logger.setLevel(logging.DEBUG if verbose else logging.WARNING)


def serve_site(config_file: Path, *, dev_addr: str, preview: bool) -> int:
    """Serve with live reload; content errors are shown and the last good build stays up."""
    from mkdocs.commands.serve import serve
    from mkdocs.exceptions import MkDocsException

    if preview:
        os.environ[PREVIEW_ENV] = "1"
    _configure_logging(False)
    logging.getLogger("mkdocs").setLevel(logging.INFO)
    try:
        serve(config_file=str(config_file), dev_addr=dev_addr, livereload=True, watch=[str(config_file.parent / "theme")])
    except MkDocsException as exc:
        print(exc)
        return 1
    except KeyboardInterrupt:
        return 0
    return 0
