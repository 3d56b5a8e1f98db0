"""Questions and answers (hỏi đáp): the title is the question, the body the answer."""

from loa.fields import Boolean, Field
from loa.kinds.base import PLACEHOLDER, Guidance


class QA(Guidance):
    """A question citizens ask, answered from the cited source section."""

    name, folder, label, label_plural = "qa", "hoi-dap", "hỏi đáp", "Hỏi đáp"
    template, hub, hub_position = "qa.md.j2", "Hỏi đáp", 20
    own_hub_page = True  # loa/hubs.py
    related_title, answer_rank = "Câu hỏi liên quan", 1.0
    scaffold = f'''audiences: [nguoi-dan]   # xem content/danh-muc/doi-tuong.yml
topics: []          # xem content/danh-muc/chu-de.yml
sources: []         # BẮT BUỘC trước khi gửi duyệt: [{{document: ke-hoach-43-kh-thu, section: muc-ii-1}}]
---

{PLACEHOLDER} Câu trả lời, chỉ theo đúng mục văn bản đã dẫn.
'''
    featured = Field(Boolean(), doc="true: hiện trong Câu hỏi thường gặp ở trang chủ")
