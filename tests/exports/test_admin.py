"""Staff see the exports people asked for; only the background work writes them."""

import pytest

from exports.models import Export

pytestmark = pytest.mark.django_db


def test_admin_lists_exports_read_only(client, admin_user, focal_ken):
    export = Export.objects.create(requester=focal_ken, kind="reviews", format="csv")
    client.force_login(admin_user)

    page = client.get("/admin/exports/export/")

    assert page.status_code == 200
    # The kind shows with the label its app registered.
    assert "Voluntary reviews" in page.content.decode()
    assert client.get("/admin/exports/export/add/").status_code == 403
    assert str(export) == f"Voluntary reviews (csv) #{export.pk}"
