"""What an uploaded file is, decided by its content: never by its name or the type a browser claims.

``check_pdf`` checks a PDF's structure (proposal attachments, auditors' statements); ``receipt_kind`` tells a
receipt's kind (a PDF, a PNG or a JPEG image) from its signature and basic structure, and refuses a file whose
name claims another kind than its content. No imaging or PDF library: enough structure to refuse renamed
files, office documents, text and truncated uploads.
"""

from __future__ import annotations

import re
import struct
import zlib
from typing import Literal

from django.utils.translation import gettext as _

from hetao.core.errors import ProblemCollector

MEGABYTE = 1024 * 1024
FILE_NAME_LENGTH = 255


def check_upload_size(collector: ProblemCollector, field: str, data: bytes, *, limit_bytes: int) -> bool:
    """Add ``empty_file`` or ``file_too_large`` for ``field`` to ``collector``; True when the size is fine, so
    that the content is worth checking."""
    if not data:
        collector.add(field, "empty_file", _("The file is empty."))
        return False
    if len(data) > limit_bytes:
        collector.add(
            field, "file_too_large", _("The file is larger than %(limit)d MB.") % {"limit": limit_bytes // MEGABYTE}
        )
        return False
    return True


def upload_name(file_name: str, default: str) -> str:
    """The name an upload is kept under: its last path component (browsers on Windows send a whole path),
    at most 255 characters, ``default`` when there is none."""
    return (file_name or default).replace("\\", "/").rsplit("/", 1)[-1][:FILE_NAME_LENGTH] or default


# --- PDF ------------------------------------------------------------------------------------------------
#
# A PDF starts with a ``%PDF-x.y`` header, ends (give or take trailing whitespace or a few stray bytes) with
# ``%%EOF``, and just before that names, after ``startxref``, the byte offset of its cross-reference section:
# a classic ``xref`` table followed by a ``trailer`` dictionary, or (PDF 1.5+) a cross-reference stream
# object of ``/Type /XRef``.

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


# --- Receipts: PDF, PNG or JPEG ---------------------------------------------------------------------------

ReceiptKind = Literal["pdf", "png", "jpeg"]

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_IHDR_LENGTH = 13
_IEND = b"IEND"
JPEG_SOI = b"\xff\xd8\xff"
JPEG_EOI = b"\xff\xd9"
# Cameras and editors may append a little after the end-of-image marker (padding, a short trailer).
JPEG_TAIL_BYTES = 1024

# What a file's extension claims; a name without one of these claims nothing.
_CLAIMED: dict[str, ReceiptKind] = {"pdf": "pdf", "png": "png", "jpg": "jpeg", "jpeg": "jpeg", "jpe": "jpeg"}

REASONS: dict[str, str] = {
    "unknown": "neither a PDF, a PNG nor a JPEG image",
    "pdf": "a PDF without the structure of one (header, end marker or cross-reference section missing)",
    "png_header": "a PNG without a valid IHDR header chunk",
    "png_end": "a PNG without its IEND chunk (truncated)",
    "jpeg_end": "a JPEG without its end-of-image marker (truncated)",
    "name_mismatch": "the file's name claims another kind than its content",
}


class NotAReceipt(ValueError):
    """The content is not a receipt we accept; ``reason`` is one of ``REASONS`` (``kind`` the kind the content
    looked like, where it looked like one)."""

    def __init__(self, reason: str, kind: str | None = None) -> None:
        super().__init__(f"{reason}: {REASONS[reason]}")
        self.reason = reason
        self.kind = kind


def _check_png(data: bytes) -> None:
    # The first chunk must be IHDR: length 13, type, width and height (positive), depth, colour type,
    # compression, filter, interlace, then the CRC of type and data.
    header = data[len(PNG_SIGNATURE) : len(PNG_SIGNATURE) + 8 + _IHDR_LENGTH + 4]
    if len(header) < 8 + _IHDR_LENGTH + 4:
        raise NotAReceipt("png_header", "png")
    length, kind = struct.unpack(">I4s", header[:8])
    body = header[8 : 8 + _IHDR_LENGTH]
    (crc,) = struct.unpack(">I", header[8 + _IHDR_LENGTH :])
    if length != _IHDR_LENGTH or kind != b"IHDR" or zlib.crc32(kind + body) != crc:
        raise NotAReceipt("png_header", "png")
    width, height = struct.unpack(">II", body[:8])
    if width == 0 or height == 0:
        raise NotAReceipt("png_header", "png")
    if _IEND not in data[-TAIL_BYTES:]:
        raise NotAReceipt("png_end", "png")


def _check_jpeg(data: bytes) -> None:
    if JPEG_EOI not in data[-JPEG_TAIL_BYTES:] or len(data) < len(JPEG_SOI) + len(JPEG_EOI):
        raise NotAReceipt("jpeg_end", "jpeg")


def _claimed_kind(file_name: str) -> ReceiptKind | None:
    base = file_name.replace("\\", "/").rsplit("/", 1)[-1]
    if "." not in base:
        return None
    return _CLAIMED.get(base.rsplit(".", 1)[1].strip().lower())


def receipt_kind(data: bytes, *, file_name: str = "") -> ReceiptKind:
    """``"pdf"``, ``"png"`` or ``"jpeg"``, from the content: a PDF's structure (``check_pdf``), a PNG's
    signature and IHDR chunk, a JPEG's start-of-image marker at the start and end-of-image marker near the
    end. When ``file_name`` ends in .pdf, .png, .jpg or .jpeg, the content must be of that kind. Raises
    ``NotAReceipt`` otherwise."""
    kind: ReceiptKind
    if data.startswith(b"%PDF-"):
        try:
            check_pdf(data)
        except NotAPdf as exc:
            raise NotAReceipt("pdf", "pdf") from exc
        kind = "pdf"
    elif data.startswith(PNG_SIGNATURE):
        _check_png(data)
        kind = "png"
    elif data.startswith(JPEG_SOI):
        _check_jpeg(data)
        kind = "jpeg"
    else:
        raise NotAReceipt("unknown")
    claimed = _claimed_kind(file_name)
    if claimed is not None and claimed != kind:
        raise NotAReceipt("name_mismatch", kind)
    return kind


CONTENT_TYPES: dict[str, str] = {"pdf": "application/pdf", "png": "image/png", "jpeg": "image/jpeg"}
EXTENSIONS: dict[str, str] = {"pdf": "pdf", "png": "png", "jpeg": "jpg"}
