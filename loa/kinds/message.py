"""Talking points (thông điệp) for rapporteurs, with channel variants."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import yaml

from loa.fields import Choice, Context, Field, FieldError, ListOf, Struct, Text
from loa.kinds.base import PLACEHOLDER, Guidance
from loa.text.vi import strip_diacritics

# GSM 03.38 basic character set (one SMS segment of 160 such characters).
GSM7 = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXT = set("^{}\\[~]|€")  # each costs two septets
SMS_SEPTETS = 160  # one SMS


def gsm_length(text: str) -> int:
    """Length in GSM-7 septets: the extension characters cost two."""
    return sum(2 if c in GSM7_EXT else 1 for c in text)


@dataclass
class SmsText(Text):
    example_value: str = "Goi 1022 de duoc huong dan phong chong dich"

    def parse(self, node: yaml.Node, ctx: Context, path: str) -> str:
        value = super().parse(node, ctx, path)
        # GSM-7 has à, é, ù …, but an SMS here is written without diacritics: ASCII only.
        bad = sorted({c for c in value if not c.isascii() or (c not in GSM7 and c not in GSM7_EXT)})
        if bad:
            plain = strip_diacritics(value)
            ctx.report(FieldError("L216", f"SMS chỉ dùng chữ không dấu trong bảng GSM-7; có ký tự {''.join(bad)!r}",
                                  f"viết không dấu: {plain[:70]!r}" + ("…" if len(plain) > 70 else "")), node, path)
        length = gsm_length(value)
        if length > SMS_SEPTETS:  # reported and kept, as Text does: L310 still reads the text
            ctx.report(FieldError("L216", f"SMS dài {length} ký tự GSM-7, tối đa {SMS_SEPTETS} (một tin)",
                                  f"bớt {length - SMS_SEPTETS} ký tự"), node, path)
        return value

    def json_schema(self) -> dict[str, Any]:
        """The same rule for a JSON Schema validator: ASCII in GSM-7, at most 160 septets (^{}\\[~]| cost two).

        JSON Schema cannot weigh characters, so the second pattern has one branch per count e of
        two-septet characters: with e of them the text may be 160 - e characters long.
        """
        allowed = _char_class(c for c in GSM7 | GSM7_EXT if c.isascii())
        ext = _char_class(c for c in GSM7_EXT if c.isascii())
        weighed = "|".join(f"(?=(?:[^{ext}]*[{ext}]){{{e}}}[^{ext}]*$)[\\s\\S]{{0,{SMS_SEPTETS - e}}}$"
                           for e in range(SMS_SEPTETS // 2 + 1))
        return {"type": "string", "minLength": 1, "maxLength": SMS_SEPTETS,
                "allOf": [{"pattern": f"^[{allowed}]*$"}, {"pattern": f"^(?:{weighed})"}],
                "description": f"SMS không dấu, bảng GSM-7, tối đa {SMS_SEPTETS} ký tự; mỗi ký tự ^{{}}\\[~]| tính hai"}


def _char_class(chars: Iterable[str]) -> str:
    """The inside of a regex character class (ECMA-262 and Python alike) holding exactly `chars`, as ranges."""
    points = sorted(ord(c) for c in chars)
    runs: list[list[int]] = []
    for p in points:
        if runs and p == runs[-1][1] + 1:
            runs[-1][1] = p
        else:
            runs.append([p, p])
    def one(point: int) -> str:
        char = chr(point)
        return f"\\u{point:04x}" if not char.isprintable() or char == " " else "\\" + char if char in "\\[]^-" else char

    return "".join(one(a) if a == b else f"{one(a)}-{one(b)}" for a, b in runs)


@dataclass
class LedText(Text):
    max_len: int | None = 60
    example_value: str = "Gọi 1022 khi cần hỗ trợ"


@dataclass
class KeyPoint(Text):
    max_words: int = 27

    def parse(self, node: yaml.Node, ctx: Context, path: str) -> str:
        value = super().parse(node, ctx, path)
        words = len(value.split())
        if words > self.max_words:
            raise FieldError("L216", f"ý chính dài {words} từ, tối đa {self.max_words} từ", "tách hoặc rút gọn ý")
        return value

    def json_schema(self) -> dict[str, Any]:
        return {**super().json_schema(), "pattern": rf"^\s*\S+(?:\s+\S+){{0,{self.max_words - 1}}}\s*$",
                "description": f"tối đa {self.max_words} từ"}


class Message(Guidance):
    """A talking point for one or more audiences."""

    name, folder, label, label_plural = "message", "thong-diep", "thông điệp", "Thông điệp"
    template, hub, hub_position = "message.md.j2", "Thông điệp", 50
    in_nav = False  # reached from /doi-tuong/ (audiences), not the top navigation
    related_title, answer_rank = "Thông điệp liên quan", 0.2
    searchable = ('concern',)
    scaffold = f'''audiences: [nguoi-dan]   # BẮT BUỘC: ít nhất một đối tượng
topics: []
concern: "{PLACEHOLDER} câu hỏi của người nghe"   # BẮT BUỘC
key_messages:       # BẮT BUỘC: 1–3 ý, mỗi ý ≤ 27 từ, tối đa 3 dữ kiện
  - text: "{PLACEHOLDER} ý chính"
    facts: []
variants:           # BẮT BUỘC cả ba
  sms: "[CAN DIEN] khong dau, toi da 160 ky tu"
  led: "{PLACEHOLDER} ≤ 60 ký tự"
  loudspeaker: "{PLACEHOLDER} lời đọc trên loa"
valid_from: {{today}}
sources: []         # BẮT BUỘC trước khi gửi duyệt
---

{PLACEHOLDER} Diễn giải.
'''
    audiences = Field(ListOf(Choice(taxonomy="audiences", label="đối tượng"), min_items=1, max_items=20),
                      required=True, doc="nhóm đối tượng")
    concern = Field(Text(max_len=300), required=True, doc="câu hỏi, mối quan tâm của đối tượng")
    key_messages = Field(ListOf(Struct(fields={
        "text": Field(KeyPoint(example_value="Gọi 1022 để được giải đáp khuyến cáo của ngành y tế."), required=True, doc="ý chính, tối đa 27 từ"),
        "facts": Field(ListOf(Text(max_len=400), max_items=3), doc="tối đa 3 dữ kiện từ văn bản nguồn"),
    }, example_value="{text: ..., facts: [...]}"), min_items=1, max_items=3), required=True,
        doc="bản đồ thông điệp: 1–3 ý chính, mỗi ý có tối đa 3 dữ kiện hỗ trợ")
    variants = Field(Struct(fields={
        "sms": Field(SmsText(max_len=None), required=True, doc="SMS không dấu, GSM-7, ≤ 160 ký tự"),
        "led": Field(LedText(), required=True, doc="dòng chữ LED ≤ 60 ký tự"),
        "loudspeaker": Field(Text(max_len=2000, example_value="Kính thưa bà con, …"), required=True, doc="lời đọc trên loa: vài câu"),
    }, example_value="{sms: ..., led: ..., loudspeaker: ...}"), required=True, doc="các phiên bản theo kênh")

    @classmethod
    def search_texts(cls, data: Mapping[str, Any]) -> list[str]:
        """The concern, each key message with its facts, then the channel texts, as the page shows them."""
        parts = super().search_texts(data)
        for key_message in data.get("key_messages") or []:
            parts += [key_message["text"], *(key_message.get("facts") or [])]
        return parts + [str(v) for v in (data.get("variants") or {}).values() if v]
