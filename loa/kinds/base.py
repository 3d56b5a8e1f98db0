"""The Kind base class and the fields every kind shares."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from typing import Any, ClassVar

from loa.errors import quote
from loa.fields import Choice, Context, Date, Field, FieldError, ListOf, Slug, Struct, Text
from loa.model import PLACE_LEVELS, Place

STATUSES = ("draft", "review", "approved", "retired")
PLACEHOLDER = "[CẦN ĐIỀN]"  # what `loa new` writes where the editor must write
PLACEHOLDERS = (PLACEHOLDER, "[CAN DIEN]")  # the second where only ASCII is allowed (SMS)


def iter_texts(value: Any, path: str = "") -> Iterator[tuple[str, str]]:
    """Every text value in parsed front matter, with its field path."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from iter_texts(item, f"{path}.{key}" if path else key)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from iter_texts(item, f"{path}[{i}]")

SOURCE = Struct(
    fields={
        "document": Field(Slug(example_value="ke-hoach-43-kh-thu"), required=True,
                          doc="id của văn bản nguồn (content/van-ban/<id>.md)"),
        "section": Field(Slug(example_value="muc-ii-1"), doc="neo (anchor) của mục trong văn bản nguồn"),
    },
    example_value="{document: ke-hoach-43-kh-thu, section: muc-ii-1}",
)

PLACE = Struct(
    fields={
        "level": Field(Choice(tuple(PLACE_LEVELS), label="cấp"), required=True,
                       doc="national (toàn quốc), province (tỉnh, thành phố trực thuộc trung ương), district (huyện, thị xã, thành phố thuộc tỉnh)"),
        "name": Field(Text(max_len=80, example_value="Kiên Giang"), doc="tên địa phương; bỏ trống nếu văn bản không ghi"),
        "province": Field(Text(max_len=80, example_value="Lai Châu"), doc="với cấp huyện: tên tỉnh"),
    },
    example_value="{level: province, name: Kiên Giang}",
)


def check_place(value: dict[str, Any], path: str) -> list[tuple[FieldError, str]]:
    """A district names itself and its province; the nation has no name."""
    problems: list[tuple[FieldError, str]] = []
    level = value.get("level")
    if level == "district":
        for key, example in (("name", "TP. Lai Châu"), ("province", "Lai Châu")):
            if not value.get(key):
                problems.append((FieldError("L202", f"địa phương cấp huyện cần trường {key}",
                                            f"thêm {key}: {example}"), f"{path}.level"))
    elif level == "national" and (value.get("name") or value.get("province")):
        problems.append((FieldError("L203", "cấp toàn quốc (national) không có tên địa phương",
                                    "bỏ name/province, hoặc đổi level thành province hay district"), f"{path}.name"))
    elif level == "province" and value.get("province"):
        problems.append((FieldError("L203", "cấp tỉnh (province) không có trường province",
                                    "ghi tên tỉnh vào name và bỏ province"), f"{path}.province"))
    return problems


def to_place(value: dict[str, Any]) -> Place:
    """A parsed PLACE mapping as a Place."""
    return Place(value["level"], value.get("name") or None, value.get("province") or None)


class Kind:
    """A content kind: its folder, labels and declared fields. Subclasses declare `Field`s."""

    name: ClassVar[str]
    folder: ClassVar[str]
    label: ClassVar[str]  # Vietnamese, singular: "văn bản"
    label_plural: ClassVar[str]
    extension: ClassVar[str] = ".md"
    sources_required: ClassVar[bool] = True
    fields: ClassVar[dict[str, Field]] = {}
    # What the kind owns beyond its fields (docs/architecture.md, "Add a kind"):
    template: ClassVar[str] = "entry.md.j2"  # its page (loa/templates/); the generic one lists fields
    hub: ClassVar[str | None] = None  # title of its hub at /<folder>/ (nav, breadcrumbs, links, search); None: no hub
    hub_position: ClassVar[int] = 100  # where the hub goes in the navigation (loa.sections)
    in_nav: ClassVar[bool] = True
    own_hub_page: ClassVar[bool] = False  # True: loa/hubs.py draws its hub; else the generic list (hub.md.j2)
    related_title: ClassVar[str] = "Mục liên quan"  # heading over an entry page's related items
    answer_rank: ClassVar[float] = 0.5  # how well its pages answer a question, for search ranking (0..1)
    searchable: ClassVar[tuple[str, ...]] = ()  # fields shown on its page: their words are found by search
    scaffold: ClassVar[str] = ""  # what `loa new` writes after the common head (YAML lines, `---`, body)
    record: ClassVar[bool] = False  # True: an approved item stays public after its validity window

    id = Field(Slug(), required=True, doc="định danh cố định, trùng tên tệp")
    title = Field(Text(max_len=300), required=True, doc="tiêu đề")
    status = Field(Choice(STATUSES, label="trạng thái"), required=True,
                   doc="draft → review → approved → retired; chỉ approved được công bố")
    reviewed = Field(Date(), required=True, doc="ngày rà soát gần nhất")
    valid_from = Field(Date(), doc="công bố từ ngày")
    valid_until = Field(Date(), doc="công bố đến hết ngày")
    sources = Field(ListOf(SOURCE, max_items=20), doc="văn bản và mục làm căn cứ")
    audiences = Field(ListOf(Choice(taxonomy="audiences", label="đối tượng"), max_items=20), doc="nhóm đối tượng")
    topics = Field(ListOf(Choice(taxonomy="topics", label="chủ đề"), max_items=20), doc="chủ đề")
    change_note = Field(Text(max_len=500, example_value="Cập nhật giờ làm việc của tổng đài theo Công văn 8232/VP-KGVX"),
                        doc="điều gì thay đổi trong nội dung đã công bố và vì sao (bắt buộc khi sửa mục đã duyệt; "
                            "khi rút mục: lý do rút)")

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        collected: dict[str, Field] = {}
        for klass in reversed(cls.__mro__):
            for key, value in vars(klass).items():
                if isinstance(value, Field):
                    collected[key] = value
        if cls.sources_required:
            collected["sources"] = Field(ListOf(SOURCE, max_items=20),
                                         doc=collected["sources"].doc + " (bắt buộc trước khi gửi duyệt)")
        cls.fields = collected

    @classmethod
    def search_texts(cls, data: Mapping[str, Any]) -> list[str]:
        """The words a reader sees on the page besides title and body, field by field (`searchable`)."""
        return [str(data.get(key)) for key in cls.searchable if data.get(key)]

    @classmethod
    def struct(cls) -> Struct:
        return Struct(fields=cls.fields)

    @classmethod
    def json_schema_extra(cls) -> dict[str, Any]:
        """Schema keywords beyond the fields' own (for kinds whose fields depend on each other)."""
        return {}

    @classmethod
    def check(cls, values: dict[str, Any], ctx: Context) -> list[tuple[FieldError, str]]:
        """Cross-field rules; return (error, field path) pairs. Subclasses extend.

        A draft may be incomplete (no sources yet, placeholders from `loa new`): that is a
        warning while it is a draft and an error once it goes to review or is approved.
        """
        problems: list[tuple[FieldError, str]] = []
        draft = values.get("status") == "draft"
        if cls.sources_required and "sources" in values and not values["sources"]:
            problems.append((FieldError(
                "L222" if draft else "L202", "chưa có văn bản nguồn (sources)",
                "thêm ít nhất một nguồn: sources: [{document: ke-hoach-43-kh-thu, section: muc-ii-1}]"), "sources"))
        for path, text in iter_texts(values):
            if any(p in text for p in PLACEHOLDERS):
                problems.append((FieldError(
                    "L222" if draft else "L223", f"còn chỗ chưa điền {quote(text)}",
                    f"thay {PLACEHOLDER} bằng nội dung thật trước khi gửi duyệt"), path))
        start, end = values.get("valid_from"), values.get("valid_until")
        if isinstance(start, dt.date) and isinstance(end, dt.date) and end < start:
            problems.append((FieldError(
                "L210", f"valid_until {end.isoformat()} sớm hơn valid_from {start.isoformat()}",
                f"đặt valid_until từ {start.isoformat()} trở đi hoặc sửa valid_from"), "valid_until"))
        return problems


class Guidance(Kind):
    """Kinds derived from documents (Q&A, slogans, hotline, talking points, infographics).

    Their place and dates come from their sources; an editor may widen or narrow the place
    only explicitly (`scope`), and may keep an old item current only with a dated reason
    (`reconfirmed`). Both are checked against the sources in enrich (loa/scope.py).
    """

    scope = Field(Struct(fields={
        "extent": Field(Choice(("wider", "narrower"), label="phạm vi"), required=True,
                        doc="wider: rộng hơn nơi ban hành văn bản nguồn; narrower: hẹp hơn"),
        "places": Field(ListOf(PLACE, min_items=1, max_items=10), required=True, doc="nơi áp dụng"),
        "reason": Field(Text(max_len=400, example_value="Văn bản nguồn nêu chủ trương chung của cả nước"),
                        required=True, doc="vì sao nơi áp dụng khác nơi ban hành văn bản nguồn"),
    }, example_value="{extent: narrower, places: [{level: district, name: TP. Rạch Giá, province: Kiên Giang}], reason: …}"),
        doc="nơi áp dụng do biên tập ghi, khi khác nơi ban hành văn bản nguồn")
    reconfirmed = Field(Struct(fields={
        "date": Field(Date(), required=True, doc="ngày xác nhận"),
        "reason": Field(Text(max_len=400, example_value="Đối chiếu quy định hiện hành ngày 30/11/2026: vẫn áp dụng"),
                        required=True, doc="căn cứ xác nhận nội dung vẫn còn áp dụng"),
    }, example_value="{date: 2026-11-30, reason: …}"),
        doc="biên tập xác nhận nội dung vẫn còn áp dụng dù văn bản nguồn đã cũ hoặc hết thời gian thực hiện")

    @classmethod
    def check(cls, values: dict[str, Any], ctx: Context) -> list[tuple[FieldError, str]]:
        problems = super().check(values, ctx)
        for i, place in enumerate((values.get("scope") or {}).get("places") or []):
            problems += check_place(place, f"scope.places[{i}]")
        return problems
