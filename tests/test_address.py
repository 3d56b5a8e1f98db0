"""The public address: a public build needs one that is not this machine; local outputs are noindex."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import TEST_SITE_URL, MakeSite, small_project

from loa.address import AddressMissing, is_loopback, resolve_address
from loa.build import BuildFailed, build_site
from loa.cli import main

LOOPBACK = ("127.0.0.1", "localhost", "[::1]", "0.0.0.0")


@pytest.mark.parametrize("url", ["http://127.0.0.1:8000/", "http://localhost/", "http://[::1]:8000/",
                                 "http://0.0.0.0:8000/", "http://preview.localhost/"])
def test_is_loopback_this_machine(url: str) -> None:
    assert is_loopback(url)


def test_resolve_address_rules() -> None:
    assert resolve_address("https://x.gov.vn", local=False).url == "https://x.gov.vn/"
    assert resolve_address(None, local=True).url == "http://127.0.0.1:8000/"
    assert resolve_address(None, local=True).noindex
    assert not resolve_address("https://x.gov.vn/", local=False).noindex
    for bad in (None, "", "http://127.0.0.1:8000/"):
        with pytest.raises(AddressMissing, match="site_url"):
            resolve_address(bad, local=False)


def test_build_public_without_address_fails_with_how_to(make_site: MakeSite, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LOA_SITE_URL", raising=False)
    project = small_project(make_site, None)
    (project / "site").mkdir()
    (project / "site" / "old.html").write_text("cũ", encoding="utf-8")
    with pytest.raises(BuildFailed) as failed:
        build_site(project / "mkdocs.yml", project / "site")
    message = str(failed.value)
    assert "chưa có" in message and "LOA_SITE_URL=https://" in message and "site_url:" in message
    assert "loa build --local" in message
    assert (project / "site" / "old.html").read_text(encoding="utf-8") == "cũ"  # nothing half-built


def test_cli_build_public_with_loopback_address_exits_1(make_site: MakeSite, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LOA_SITE_URL", raising=False)
    project = small_project(make_site, "http://127.0.0.1:8000/")
    proc = subprocess.run([sys.executable, "-m", "loa", "build"], cwd=project, capture_output=True, text=True)
    assert proc.returncode == 1
    assert "không được mang địa chỉ trên máy này (http://127.0.0.1:8000/)" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert not (project / "site").exists()


def test_env_address_overrides_and_local_build_is_noindex(make_site: MakeSite, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LOA_SITE_URL", raising=False)
    project = small_project(make_site, None)
    result = CliRunner().invoke(main, ["build", "--local", "-d", "local"])
    assert result.exit_code == 0, result.output
    home = (project / "local" / "index.html").read_text(encoding="utf-8")
    assert '<meta name="robots" content="noindex, nofollow">' in home
    assert "http://127.0.0.1:8000/" in (project / "local" / "sitemap.xml").read_text(encoding="utf-8")


def test_export_without_address_refuses(make_site: MakeSite, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LOA_SITE_URL", raising=False)
    small_project(make_site, None)
    result = CliRunner().invoke(main, ["export"])
    assert result.exit_code == 2
    assert "site_url" in result.output and "--base-url" in result.output
    monkeypatch.setenv("LOA_SITE_URL", "https://tinh.example.vn/")
    assert CliRunner().invoke(main, ["export"]).exit_code == 0


def test_public_build_names_no_loopback_address(built: Path) -> None:
    site = built / "site"
    assert TEST_SITE_URL in (site / "sitemap.xml").read_text(encoding="utf-8")
    assert f'<link rel="canonical" href="{TEST_SITE_URL}hoi-dap/' in (site / "hoi-dap" / "index.html").read_text(encoding="utf-8")
    found = []
    for path in sorted(site.rglob("*")):
        if path.is_file() and path.suffix not in (".png", ".wasm", ".pf_fragment", ".pf_index", ".pf_meta", ".pagefind"):
            text = path.read_bytes().decode("utf-8", errors="replace")
            found += [f"{path.relative_to(site)}: {host}" for host in LOOPBACK if host in text]
    assert found == []
    assert "noindex" not in (site / "index.html").read_text(encoding="utf-8")
