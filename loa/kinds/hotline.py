"""Guidance for the 1022 hotline (tổng đài 1022)."""

from loa.fields import Field, Text
from loa.kinds.base import PLACEHOLDER, Guidance


class Hotline(Guidance):
    """What to call 1022 about, what the operator answers, where a case goes."""

    name, folder, label, label_plural = "hotline", "tong-dai-1022", "hướng dẫn tổng đài 1022", "Tổng đài 1022"
    template, hub, hub_position = "hotline.md.j2", "Tổng đài 1022", 40
    own_hub_page = True  # loa/hubs.py
    related_title, answer_rank = "Hướng dẫn liên quan", 1.0
    searchable = ('summary',)
    scaffold = f'''summary: "{PLACEHOLDER} tóm tắt một câu"   # BẮT BUỘC
topics: [tong-dai-1022]
sources: []         # BẮT BUỘC trước khi gửi duyệt
---

## Gọi 1022 để hỏi gì

{PLACEHOLDER}
'''
    summary = Field(Text(max_len=400), required=True, doc="tóm tắt một câu")
