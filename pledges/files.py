"""Supporting documents and evidence: the types the pledging form accepted, by content.

A file's name is only a claim. Each allowed extension is checked against what the
bytes are (a renamed executable is not a PDF), so that what the public downloads
from a UN page is what it says it is.

Office and ODF documents are zip archives: one that would unpack to more than
PLEDGE_MAX_UNCOMPRESSED_BYTES, or is compressed more than PLEDGE_MAX_COMPRESSION_RATIO
to 1 (no real document is), is a zip bomb and refused. A .txt must be text: UTF-8, or
UTF-16 with its byte order mark, without NULs or other control characters.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_UPLOAD_BYTES = 25 * 1024 * 1024
# A 25 MB document of text and images unpacks to well under this; XML compresses five to
# twenty times, images not at all.
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
MAX_COMPRESSION_RATIO = 100
MAX_ZIP_MEMBERS = 10_000
RATIO_CHECKED_FROM = 10 * 1024 * 1024
# In a text file: controls other than tab, line feed, vertical tab, form feed, return.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
OOXML_PART = {"docx": "word/", "xlsx": "xl/", "pptx": "ppt/"}
ODF_MIMETYPE = {
    "odt": b"application/vnd.oasis.opendocument.text",
    "ods": b"application/vnd.oasis.opendocument.spreadsheet",
    "odp": b"application/vnd.oasis.opendocument.presentation",
}
# The pledging form's list (DOMAIN.md).
ALLOWED_EXTENSIONS = (
    "txt",
    "rtf",
    "pdf",
    "doc",
    "docx",
    "odt",
    "ppt",
    "pptx",
    "odp",
    "xls",
    "xlsx",
    "ods",
)


def max_upload_bytes() -> int:
    # A setting, so that tests and deployments can lower it without writing 25 MB.
    return getattr(settings, "PLEDGE_MAX_UPLOAD_BYTES", MAX_UPLOAD_BYTES)


def max_uncompressed_bytes() -> int:
    return getattr(settings, "PLEDGE_MAX_UNCOMPRESSED_BYTES", MAX_UNCOMPRESSED_BYTES)


def max_compression_ratio() -> int:
    return getattr(settings, "PLEDGE_MAX_COMPRESSION_RATIO", MAX_COMPRESSION_RATIO)


def _read(file, size: int | None = None) -> bytes:
    file.seek(0)
    data = file.read() if size is None else file.read(size)
    file.seek(0)
    return data


def _zip_names(file) -> list[str] | None:
    file.seek(0)
    try:
        with zipfile.ZipFile(file) as archive:
            return archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    finally:
        file.seek(0)


def _zip_member(file, name: str, size: int = 100) -> bytes:
    file.seek(0)
    try:
        with zipfile.ZipFile(file) as archive, archive.open(name) as member:
            return member.read(size)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        return b""
    finally:
        file.seek(0)


def _zip_bomb_refusal(file, name: str) -> str | None:
    """Why a zip container is refused as a bomb (None: it is not one).

    The sizes in a zip's directory are its own claim: after checking them, every part
    is inflated (checking its CRC) and counted, stopping as soon as the limit is passed.
    """
    limit = max_uncompressed_bytes()
    ratio_limit = max_compression_ratio()
    too_big = _("%(name)s would unpack to more than %(limit).0f MB.") % {
        "name": name,
        "limit": limit / 1024 / 1024,
    }
    file.seek(0)
    try:
        with zipfile.ZipFile(file) as archive:
            members = archive.infolist()
            if len(members) > MAX_ZIP_MEMBERS:
                return _("%(name)s holds more than %(n)d parts.") % {
                    "name": name,
                    "n": MAX_ZIP_MEMBERS,
                }
            declared = sum(member.file_size for member in members)
            if declared > limit:
                return too_big
            # A few MB unpacked harm nobody, however well they compress.
            if declared > RATIO_CHECKED_FROM and declared > ratio_limit * max(file.size, 1):
                return _(
                    "%(name)s is compressed %(ratio).0f to 1; a document is compressed "
                    "at most %(limit)d to 1."
                ) % {"name": name, "ratio": declared / max(file.size, 1), "limit": ratio_limit}
            inflated = 0
            for member in members:
                with archive.open(member) as part:
                    while chunk := part.read(1024 * 1024):
                        inflated += len(chunk)
                        if inflated > limit:
                            return too_big
    except (
        zipfile.BadZipFile,
        zlib.error,
        OSError,
        ValueError,
        EOFError,
        NotImplementedError,
        RuntimeError,  # an encrypted part
    ):
        # Corrupt, encrypted, or sizes that lie (a bad CRC): not a document.
        return _("%(name)s is a damaged or protected document.") % {"name": name}
    finally:
        file.seek(0)
    return None


def _is_text(data: bytes) -> bool:
    """UTF-8 (with or without a byte order mark), or UTF-16 with its mark; no controls
    but tab, line and page breaks."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding = "utf-16"
    else:
        encoding = "utf-8-sig"
        if b"\x00" in data:
            return False
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        return False
    return CONTROL_CHARACTERS.search(text) is None


def _content_matches(file, extension: str) -> bool:
    head = _read(file, 8)
    if extension == "pdf":
        return head.startswith(b"%PDF-")
    if extension in ("doc", "xls", "ppt"):
        return head == OLE2_MAGIC
    if extension == "rtf":
        return head.startswith(b"{\\rtf")
    if extension in OOXML_PART:
        if not head.startswith(b"PK\x03\x04"):
            return False
        names = _zip_names(file) or []
        return "[Content_Types].xml" in names and any(
            n.startswith(OOXML_PART[extension]) for n in names
        )
    if extension in ODF_MIMETYPE:
        if not head.startswith(b"PK\x03\x04"):
            return False
        return _zip_member(file, "mimetype").strip() == ODF_MIMETYPE[extension]
    if extension == "txt":
        return _is_text(_read(file))
    return False


def validate_upload(file, *, field: str) -> None:
    """Raise ValidationError({field: …}) unless `file` is an allowed type of at most 25 MB.

    Reads the first bytes (and a ZIP directory, or a whole text file) once.
    """
    name = getattr(file, "name", "") or ""
    extension = PurePath(name).suffix.lower().lstrip(".")
    limit = max_upload_bytes()
    if file.size > limit:
        raise ValidationError(
            {
                field: _("%(name)s is %(size).1f MB; the limit is %(limit).0f MB.")
                % {"name": name, "size": file.size / 1024 / 1024, "limit": limit / 1024 / 1024}
            }
        )
    if extension not in ALLOWED_EXTENSIONS:
        raise ValidationError(
            {
                field: _("%(name)s: files of type %(types)s are accepted.")
                % {"name": name, "types": ", ".join(ALLOWED_EXTENSIONS)}
            }
        )
    if file.size == 0 or not _content_matches(file, extension):
        raise ValidationError(
            {
                field: _("%(name)s is named .%(ext)s but its content is not a %(ext)s file.")
                % {"name": name, "ext": extension}
            }
        )
    if extension in OOXML_PART or extension in ODF_MIMETYPE:
        refusal = _zip_bomb_refusal(file, name)
        if refusal:
            raise ValidationError({field: refusal})
