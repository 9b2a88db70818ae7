"""Supporting documents and evidence: the types the pledging form accepted, by content.

A file's name is only a claim. Each allowed extension is checked against what the
bytes are (a renamed executable is not a PDF), so that what the public downloads
from a UN page is what it says it is.
"""

from __future__ import annotations

import zipfile
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_UPLOAD_BYTES = 25 * 1024 * 1024

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
        data = _read(file)
        if b"\x00" in data:
            return False
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            return False
        return True
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
