"""The template's HTML set aside from Markdown (loa/fixedhtml.py) gives the bytes Markdown gave."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import markdown
import pytest
import yaml
from conftest import DOCUMENT, MINIMAL_SITE, QA, REAL_CONTENT, ROOT, MakeSite

from loa import render
from loa.build import build_site
from loa.fixedhtml import Fixed, is_passed_through, put_back, set_aside
from loa.hubs import iter_hub_pages
from loa.kinds import KINDS
from loa.pipeline import check_site


def _markdown() -> markdown.Markdown:
    """Python-Markdown with the extensions and settings of the shipped mkdocs.yml."""

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("tag:yaml.org,2002:python/name:", lambda _l, suffix, _n: suffix)
    Loader.add_multi_constructor("!ENV", lambda _l, _s, _n: None)
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Loader)  # noqa: S506 - our own file
    names, settings = [], {}
    for ext in config["markdown_extensions"]:
        name, options = next(iter(ext.items())) if isinstance(ext, dict) else (ext, {})
        names.append(name)
        settings[name] = options
    if "slugify" in settings.get("toc", {}):
        from loa.text.vi import toc_slugify

        settings["toc"]["slugify"] = toc_slugify
    return markdown.Markdown(extensions=names, extension_configs=settings)


def _pages_convert_alike(content: Path) -> int:
    """Convert every entry page as it is and with its HTML set aside; assert the same HTML. Returns blocks set aside."""
    report = check_site(content)
    assert report.site is not None and not report.errors, report.format()
    md, swapped = _markdown(), 0
    for entry in report.site.visible():
        src = f"{KINDS[entry.kind].folder}/{entry.id}.md"
        page = render.entry_page(report.site, entry, src)
        assert page.fixed is not None
        whole = page.markdown
        for i, block in enumerate(page.fixed.blocks):
            whole = whole.replace(page.fixed.placeholder(i), block, 1)
        assert "loafixed" not in whole
        expected = md.reset().convert(whole)
        assert put_back(md.reset().convert(page.markdown), page.fixed) == expected, src
        swapped += len(page.fixed.blocks)
    return swapped


def _lines(html: str) -> str:
    return re.sub(r"\n\s*\n", "\n", html)


def _hubs_convert_alike(content: Path) -> int:
    """The same for the pages drawn from many entries (hubs, topics, handouts). Returns blocks set aside."""
    report = check_site(content)
    assert report.site is not None and not report.errors, report.format()
    md, swapped = _markdown(), 0
    for page in iter_hub_pages(report.site):
        assert page.fixed is not None and "loafixed" not in page.written, page.src_uri
        # Inside a handout item (md_in_html) a block is followed by one newline, not a blank line: whitespace only.
        got = put_back(md.reset().convert(page.markdown), page.fixed)
        assert _lines(got) == _lines(md.reset().convert(page.written)), page.src_uri
        swapped += len(page.fixed.blocks)
    return swapped


def test_hub_pages_convert_to_the_same_html_with_their_lists_set_aside(make_site: MakeSite) -> None:
    assert _hubs_convert_alike(REAL_CONTENT) > 100
    hostile = make_site({"hoi-dap/vung-xanh-la-gi.md": HOSTILE_QA})
    assert _hubs_convert_alike(hostile) > 5
    report = check_site(hostile)
    assert report.site is not None
    [hub] = [p for p in iter_hub_pages(report.site) if p.src_uri == "hoi-dap/index.md"]
    assert 'Vùng &#34;xanh&#34; &amp; &lt;đỏ&gt; *là* [gì]?</a>' in hub.written and "<đỏ>" not in hub.written


def test_real_pages_convert_to_the_same_html_with_their_fixed_parts_set_aside() -> None:
    assert _pages_convert_alike(REAL_CONTENT) > 300  # metadata boxes, sources, chips, links: all pages, several each


HOSTILE_QA = QA.replace("title: Vùng xanh là gì?", 'title: Vùng "xanh" & <đỏ> *là* [gì]?').replace(
    "Câu trả lời theo", "<5 tuổi & trên 60 tuổi: xem <https://moh.gov.vn> và \\<b\\> theo")


def test_hostile_text_is_escaped_and_converted_alike(make_site: MakeSite) -> None:
    content = make_site({"hoi-dap/vung-xanh-la-gi.md": HOSTILE_QA})
    assert _pages_convert_alike(content) >= 4


def test_fixed_parts_of_a_built_page_escape_what_editors_wrote(make_site: MakeSite, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LOA_TODAY", "2026-11-23")
    content = make_site({"hoi-dap/vung-xanh-la-gi.md": HOSTILE_QA})
    project = content.parent
    shutil.copytree(ROOT / "theme", project / "theme")
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    (project / "mkdocs.yml").write_text(config.replace("site_url: !ENV LOA_SITE_URL", "site_url: https://tuyentruyen.example.vn/"),
                                        encoding="utf-8")
    build_site(project / "mkdocs.yml", project / "site")
    html = (project / "site" / "hoi-dap" / "vung-xanh-la-gi" / "index.html").read_text(encoding="utf-8")
    assert "loafixed" not in html
    html = html[html.index("<article"):html.index("</article>")]  # the page body: Markdown and our fixed parts
    assert "<đỏ>" not in html and 'data-share-title="Vùng &quot;xanh&quot; &amp; &lt;đỏ&gt; *là* [gì]?"' in html
    assert 'class="loa-scope-box' in html and 'class="loa-sources"' in html and 'class="loa-actions"' in html
    # The editor's body went through Markdown: an autolink, an escaped tag, a bare "<5".
    assert '<a href="https://moh.gov.vn">https://moh.gov.vn</a>' in html and "&lt;b&gt;" in html and "&lt;5 tuổi" in html


def test_editor_body_is_never_set_aside() -> None:
    body = '<div class="x">\n<p>a</p>\n</div>'  # would be swapped if the template had written it
    page = f'<nav class="n"><a href="/">Trang chủ</a></nav>\n\n# Tiêu đề\n\n{body}\n\n<p class="r">Rà soát</p>\n'
    fixed = set_aside(page, body)
    assert fixed.blocks == ('<nav class="n"><a href="/">Trang chủ</a></nav>', '<p class="r">Rà soát</p>\n')
    assert body in fixed.markdown and fixed.markdown.startswith(fixed.placeholder(0) + "\n\n# Tiêu đề")
    assert set_aside(page, body).key == fixed.key  # the same page, the same placeholders: builds stay identical


@pytest.mark.parametrize(("block", "passed"), [
    ('<div class="a">\n<p>x <span>y</span></p>\n</div>', True),
    ('<p class="a">x<br>y <img src="a.png" alt=""></p>', True),
    ('<div class="a"></div>\n<p>b</p>', False),  # two elements: Markdown puts a blank line between them
    ('<p class="a">x</p> and text', False),
    ('<span class="a">x</span>', False),  # inline: Markdown wraps it in a paragraph
    ('<div markdown="1">\n*x*\n</div>', False),
    ('<div><!-- x --></div>', False),
    ('Text <div>x</div>', False),
])
def test_only_whole_block_elements_are_set_aside(block: str, passed: bool) -> None:
    assert is_passed_through(block) is passed


def test_restore_gives_back_what_was_set_aside() -> None:
    page = "".join(f'<p class="n">{i}</p>\n\n' for i in range(12)) + "# Tiêu đề\n"
    fixed = set_aside(page, "")
    assert len(fixed.blocks) == 12 and fixed.restore(fixed.markdown) == page  # x1 is a prefix of x10, x11


def test_put_back_refuses_a_page_that_lost_a_placeholder() -> None:
    fixed = Fixed("x", ("<div>a</div>",), "loafixedabc")
    assert put_back("<p>x</p>\n<p>loafixedabcx0</p>", fixed) == "<p>x</p>\n<div>a</div>"
    with pytest.raises(ValueError, match="placeholder 0"):
        put_back("<p>x</p>", fixed)


def _put_back_one_by_one(html: str, fixed: Fixed) -> str:
    """put_back as it was first written: each placeholder found and replaced in turn (quadratic on big hubs)."""
    for i, block in enumerate(fixed.blocks):
        word = f"<p>{fixed.placeholder(i)}</p>"
        at = html.find(word)
        if at < 0 or html.find(word, at + 1) >= 0:
            raise ValueError(f"placeholder {i} of {len(fixed.blocks)} not found once in the converted page")
        tail = html[at + len(word):]
        html = html[:at] + block.rstrip("\n") + ("\n" + tail if tail else "")
    return html


def _restore_one_by_one(markdown: str, fixed: Fixed) -> str:
    for i in reversed(range(len(fixed.blocks))):
        markdown = markdown.replace(fixed.placeholder(i), fixed.blocks[i])
    return markdown


@pytest.mark.parametrize("case", ["plain", "at end", "stray key", "key in a block", "lost", "twice", "leading zero"])
def test_put_back_and_restore_in_one_pass_give_what_one_by_one_gives(case: str) -> None:
    """A handout of thousands of blocks is put back in one pass over the page; any page where one pass could
    differ (the key elsewhere, a placeholder lost or doubled) goes the one-by-one way, with its error."""
    key = "loafixed0123456789abcdef0123"
    blocks = tuple(f'<div class="b">{i}\n</div>\n' for i in range(25))
    html = "".join(f"<p>t{i}</p>\n<p>{key}x{i}</p>\n" for i in range(25)) + "<p>end</p>"
    markdown = "".join(f"t{i}\n\n{key}x{i}\n\n" for i in range(25))
    if case == "at end":
        html = html.removesuffix("\n<p>end</p>")
    elif case == "stray key":
        html += f"<p>{key}x3 again</p>"
        markdown += f"{key}x1"
    elif case == "key in a block":
        blocks = (*blocks[:-1], f"<div>{key}x2</div>")
    elif case == "lost":
        html = html.replace(f"<p>{key}x7</p>", "")
    elif case == "twice":
        html += f"<p>{key}x7</p>"
    elif case == "leading zero":
        html = html.replace(f"<p>{key}x7</p>", f"<p>{key}x07</p>")
    fixed = Fixed(markdown, blocks, key)
    try:
        expected: str | type[ValueError] = _put_back_one_by_one(html, fixed)
    except ValueError:
        expected = ValueError
    if expected is ValueError:
        with pytest.raises(ValueError, match="not found once"):
            put_back(html, fixed)
    else:
        assert put_back(html, fixed) == expected
    assert fixed.restore(markdown) == _restore_one_by_one(markdown, fixed)


def test_minimal_site_fixture_is_a_document_and_a_question() -> None:
    assert MINIMAL_SITE["van-ban/ke-hoach-43-kh-thu.md"] == DOCUMENT
