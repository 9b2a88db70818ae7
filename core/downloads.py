"""Serving uploaded files through the same visibility rules as the records they belong to.

Uploads (pledge documents, evidence, national plans) are never served from a public
media URL: a draft's document is as private as the draft. Each download view looks the
record up through its app's visibility selector (404 otherwise) and streams the file
as an attachment, so a browser never renders an uploaded file as a page of this site.
"""

from collections.abc import Iterable, Sequence
from pathlib import PurePosixPath
from typing import Any

from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, StreamingHttpResponse

from core.columns import csv_lines

# Rows read per query when a list is streamed as CSV: the memory of one chunk (and its
# prefetches) is all a download holds, whatever the number of rows.
CSV_CHUNK_SIZE = 500


def attachment(file: FieldFile) -> FileResponse:
    if not file:
        raise Http404("No file.")
    try:
        handle = file.open("rb")
    except FileNotFoundError as exc:
        raise Http404("The file is missing from storage.") from exc
    return FileResponse(handle, as_attachment=True, filename=PurePosixPath(file.name or "").name)


def csv_attachment(
    filename: str, header: Sequence[str], rows: Iterable[Sequence[Any]]
) -> StreamingHttpResponse:
    """`rows` streamed as a CSV attachment, line by line as they are read (give an
    iterator, e.g. over `queryset.iterator(chunk_size=CSV_CHUNK_SIZE)`): flat memory and
    the first bytes at once, so a list of 100,000 rows meets no worker timeout."""
    response = StreamingHttpResponse(
        (line.encode("utf-8") for line in csv_lines(header, rows)),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
