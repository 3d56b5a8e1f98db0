"""Citizens' hubs in the built site: Q&A by topic with JSON-LD, hotline, slogan banners, home page."""

from __future__ import annotations

import json
import re
import struct
import xml.etree.ElementTree as ET
from html import escape as html_escape
from pathlib import Path

import yaml
from conftest import ROOT
from test_build import page

from loa.text.vi import format_date


def public_items(folder: str) -> list[dict]:
    items = []
    for path in sorted((ROOT / "content" / folder).glob("*.md")):
        meta = yaml.safe_load(path.read_text(encoding="utf-8").split("---")[1])
        if meta["status"] == "approved":
            items.append(meta)
    return items


def jsonld(html: str) -> dict:
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert match, "no JSON-LD"
    return json.loads(match.group(1))


def test_qa_hub_lists_each_question_by_topic_with_a_one_line_answer_and_its_page(built: Path) -> None:
    html = page(built, "hoi-dap")
    for qa in public_items("hoi-dap"):
        link = re.search(rf'<a href="{qa["id"]}/">(.*?)</a></strong><br>\s*(.*?)\s*<span class="loa-scope"', html, re.S)
        assert link, qa["id"]
        assert link.group(1) == html_escape(qa["title"], quote=False)
        answer = link.group(2).strip()
        assert 20 <= len(answer) <= 180, (qa["id"], answer)
        # the answer's own first words, nothing added
        body = (built / "site" / "hoi-dap" / qa["id"] / "index.html").read_text(encoding="utf-8")
        assert re.sub(r"<[^>]+>", "", body).replace("\n", " ").count(answer.rstrip("…")[:40]) >= 1, answer
    assert 'id="tong-dai-1022"' in html  # a topic heading
    assert 'class="loa-sources"' not in html  # sources are on each answer's page, not repeated 41 times


def test_faq_structured_data_lists_every_approved_question_only(built: Path) -> None:
    data = jsonld(page(built, "hoi-dap"))
    assert data["@context"] == "https://schema.org" and data["@type"] == "FAQPage"
    names = [q["name"] for q in data["mainEntity"]]
    expected = [qa["title"] for qa in public_items("hoi-dap")] + ["Hoi dap viet khong dau", "Hoi dap thu lai"]
    assert sorted(names) == sorted(expected)
    for question in data["mainEntity"]:
        assert question["@type"] == "Question"
        assert question["acceptedAnswer"]["@type"] == "Answer" and question["acceptedAnswer"]["text"]
        assert "<" not in question["acceptedAnswer"]["text"]
        assert question["acceptedAnswer"]["text"] in page(built, "hoi-dap")  # what the hub shows
        assert (built / "site" / "hoi-dap" / question["acceptedAnswer"]["url"] / "index.html").is_file()
    preview = jsonld(page(built, "hoi-dap", site="site-preview"))
    assert "Câu hỏi còn nháp DRAFTMARKER" not in [q["name"] for q in preview["mainEntity"]]
    assert "DRAFTMARKER" in page(built, "hoi-dap", site="site-preview")  # the draft is shown, marked, but not in JSON-LD


def test_hotline_hub_has_tap_to_call(built: Path) -> None:
    html = page(built, "tong-dai-1022")
    assert re.search(r'<a class="loa-call" href="tel:1022">', html)
    assert "khuyến cáo, khuyến nghị của ngành y tế" in html


def svg_text(path: Path) -> str:
    root = ET.fromstring(path.read_text(encoding="utf-8"))
    return " ".join(t.text or "" for t in root.iter("{http://www.w3.org/2000/svg}text"))


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_every_slogan_has_banners_in_two_proportions(built: Path) -> None:
    hub = page(built, "khau-hieu")
    slogans = public_items("khau-hieu")
    assert slogans
    for slogan in slogans:
        folder = built / "site" / "khau-hieu" / slogan["id"]
        words = slogan["text"].upper().split()
        for name, ratio in (("bang-ron", 6.0), ("pano", 16 / 9)):
            svg = folder / f"{slogan['id']}-{name}.svg"
            assert svg_text(svg).split() == words  # every word, in order, typeset in the banner
            width, height = png_size(folder / f"{slogan['id']}-{name}.png")
            assert abs(width / height - ratio) < 0.01
            assert f'href="{slogan["id"]}/{slogan["id"]}-{name}.svg"' in hub


def test_home_page_top_tasks_and_review_date(built: Path) -> None:
    html = page(built, "")
    assert 'href="tel:1022"' in html
    assert 'action="tim-kiem/"' in html
    assert 'href="hoi-dap/#vung-nguy-co"' in html
    latest = max(yaml.safe_load(p.read_text(encoding="utf-8").split("---")[1])["reviewed"]
                 for p in (ROOT / "content").glob("*/*.md"))
    assert f"Rà soát lần cuối: ngày {format_date(latest)}" in html


def test_qa_hub_heads_questions_with_no_topic_in_vietnamese(make_site) -> None:  # type: ignore[no-untyped-def]
    """A question with no topic goes under "Câu hỏi khác"; `Site.term` names an unknown id by the id
    itself, so the heading once read "khac"."""
    from conftest import QA

    from loa.hubs import iter_qa_pages
    from loa.pipeline import check_site

    untopical = QA.replace("id: vung-xanh-la-gi", "id: cau-khong-chu-de").replace("topics: [phong-chong-dich]\n", "")
    report = check_site(make_site({"hoi-dap/cau-khong-chu-de.md": untopical}))
    assert report.site is not None and not report.errors, report.format()
    hub = {p.src_uri: p for p in iter_qa_pages(report.site)}["hoi-dap/index.md"].written
    assert "Câu hỏi khác" in hub
    assert not re.search(r"^#+ khac\b|>khac<", hub, re.M), hub
