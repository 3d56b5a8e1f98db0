"""Questions and answers (hỏi đáp): the title is the question, the body the answer."""

from loa.kinds.base import Guidance
from loa.kinds.fields import Boolean, Field


class QA(Guidance):
    """A question citizens ask, answered from the cited source section."""

    name, folder, label, label_plural = "qa", "hoi-dap", "hỏi đáp", "Hỏi đáp"
    featured = Field(Boolean(), doc="true: hiện trong Câu hỏi thường gặp ở trang chủ")
