"""The Vietnamese editors' guide shows the real output of `loa check` (regenerated and compared)."""

from __future__ import annotations

import re
import subprocess
import sys

from conftest import ROOT

GUIDE = ROOT / "docs" / "huong-dan" / "loi-thuong-gap.md"


def test_common_errors_guide_matches_real_output() -> None:
    result = subprocess.run([sys.executable, "scripts/error_guide.py", "--check"], cwd=ROOT, capture_output=True,
                            text=True, check=False)
    assert result.returncode == 0, result.stderr


def test_guide_has_ten_errors_each_with_location_and_fix() -> None:
    text = GUIDE.read_text(encoding="utf-8")
    sections = re.split(r"^## \d+\. ", text, flags=re.M)[1:]
    assert len(sections) == 10
    codes = set()
    for section in sections:
        found = re.findall(r"^content/\S+:\d+:\d+: error (L\d{3}) [a-z-]+", section, re.M)
        assert found, section[:80]
        codes.update(found)
        assert "**Cách sửa:**" in section and "    sửa: " in section
    assert len(codes) >= 10  # ten different errors


def test_readme_links_the_editors_guide() -> None:
    assert "docs/huong-dan/" in (ROOT / "README.md").read_text(encoding="utf-8")
