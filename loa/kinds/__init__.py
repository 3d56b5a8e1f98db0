"""Kind registry: the content folders the build reads, and what each holds."""

from __future__ import annotations

from loa.kinds.base import Kind
from loa.kinds.document import Document
from loa.kinds.hotline import Hotline
from loa.kinds.infographic import Infographic
from loa.kinds.message import Message
from loa.kinds.qa import QA
from loa.kinds.slogan import Slogan

KINDS: dict[str, type[Kind]] = {k.name: k for k in (Document, QA, Slogan, Hotline, Message, Infographic)}
BY_FOLDER: dict[str, type[Kind]] = {k.folder: k for k in KINDS.values()}

__all__ = ["KINDS", "BY_FOLDER", "Kind"]
