"""Slogans (khẩu hiệu), verbatim from the sources, with the formats they suit."""

from loa.kinds.base import Guidance
from loa.kinds.fields import Choice, Field, ListOf, Text


class Slogan(Guidance):
    """A slogan or watchword quoted in a source document."""

    name, folder, label, label_plural = "slogan", "khau-hieu", "khẩu hiệu", "Khẩu hiệu"
    text = Field(Text(max_len=300), required=True, doc="nguyên văn khẩu hiệu")
    formats = Field(ListOf(Choice(taxonomy="channels", label="kênh"), min_items=1), required=True,
                    doc="hình thức phù hợp: bang-ron, led, sms, loa")
