"""/exports/new/ and /exports/<id>/: ask for an export from a page and follow it."""

import pytest

from exports.models import Export

pytestmark = pytest.mark.django_db


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
