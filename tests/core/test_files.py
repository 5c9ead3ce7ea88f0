"""Uploads are recognised by their content: PDFs by their structure, PNG and JPEG receipts by their signatures
and basic structure; a name that claims another kind than the content is refused."""

from __future__ import annotations

import struct
import zlib

import pytest

from hetao.core.files import NotAPdf, NotAReceipt, check_pdf, receipt_kind
from tests.programmes.factories import PNG_BYTES, minimal_pdf

JPEG_BYTES = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 64 + b"\xff\xd9"


def _png_with_header(width: int, height: int, *, crc_offset: int = 0) -> bytes:
    body = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    crc = (zlib.crc32(b"IHDR" + body) + crc_offset) & 0xFFFFFFFF
    return (
        b"\x89PNG\r\n\x1a\n"
        + struct.pack(">I", 13)
        + b"IHDR"
        + body
        + struct.pack(">I", crc)
        + b"\x00\x00\x00\x00IEND\xaeB`\x82"
    )


def test_check_pdf_accepts_a_real_pdf():
    check_pdf(minimal_pdf())


def test_check_pdf_refuses_text():
    with pytest.raises(NotAPdf) as caught:
        check_pdf(b"Receipt: 100 CNY\n")
    assert caught.value.reason == "header"


@pytest.mark.parametrize(
    ("data", "name", "kind"),
    [
        (minimal_pdf(), "receipt.pdf", "pdf"),
        (PNG_BYTES, "scan.PNG", "png"),
        (JPEG_BYTES, "photo.jpg", "jpeg"),
        (JPEG_BYTES, "photo.JPEG", "jpeg"),
        (JPEG_BYTES, "", "jpeg"),
        (PNG_BYTES, "scan", "png"),
        (minimal_pdf(), "receipt.bin", "pdf"),
    ],
)
def test_receipt_kind_comes_from_the_content(data, name, kind):
    assert receipt_kind(data, file_name=name) == kind


@pytest.mark.parametrize(
    ("data", "name", "reason"),
    [
        (b"Receipt: 100 CNY\n", "receipt.pdf", "unknown"),
        (b"", "receipt.pdf", "unknown"),
        (b"PK\x03\x04 an office document", "receipt.docx", "unknown"),
        (minimal_pdf()[:-30], "receipt.pdf", "pdf"),
        (b"\x89PNG\r\n\x1a\n", "scan.png", "png_header"),
        (_png_with_header(1, 1, crc_offset=1), "scan.png", "png_header"),
        (_png_with_header(0, 1), "scan.png", "png_header"),
        (PNG_BYTES[:-12] + b"\x00" * 2000, "scan.png", "png_end"),
        (JPEG_BYTES[:-2], "photo.jpg", "jpeg_end"),
        (PNG_BYTES, "receipt.pdf", "name_mismatch"),
        (minimal_pdf(), "photo.jpg", "name_mismatch"),
        (JPEG_BYTES, "scan.png", "name_mismatch"),
    ],
)
def test_receipt_kind_refuses_what_is_not_a_receipt(data, name, reason):
    with pytest.raises(NotAReceipt) as caught:
        receipt_kind(data, file_name=name)
    assert caught.value.reason == reason


def test_a_well_formed_png_header_passes():
    assert receipt_kind(_png_with_header(640, 480)) == "png"
