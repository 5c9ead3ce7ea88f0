"""Is this file a PDF? Decided by its content, never by its name or the type a browser claims.

A PDF starts with a ``%PDF-x.y`` header, ends (give or take trailing whitespace or a few stray bytes) with
``%%EOF``, and just before that names, after ``startxref``, the byte offset of its cross-reference section: a
classic ``xref`` table followed by a ``trailer`` dictionary, or (PDF 1.5+) a cross-reference stream object of
``/Type /XRef``. We check exactly that much structure: enough to refuse renamed images, office files and
truncated uploads, without a PDF library.
"""

from __future__ import annotations

import re

HEADER = re.compile(rb"^%PDF-[12]\.\d")
# Viewers accept %%EOF within the last kilobyte; writers sometimes append a newline or padding after it.
TAIL_BYTES = 1024
_STARTXREF = re.compile(rb"startxref\s+(\d+)\s+%%EOF")
_OBJECT = re.compile(rb"\s*\d+\s+\d+\s+obj\b")
_XREF_STREAM_TYPE = re.compile(rb"/Type\s*/XRef\b")
_TRAILER = re.compile(rb"trailer\s*<<")


class NotAPdf(ValueError):
    """The content is not a PDF; ``reason`` says which part of the structure is missing."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def check_pdf(data: bytes) -> None:
    """Return quietly if ``data`` has a PDF's header, end marker and cross-reference section; raise
    ``NotAPdf`` (reason ``header``, ``eof``, ``startxref`` or ``xref``) otherwise."""
    if not HEADER.match(data[:16]):
        raise NotAPdf("header")
    tail = data[-TAIL_BYTES:]
    if b"%%EOF" not in tail:
        raise NotAPdf("eof")
    found = list(_STARTXREF.finditer(tail))
    if not found:
        raise NotAPdf("startxref")
    offset = int(found[-1].group(1))
    if offset <= 0 or offset >= len(data):
        raise NotAPdf("xref")
    section = data[offset : offset + 4096]
    if section.startswith(b"xref"):
        # A classic table: its trailer dictionary follows the entries, before startxref.
        if not _TRAILER.search(data, offset):
            raise NotAPdf("xref")
        return
    if _OBJECT.match(section) and _XREF_STREAM_TYPE.search(section.split(b"stream", 1)[0]):
        return
    raise NotAPdf("xref")
