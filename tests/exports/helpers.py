import csv
import io

from exports.models import Export


def export_file(export: Export) -> bytes:
    export.refresh_from_db()
    with export.file.open("rb") as file:
        return file.read()


def csv_codes(data: bytes) -> list[str]:
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    return [row["code"] for row in rows]


def download(client, export_id: int):
    return client.get(f"/api/v1/exports/{export_id}/download/")


def new_export(user, kind="pledges", format="csv", filters=None) -> Export:
    return Export.objects.create(requester=user, kind=kind, format=format, filters=filters or {})
