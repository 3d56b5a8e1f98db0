"""Write docs/huong-dan/loi-thuong-gap.md (the ten most common `loa check` errors) and
docs/huong-dan/noi-va-thoi-gian.md (the place and period rules), each with its real output.

Usage: python scripts/error_guide.py [--check]
Each example file is checked by the real `loa check` code against the repository's own taxonomies and
documents, so the guide cannot drift from what editors see (tests/test_guide.py runs --check).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from loa.history import check_change_notes
from loa.pipeline import check_site

ROOT = Path(__file__).resolve().parent.parent
GUIDE = ROOT / "docs" / "huong-dan" / "loi-thuong-gap.md"
PLACE_GUIDE = ROOT / "docs" / "huong-dan" / "noi-va-thoi-gian.md"
TODAY = dt.date(2026, 11, 23)

QA_HEAD = "---\nid: {id}\ntitle: {title}\nstatus: approved\nreviewed: {reviewed}\n{extra}sources:\n  - document: ke-hoach-33-kh-tu\n    section: {section}\n---\n\n{body}\n"


def qa(ident: str, title: str = "Ở vùng đỏ người dân phải làm gì?", reviewed: str = "2026-11-20", extra: str = "",
       section: str = "muc-ii-4-3", body: str = "Người dân ở trong nhà, không ra ngoài khi không thực sự cần thiết.") -> str:
    return QA_HEAD.format(id=ident, title=title, reviewed=reviewed, extra=extra, section=section, body=body)


MESSAGE = """---
id: goi-1022
title: Gọi 1022 để được giải đáp
status: approved
reviewed: 2026-11-20
audiences: [nguoi-dan]
concern: Cần hỏi về khuyến cáo y tế thì gọi đâu?
key_messages:
  - text: Gọi Tổng đài 1022 để được giải đáp khuyến cáo, khuyến nghị của ngành y tế.
variants:
  sms: Bình Phước - gọi 1022 để được giải đáp khuyến cáo của ngành y tế
  led: Bình Phước - gọi 1022 để được giải đáp
  loudspeaker: Kính thưa bà con tỉnh Bình Phước, khi cần hỏi về khuyến cáo của ngành y tế, xin gọi 1022.
sources:
  - document: ke-hoach-btgtu-thuc-hien-nghi-quyet-05-nq-tu
    section: muc-iv-4
---
"""

# (heading, file, content, what it means, how to fix)
EXAMPLES = [
    ("Dấu hai chấm trong giá trị không có ngoặc kép", "hoi-dap/vung-do.md",
     qa("vung-do", title="Vùng đỏ: phải làm gì?"),
     "YAML hiểu dấu `: ` là bắt đầu một trường mới, nên câu hỏi có dấu hai chấm làm hỏng cả phần siêu dữ liệu.",
     'Đặt cả giá trị trong ngoặc kép: `title: "Vùng đỏ: phải làm gì?"`.'),
    ("Gõ sai tên trường", "hoi-dap/vung-do.md",
     qa("vung-do").replace("reviewed:", "reviwed:"),
     "Trường `reviwed` không có trong loại nội dung này; `loa check` gợi ý tên gần nhất.",
     "Sửa thành `reviewed:`. Tên trường luôn là tiếng Anh không dấu, viết thường, nối bằng `_`."),
    ("Thiếu trường bắt buộc", "hoi-dap/vung-do.md",
     qa("vung-do").replace("reviewed: 2026-11-20\n", ""),
     "Mỗi mục phải có ngày rà soát `reviewed` (ngày bạn đối chiếu nội dung với văn bản nguồn). Lỗi chỉ vào dòng `---` mở đầu vì trường không có ở đâu cả.",
     "Thêm dòng `reviewed: 2026-11-20` (ngày thật bạn đã đối chiếu)."),
    ("Ngày không có thật", "hoi-dap/vung-do.md",
     qa("vung-do", reviewed="2026-02-30"),
     "Tháng 2 năm 2026 chỉ có 28 ngày. Ngày viết theo dạng `YYYY-MM-DD`; `06/9/2021` cũng bị báo lỗi kèm cách viết đúng.",
     "Sửa thành một ngày có thật, ví dụ `reviewed: 2026-02-28`."),
    ("Giá trị không có trong danh sách", "hoi-dap/vung-do.md",
     qa("vung-do", extra="audiences: [nguoi-dan, nguoi-gia]\n"),
     "Đối tượng, chủ đề, cơ quan, kênh phải là id có trong `content/danh-muc/`. `nguoi-gia` chưa có trong `doi-tuong.yml`.",
     "Chọn một id trong danh sách, hoặc nhờ người quản trị thêm đối tượng mới vào `content/danh-muc/doi-tuong.yml`."),
    ("YAML tự đổi chữ thành số hoặc giờ", "hoi-dap/goi-1022.md",
     qa("goi-1022", title="1022"),
     "Không có ngoặc kép, YAML đọc `1022` là một số, `no`/`yes` là đúng/sai, `8:30` là số giây: nội dung hiện ra sẽ sai.",
     'Đặt trong ngoặc kép: `title: "1022"`.'),
    ("Ký tự lỗi khi sao chép từ PDF", "hoi-dap/vung-do.md",
     qa("vung-do", body="Ban Thƣờng vụ Tỉnh ủy yêu cầu người dân ở trong nhà."),
     "Bản PDF của văn bản dùng phông chữ cũ: chữ `ư` bị chép thành `ƣ` (U+01A3), nhìn gần giống nhưng máy tìm kiếm và trình đọc màn hình không hiểu.",
     "Chạy `.venv/bin/loa check --fix-unicode` để sửa tự động (lệnh báo từng chỗ đã sửa), hoặc gõ lại chữ đúng."),
    ("Tin nhắn SMS có dấu hoặc quá dài", "thong-diep/goi-1022.md", MESSAGE,
     "SMS gửi tới mọi máy điện thoại phải viết không dấu, chỉ dùng bảng ký tự GSM-7, tối đa 160 ký tự (một tin). Dòng LED tối đa 60 ký tự.",
     "Viết lại không dấu, ví dụ `sms: \"Binh Phuoc - goi 1022 de duoc giai dap khuyen cao cua nganh y te\"`."),
    ("Dẫn nguồn tới mục không có trong văn bản", "hoi-dap/vung-do.md",
     qa("vung-do", section="muc-ii-43"),
     "`section` phải là neo (anchor) của một mục có thật trong văn bản nguồn; `loa check` liệt kê các neo có trong văn bản.",
     "Mở văn bản trong `content/van-ban/`, tìm mục (ví dụ `{#muc-ii-4-3}`) và chép đúng neo: `section: muc-ii-4-3`."),
    ("Liên kết tới trang không tồn tại", "hoi-dap/vung-do.md",
     qa("vung-do", body="Xem [Kế hoạch 33](../van-ban/ke-hoach-33.md#muc-ii-4) để biết thêm."),
     "Đường dẫn trong liên kết phải trỏ tới một tệp có thật; ở đây tên tệp viết thiếu.",
     "Dùng đúng tên tệp: `[Kế hoạch 33](../van-ban/ke-hoach-33-kh-tu.md#muc-ii-4)`."),
]


LOCAL_MESSAGE = MESSAGE.replace("Bình Phước - gọi 1022", "Gọi 1022").replace("Kính thưa bà con tỉnh Bình Phước", "Kính thưa bà con").replace("sms: Gọi 1022 để được giải đáp khuyến cáo của ngành y tế", 'sms: "Goi 1022 de duoc giai dap khuyen cao cua nganh y te"')

# The place and period rules (L307-L310, and the checks of co-quan.yml and `period`).
PLACE_EXAMPLES = [
    ("Tin nhắn, dòng chữ LED, lời đọc trên loa không nêu nơi áp dụng", "thong-diep/goi-1022.md", LOCAL_MESSAGE,
     "Văn bản nguồn là kế hoạch của tỉnh Bình Phước. Tin nhắn SMS, dòng chữ LED và lời đọc trên loa được gửi đi "
     "một mình, không kèm trang web ghi nơi áp dụng, nên người nhận ở tỉnh khác sẽ tưởng đó là quy định cho mình. "
     "Mỗi kênh phải tự nêu địa phương (ví dụ `Binh Phuoc`) hoặc số văn bản (ví dụ `KH 33-KH/TU`). Tiêu đề thì không "
     "cần: trang web luôn hiện nơi áp dụng và văn bản nguồn ngay dưới tiêu đề.",
     "Thêm tên địa phương vào từng kênh: `sms: \"Binh Phuoc - goi 1022 de duoc giai dap khuyen cao cua nganh y te\"`, "
     "`led: Bình Phước - gọi 1022 để được giải đáp`, `loudspeaker: Kính thưa bà con tỉnh Bình Phước, …`. SMS vẫn phải "
     "không dấu và trong 160 ký tự."),
    ("Ghi phạm vi (scope) mâu thuẫn với văn bản nguồn", "hoi-dap/vung-do.md",
     qa("vung-do", extra="scope:\n  extent: narrower\n  places: [{level: province, name: Cần Thơ}]\n"
        "  reason: Chỉ áp dụng cho Cần Thơ\n"),
     "Nơi áp dụng của một mục lấy từ cơ quan ban hành văn bản nguồn (ở đây Tỉnh ủy Kiên Giang). Trường `scope` chỉ dùng "
     "khi bạn chắc chắn mục áp dụng rộng hơn (`wider`) hoặc hẹp hơn (`narrower`) nơi đó, kèm lý do. Cần Thơ không nằm "
     "trong Kiên Giang nên `narrower` là sai.",
     "Bỏ trường `scope` (mục sẽ hiện \"Kiên Giang\"), hoặc ghi một nơi nằm trong Kiên Giang: "
     "`places: [{level: district, name: TP. Rạch Giá, province: Kiên Giang}]`."),
    ("Xác nhận còn áp dụng với ngày chưa tới", "hoi-dap/vung-do.md",
     qa("vung-do", extra="reconfirmed:\n  date: 2026-12-15\n  reason: Đã đối chiếu với quy định hiện hành\n"),
     "Mục có văn bản nguồn đã hết thời gian thực hiện, hoặc đã ban hành quá số tháng ghi trong "
     "`content/danh-muc/luu-tru.yml` (mặc định 24), được hiện là **tư liệu** với một dòng giải thích. Biên tập viên "
     "có thể xác nhận nội dung vẫn còn áp dụng bằng `reconfirmed` (ngày và lý do); lời xác nhận có giá trị trong cùng "
     "số tháng đó. Ngày xác nhận phải là ngày đã qua, không sớm hơn văn bản nguồn.",
     "Ghi ngày bạn thật sự đối chiếu: `reconfirmed: {date: 2026-11-23, reason: …}`. Nếu chưa đối chiếu, bỏ trường này: "
     "mục vẫn hiện và tìm được, với nhãn tư liệu."),
    ("Cơ quan ban hành chưa có nơi áp dụng", "danh-muc/co-quan.yml", None,
     "Mỗi cơ quan ban hành văn bản phải có `place` trong `content/danh-muc/co-quan.yml`: `level` là `national` (toàn "
     "quốc), `province` (tỉnh, thành phố trực thuộc trung ương) hoặc `district` (huyện, thị xã, thành phố thuộc tỉnh, "
     "ghi thêm `province`). Từ đó mọi hỏi đáp, thông điệp… dẫn văn bản của cơ quan biết mình áp dụng ở đâu.",
     "Thêm vào mục của cơ quan: `place: {level: province, name: Kiên Giang}`. Nếu văn bản không ghi tỉnh nào, chỉ ghi "
     "`place: {level: province}` và một `short_name` để tin nhắn có tên gọi."),
    ("Thời gian thực hiện kết thúc trước ngày ban hành", "van-ban/ke-hoach-thu.md", None,
     "Trường `period` ghi thời gian thực hiện **chỉ khi văn bản ghi rõ** (ví dụ \"trước mắt từ nay đến hết năm "
     "2021\"): `until` là ngày cuối, `quote` là nguyên văn câu chữ, `section` là neo của mục ghi thời gian. Khi thời "
     "gian này hết, mọi mục chỉ dẫn văn bản này thành tư liệu.",
     "Sửa `until` theo đúng văn bản, ví dụ `until: 2021-12-31`."),
]


OTHER_GUIDE = ROOT / "docs" / "huong-dan" / "loi-khac.md"
GIT_ENV = {"GIT_AUTHOR_NAME": "Biên tập", "GIT_AUTHOR_EMAIL": "bt@example.vn", "GIT_COMMITTER_NAME": "Biên tập",
           "GIT_COMMITTER_EMAIL": "bt@example.vn", "GIT_AUTHOR_DATE": "2026-11-20T09:00:00+07:00",
           "GIT_COMMITTER_DATE": "2026-11-20T09:00:00+07:00"}

# Less common errors, each with how `loa check` was run: "content" (the file under content/),
# "outside" (the file given from outside content/), "changed" (`--changed main` after an edit of an
# approved item that was committed on main: `text` is the edited file).
OTHER_EXAMPLES = [
    ("Kiểm tra một tệp nằm ngoài thư mục content/", "hoi-dap/vung-do.md", qa("vung-do"), "outside",
     "`loa check` chỉ đọc tệp trong `content/`. Một tệp ở chỗ khác không được kiểm tra và cũng không lên trang, "
     "nên lệnh báo lỗi thay vì báo `0 lỗi`.",
     "Chuyển tệp vào `content/hoi-dap/` rồi chạy `.venv/bin/loa check content/hoi-dap/vung-do.md`."),
    ("Hai khối siêu dữ liệu", "hoi-dap/vung-do.md",
     qa("vung-do").replace("\n---\n\n", "\n---\nvalid_until: 2026-12-31\n---\n\n", 1), "content",
     "Dòng `---` thứ hai đóng phần siêu dữ liệu; các trường sau nó thành chữ trên trang và không được đọc.",
     "Đưa mọi trường vào một khối giữa hai dòng `---` đầu tệp và xóa dòng `---` thừa."),
    ("Thẻ HTML trong một trường", "hoi-dap/vung-do.md",
     qa("vung-do", title="Vùng đỏ <b>phải</b> làm gì?"), "content",
     "Trường văn bản (tiêu đề, câu hỏi, lời đọc…) hiện nguyên văn; thẻ HTML bị từ chối ngay khi kiểm tra, "
     "không để đến lúc dựng trang mới hỏng. Dấu so sánh có khoảng trắng (`1 < 2`) thì được.",
     "Bỏ thẻ: `title: Vùng đỏ phải làm gì?`. Định dạng đậm, nghiêng chỉ dùng trong phần thân Markdown."),
    ("Ký tự vô hình (khoảng trắng độ rộng 0)", "hoi-dap/vung-do.md",
     qa("vung-do", body="Người dân ở trong\u200bnhà, không ra ngoài khi không thực sự cần thiết."), "content",
     "Sao chép từ trang web, Word hay PDF có thể mang theo ký tự không nhìn thấy (U+200B, U+200C, U+200D, "
     "U+2060, U+FEFF, dấu gạch nối mềm U+00AD); chúng làm hỏng tìm kiếm và tin nhắn.",
     "Chạy `.venv/bin/loa check --fix-unicode` để xóa (chữ hiển thị không đổi), hoặc xóa bằng tay."),
    ("Ký tự điều khiển hướng chữ", "hoi-dap/vung-do.md",
     qa("vung-do", body="Gọi tổng đài \u202e2201\u202c khi cần hỗ trợ."), "content",
     "Ký tự điều khiển hướng chữ (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F) đảo thứ tự chữ hiển thị: "
     "người đọc thấy `1022` nhưng văn bản là `2201`. `--fix-unicode` không tự xóa, vì câu phải được đọc lại.",
     "Xóa ký tự bằng tay rồi đọc lại câu, ví dụ `Gọi tổng đài 1022 khi cần hỗ trợ.`"),
    ("Ảnh lấy từ trang khác", "hoi-dap/vung-do.md",
     qa("vung-do", body="![Bản đồ vùng dịch](https://anh.example.com/ban-do.png)"), "content",
     "Cổng không tải gì từ máy chủ khác; ảnh như vậy bị bỏ khỏi trang công khai. Một ảnh viết `//máy-chủ/…` "
     "(không có `https:`) cũng là ảnh từ máy chủ khác.",
     "Bỏ ảnh, hoặc đưa số liệu vào một infographic (`content/infographic/`) rồi dẫn ảnh do cổng vẽ, hoặc nhờ người "
     "quản trị thêm máy chủ vào `allowed_hosts` của plugin `loa` trong `mkdocs.yml`."),
    ("Ảnh không có trên cổng", "hoi-dap/vung-do.md",
     qa("vung-do", body="![Bản đồ vùng dịch](anh/ban-do.png)"), "content",
     "Cổng không có thư mục ảnh chép tay: ảnh duy nhất một trang dẫn được là biểu đồ cổng vẽ từ một infographic, "
     "ở `/infographic/<id>/<id>.svg`. Ảnh khác không lên trang, nên bị báo ngay khi kiểm tra.",
     "Dẫn ảnh của một infographic, ví dụ `![Các cấp độ vùng](/infographic/cac-cap-do-vung/cac-cap-do-vung.svg)`, "
     "hoặc bỏ ảnh."),
    ("Ngày rà soát chưa tới", "hoi-dap/vung-do.md", qa("vung-do", reviewed="2062-11-20"), "content",
     "`reviewed` là ngày bạn đã đối chiếu nội dung với văn bản nguồn, nên không thể sau hôm nay. Ngày này hiện "
     "trên trang (\"Rà soát lần cuối\"), định ngày của cả bản dựng và ghi chú thay đổi, nên gõ nhầm năm sẽ "
     "làm cổng ghi một ngày chưa tới.",
     "Ghi ngày đã rà soát thật (ở đây gõ nhầm 2062 cho 2026): `reviewed: 2026-11-20`."),
    ("Sửa mục đã duyệt mà không ghi chú thay đổi", "hoi-dap/vung-do.md",
     qa("vung-do", body="Người dân ở trong nhà; chỉ ra ngoài khi thật cần thiết."), "changed",
     "Mục đã công bố (`approved`) được sửa nội dung thì phải ghi `change_note` mới: ghi chú hiện trên trang của "
     "mục và ở trang Thay đổi (`/thay-doi/`). Lỗi chỉ hiện khi chạy `loa check --changed`, như trong pull request.",
     "Thêm dòng `change_note: Làm rõ khi nào được ra ngoài` (ngắn gọn: điều gì đổi và vì sao)."),
]


def run_example(base: Path, rel: str, text: str, mode: str = "content") -> str:
    """The real `loa check` report for one broken file in a copy of the repository's content."""
    content = base / "content"
    for folder in (content, base / "hoi-dap", base / ".git"):
        if folder.exists():
            shutil.rmtree(folder)
    shutil.copytree(ROOT / "content" / "danh-muc", content / "danh-muc")
    shutil.copytree(ROOT / "content" / "van-ban", content / "van-ban")
    target = (base if mode == "outside" else content) / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    if mode == "changed":  # the approved original on main, the edit on a branch
        target.write_text(qa(Path(rel).stem), encoding="utf-8")
        for args in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-q", "-m", "Bản đã duyệt"],
                     ["checkout", "-q", "-b", "sua"]):
            subprocess.run(["git", *args], cwd=base, env={**os.environ, **GIT_ENV}, check=True, capture_output=True)
    target.write_text(text, encoding="utf-8")
    cwd = os.getcwd()
    os.chdir(base)
    try:
        # A taxonomy's own problems show in its file; a missing place shows at the documents that use it.
        only = [Path(rel) if mode == "outside" else Path("content") / rel]
        only += sorted(Path("content/van-ban").glob("*.md")) if rel.startswith("danh-muc") else []
        report = check_site(Path("content"), today=TODAY, only=only)
        if mode == "changed":
            assert report.site is not None
            report.diagnostics += check_change_notes(Path("content"), "main", report.site.entries)
    finally:
        os.chdir(cwd)
    return report.format()


def _example_text(rel: str, text: str | None) -> str:
    """The example file: as given, or a real file of the repository made broken."""
    if text is not None:
        return text
    if rel == "danh-muc/co-quan.yml":
        real = (ROOT / "content" / rel).read_text(encoding="utf-8")
        return real.replace("  place:\n    level: province\n    name: Kiên Giang\n- id: ban-tuyen-giao", "- id: ban-tuyen-giao")
    doc = (ROOT / "content" / "van-ban" / "ke-hoach-33-kh-tu.md").read_text(encoding="utf-8")
    doc = doc.replace("id: ke-hoach-33-kh-tu", "id: ke-hoach-thu").replace('number: "33-KH/TU"', 'number: "34-KH/TU"')
    return doc.replace("issued_on: 2021-10-12\n", "issued_on: 2021-10-12\nperiod:\n  until: 2020-12-31\n"
                       "  quote: từ nay đến hết năm 2021\n", 1)


def render_places() -> str:
    lines = [
        "# Nơi áp dụng, thời gian và tư liệu",
        "",
        "Thông tin chính thức phải nói rõ **áp dụng ở đâu và theo văn bản nào, ngày nào**. `loa` lấy các điều đó từ",
        "dữ liệu, nên không mục nào quên được:",
        "",
        "- Mỗi cơ quan ban hành có **nơi áp dụng** (`place` trong `content/danh-muc/co-quan.yml`).",
        "- Mỗi văn bản có **ngày ban hành** (`issued_on`; nếu văn bản không ghi ngày thì `issued_after`: ngày của văn",
        "  bản mới nhất mà nó dẫn) và, chỉ khi văn bản ghi rõ, **thời gian thực hiện** (`period`).",
        "- Mỗi hỏi đáp, khẩu hiệu, hướng dẫn tổng đài, thông điệp, infographic **tự lấy** nơi áp dụng và văn bản",
        "  nguồn kèm ngày từ `sources`, và hiện chúng dưới tiêu đề ở mọi nơi: trang, danh sách, trang chủ, tài liệu",
        "  phát tay, kết quả tìm kiếm, nguồn cấp tin, JSON, CSV. Ví dụ: `Kiên Giang · Kế hoạch 33-KH/TU, 12/10/2021`.",
        "- Mục có văn bản nguồn đã hết thời gian thực hiện, hoặc đã ban hành quá số tháng ghi trong",
        "  `content/danh-muc/luu-tru.yml` (`archive_after_months`, mặc định 24), được hiện là **tư liệu**: một khung",
        "  giải thích nó thuộc giai đoạn nào và vì sao. Tư liệu vẫn tìm được và trích dẫn được. Ngày \"hôm nay\" là",
        "  ngày dựng trang theo giờ Việt Nam; cùng nội dung và cùng ngày thì trang dựng ra giống hệt nhau.",
        "",
        "Mỗi ví dụ dưới đây là một tệp có lỗi và **kết quả thật** của `loa check` (tạo bằng `scripts/error_guide.py`).",
        "",
    ]
    with tempfile.TemporaryDirectory() as tmp:
        for n, (heading, rel, given, meaning, fix) in enumerate(PLACE_EXAMPLES, start=1):
            text = _example_text(rel, given)
            output = run_example(Path(tmp), rel, text)
            shown = text if rel.endswith(".md") and not rel.startswith("van-ban") else _excerpt(rel, text)
            fence = "yaml" if rel.endswith(".yml") else "markdown"
            lines += [f"## {n}. {heading}", "", f"Tệp `content/{rel}`" + (" (trích)" if shown != text else "") + ":",
                      "", f"```{fence}", shown.rstrip("\n"), "```", "", "`loa check` báo:", "", "```text", output, "```",
                      "", f"**Vì sao:** {meaning}", "", f"**Cách sửa:** {fix}", ""]
    return "\n".join(lines)


def _excerpt(rel: str, text: str) -> str:
    if rel == "danh-muc/co-quan.yml":
        start = text.index("- id: van-phong-ubnd-tinh-kien-giang")
        return text[start:text.index("- id: ban-tuyen-giao-tinh-uy-binh-phuoc")]
    head = text.split("\n---\n", 1)[0] + "\n---\n"
    keep = [line for line in head.splitlines() if not line.startswith("#")]
    return "\n".join(keep[:keep.index("subject: đẩy mạnh tuyên truyền phòng, chống dịch Covid-19 và phát triển kinh tế-xã hội trong trạng thái bình thường mới")] + ["…"])


def render() -> str:
    lines = [
        "# Mười lỗi thường gặp khi chạy `loa check`",
        "",
        "Mỗi ví dụ dưới đây là một tệp có lỗi và **kết quả thật** của `loa check` trên tệp đó",
        "(tệp này được tạo bằng `scripts/error_guide.py` và được kiểm tra tự động, nên luôn khớp với",
        "những gì bạn thấy). Mỗi thông báo cho biết: tệp, dòng và cột; mã lỗi; trường; điều sai; cách sửa.",
        "",
        "Cách đọc dòng đầu: `content/hoi-dap/vung-do.md:3:15: error L104 yaml-syntax` nghĩa là tệp",
        "`content/hoi-dap/vung-do.md`, dòng 3, cột 15, lỗi mã L104. Lỗi (`error`) chặn việc công bố;",
        "cảnh báo (`warning`) không chặn, trừ khi chạy `loa check --strict`.",
        "",
    ]
    with tempfile.TemporaryDirectory() as tmp:
        for n, (heading, rel, text, meaning, fix) in enumerate(EXAMPLES, start=1):
            output = run_example(Path(tmp), rel, text)
            lines += [f"## {n}. {heading}", "", f"Tệp `content/{rel}`:", "", "```markdown", text.rstrip("\n"), "```", "",
                      "`loa check` báo:", "", "```text", output, "```", "", f"**Vì sao:** {meaning}", "",
                      f"**Cách sửa:** {fix}", ""]
    return "\n".join(lines)


def render_other() -> str:
    lines = [
        "# Các lỗi khác mà `loa check` bắt",
        "",
        "Tiếp theo [mười lỗi thường gặp](loi-thuong-gap.md): những lỗi ít gặp hơn nhưng dễ lọt nếu không có",
        "máy kiểm tra. Mỗi ví dụ là **kết quả thật** của `loa check` (tệp này được tạo bằng",
        "`scripts/error_guide.py` và được kiểm tra tự động).",
        "",
    ]
    with tempfile.TemporaryDirectory() as tmp:
        for n, (heading, rel, text, mode, meaning, fix) in enumerate(OTHER_EXAMPLES, start=1):
            output = run_example(Path(tmp), rel, text, mode)
            where = f"`{rel}` (ngoài `content/`)" if mode == "outside" else f"`content/{rel}`"
            command = {"outside": f"loa check {rel}", "changed": "loa check --changed main",
                       "content": f"loa check content/{rel}"}[mode]
            lines += [f"## {n}. {heading}", "", f"Tệp {where}:", "", "```markdown", text.rstrip("\n"), "```", "",
                      f"`{command}` báo:", "", "```text", output, "```", "", f"**Vì sao:** {meaning}", "",
                      f"**Cách sửa:** {fix}", ""]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true", help="exit 1 if the committed guide is out of date")
    args = parser.parse_args()
    stale = []
    for guide, text in ((GUIDE, render()), (PLACE_GUIDE, render_places()), (OTHER_GUIDE, render_other())):
        if args.check:
            current = guide.read_text(encoding="utf-8") if guide.exists() else ""
            if current != text:
                stale.append(guide)
            continue
        guide.parent.mkdir(parents=True, exist_ok=True)
        guide.write_text(text, encoding="utf-8")
        print(f"wrote {guide.relative_to(ROOT)}")
    for guide in stale:
        print(f"{guide.relative_to(ROOT)} is out of date: run python scripts/error_guide.py", file=sys.stderr)
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
