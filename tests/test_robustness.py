"""Bounded input: pathological Markdown and random front matter end in located errors, fast, never a crash."""

from __future__ import annotations

import string
import time
from pathlib import Path

import pytest
import yaml
from conftest import MINIMAL_SITE, MakeSite
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from loa.load import load_file
from loa.pipeline import check_site
from loa.validate import validate_entry

PATHOLOGICAL = {
    "unclosed-brackets": "[" * 20_000,
    "link-openers": "[a](" * 5_000,
    "angle-brackets": "<" * 20_000,
    "emphasis": "*" * 50_000,
    "underscores": "_a" * 25_000,
    "deep-list": "\n".join("    " * i + "- mục" for i in range(400)),
    "deep-quote": ">" * 3_000 + " trích dẫn",
    "backticks": "`" * 50_000,
    "attr-lists": "{:" * 20_000,
    "html-openers": "<div>" * 5_000,
    "long-line": "chữ " * 30_000,
}
QA_HEAD = MINIMAL_SITE["hoi-dap/vung-xanh-la-gi.md"].split("---\n")[1]


@pytest.mark.parametrize("name", PATHOLOGICAL)
def test_pathological_markdown_is_refused_quickly(make_site: MakeSite, name: str) -> None:
    site = make_site({"hoi-dap/vung-xanh-la-gi.md": f"---\n{QA_HEAD}---\n\n{PATHOLOGICAL[name]}\n"})
    started = time.monotonic()
    report = check_site(site)
    elapsed = time.monotonic() - started
    assert elapsed < 5, f"{name}: {elapsed:.1f}s"
    if name in ("emphasis", "underscores", "backticks", "attr-lists"):
        return  # harmless to Markdown: allowed
    codes = {(d.code, d.location.path) for d in report.errors}
    assert ("L224", "content/hoi-dap/vung-xanh-la-gi.md") in codes, report.format()


def test_too_many_files_is_refused_before_reading(make_site: MakeSite, monkeypatch: pytest.MonkeyPatch) -> None:
    import loa.pipeline

    monkeypatch.setattr(loa.pipeline, "MAX_FILES", 1)
    report = check_site(make_site({}))
    assert [d.code for d in report.errors] == ["L113"]


KEYS = st.sampled_from(["id", "title", "status", "reviewed", "valid_from", "valid_until", "sources", "audiences",
                        "topics", "document", "section", "x", "tiêu_đề"])
SCALARS = st.one_of(st.text(max_size=40), st.integers(), st.booleans(), st.none(), st.dates().map(str),
                    st.sampled_from(["approved", "draft", "2021-02-30", "no", "08:00", "1.10", "ke-hoach-43-kh-thu"]))
VALUES = st.recursive(SCALARS, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                       st.dictionaries(KEYS, inner, max_size=4)), max_leaves=12)
MARKDOWN = st.text(alphabet=string.printable + "đĐăâêôơưạảấầẩẫậ[]()<>*_`#!{}:" + "\u0301\ufffdƢ", max_size=400)


@settings(max_examples=150, deadline=2000, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(meta=st.dictionaries(KEYS, VALUES, max_size=8), body=MARKDOWN, raw_front=st.text(max_size=120))
def test_random_files_give_an_entry_or_located_errors(tmp_path: Path, meta: dict, body: str, raw_front: str) -> None:
    folder = tmp_path / "hoi-dap"
    folder.mkdir(exist_ok=True)
    for text in (f"---\n{yaml.safe_dump(meta, allow_unicode=True)}---\n{body}", f"---\n{raw_front}\n---\n{body}",
                 raw_front + body):
        file = folder / "x.md"
        file.write_text(text, encoding="utf-8", errors="surrogatepass")
        lines = text.count("\n") + 1
        loaded = load_file(file, "hoi-dap")
        results = [*loaded.diagnostics]
        for raw in loaded.entries:
            validated = validate_entry(raw, {"audiences": {"nguoi-dan": "Người dân"}, "topics": {}, "organizations": {},
                                             "channels": {}})
            results += validated.diagnostics
            assert validated.entries or validated.diagnostics
        for d in results:
            assert 1 <= d.location.line <= lines + 2 and d.location.col >= 1, d
            assert d.message and d.code.startswith("L")
