"""POST /api/v1/exports/, GET to follow it and download the file."""

import pytest

from exports.models import Export
from tests.exports.helpers import csv_codes, download, export_file

pytestmark = pytest.mark.django_db


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
    response = download(client, export_id)
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    data = b"".join(response.streaming_content)
    # Kenya's focal point sees Kenya's draft too; the filter leaves Mexico out.
    assert csv_codes(data) == ["GCM-P-00001", "GCM-P-00002"]


def test_export_api_rows_follow_the_requesters_visibility(
    client_for, focal_mex, pledges, post_export
):
    response = post_export(client_for(focal_mex), {"kind": "pledges", "format": "csv"})

    export = Export.objects.get(pk=response.json()["id"])
    # Kenya's draft is not Mexico's to see.
    assert csv_codes(export_file(export)) == ["GCM-P-00001", "GCM-P-00003"]


def test_export_api_staff_export_everything_they_see(client_for, staff_user, pledges, post_export):
    response = post_export(
        client_for(staff_user),
        {"kind": "pledges", "format": "csv", "filters": {"status": "draft"}},
    )

    assert csv_codes(export_file(Export.objects.get(pk=response.json()["id"]))) == ["GCM-P-00002"]


def test_export_api_only_the_requester_and_staff_see_an_export_and_its_file(
    client_for, focal_ken, focal_mex, staff_user, pledges, post_export
):
    export_id = post_export(client_for(focal_ken), {"kind": "pledges", "format": "json"}).json()[
        "id"
    ]

    assert client_for(focal_ken).get(f"/api/v1/exports/{export_id}/").status_code == 200
    assert download(client_for(staff_user), export_id).status_code == 200
    outsider = client_for(focal_mex)
    assert outsider.get(f"/api/v1/exports/{export_id}/").status_code == 404
    assert download(outsider, export_id).status_code == 404
    assert outsider.get("/api/v1/exports/").json()["results"] == []
    anonymous = client_for(None)
    assert anonymous.get(f"/api/v1/exports/{export_id}/").status_code in (401, 403)
    assert download(anonymous, export_id).status_code in (401, 403)


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

    assert download(client_for(focal_ken), export.pk).status_code == 404
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
