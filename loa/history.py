"""git history of content/ (or, without it, the content itself) -> approvals, changes and withdrawals.

The build reads the history of the branch it builds (first parent: each merged pull request is one
step), so an approval date or a merge commit is shown only when the checkout has that history; a
shallow clone or an export without git gives only what the files themselves say, and nothing is
invented. `loa check --changed` uses the same reading to require a `change_note` when the public
text of an approved item changes.
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from loa.changes import GitError, _git
from loa.errors import Diagnostic, Location, make
from loa.kinds import BY_FOLDER
from loa.load import display_path, split_front_matter
from loa.model import Entry

FastLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# Front-matter keys that are not the item's public text: changing only these needs no change note.
NOT_TEXT = frozenset({"status", "reviewed", "change_note", "reconfirmed"})
PR_NUMBER = re.compile(r"^Merge pull request #(\d+)\b|\(#(\d+)\)\s*$")


@dataclass(frozen=True, slots=True)
class Event:
    """One step in the public life of an item."""

    kind: str  # "added" (approved and published), "changed" (with a note), "withdrawn"
    date: dt.date
    id: str
    item_kind: str  # the content kind: "message", "qa", …
    title: str
    note: str | None = None  # the change note, or the reason for a withdrawal
    commit: str | None = None  # the commit on the built branch (a merge commit for a pull request)
    pr: int | None = None


@dataclass(frozen=True, slots=True)
class History:
    """Every event, newest first; `from_git` says whether dates of approval could be known."""

    events: tuple[Event, ...] = ()
    from_git: bool = False
    _by_id: dict[str, tuple[Event, ...]] = field(default_factory=dict, compare=False, repr=False)

    def of(self, ident: str) -> tuple[Event, ...]:
        """The events of one item, newest first."""
        if not self._by_id and self.events:
            grouped: dict[str, list[Event]] = {}
            for event in self.events:
                grouped.setdefault(event.id, []).append(event)
            self._by_id.update({k: tuple(v) for k, v in grouped.items()})
        return self._by_id.get(ident, ())

    def last_change(self, ident: str) -> Event | None:
        return next((e for e in self.of(ident) if e.kind == "changed"), None)


def read_history(content: Path, entries: tuple[Entry, ...], cache: dict[str, list[Event]] | None = None) -> History:
    """The history of `content` from git when the checkout has all of it, else from the files alone.

    Args:
        cache: events already read, by commit (`loa serve` keeps it between rebuilds).
    """
    try:
        root = Path(_git("rev-parse", "--show-toplevel", cwd=content)[0])
        shallow = _git("rev-parse", "--is-shallow-repository", cwd=content)[0] == "true"
        head = _git("rev-parse", "HEAD", cwd=content)[0]
        folder = content.resolve().relative_to(root.resolve()).as_posix()
    except (GitError, IndexError, ValueError):
        return History(tuple(_from_content(entries, set())), from_git=False)
    if shallow:
        return History(tuple(_from_content(entries, set())), from_git=False)
    if cache is not None and head in cache:
        events = list(cache[head])
    else:
        commits = _git_log(root, folder)
        if not commits:  # content/ never committed: the files are all there is
            return History(tuple(_from_content(entries, set())), from_git=False)
        events = _replay(commits, _read_blobs(root, commits))
        if cache is not None:
            cache.clear()
            cache[head] = list(events)
    noted = {(e.id, e.note) for e in events}
    # A note written but not yet committed is still the item's latest change.
    events += _from_content(entries, noted, withdrawals=False)
    return History(_newest_first(_drop_text_of_withdrawn(events, entries)), from_git=True)


@dataclass(frozen=True, slots=True)
class _Commit:
    sha: str
    date: dt.date
    subject: str
    files: tuple[tuple[str, str], ...]  # (A/M/D, path from the repository root)


def _git_log(root: Path, folder: str) -> list[_Commit]:
    """Commits of the current branch that touched `folder`, oldest first (merges as one step)."""
    lines = _git("log", "--first-parent", "-m", "--no-renames", "--name-status",
                 "--format=%x00%H%x1f%cs%x1f%s", "--", folder, cwd=root)
    commits: list[_Commit] = []
    for line in lines:
        if line.startswith("\x00"):  # not \x1e: str.splitlines() splits on it
            sha, date, subject = line[1:].split("\x1f", 2)
            commits.append(_Commit(sha, dt.date.fromisoformat(date), subject, ()))
        elif commits and "\t" in line:
            status, path = line.split("\t", 1)
            last = commits[-1]
            commits[-1] = _Commit(last.sha, last.date, last.subject, (*last.files, (status[0], path)))
    return commits[::-1]


def _read_blobs(root: Path, commits: list[_Commit]) -> dict[tuple[str, str], str]:
    """The text of every added or modified file at its commit, read by one `git cat-file --batch`."""
    wanted = [(c.sha, p) for c in commits for s, p in c.files if s in "AM" and _kind_folder(p)]
    if not wanted:
        return {}
    request = "".join(f"{sha}:{path}\n" for sha, path in wanted).encode()
    proc = subprocess.run(["git", "cat-file", "--batch"], cwd=root, input=request, capture_output=True, check=False)
    if proc.returncode != 0:
        raise GitError(proc.stderr.decode(errors="replace").strip())
    out, pos, found = proc.stdout, 0, {}
    for key in wanted:
        end = out.index(b"\n", pos)
        header = out[pos:end].split()
        pos = end + 1
        if len(header) == 3 and header[1] == b"blob":
            size = int(header[2])
            found[key] = out[pos:pos + size].decode("utf-8-sig", errors="replace")
            pos += size + 1
    return found


def _kind_folder(path: str) -> str | None:
    """The kind folder of a content file path (`content/hoi-dap/x.md` -> "hoi-dap"), or None."""
    parts = path.split("/")
    return parts[-2] if len(parts) >= 2 and parts[-2] in BY_FOLDER else None


def front_matter(text: str, path: str) -> tuple[dict[str, Any], str] | None:
    """The fields and body of a content file's text, read leniently (history is not validation)."""
    if path.endswith((".yml", ".yaml")):
        front, body = text, ""
    else:
        parts = split_front_matter(text.replace("\r\n", "\n"))
        if parts is None or not text.startswith("---"):
            return None
        front, body = parts[0], parts[1]
    try:
        data = yaml.load(front, Loader=FastLoader)  # noqa: S506 - a safe loader (libyaml's when built in)
    except yaml.YAMLError:
        return None
    return (data, body) if isinstance(data, dict) else None


def _replay(commits: list[_Commit], blobs: dict[tuple[str, str], str]) -> list[Event]:
    """Walk the commits in order and turn each item's status and notes into events."""
    state: dict[str, dict[str, Any]] = {}
    events: list[Event] = []
    for commit in commits:
        pr = next((int(a or b) for a, b in PR_NUMBER.findall(commit.subject)), None)
        for status, path in commit.files:
            folder = _kind_folder(path)
            if folder is None:
                continue
            ident, kind = Path(path).stem, BY_FOLDER[folder].name
            before = state.get(path)

            def event(what: str, data: dict[str, Any], note: str | None, at: _Commit = commit,
                      number: int | None = pr, ident: str = ident, kind: str = kind) -> Event:
                return Event(what, at.date, ident, kind, str(data.get("title") or ident), note, at.sha[:7], number)

            if status == "D":
                if before and before.get("status") == "approved":
                    events.append(event("withdrawn", before, None))
                state.pop(path, None)
                continue
            parsed = front_matter(blobs.get((commit.sha, path), ""), path)
            if parsed is None:
                continue
            now = parsed[0]
            note = _note(now)
            was_approved = bool(before) and before.get("status") == "approved"  # type: ignore[union-attr]
            if now.get("status") == "approved" and not was_approved:
                events.append(event("added", now, None))
            elif now.get("status") == "approved" and note and note != _note(before or {}):
                events.append(event("changed", now, note))
            elif now.get("status") == "retired" and was_approved:
                events.append(event("withdrawn", now, note))
            state[path] = now
    return events


def _note(data: dict[str, Any]) -> str | None:
    note = data.get("change_note")
    return str(note).strip() if note else None


def _from_content(entries: tuple[Entry, ...], known: set[tuple[str, str | None]],
                  withdrawals: bool = True) -> list[Event]:
    """What the files say by themselves: current change notes (dated by `reviewed`) and retirements."""
    events = []
    for e in entries:
        note = e.get("change_note")
        if e.status == "approved" and note and (e.id, note) not in known:
            events.append(Event("changed", e.reviewed, e.id, e.kind, e.title, note))
        elif e.status == "retired" and withdrawals:
            events.append(Event("withdrawn", e.reviewed, e.id, e.kind, e.title, note))
    return events


def _drop_text_of_withdrawn(events: list[Event], entries: tuple[Entry, ...]) -> list[Event]:
    """A withdrawn item keeps only its withdrawal: title, date, reason."""
    current = {e.id: e.status for e in entries}
    gone = {e.id for e in events if e.kind == "withdrawn"} - {i for i, s in current.items() if s == "approved"}
    return [e for e in events if e.id not in gone or e.kind == "withdrawn"]


def _newest_first(events: list[Event]) -> tuple[Event, ...]:
    order = {"withdrawn": 0, "changed": 1, "added": 2}
    return tuple(sorted(events, key=lambda e: (e.date, -order[e.kind], e.id), reverse=True))


def check_change_notes(content: Path, base: str, entries: tuple[Entry, ...]) -> list[Diagnostic]:
    """L228 for each approved item whose public text differs from `base` without a new change note.

    Raises:
        GitError: when git cannot answer (no repository, unknown base).
    """
    root = Path(_git("rev-parse", "--show-toplevel", cwd=content)[0])
    merge_base = _git("merge-base", base, "HEAD", cwd=root)[0]
    prefix = content.resolve().relative_to(root.resolve()).as_posix() + "/"
    names = [n for n in _git("diff", "--name-only", "--diff-filter=M", merge_base, cwd=root) if n.startswith(prefix)]
    current = {e.path: e for e in entries}
    problems = []
    for name in names:
        entry = current.get(display_path(root / name))
        if entry is None or entry.status not in ("approved", "retired"):
            continue
        old_text = _show(root, merge_base, name)
        if old_text is None:
            continue
        old, new = front_matter(old_text, name), front_matter((root / name).read_text(encoding="utf-8-sig"), name)
        if old is None or new is None or old[0].get("status") != "approved":
            continue
        note, old_note = _note(new[0]), _note(old[0])
        if note and note != old_note:
            continue
        where = entry.marks.get("change_note", Location(entry.path, 1, 1))
        if entry.status == "retired":
            problems.append(make("L228", where, "mục đã công bố được rút (status: retired) nhưng chưa ghi lý do",
                                 field="change_note", hint="thêm change_note: \"Rút vì …\" (lý do hiện trên trang /thay-doi/)"))
        elif _public(old) != _public(new):
            problems.append(make("L228", where, f"nội dung công khai của mục đã duyệt khác so với {base} nhưng "
                                 + ("change_note chưa đổi" if note else "chưa có change_note"), field="change_note"))
    return problems


def _show(root: Path, rev: str, path: str) -> str | None:
    """A file's text at `rev` (blank lines kept), or None when it was not there."""
    proc = subprocess.run(["git", "show", f"{rev}:{path}"], cwd=root, capture_output=True, check=False)
    return proc.stdout.decode("utf-8-sig", errors="replace") if proc.returncode == 0 else None


def _public(parsed: tuple[dict[str, Any], str]) -> tuple[list[tuple[str, str]], str]:
    data, body = parsed
    return sorted((k, repr(v)) for k, v in data.items() if k not in NOT_TEXT), body.strip()


def iter_feed_events(history: History, limit: int = 100) -> Iterator[Event]:
    """The newest events, for the changes feed."""
    yield from history.events[:limit]
