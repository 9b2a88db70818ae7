"""The pledge's public page says what changed since publication, from its history
(issue 12, "Full audit"): never the draft era, never who."""

import datetime

import pytest
from django.utils import translation

from pledges import services
from pledges.selectors import pledge_public_changes

from .helpers import service_values

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(focal_ken, staff_user, compact):
    pledge = services.pledge_create(user=focal_ken, **service_values())
    services.pledge_update(pledge=pledge, user=focal_ken, title="A draft-era title change")
    services.pledge_submit(pledge=pledge, user=focal_ken)
    services.pledge_return(pledge=pledge, user=staff_user, reason="Name the ministry.")
    services.pledge_submit(pledge=pledge, user=focal_ken)
    return services.pledge_publish(pledge=pledge, user=staff_user)


def test_public_changes_start_at_publication(published, focal_ken, staff_user):
    services.progress_update_create(
        pledge=published,
        user=focal_ken,
        date=datetime.date(2025, 1, 1),
        implementation="in_progress",
        narrative="Recruitment agencies licensed.",
    )
    services.pledge_update(pledge=published, user=staff_user, objectives=[6, 7])

    with translation.override("en"):
        changes = pledge_public_changes(published)

    assert [change.what for change in changes] == [
        "objectives changed",
        "progress reported: in progress",
        "published",
    ]


def test_public_changes_keep_the_latest_few(published, staff_user):
    for number in (7, 8, 9, 10):
        services.pledge_update(pledge=published, user=staff_user, objectives=[6, number])

    assert len(pledge_public_changes(published)) == 3


def test_public_page_shows_the_changes_without_who(client, published, focal_ken):
    html = client.get(f"/pledges/{published.code}/").content.decode()

    assert "Recent changes" in html
    assert "(published)" in html and "Changed on" in html
    assert "curator" not in html and "focal-ken" not in html
    assert "Name the ministry" not in html  # the return reason of the draft era


def test_a_draft_page_shows_no_changes(focal_ken, compact, client):
    pledge = services.pledge_create(user=focal_ken, **service_values())
    client.force_login(focal_ken)

    html = client.get(f"/pledges/{pledge.code}/", follow=True).content.decode()

    assert "Recent changes" not in html
