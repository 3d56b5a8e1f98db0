"""How one build runs: options read once at the edge, then passed down as a value.

`loa build` and `loa serve` make a `BuildContext` and hand it to the MkDocs plugin (`LoaPlugin.use`);
under bare `mkdocs build`/`serve` the plugin makes one from its config. Environment variables are
read here only, and only the user-facing switches the README documents.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

RENDER_PROCESSES_ENV = "LOA_RENDER_PROCESSES"  # 1: one process; 2 splits even a small site
CACHE_ENV = "LOA_CACHE_DIR"  # where PNGs are cached; "off" draws every PNG afresh
TIMING_ENV = "LOA_TIMING"  # 1: say on stderr when each build phase ended
MIN_SPLIT_PAGES = 400  # below this a second process (loa.shard, the hubs' helper) costs more than it saves


@dataclass(frozen=True, slots=True)
class BuildOptions:
    preview: bool = False  # drafts shown and marked; noindex
    local: bool = False  # a build to look at on this machine: may name 127.0.0.1; noindex
    render_processes: int = 1  # processes that render pages (loa.shard)
    split_small_sites: bool = False  # split pages between processes even under MIN_SPLIT_PAGES
    png_cache: Path | None = None  # None: no cache
    timing: bool = False
    own_process: bool = False  # `loa build`: the process ends with the build, so it may lower its priority for good

    def splits(self, pages: int) -> bool:
        """Whether a build of `pages` pages forks a second process to share the work (where fork exists)."""
        return self.render_processes > 1 and (pages >= MIN_SPLIT_PAGES or self.split_small_sites)


@dataclass(frozen=True, slots=True)
class BuildContext:
    """What `loa build`/`loa serve` tell the plugin: the options, and a check already run (or None)."""

    options: BuildOptions
    prechecked: Any = None  # loa.pipeline.Report of this very content, so the plugin does not check twice


def options_from_environment(project: Path, *, preview: bool = False, local: bool = False,
                             processes: int = 1, environ: Mapping[str, str] | None = None) -> BuildOptions:
    """The documented switches (README, "Speed"): LOA_RENDER_PROCESSES, LOA_CACHE_DIR, LOA_TIMING.

    Args:
        project: the folder of mkdocs.yml (the PNG cache defaults to .cache/loa/png there).
        processes: render processes when LOA_RENDER_PROCESSES does not say (`loa build` passes the CPUs).
    """
    env = os.environ if environ is None else environ
    forced = env.get(RENDER_PROCESSES_ENV, "")
    count = int(forced) if forced.isdigit() and int(forced) > 0 else processes
    return BuildOptions(preview=preview, local=local, render_processes=count, split_small_sites=bool(forced),
                        png_cache=png_cache_dir(project, env), timing=bool(env.get(TIMING_ENV)))


def png_cache_dir(project: Path, environ: Mapping[str, str]) -> Path | None:
    """`$LOA_CACHE_DIR`, or `.cache/loa/png` beside mkdocs.yml; None when the cache is turned off."""
    configured = environ.get(CACHE_ENV)
    if configured == "off":
        return None
    return Path(configured) / "png" if configured else project / ".cache" / "loa" / "png"
