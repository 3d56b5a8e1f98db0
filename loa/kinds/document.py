"""Official documents (văn bản): plans, letters, guidance, resolutions, directives."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml

from loa.fields import (
    Choice,
    Context,
    Date,
    Field,
    FieldError,
    Integer,
    ListOf,
    Optional,
    Slug,
    Struct,
    Text,
    scalar_text,
)
from loa.kinds.base import PLACEHOLDER, Kind

DOC_TYPES = {
    "KH": "Kế hoạch", "CV": "Công văn", "HD": "Hướng dẫn", "NQ": "Nghị quyết",
    "CT": "Chỉ thị", "TB": "Thông báo", "KL": "Kết luận", "QĐ": "Quyết định",
}
URGENCIES = ("Khẩn", "Thượng khẩn", "Hỏa tốc")
RELATIONS = {"can-cu": "Căn cứ", "thuc-hien": "Thực hiện", "kem-theo": "Kèm theo"}
FORCE = {"in-force": "Còn hiệu lực", "superseded": "Đã được thay thế", "expired": "Hết hiệu lực"}

_CODE = r"[A-ZĐ][A-Za-zĐđ0-9]*"
# Party documents: number-TYPE/ISSUER ("43-KH/ThU", "01-CV/BTGDUK"; a blank number "-KH/BTGTU").
PARTY_NUMBER = re.compile(rf"^(\d*)-({_CODE})/({_CODE}(?:-{_CODE})*)$")
# State documents: number/TYPE-ISSUER ("8232/VP-KGVX", "267/KH-UBND", "30/2020/NĐ-CP").
STATE_NUMBER = re.compile(rf"^(\d*)/(?:\d{{4}}/)?({_CODE}(?:-{_CODE})+)$")


def number_pattern(number: str) -> str | None:
    """Return "party" or "state" for a number that fits an official pattern, else None."""
    if PARTY_NUMBER.match(number):
        return "party"
    if STATE_NUMBER.match(number):
        return "state"
    return None


@dataclass
class DocNumber(Text):
    """Number and symbol as written; warns (L215) when it fits neither official pattern."""

    example_value: str = "43-KH/ThU"

    def parse(self, node: yaml.Node, ctx: Context, path: str) -> str:
        value = " ".join(scalar_text(node, "số, ký hiệu", self.example_value).split())
        if number_pattern(value) is None:
            squeezed = value.replace(" ", "")
            hint = (f"bỏ dấu cách: {squeezed}" if number_pattern(squeezed)
                    else "mẫu Đảng `43-KH/ThU` (số-LOẠI/CƠ QUAN) hoặc mẫu Nhà nước `8232/VP-KGVX` (số/LOẠI-CƠ QUAN)")
            ctx.report(FieldError("L215", f"số, ký hiệu {value!r} không theo mẫu văn bản Đảng hay Nhà nước", hint),
                       node, path)
        return super().parse(node, ctx, path)


class Document(Kind):
    """Official documents (văn bản): stay in the register even when superseded."""

    name, folder, label, label_plural = "document", "van-ban", "văn bản", "Văn bản"
    template, hub, hub_position = "document.md.j2", "Văn bản", 10
    own_hub_page = True  # loa/hubs.py
    related_title, answer_rank = "Văn bản liên quan", 0.4
    searchable = ('subject',)
    scaffold = f'''number: null        # BẮT BUỘC: số, ký hiệu như văn bản ghi, ví dụ "43-KH/ThU"; null nếu không có
doc_type: KH        # BẮT BUỘC: KH, CV, HD, NQ, CT, TB, KL, QĐ
issuer: {PLACEHOLDER!r}   # BẮT BUỘC: id cơ quan trong content/danh-muc/co-quan.yml
issued_on: null     # BẮT BUỘC: YYYY-MM-DD; null nếu văn bản không ghi ngày
subject: "{PLACEHOLDER} trích yếu"   # BẮT BUỘC: trích yếu như văn bản ghi
place: null         # địa danh ở đầu văn bản
recipients: []      # Nơi nhận, mỗi dòng một mục
based_on: []        # Căn cứ: [{{relation: can-cu, citation: "..."}}]
---

{PLACEHOLDER} Toàn văn văn bản. Mục đánh số thành tiêu đề có neo, ví dụ:

## I. MỤC ĐÍCH, YÊU CẦU {{#muc-i}}
'''
    sources_required = False
    record = True  # the register keeps a document after its window, marked no longer in force

    number = Field(Optional(DocNumber()), required=True, doc="số, ký hiệu như văn bản ghi; null nếu không có")
    doc_type = Field(Choice(tuple(DOC_TYPES), label="loại văn bản"), required=True, doc="loại văn bản")
    issuer = Field(Choice(taxonomy="organizations", label="cơ quan"), required=True, doc="cơ quan ban hành")
    place = Field(Optional(Text(example_value="Kiên Giang")), doc="địa danh ở đầu văn bản")
    issued_on = Field(Optional(Date()), required=True, doc="ngày ban hành; null nếu văn bản không ghi")
    subject = Field(Optional(Text(max_len=600)), required=True, doc="trích yếu nội dung; null nếu văn bản không ghi")
    urgency = Field(Optional(Choice(URGENCIES, label="độ khẩn")), doc="độ khẩn")
    addressees = Field(ListOf(Text()), doc="Kính gửi")
    recipients = Field(ListOf(Text()), doc="Nơi nhận")
    signer = Field(Optional(Struct(fields={
        "name": Field(Text(example_value="Trần Công Danh"), required=True, doc="họ tên người ký"),
        "capacity": Field(Text(example_value="KT. CHÁNH VĂN PHÒNG"), doc="thẩm quyền ký (T/M, KT., TL.)"),
        "position": Field(Text(example_value="PHÓ CHÁNH VĂN PHÒNG"), doc="chức vụ"),
    }, example_value="{name: Trần Công Danh, position: PHÓ CHÁNH VĂN PHÒNG}")), doc="người ký")
    attachments = Field(ListOf(Struct(fields={
        "title": Field(Text(), required=True, doc="tên tài liệu kèm theo"),
        "document": Field(Slug(), doc="id văn bản kèm theo nếu có trong kho"),
        "section": Field(Slug(), doc="neo của phụ lục trong chính văn bản này"),
    }, example_value="{title: Đề cương báo cáo, section: phu-luc}")), doc="tài liệu kèm theo")
    based_on = Field(ListOf(Struct(fields={
        "relation": Field(Choice(tuple(RELATIONS), label="quan hệ"), required=True, doc="can-cu, thuc-hien, kem-theo"),
        "document": Field(Slug(), doc="id văn bản trong kho"),
        "citation": Field(Text(max_len=400), doc="trích dẫn văn bản ngoài kho, như văn bản ghi"),
    }, one_of=("document", "citation"),
        example_value="{relation: can-cu, citation: Kế hoạch số 50-KH/BTGTU ngày 27/8/2021 …}")),
        doc="văn bản làm căn cứ")
    issued_after = Field(Date(), doc="khi văn bản không ghi ngày: ngày của văn bản mới nhất mà nó dẫn (văn bản ban hành sau ngày này)")
    period = Field(Struct(fields={
        "until": Field(Date(), required=True, doc="ngày cuối của thời gian thực hiện văn bản ghi"),
        "quote": Field(Text(max_len=200, example_value="trước mắt từ nay đến hết năm 2021"), required=True,
                       doc="nguyên văn câu chữ của văn bản về thời gian thực hiện"),
        "section": Field(Slug(example_value="muc-ii-2"), doc="neo của mục ghi thời gian"),
    }, example_value='{until: 2021-12-31, quote: "trước mắt từ nay đến hết năm 2021", section: muc-ii-2}'),
        doc="thời gian thực hiện, chỉ khi văn bản ghi rõ")
    force = Field(Choice(tuple(FORCE), label="hiệu lực"), doc="tình trạng hiệu lực, nếu biết")
    superseded_by = Field(Slug(), doc="id văn bản thay thế")
    corrections = Field(ListOf(Struct(fields={
        "original": Field(Text(verbatim=True), required=True, doc="chữ trong bản gốc, nguyên như bản gốc"),
        "corrected": Field(Text(), required=True, doc="chữ đã sửa"),
        "count": Field(Integer(minimum=1), doc="số lần sửa"),
        "note": Field(Text(), doc="ghi chú"),
    })), doc="các chỗ đã sửa so với bản gốc (lỗi trích xuất PDF)")
    source_file = Field(Text(), doc="tệp nguồn")

    @classmethod
    def check(cls, values: dict[str, Any], ctx: Context) -> list[tuple[FieldError, str]]:
        problems = super().check(values, ctx)
        if values.get("superseded_by") and values.get("force") not in ("superseded", "expired"):
            problems.append((FieldError("L202", "có superseded_by nhưng thiếu `force: superseded`",
                                        "thêm dòng `force: superseded`"), "superseded_by"))
        issued, after = values.get("issued_on"), values.get("issued_after")
        if issued is not None and after is not None:
            problems.append((FieldError("L203", "văn bản đã có issued_on thì không cần issued_after",
                                        "bỏ dòng issued_after"), "issued_after"))
        until = (values.get("period") or {}).get("until")
        start = issued or after
        if until is not None and start is not None and until < start:
            problems.append((FieldError("L210", f"period.until {until.isoformat()} sớm hơn ngày văn bản {start.isoformat()}",
                                        "sửa ngày cuối của thời gian thực hiện theo đúng văn bản"), "period.until"))
        return problems
