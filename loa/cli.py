"""Command line: `loa check`, `loa build`, `loa serve`. Arguments only; the work is in the stages."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

import click

from loa import __version__, clitext
from loa.errors import LoaError

clitext.install()  # before the commands below are declared: Click's types name themselves when built

CONTENT = Path("content")
CONFIG = Path("mkdocs.yml")


HELP = "Hiện hướng dẫn này rồi thoát."
CONTENT_HELP = "Thư mục nội dung (mặc định: docs_dir trong mkdocs.yml, thường là content/)."


class KindChoice(click.Choice):
    """The registered kinds (loa.kinds), read when the command runs: a kind registered later is a choice too."""

    def __init__(self) -> None:
        super().__init__([])

    @property  # type: ignore[override]
    def choices(self) -> list[str]:
        from loa.kinds import KINDS

        return list(KINDS)

    @choices.setter
    def choices(self, value: object) -> None:
        pass


class _Main(click.Group):
    """The one place errors end: a LoaError (see loa.errors) prints its Vietnamese message, no traceback."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except LoaError as exc:
            click.echo("\n".join([str(exc), *getattr(exc, "__notes__", [])]), err=True)
            ctx.exit(exc.exit_code)


@click.group(cls=_Main, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="loa", help="Hiện phiên bản rồi thoát.")
@click.help_option("-h", "--help", help=HELP)
def main() -> None:
    """loa: dựng cổng thông tin tuyên truyền từ nội dung Markdown + YAML trong content/.

    Chạy lệnh ở thư mục gốc của kho (nơi có content/ và mkdocs.yml). Xem hướng dẫn
    một lệnh: loa LỆNH --help.
    """
    from loa import log

    log.configure()


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--content", "content", type=click.Path(path_type=Path), default=None,
              help=CONTENT_HELP)
@click.option("--format", "fmt", type=click.Choice(["text", "github"]), default="text", show_default=True,
              help="Kiểu báo cáo: text cho người đọc, github cho chú thích trong pull request.")
@click.option("--strict", is_flag=True, help="Coi cả cảnh báo là lỗi.")
@click.option("--fix-unicode", is_flag=True,
              help="Sửa thẳng vào tệp: chuẩn hóa NFC, sửa chữ lỗi PDF đã biết, xóa ký tự vô hình; báo từng chỗ đã sửa.")
@click.option("--changed", "base", is_flag=False, flag_value="origin/main", default=None, metavar="[BASE]",
              help="Chỉ báo các tệp đã đổi so với nhánh BASE (mặc định origin/main), kể cả tệp chưa commit; "
                   "mục đã duyệt bị sửa cần change_note mới.")
@click.help_option("-h", "--help", help=HELP)
def check(paths: tuple[Path, ...], content: Path | None, fmt: str, strict: bool, fix_unicode: bool,
          base: str | None) -> None:
    """Kiểm tra toàn bộ nội dung và báo mọi vấn đề một lượt (mã thoát 1 khi có lỗi).

    PATHS giới hạn báo cáo vào các tệp hay thư mục trong content/ (vẫn đọc cả trang,
    vì các mục dẫn chiếu lẫn nhau); đường dẫn ngoài content/ bị từ chối kèm lý do.
    """
    content = content or _settings(CONFIG).docs_dir
    from loa.fix import fix_unicode_in
    from loa.load import iter_content_files
    from loa.pipeline import check_site

    targets = _expand(paths, content) if paths else None
    if base is not None:
        from loa.changes import GitError, changed_content_files

        try:
            changed = changed_content_files(content, base)
        except GitError as exc:
            raise GitError(f"Không xác định được tệp đã đổi: {exc}") from None
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
            raise GitError(f"Không đối chiếu được với {base}: {exc}") from None
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
@click.option("--preview", is_flag=True, help="Bản xem trước: có cả bản nháp và mục đang duyệt, được đánh dấu, noindex.")
@click.option("-d", "--site-dir", type=click.Path(path_type=Path), default=None,
              help="Thư mục kết quả (mặc định site/, hoặc site-preview/ với --preview).")
@click.option("-f", "--config-file", type=click.Path(path_type=Path, exists=True), default=CONFIG, show_default=True,
              help="Tệp cấu hình.")
@click.option("-v", "--verbose", is_flag=True, help="Hiện cả nhật ký của MkDocs.")
@click.option("--local", is_flag=True, help="Bản để xem trên máy này: dùng được địa chỉ 127.0.0.1, mọi trang noindex.")
@click.help_option("-h", "--help", help=HELP)
def build(preview: bool, site_dir: Path | None, config_file: Path, verbose: bool, local: bool) -> None:
    """Dựng trang vào một thư mục mới rồi thay vào chỗ cũ (dựng lỗi thì không đổi gì).

    Bản công khai cần địa chỉ công khai: site_url trong mkdocs.yml hoặc biến LOA_SITE_URL.
    """
    from loa.build import BuildFailed, build_site

    target = site_dir or Path("site-preview" if preview else "site")
    try:
        result = build_site(config_file, target, preview=preview, verbose=verbose, local=local, own_process=True)
    except BuildFailed as exc:
        exc.add_note(f"Không dựng được trang; thư mục {target}/ giữ nguyên như trước.")
        raise
    kind = "bản xem trước" if preview else "bản công khai" + (" để xem trên máy này (noindex, chưa đăng được)" if local else "")
    click.echo(f"Đã dựng {kind}: {result.pages} trang vào {target}/ trong {result.seconds:.1f} giây.")


@main.command()
@click.option("--preview", is_flag=True, help="Hiện cả bản nháp và mục đang duyệt.")
@click.option("-a", "--dev-addr", default="127.0.0.1:8000", show_default=True, help="Địa chỉ và cổng để chạy trang.")
@click.option("-f", "--config-file", type=click.Path(path_type=Path, exists=True), default=CONFIG, show_default=True,
              help="Tệp cấu hình.")
@click.help_option("-h", "--help", help=HELP)
def serve(preview: bool, dev_addr: str, config_file: Path) -> None:
    """Chạy trang trên máy và dựng lại khi nội dung đổi (trình duyệt tự tải lại).

    Nội dung có lỗi thì trình duyệt hiện trang lỗi (tệp, dòng, cột, cách sửa) ngay;
    sửa xong, trang web tự hiện lại.
    """
    from loa.serve import serve_site

    sys.exit(serve_site(config_file, dev_addr=dev_addr, preview=preview))


@main.command()
@click.argument("kind", type=KindChoice())
@click.option("--title", required=True, help="Tiêu đề (hỏi đáp: câu hỏi); id được tạo từ tiêu đề.")
@click.option("--content", "content", type=click.Path(path_type=Path), default=None,
              help=CONTENT_HELP)
@click.help_option("-h", "--help", help=HELP)
def new(kind: str, title: str, content: Path | None) -> None:
    """Tạo bản nháp loại KIND với id từ tiêu đề và đủ các trường bắt buộc (không bao giờ ghi đè)."""
    content = content or _settings(CONFIG).docs_dir
    from loa.load import display_path
    from loa.pipeline import today_for_build
    from loa.scaffold import ScaffoldError, scaffold

    try:
        path = scaffold(content, kind, title, today_for_build())
    except ScaffoldError as exc:
        raise ScaffoldError(f"Không tạo được tệp: {exc}") from None
    click.echo(f"Đã tạo {display_path(path)} (status: draft).")
    click.echo("Điền các chỗ [CẦN ĐIỀN], rồi chạy `loa check` và `loa serve --preview` để xem.")


@main.command()
@click.option("--audience", "audiences", multiple=True, metavar="ID",
              help="id nhóm đối tượng (content/danh-muc/doi-tuong.yml); lặp lại để lấy nhiều nhóm; bỏ trống: mọi nhóm.")
@click.option("--format", "fmt", type=click.Choice(["json", "csv", "md"]), default="json", show_default=True,
              help="Định dạng: json, csv (mở bằng Excel), md (Markdown).")
@click.option("-o", "--output", type=click.Path(path_type=Path), default=None,
              help="Ghi vào tệp (thư mục phải có sẵn; không ghi đè tệp có sẵn).")
@click.option("--content", "content", type=click.Path(path_type=Path), default=None,
              help=CONTENT_HELP)
@click.option("--base-url", default=None, help="Địa chỉ gốc cho các liên kết (mặc định: site_url của mkdocs.yml hoặc LOA_SITE_URL).")
@click.option("-f", "--config-file", type=click.Path(path_type=Path), default=CONFIG, show_default=True,
              help="Tệp cấu hình.")
@click.help_option("-h", "--help", help=HELP)
def export(audiences: tuple[str, ...], fmt: str, output: Path | None, content: Path | None, base_url: str | None,
           config_file: Path) -> None:
    """Xuất các thông điệp đã duyệt, đang đăng trên cổng (cùng dữ liệu với /api/v1/)."""
    content = content or _settings(config_file).docs_dir
    from loa.address import AddressMissing, resolve_address
    from loa.export import message_record, public_messages, to_csv, to_json, to_markdown
    from loa.fields import suggest
    from loa.pipeline import check_site

    if output is not None and not output.parent.is_dir():  # before the check: say it at once
        raise LoaError(f"Không có thư mục {output.parent}/ để ghi {output.name}; tạo thư mục trước "
                       f"(mkdir -p {output.parent}) hoặc chọn thư mục khác.", exit_code=2)
    if output is not None and output.exists():
        raise LoaError(f"{output} đã có; chọn tên tệp khác (loa không ghi đè tệp).")
    report = check_site(content)
    if report.failed() or report.site is None:
        click.echo(report.format(), err=True)
        sys.exit(1)
    site = report.site
    known = site.taxonomies.get("audiences", {})
    wanted = list(dict.fromkeys(audiences))  # a repeated --audience means several audiences, each once
    for ident in wanted:
        if ident not in known:
            near = suggest(ident, list(known))
            raise LoaError(f"Không có đối tượng {ident!r}." + (f" Có phải ý bạn là {near!r}?" if near else "")
                           + " Các đối tượng: " + ", ".join(known), exit_code=2)
    try:  # the links leave this machine with the file, so they must name the public site
        base = resolve_address(base_url or _settings(config_file).site_url, local=False).url
    except AddressMissing as exc:
        raise AddressMissing(f"{exc}; hoặc chỉ rõ: loa export --base-url https://tuyentruyen.example.gov.vn/",
                             exit_code=2) from None
    chosen = {m.id: m for ident in wanted for m in public_messages(site, ident)} if wanted else None
    messages = sorted(chosen.values(), key=lambda m: m.id) if chosen is not None else public_messages(site)
    records = [message_record(site, m, base) for m in messages]
    terms = [known[i] for i in wanted]
    names = ", ".join(t.name for t in terms)
    if fmt == "json":
        header: dict[str, object] = {}
        if len(terms) == 1:
            header["audience"] = {"id": terms[0].id, "name": terms[0].name}
        elif terms:
            header["audiences"] = [{"id": t.id, "name": t.name} for t in terms]
        data = to_json(records, **header).encode()
    elif fmt == "csv":
        data = to_csv(records)
    else:
        data = to_markdown(records, f"Thông điệp cho {names}" if terms else "Thông điệp").encode()
    if output is None:
        sys.stdout.buffer.write(data)
        return
    output.write_bytes(data)
    click.echo(f"Đã ghi {len(records)} thông điệp vào {output}.", err=True)


@main.command()
@click.option("--check", "only_check", is_flag=True, help="Chỉ kiểm tra: mã thoát 1 nếu lược đồ đã công bố bị cũ.")
@click.help_option("-h", "--help", help=HELP)
def schema(only_check: bool) -> None:
    """Ghi lược đồ JSON của siêu dữ liệu vào loa/schema/ (để trình soạn thảo gợi ý trường)."""
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
    docs_dir: Path = CONTENT  # the content folder, as `loa build` and MkDocs read it


# Click's usage line names its placeholders in English; editors read these.
main.options_metavar, main.subcommand_metavar = "[TÙY CHỌN]", "LỆNH [ĐỐI SỐ]..."
for _command in main.commands.values():
    _command.options_metavar = "[TÙY CHỌN]"


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
    docs = config.get("docs_dir")
    # MkDocs reads docs_dir relative to mkdocs.yml; a path relative to here prints as editors expect.
    docs_dir = Path(os.path.relpath(config_file.parent / docs, Path.cwd())) if isinstance(docs, str) else CONTENT
    return Settings(url if isinstance(url, str) else None, hosts, docs_dir)
