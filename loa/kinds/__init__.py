"""Kind registry: the content folders the build reads, and what each holds and owns.

A kind is declared once, as a `Kind` subclass, and registered (`register`): its folder, fields, page
template, hub, searchable fields, `loa new` scaffold. Every stage reads the registry; none keeps a list.
"""

from __future__ import annotations

from loa.kinds.base import Kind
from loa.kinds.document import Document
from loa.kinds.hotline import Hotline
from loa.kinds.infographic import Infographic
from loa.kinds.message import Message
from loa.kinds.qa import QA
from loa.kinds.registry import BY_FOLDER, KINDS, register, unregister
from loa.kinds.slogan import Slogan

# The built-in kinds, in this order (listings, `loa new`); a project's own kind calls `register` too.
for _kind in (Document, QA, Slogan, Hotline, Message, Infographic):
    register(_kind)

__all__ = ["KINDS", "BY_FOLDER", "Kind", "register", "unregister"]
