"""Uploads checked by content (issue 12, defect 8): zip bombs and text that is not text.

An Office or ODF document is a zip; a 306 KB .docx that inflates to 300 MB used to be
stored and served publicly, since only the zip's names were read.
"""

import io
import struct
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from pledges.files import validate_upload

MB = 1024 * 1024
CONTENT_TYPES = b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/"/>'


def _docx(document_bytes: int, *, level: int = 9) -> bytes:
    """A .docx whose document part is `document_bytes` zeros, written in 1 MB pieces."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        with archive.open("word/document.xml", "w") as part:
            chunk = b"\0" * MB
            for _ in range(document_bytes // MB):
                part.write(chunk)
            part.write(b"\0" * (document_bytes % MB))
    return buffer.getvalue()


@pytest.fixture(scope="module")
def bomb() -> bytes:
    return _docx(300 * MB)


def _refusal(name: str, content: bytes) -> str:
    with pytest.raises(ValidationError) as caught:
        validate_upload(SimpleUploadedFile(name, content), field="document")
    return " ".join(caught.value.message_dict["document"])


def test_docx_inflating_to_300_mb_is_refused(bomb):
    assert len(bomb) < 400 * 1024  # what the attacker uploads: a few hundred KB

    message = _refusal("plan.docx", bomb)

    assert "plan.docx" in message
    assert "MB" in message


def test_docx_compressed_far_more_than_a_document_is_refused(settings):
    # Within the total size, but compressed 1000 to 1: no real document is.
    settings.PLEDGE_MAX_UNCOMPRESSED_BYTES = 200 * MB
    content = _docx(20 * MB)

    message = _refusal("plan.docx", content)

    assert "compress" in message


def test_uncompressed_size_limit_is_a_setting(settings):
    settings.PLEDGE_MAX_COMPRESSION_RATIO = 10_000
    settings.PLEDGE_MAX_UNCOMPRESSED_BYTES = 5 * MB

    _refusal("plan.docx", _docx(6 * MB))
    settings.PLEDGE_MAX_UNCOMPRESSED_BYTES = 7 * MB
    validate_upload(SimpleUploadedFile("plan.docx", _docx(6 * MB)), field="document")


def test_zip_whose_sizes_lie_is_refused():
    # A part that says it holds 10 bytes but inflates to a megabyte: the sizes are the
    # archive's own claim, so the check inflates the parts (up to the limit) and their
    # checksums no longer match.
    content = bytearray(_docx(MB))
    with zipfile.ZipFile(io.BytesIO(bytes(content))) as archive:
        local = archive.getinfo("word/document.xml").header_offset
        central = content.index(b"word/document.xml", archive.start_dir) - 46
    struct.pack_into("<I", content, local + 22, 10)  # local header: uncompressed size
    struct.pack_into("<I", content, central + 24, 10)  # central directory: the same
    with zipfile.ZipFile(io.BytesIO(bytes(content))) as archive:
        assert archive.getinfo("word/document.xml").file_size == 10

    assert "damaged" in _refusal("plan.docx", bytes(content))


def test_odt_bomb_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", b"application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", b" " * (50 * MB))

    _refusal("plan.odt", buffer.getvalue())


def test_real_office_documents_still_pass():
    # Ordinary XML compresses five to twenty times.
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        paragraphs = "".join(
            f"<w:p><w:r><w:t>Paragraph {n}: officials trained in {n % 47} districts.</w:t>"
            "</w:r></w:p>"
            for n in range(5000)
        )
        archive.writestr("word/document.xml", f"<w:document>{paragraphs}</w:document>")

    validate_upload(SimpleUploadedFile("plan.docx", buffer.getvalue()), field="document")


@pytest.mark.parametrize(
    "content",
    [
        "Plan: Côte d'Ivoire, São Tomé.\r\n\tNext line.".encode(),
        "\ufeffWith a byte order mark".encode(),
        "UTF-16 with its mark: Ελλάδα".encode("utf-16"),
    ],
)
def test_text_files_in_a_text_encoding_pass(content):
    validate_upload(SimpleUploadedFile("plan.txt", content), field="document")


@pytest.mark.parametrize(
    "content",
    [
        b"MZ\x90\x00\x03\x00\x00\x00\x04\x00",  # an executable renamed .txt
        b"text with a NUL\x00 in it",
        b"valid UTF-8 but full of controls \x01\x02\x03\x1b[31m",
        b"\xff\xd8\xff\xe0\x00\x10JFIF",  # a JPEG
        "UTF-16 without a mark".encode("utf-16-le"),
    ],
)
def test_text_files_that_are_not_text_are_refused(content):
    _refusal("plan.txt", content)
