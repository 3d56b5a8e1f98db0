"""Command line: `loa check`, `loa build`, `loa serve`. Arguments only; the work is in the stages."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

import click

from loa import __version__

CONTENT = Path("content")
CONFIG = Path("mkdocs.yml")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="loa")
def main() -> None:
    """loa: dựng cổng thông tin tuyên truyền từ Markdown + YAML (build the portal from content/)."""


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--content", "content", type=click.Path(path_type=Path), default=CONTENT, show_default=True,
              help="Content folder.")
@click.option("--format", "fmt", type=click.Choice(["text", "github"]), default="text", show_default=True,
              help="Output: text for people, github for pull-request annotations.")
@click.option("--strict", is_flag=True, help="Warnings fail the check too.")
@click.option("--fix-unicode", is_flag=True, help="Rewrite files to NFC and repair known mojibake, reporting each change.")
@click.option("--changed", "base", is_flag=False, flag_value="origin/main", default=None, metavar="[BASE]",
              help="Only report files changed against BASE (default origin/main), plus uncommitted ones.")
def check(paths: tuple[Path, ...], content: Path, fmt: str, strict: bool, fix_unicode: bool, base: str | None) -> None:
    """Validate all content and report every problem (exit 1 on errors).

    PATHS limits the report to these files or folders; the whole site is still
    read, because references cross files.
    """
    from loa.fix import fix_unicode_in
    from loa.load import iter_content_files
    from loa.pipeline import check_site

    targets = _expand(paths, content) if paths else None
    if base is not None:
        from loa.changes import GitError, changed_content_files

        try:
            changed = changed_content_files(content, base)
        except GitError as exc:
            click.echo(f"Không xác định được tệp đã đổi: {exc}", err=True)
            sys.exit(2)
        if changed is not None:  # None: a taxonomy changed, so every file is checked
            targets = (targets or []) + changed
            if not targets:
                click.echo(f"Không có tệp nội dung nào thay đổi so với {base}.")
                sys.exit(0)
    if fix_unicode:
        for line in fix_unicode_in(targets or list(iter_content_files(content))):
            click.echo(line)
    report = check_site(content, only=targets, allowed_hosts=_settings(CONFIG).allowed_hosts)
    if base is not None and report.site is not None:  # approved items changed since BASE need a change note
        from loa.changes import GitError
        from loa.history import check_change_notes

        try:
            report.diagnostics += check_change_notes(content, base, report.site.entries)
        except GitError as exc:
            click.echo(f"Không đối chiếu được với {base}: {exc}", err=True)
            sys.exit(2)
        report.diagnostics.sort(key=lambda d: d.sort_key())
    out = report.format(fmt)
    if out:
        click.echo(out)
    if fmt == "github":
        click.echo(report.summary(), err=True)
    sys.exit(1 if report.failed(strict) else 0)


def _expand(paths: tuple[Path, ...], content: Path) -> list[Path]:
    """Files under each folder inside `content`; anything else stays as given, for check_site to refuse."""
    from loa.load import iter_content_files

    files: list[Path] = []
    for p in paths:
        inside = p.is_dir() and p.resolve().is_relative_to(content.resolve())
        files += list(iter_content_files(p)) if inside else [p]
    return files


@main.command()
@click.option("--preview", is_flag=True, help="Also show draft and review items, marked, with noindex.")
@click.option("-d", "--site-dir", type=click.Path(path_type=Path), default=None,
              help="Output folder (default: site/, or site-preview/ with --preview).")
@click.option("-f", "--config-file", type=click.Path(path_type=Path, exists=True), default=CONFIG, show_default=True)
@click.option("-v", "--verbose", is_flag=True, help="Show MkDocs' own log.")
@click.option("--local", is_flag=True, help="A build to look at on this machine: may use 127.0.0.1, pages are noindex.")
def build(preview: bool, site_dir: Path | None, config_file: Path, verbose: bool, local: bool) -> None:
    """Build the site into a fresh folder, then swap it in (a failed build changes nothing)."""
    from loa.build import BuildFailed, build_site

    target = site_dir or Path("site-preview" if preview else "site")
    try:
        result = build_site(config_file, target, preview=preview, verbose=verbose, local=local)
    except BuildFailed as exc:
        click.echo(str(exc), err=True)
        click.echo(f"Không dựng được trang; thư mục {target}/ giữ nguyên như trước.", err=True)
        sys.exit(1)
    kind = "bản xem trước" if preview else "bản công khai"
    click.echo(f"Đã dựng {kind}: {result.pages} trang vào {target}/ trong {result.seconds:.1f} giây.")


@main.command()
@click.option("--preview", is_flag=True, help="Also show draft and review items.")
@click.option("-a", "--dev-addr", default="127.0.0.1:8000", show_default=True, help="Address to serve on.")
@click.option("-f", "--config-file", type=click.Path(path_type=Path, exists=True), default=CONFIG, show_default=True)
def serve(preview: bool, dev_addr: str, config_file: Path) -> None:
    """Serve the site on localhost and rebuild when content changes (live reload)."""
    from loa.serve import serve_site

    sys.exit(serve_site(config_file, dev_addr=dev_addr, preview=preview))


@main.command()
@click.argument("kind", type=click.Choice(["document", "qa", "slogan", "hotline", "message", "infographic"]))
@click.option("--title", required=True, help="Title (for qa: the question). The id is made from it.")
@click.option("--content", "content", type=click.Path(path_type=Path), default=CONTENT, show_default=True)
def new(kind: str, title: str, content: Path) -> None:
    """Create a draft of KIND with an id from its title and every required field (never overwrites)."""
    from loa.load import display_path
    from loa.pipeline import today_for_build
    from loa.scaffold import ScaffoldError, scaffold

    try:
        path = scaffold(content, kind, title, today_for_build())
    except ScaffoldError as exc:
        click.echo(f"Không tạo được tệp: {exc}", err=True)
        sys.exit(1)
    click.echo(f"Đã tạo {display_path(path)} (status: draft).")
    click.echo("Điền các chỗ [CẦN ĐIỀN], rồi chạy `loa check` và `loa serve --preview` để xem.")


@main.command()
@click.option("--audience", "audience", default=None, help="Audience id (content/danh-muc/doi-tuong.yml); all if omitted.")
@click.option("--format", "fmt", type=click.Choice(["json", "csv", "md"]), default="json", show_default=True)
@click.option("-o", "--output", type=click.Path(path_type=Path), default=None, help="Write to a file (refuses to overwrite).")
@click.option("--content", "content", type=click.Path(path_type=Path), default=CONTENT, show_default=True)
@click.option("--base-url", default=None, help="Absolute address for links (default: site_url of mkdocs.yml or $LOA_SITE_URL).")
@click.option("-f", "--config-file", type=click.Path(path_type=Path), default=CONFIG, show_default=True)
def export(audience: str | None, fmt: str, output: Path | None, content: Path, base_url: str | None,
           config_file: Path) -> None:
    """Export approved, in-date talking points (the same data as /api/v1/)."""
    from loa.address import AddressMissing, resolve_address
    from loa.export import message_record, public_messages, to_csv, to_json, to_markdown
    from loa.kinds.fields import suggest
    from loa.pipeline import check_site

    report = check_site(content)
    if report.failed() or report.site is None:
        click.echo(report.format(), err=True)
        sys.exit(1)
    site = report.site
    audiences = site.taxonomies.get("audiences", {})
    if audience is not None and audience not in audiences:
        near = suggest(audience, list(audiences))
        click.echo(f"Không có đối tượng {audience!r}." + (f" Có phải ý bạn là {near!r}?" if near else "")
                   + " Các đối tượng: " + ", ".join(audiences), err=True)
        sys.exit(2)
    try:  # the links leave this machine with the file, so they must name the public site
        base = resolve_address(base_url or _settings(config_file).site_url, local=False).url
    except AddressMissing as exc:
        click.echo(f"{exc}; hoặc chỉ rõ: loa export --base-url https://tuyentruyen.example.gov.vn/", err=True)
        sys.exit(2)
    records = [message_record(site, m, base) for m in public_messages(site, audience)]
    term = audiences.get(audience) if audience else None
    if fmt == "json":
        data = to_json(records, **({"audience": {"id": term.id, "name": term.name}} if term else {})).encode()
    elif fmt == "csv":
        data = to_csv(records)
    else:
        data = to_markdown(records, f"Thông điệp cho {term.name}" if term else "Thông điệp").encode()
    if output is None:
        sys.stdout.buffer.write(data)
        return
    if output.exists():
        click.echo(f"{output} đã có; chọn tên tệp khác (loa không ghi đè tệp).", err=True)
        sys.exit(1)
    output.write_bytes(data)
    click.echo(f"Đã ghi {len(records)} thông điệp vào {output}.", err=True)


@main.command()
@click.option("--check", "only_check", is_flag=True, help="Exit 1 if the published schemas are out of date.")
def schema(only_check: bool) -> None:
    """Write the front-matter JSON Schemas to loa/schema/ (for editors' autocompletion)."""
    from loa.schemas import SCHEMA_DIR, render_schemas, write_schemas

    if only_check:
        stale = [n for n, t in render_schemas().items()
                 if not (SCHEMA_DIR / n).exists() or (SCHEMA_DIR / n).read_text(encoding="utf-8") != t]
        for name in stale:
            click.echo(f"lỗi thời: loa/schema/{name} (chạy `loa schema`)")
        sys.exit(1 if stale else 0)
    for path in write_schemas():
        click.echo(f"đã ghi {path}")


@dataclass(frozen=True, slots=True)
class Settings:
    """What the commands that do not run MkDocs need from mkdocs.yml."""

    site_url: str | None = None
    allowed_hosts: tuple[str, ...] = ()


def _settings(config_file: Path) -> Settings:
    """`site_url` (with `!ENV LOA_SITE_URL` applied as MkDocs applies it) and the loa plugin's allowed_hosts."""
    if not config_file.is_file():
        return Settings()
    from mkdocs.utils.yaml import get_yaml_loader, yaml_load

    with config_file.open(encoding="utf-8") as src:
        config = yaml_load(src, get_yaml_loader())
    url = config.get("site_url")
    hosts: tuple[str, ...] = ()
    for plugin in config.get("plugins") or []:
        if isinstance(plugin, dict) and isinstance(plugin.get("loa"), dict):
            hosts = tuple(str(h) for h in plugin["loa"].get("allowed_hosts") or [])
    return Settings(url if isinstance(url, str) else None, hosts)
