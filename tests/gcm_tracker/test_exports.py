import csv
import datetime
import io
import json
import time
import zipfile
from unittest import mock

import pytest
import redis.exceptions
from celery.contrib.testing.worker import start_worker
from django.db import transaction
from django.db.models.query import QuerySet
from django.utils import timezone
from openpyxl import load_workbook

from gcm_tracker import exports
from gcm_tracker.celery import app
from gcm_tracker.models import Export
from gcm_tracker.tasks import build_export, delete_old_exports
from pledges.models import Pledge
from tests.factories import PledgeFactory, ProgressUpdateFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def pledges(compact, kenya, mexico):
    """Kenya: one published pledge (objective 5), one draft; Mexico: one published."""
    return {
        "ken_published": PledgeFactory(
            code="GCM-P-00001", lead=kenya, status=Pledge.Status.PUBLISHED, objectives=[5]
        ),
        "ken_draft": PledgeFactory(code="GCM-P-00002", lead=kenya, objectives=[5]),
        "mex_published": PledgeFactory(
            code="GCM-P-00003", lead=mexico, status=Pledge.Status.PUBLISHED, objectives=[7]
        ),
    }


def _file(export: Export) -> bytes:
    export.refresh_from_db()
    with export.file.open("rb") as file:
        return file.read()


def _csv_codes(data: bytes) -> list[str]:
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    return [row["code"] for row in rows]


@pytest.fixture
def post_export(django_capture_on_commit_callbacks):
    """POST /api/v1/exports/ and run what waits for the commit (the test's transaction
    never commits), as the end of a real request's transaction would."""

    def post(client, body):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post("/api/v1/exports/", body)

    return post


def _download(client, export_id: int):
    return client.get(f"/api/v1/exports/{export_id}/download/")


# --- The API ------------------------------------------------------------------------


@pytest.mark.smoke
def test_export_api_answers_202_and_the_requester_downloads_the_file(
    client_for, focal_ken, pledges, post_export
):
    client = client_for(focal_ken)

    response = post_export(
        client, {"kind": "pledges", "format": "csv", "filters": {"country": "KEN"}}
    )

    assert response.status_code == 202, response.json()
    export_id = response.json()["id"]
    # Tasks run inline in tests: the export is already built when the answer comes.
    detail = client.get(f"/api/v1/exports/{export_id}/").json()
    assert detail["status"] == "done"
    assert detail["progress"] == 100
    assert detail["row_count"] == 2
    assert detail["download_url"].endswith(f"/api/v1/exports/{export_id}/download/")
    download = _download(client, export_id)
    assert download.status_code == 200
    assert "attachment" in download["Content-Disposition"]
    data = b"".join(download.streaming_content)
    # Kenya's focal point sees Kenya's draft too; the filter leaves Mexico out.
    assert _csv_codes(data) == ["GCM-P-00001", "GCM-P-00002"]


def test_export_api_rows_follow_the_requesters_visibility(
    client_for, focal_mex, pledges, post_export
):
    response = post_export(client_for(focal_mex), {"kind": "pledges", "format": "csv"})

    export = Export.objects.get(pk=response.json()["id"])
    # Kenya's draft is not Mexico's to see.
    assert _csv_codes(_file(export)) == ["GCM-P-00001", "GCM-P-00003"]


def test_export_api_staff_export_everything_they_see(client_for, staff_user, pledges, post_export):
    response = post_export(
        client_for(staff_user),
        {"kind": "pledges", "format": "csv", "filters": {"status": "draft"}},
    )

    assert _csv_codes(_file(Export.objects.get(pk=response.json()["id"]))) == ["GCM-P-00002"]


def test_export_api_only_the_requester_and_staff_see_an_export_and_its_file(
    client_for, focal_ken, focal_mex, staff_user, pledges, post_export
):
    export_id = post_export(client_for(focal_ken), {"kind": "pledges", "format": "json"}).json()[
        "id"
    ]

    assert client_for(focal_ken).get(f"/api/v1/exports/{export_id}/").status_code == 200
    assert _download(client_for(staff_user), export_id).status_code == 200
    outsider = client_for(focal_mex)
    assert outsider.get(f"/api/v1/exports/{export_id}/").status_code == 404
    assert _download(outsider, export_id).status_code == 404
    assert outsider.get("/api/v1/exports/").json()["results"] == []
    anonymous = client_for(None)
    assert anonymous.get(f"/api/v1/exports/{export_id}/").status_code in (401, 403)
    assert _download(anonymous, export_id).status_code in (401, 403)


def test_export_api_refuses_the_public(client_for, pledges):
    response = client_for(None).post("/api/v1/exports/", {"kind": "pledges", "format": "csv"})

    assert response.status_code in (401, 403)
    assert not Export.objects.exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"kind": "pledges", "format": "pdf"}, "format"),
        ({"kind": "actors", "format": "csv"}, "kind"),
        ({"kind": "pledges", "format": "csv", "filters": {"colour": "red"}}, "filters"),
        ({"kind": "pledges", "format": "csv", "filters": {"status": "lost"}}, "filters.status"),
        ({"kind": "reviews", "format": "csv", "filters": {"cycle": "two"}}, "filters.cycle"),
        ({"kind": "everything", "format": "csv", "filters": {"objective": 5}}, "filters"),
    ],
)
def test_export_api_refuses_bad_requests_and_writes_nothing(client_for, focal_ken, body, field):
    response = client_for(focal_ken).post("/api/v1/exports/", body)

    assert response.status_code == 400
    assert field in response.json()
    assert not Export.objects.exists()


def test_export_api_download_of_an_unfinished_export_is_404(client_for, focal_ken):
    export = Export.objects.create(requester=focal_ken, kind="pledges", format="csv")

    assert _download(client_for(focal_ken), export.pk).status_code == 404
    assert client_for(focal_ken).get(f"/api/v1/exports/{export.pk}/").json()["download_url"] is None


def test_export_api_list_query_count_is_constant(
    client_for, focal_ken, focal_mex, django_assert_num_queries
):
    for kind in ("pledges", "reviews", "everything"):
        Export.objects.create(requester=focal_ken, kind=kind, format="csv")
    Export.objects.create(requester=focal_mex, kind="pledges", format="csv")
    client = client_for(focal_ken)

    # 1. count of the caller's exports (pagination), 2. the page of them.
    with django_assert_num_queries(2):
        response = client.get("/api/v1/exports/")

    assert [e["kind"] for e in response.json()["results"]] == ["everything", "reviews", "pledges"]
    for _ in range(20):
        Export.objects.create(requester=focal_ken, kind="pledges", format="csv")
    with django_assert_num_queries(2):
        assert len(client.get("/api/v1/exports/").json()["results"]) == 20


# --- Building the file -------------------------------------------------------------------


def _export(user, kind="pledges", format="csv", filters=None) -> Export:
    return Export.objects.create(requester=user, kind=kind, format=format, filters=filters or {})


def test_export_build_xlsx_has_a_sheet_per_table(staff_user, pledges):
    ProgressUpdateFactory(pledge=pledges["ken_published"])
    export = exports.export_build(export_id=_export(staff_user, "everything", "xlsx").pk)

    workbook = load_workbook(io.BytesIO(_file(export)), read_only=True)
    assert workbook.sheetnames == ["pledges", "progress_updates", "reviews"]
    pledge_rows = list(workbook["pledges"].iter_rows(values_only=True))
    assert pledge_rows[0][:4] == ("code", "title", "description", "lead")
    assert [row[0] for row in pledge_rows[1:]] == ["GCM-P-00001", "GCM-P-00002", "GCM-P-00003"]
    assert len(list(workbook["progress_updates"].iter_rows())) == 2
    assert export.row_count == 4


def test_export_build_json_is_one_object_of_tables(focal_ken, pledges):
    export = exports.export_build(export_id=_export(focal_ken, "pledges", "json").pk)

    data = json.loads(_file(export))
    # Published pledges and Kenya's own draft.
    assert [p["code"] for p in data["pledges"]] == ["GCM-P-00001", "GCM-P-00002", "GCM-P-00003"]
    assert data["pledges"][0]["objectives"] == "5"
    assert data["pledges"][0]["lead"] == "KEN"


def test_export_build_everything_as_csv_is_a_zip_of_tables(focal_ken, pledges):
    export = exports.export_build(export_id=_export(focal_ken, "everything", "csv").pk)

    with zipfile.ZipFile(io.BytesIO(_file(export))) as archive:
        assert archive.namelist() == ["pledges.csv", "progress_updates.csv", "reviews.csv"]
        codes = _csv_codes(archive.read("pledges.csv"))
    assert codes == ["GCM-P-00001", "GCM-P-00002", "GCM-P-00003"]


def test_export_build_reviews_follow_the_review_filters(staff_user, kenya, mexico):
    from reviews.models import ReviewCycle
    from reviews.services import review_create

    cycle = ReviewCycle.objects.get(name="2023–2026")
    review_create(user=staff_user, state=kenya, cycle=cycle)
    review_create(user=staff_user, state=mexico, cycle=cycle)

    export = exports.export_build(
        export_id=_export(staff_user, "reviews", "csv", {"state": "MEX"}).pk
    )

    rows = list(csv.DictReader(io.StringIO(_file(export).decode("utf-8-sig"))))
    assert [(r["state"], r["cycle"], r["status"]) for r in rows] == [("MEX", "2023–2026", "draft")]


def test_export_build_streams_rows_in_chunks_and_reports_progress(
    staff_user, compact, kenya, monkeypatch
):
    for n in range(25):
        PledgeFactory(code=f"GCM-P-{n:05d}", lead=kenya, status=Pledge.Status.PUBLISHED)
    monkeypatch.setattr(exports, "CHUNK_SIZE", 10)
    monkeypatch.setattr(exports, "PROGRESS_EVERY", 10)
    saved = []
    original_save = exports._Progress._save

    def spy(self, percent):
        saved.append((percent, Export.objects.get(pk=self.export.pk).status))
        original_save(self, percent)

    monkeypatch.setattr(exports._Progress, "_save", spy)

    with mock.patch.object(
        QuerySet, "iterator", autospec=True, side_effect=QuerySet.iterator
    ) as iterator:
        export = exports.export_build(export_id=_export(staff_user).pk)

    # The rows were read in chunks, never as a whole list.
    assert iterator.call_args.kwargs == {"chunk_size": 10}
    assert saved == [(40, "running"), (80, "running")]
    assert export.status == "done"
    assert export.row_count == 25
    assert len(_csv_codes(_file(export))) == 25


def test_export_build_is_safe_to_run_twice(focal_ken, pledges):
    export = exports.export_build(export_id=_export(focal_ken).pk)
    name = export.file.name

    again = exports.export_build(export_id=export.pk)

    assert again.status == "done"
    assert again.file.name == name


def test_export_build_records_a_failure(focal_ken, pledges, monkeypatch):
    def broken(export):
        raise RuntimeError("bug")

    monkeypatch.setattr(exports, "export_tables", broken)

    export = exports.export_build(export_id=_export(focal_ken).pk)

    assert export.status == "failed"
    assert export.error
    assert not export.file


@pytest.fixture
def eager_retries():
    # Inline, Celery runs a retry at once, unless the failure is propagated first.
    app.conf.task_eager_propagates = False
    yield
    app.conf.task_eager_propagates = True


def test_build_export_task_retries_a_transient_failure_then_succeeds(
    focal_ken, pledges, monkeypatch, eager_retries
):
    calls = []
    original = exports.export_tables

    def flaky(export):
        calls.append(Export.objects.get(pk=export.pk).status)
        if len(calls) == 1:
            raise redis.exceptions.ConnectionError("Redis went away")
        return original(export)

    monkeypatch.setattr(exports, "export_tables", flaky)
    export = _export(focal_ken)

    build_export.delay(export_id=export.pk)

    export.refresh_from_db()
    assert calls == ["running", "running"]  # set back to pending between the tries
    assert export.status == "done"
    assert _csv_codes(_file(export)) == ["GCM-P-00001", "GCM-P-00002", "GCM-P-00003"]


def test_build_export_task_does_not_retry_a_bug(focal_ken, pledges, monkeypatch):
    calls = []

    def broken(export):
        calls.append(1)
        raise KeyError("bug")

    monkeypatch.setattr(exports, "export_tables", broken)
    export = _export(focal_ken)

    build_export.delay(export_id=export.pk)

    assert calls == [1]
    export.refresh_from_db()
    assert export.status == "failed"


def test_export_create_enqueues_only_after_commit(focal_ken, django_capture_on_commit_callbacks):
    with mock.patch.object(build_export, "delay") as delay:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            export = exports.export_create(user=focal_ken, kind="pledges", format="csv")
        assert not delay.called  # not before the commit…
        for callback in callbacks:
            callback()
    delay.assert_called_once_with(export_id=export.pk)  # …once it is committed


def test_export_create_rolled_back_enqueues_nothing(focal_ken, django_capture_on_commit_callbacks):
    with (
        mock.patch.object(build_export, "delay") as delay,
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        exports.export_create(user=focal_ken, kind="pledges", format="csv")
        raise RuntimeError("the caller's transaction fails after the export")

    assert callbacks == []
    assert not delay.called
    assert not Export.objects.exists()


def test_delete_old_exports_removes_old_files_and_keeps_recent_ones(focal_ken, pledges, settings):
    settings.EXPORTS_KEEP_DAYS = 7
    old = exports.export_build(export_id=_export(focal_ken).pk)
    recent = exports.export_build(export_id=_export(focal_ken).pk)
    Export.objects.filter(pk=old.pk).update(finished_at=timezone.now() - datetime.timedelta(days=8))
    old_path = old.file.path

    assert delete_old_exports.delay().get() == 1

    assert list(Export.objects.values_list("pk", flat=True)) == [recent.pk]
    assert not (settings.MEDIA_ROOT / old_path).exists()
    assert recent.file.storage.exists(recent.file.name)


# --- The pages ------------------------------------------------------------------------


def test_export_pages_ask_then_show_the_download_link(
    client, focal_ken, pledges, django_capture_on_commit_callbacks
):
    client.force_login(focal_ken)

    form = client.get("/exports/new/?kind=pledges&objective=5")
    assert form.status_code == 200
    html = form.content.decode()
    assert html.count("<h1") == 1
    assert 'name="objective" value="5"' in html

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/exports/new/", {"kind": "pledges", "format": "csv", "objective": "5"}
        )
    export = Export.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/exports/{export.pk}/"
    assert export.filters == {"objective": "5"}
    page = client.get(f"/exports/{export.pk}/").content.decode()
    assert f"/api/v1/exports/{export.pk}/download/" in page


def test_export_pages_show_errors_and_write_nothing(client, focal_ken):
    client.force_login(focal_ken)

    response = client.post("/exports/new/", {"kind": "pledges", "format": "csv", "colour": "red"})

    assert response.status_code == 400
    assert "Unknown filter: colour" in response.content.decode()
    assert not Export.objects.exists()


def test_export_pages_need_a_login_and_hide_others_exports(client, focal_ken, focal_mex):
    export = Export.objects.create(requester=focal_ken, kind="pledges", format="csv")

    assert client.get("/exports/new/").status_code == 302
    client.force_login(focal_mex)
    assert client.get(f"/exports/{export.pk}/").status_code == 404


def test_export_detail_page_query_count(client, focal_ken, django_assert_num_queries):
    export = Export.objects.create(requester=focal_ken, kind="pledges", format="csv")
    client.force_login(focal_ken)

    # 1. session, 2. user, 3. the export (scoped to the user).
    with django_assert_num_queries(3):
        assert client.get(f"/exports/{export.pk}/").status_code == 200


# --- A real worker -------------------------------------------------------------------


@pytest.fixture
def celery_worker():
    """A Celery worker in a thread, consuming from the Redis of REDIS_URL (the broker
    configured in settings); tasks go through the broker instead of running inline."""
    app.conf.task_always_eager = False
    app.control.purge()  # nothing left over from another run
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, loglevel="WARNING"):
            yield
    finally:
        app.conf.task_always_eager = True


@pytest.mark.django_db(transaction=True)
def test_export_built_by_a_real_worker_end_to_end(
    settings, celery_worker, client_for, compact, kenya
):
    assert settings.CELERY_BROKER_URL.startswith("redis://")
    PledgeFactory(code="GCM-P-00001", lead=kenya, status=Pledge.Status.PUBLISHED)
    PledgeFactory(code="GCM-P-00002", lead=kenya, status=Pledge.Status.PUBLISHED)
    requester = UserFactory(username="researcher")
    client = client_for(requester)

    response = client.post("/api/v1/exports/", {"kind": "pledges", "format": "csv"})

    assert response.status_code == 202
    assert response.json()["status"] == "pending"  # queued, not built inline
    export_id = response.json()["id"]
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        detail = client.get(f"/api/v1/exports/{export_id}/").json()
        if detail["status"] in ("done", "failed"):
            break
        time.sleep(0.2)
    assert detail["status"] == "done", detail
    assert detail["row_count"] == 2
    data = b"".join(_download(client, export_id).streaming_content)
    assert _csv_codes(data) == ["GCM-P-00001", "GCM-P-00002"]
