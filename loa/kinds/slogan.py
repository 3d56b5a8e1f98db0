"""Slogans (khẩu hiệu), verbatim from the sources, with the formats they suit."""

from loa.fields import Choice, Field, ListOf, Text
from loa.kinds.base import PLACEHOLDER, Guidance


class Slogan(Guidance):
    """A slogan or watchword quoted in a source document."""

    name, folder, label, label_plural = "slogan", "khau-hieu", "khẩu hiệu", "Khẩu hiệu"
    template, hub, hub_position = "slogan.md.j2", "Khẩu hiệu", 30
    own_hub_page = True  # loa/hubs.py
    related_title, answer_rank = "Khẩu hiệu cùng chủ đề", 0.0
    searchable = ('text',)
    scaffold = f'''text: "{PLACEHOLDER} nguyên văn khẩu hiệu"   # BẮT BUỘC: chép đúng từng chữ trong văn bản
formats: [bang-ron, loa]   # BẮT BUỘC: bang-ron, led, sms, loa
topics: []
sources: []         # BẮT BUỘC trước khi gửi duyệt
---
'''
    text = Field(Text(max_len=300), required=True, doc="nguyên văn khẩu hiệu")
    formats = Field(ListOf(Choice(taxonomy="channels", label="kênh"), min_items=1), required=True,
                    doc="hình thức phù hợp: bang-ron, led, sms, loa")
