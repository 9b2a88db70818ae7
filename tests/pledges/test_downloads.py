"""Uploaded files are served through the visibility of their pledge, never from /media/.

Personas: Kenya's focal point (the pledge's own), Mexico's (another State's), staff,
anonymous."""

import datetime

import pytest
from django.test import Client

from pledges import services
from pledges.models import Pledge
from tests.factories import PledgeFactory

from .helpers import PDF, pdf_file, service_values

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def draft(compact, focal_ken):
    return services.pledge_create(user=focal_ken, document=pdf_file("plan.pdf"), **service_values())


@pytest.fixture
def published(compact, kenya, focal_ken, staff_user):
    pledge = PledgeFactory(lead=kenya, status=Pledge.Status.PUBLISHED)
    update = services.progress_update_create(
        pledge=pledge,
        user=focal_ken,
        date=datetime.date(2025, 6, 1),
        implementation="in_progress",
        narrative="Half-way.",
        files=[pdf_file("evidence.pdf")],
    )
    return pledge, update.evidence.get()


def get(user, path):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client.get(path)


@pytest.mark.parametrize(
    ("persona", "status_code"),
    [("focal_ken", 200), ("staff_user", 200), ("focal_mex", 404), ("anonymous", 404)],
)
def test_draft_document_is_for_its_focal_points_and_staff(request, draft, persona, status_code):
    response = get(request.getfixturevalue(persona), f"/pledges/{draft.code}/document/")

    assert response.status_code == status_code
    if status_code == 200:
        assert b"".join(response.streaming_content) == PDF
        # An attachment: a browser never renders an upload as a page of this site.
        assert response["Content-Disposition"] == 'attachment; filename="plan.pdf"'


@pytest.mark.parametrize("persona", ["focal_ken", "focal_mex", "staff_user", "anonymous"])
def test_published_evidence_is_public(request, published, persona):
    pledge, evidence = published

    response = get(
        request.getfixturevalue(persona), f"/pledges/{pledge.code}/evidence/{evidence.pk}/"
    )

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")


def test_evidence_of_a_withdrawn_pledge_is_no_longer_public(published, focal_ken):
    pledge, evidence = published
    services.pledge_withdraw(pledge=pledge, user=focal_ken)

    assert get(None, f"/pledges/{pledge.code}/evidence/{evidence.pk}/").status_code == 404
    assert get(focal_ken, f"/pledges/{pledge.code}/evidence/{evidence.pk}/").status_code == 200


def test_evidence_is_found_only_under_its_own_pledge(published, compact, kenya):
    _pledge, evidence = published
    other = PledgeFactory(lead=kenya, status=Pledge.Status.PUBLISHED)

    assert get(None, f"/pledges/{other.code}/evidence/{evidence.pk}/").status_code == 404


def test_pledge_without_document_has_no_download(compact, kenya):
    pledge = PledgeFactory(lead=kenya, status=Pledge.Status.PUBLISHED)

    assert get(None, f"/pledges/{pledge.code}/document/").status_code == 404


def test_uploads_are_not_served_from_media(draft):
    assert get(None, f"/media/{draft.document.name}").status_code == 404


def test_api_links_evidence_to_the_download_view(published):
    pledge, evidence = published

    body = Client().get(f"/api/v1/pledges/{pledge.code}/updates/").json()

    assert body["results"][0]["evidence"][0]["file"] == (
        f"http://testserver/pledges/{pledge.code}/evidence/{evidence.pk}/"
    )
