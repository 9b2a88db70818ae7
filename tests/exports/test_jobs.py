"""The worker's side: building an export's file (export_build), deleting old ones."""

import csv
import datetime
import io
import json
import zipfile
from unittest import mock

import pytest
from django.db.models.query import QuerySet
from django.utils import timezone
from openpyxl import load_workbook

from exports import jobs
from exports.models import Export
from exports.tasks import delete_old_exports
from pledges.models import Pledge
from tests.exports.helpers import csv_codes, export_file, new_export
from tests.factories import PledgeFactory, ProgressUpdateFactory

pytestmark = pytest.mark.django_db


def test_export_build_xlsx_has_a_sheet_per_table(staff_user, pledges):
    ProgressUpdateFactory(pledge=pledges["ken_published"])
    export = jobs.export_build(export_id=new_export(staff_user, "everything", "xlsx").pk)

    workbook = load_workbook(io.BytesIO(export_file(export)), read_only=True)
    assert workbook.sheetnames == ["pledges", "progress_updates", "reviews"]
    pledge_rows = list(workbook["pledges"].iter_rows(values_only=True))
    assert pledge_rows[0][:4] == ("code", "title", "description", "lead")
    assert [row[0] for row in pledge_rows[1:]] == ["GCM-P-00001", "GCM-P-00002", "GCM-P-00003"]
    assert len(list(workbook["progress_updates"].iter_rows())) == 2
    assert export.row_count == 4


def test_export_build_json_is_one_object_of_tables(focal_ken, pledges):
    export = jobs.export_build(export_id=new_export(focal_ken, "pledges", "json").pk)

    data = json.loads(export_file(export))
    # Published pledges and Kenya's own draft.
    assert [p["code"] for p in data["pledges"]] == ["GCM-P-00001", "GCM-P-00002", "GCM-P-00003"]
    assert data["pledges"][0]["objectives"] == "5"
    assert data["pledges"][0]["lead"] == "KEN"


def test_export_build_everything_as_csv_is_a_zip_of_tables(focal_ken, pledges):
    export = jobs.export_build(export_id=new_export(focal_ken, "everything", "csv").pk)

    with zipfile.ZipFile(io.BytesIO(export_file(export))) as archive:
        assert archive.namelist() == ["pledges.csv", "progress_updates.csv", "reviews.csv"]
        codes = csv_codes(archive.read("pledges.csv"))
    assert codes == ["GCM-P-00001", "GCM-P-00002", "GCM-P-00003"]


def test_export_build_reviews_follow_the_review_filters(staff_user, kenya, mexico):
    from reviews.models import ReviewCycle
    from reviews.services import review_create

    cycle = ReviewCycle.objects.get(name="2023–2026")
    review_create(user=staff_user, state=kenya, cycle=cycle)
    review_create(user=staff_user, state=mexico, cycle=cycle)

    export = jobs.export_build(
        export_id=new_export(staff_user, "reviews", "csv", {"state": "MEX"}).pk
    )

    rows = list(csv.DictReader(io.StringIO(export_file(export).decode("utf-8-sig"))))
    assert [(r["state"], r["cycle"], r["status"]) for r in rows] == [("MEX", "2023–2026", "draft")]


def test_export_build_streams_rows_in_chunks_and_reports_progress(
    staff_user, compact, kenya, monkeypatch
):
    for n in range(25):
        PledgeFactory(code=f"GCM-P-{n:05d}", lead=kenya, status=Pledge.Status.PUBLISHED)
    monkeypatch.setattr(jobs, "CHUNK_SIZE", 10)
    monkeypatch.setattr(jobs, "PROGRESS_EVERY", 10)
    saved = []
    original_save = jobs._Progress._save

    def spy(self, percent):
        saved.append((percent, Export.objects.get(pk=self.export.pk).status))
        original_save(self, percent)

    monkeypatch.setattr(jobs._Progress, "_save", spy)

    with mock.patch.object(
        QuerySet, "iterator", autospec=True, side_effect=QuerySet.iterator
    ) as iterator:
        export = jobs.export_build(export_id=new_export(staff_user).pk)

    # The rows were read in chunks, never as a whole list.
    assert iterator.call_args.kwargs == {"chunk_size": 10}
    assert saved == [(40, "running"), (80, "running")]
    assert export.status == "done"
    assert export.row_count == 25
    assert len(csv_codes(export_file(export))) == 25


def test_export_build_is_safe_to_run_twice(focal_ken, pledges):
    export = jobs.export_build(export_id=new_export(focal_ken).pk)
    name = export.file.name

    again = jobs.export_build(export_id=export.pk)

    assert again.status == "done"
    assert again.file.name == name


def test_export_build_records_a_failure(focal_ken, pledges, monkeypatch):
    def broken(export):
        raise RuntimeError("bug")

    monkeypatch.setattr(jobs, "export_tables", broken)

    export = jobs.export_build(export_id=new_export(focal_ken).pk)

    assert export.status == "failed"
    assert export.error
    assert not export.file


def test_delete_old_exports_removes_old_files_and_keeps_recent_ones(focal_ken, pledges, settings):
    settings.EXPORTS_KEEP_DAYS = 7
    old = jobs.export_build(export_id=new_export(focal_ken).pk)
    recent = jobs.export_build(export_id=new_export(focal_ken).pk)
    Export.objects.filter(pk=old.pk).update(finished_at=timezone.now() - datetime.timedelta(days=8))
    old_path = old.file.path

    assert delete_old_exports.delay().get() == 1

    assert list(Export.objects.values_list("pk", flat=True)) == [recent.pk]
    assert not (settings.MEDIA_ROOT / old_path).exists()
    assert recent.file.storage.exists(recent.file.name)
