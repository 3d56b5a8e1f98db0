"""Guidance for the 1022 hotline (tổng đài 1022)."""

from loa.kinds.base import Guidance
from loa.kinds.fields import Field, Text


class Hotline(Guidance):
    """What to call 1022 about, what the operator answers, where a case goes."""

    name, folder, label, label_plural = "hotline", "tong-dai-1022", "hướng dẫn tổng đài 1022", "Tổng đài 1022"
    summary = Field(Text(max_len=400), required=True, doc="tóm tắt một câu")
