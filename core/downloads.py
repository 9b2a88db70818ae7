"""Serving uploaded files through the same visibility rules as the records they belong to.

Uploads (pledge documents, evidence, national plans) are never served from a public
media URL: a draft's document is as private as the draft. Each download view looks the
record up through its app's visibility selector (404 otherwise) and streams the file
as an attachment, so a browser never renders an uploaded file as a page of this site.
"""

from pathlib import PurePosixPath

from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404


def attachment(file: FieldFile) -> FileResponse:
    if not file:
        raise Http404("No file.")
    try:
        handle = file.open("rb")
    except FileNotFoundError as exc:
        raise Http404("The file is missing from storage.") from exc
    return FileResponse(handle, as_attachment=True, filename=PurePosixPath(file.name or "").name)
