"""Atom feeds of the public record (issue 19): only published pledges and their
updates, absolute links, the reader's language, linked from the pages."""

from xml.etree import ElementTree

import pytest

from pledges.models import Pledge
from pledges.services import progress_update_verify
from tests.factories import PledgeFactory, ProgressUpdateFactory, add_partners

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
UNPUBLISHED = [s for s in Pledge.Status.values if s != Pledge.Status.PUBLISHED]


def entries(response) -> list[ElementTree.Element]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    # Our own server's answer, not untrusted input: well-formed, or this raises.
    root = ElementTree.fromstring(response.content)  # noqa: S314
    assert root.tag == f"{ATOM}feed"
    return root.findall(f"{ATOM}entry")


def links(response) -> list[str]:
    return [e.find(f"{ATOM}link").get("href") for e in entries(response)]


@pytest.fixture
def pledges(kenya, compact):
    shown = PledgeFactory(lead=kenya, status="published", objectives=[5])
    hidden = [PledgeFactory(lead=kenya, status=s, objectives=[5]) for s in UNPUBLISHED]
    return shown, hidden


@pytest.mark.parametrize(
    "url",
    ["/feeds/pledges/", "/feeds/countries/KEN/", "/feeds/countries/ken/", "/feeds/objectives/5/"],
)
def test_pledge_feeds_list_only_published_pledges_with_absolute_links(
    client, pledges, url, django_assert_max_num_queries
):
    shown, hidden = pledges

    with django_assert_max_num_queries(4):
        response = client.get(url)

    assert links(response) == [f"http://testserver/pledges/{shown.code}/"]
    body = response.content.decode()
    for pledge in hidden:
        assert pledge.code not in body and pledge.title not in body


def test_country_feed_has_the_pledges_a_state_partners(client, kenya, mexico):
    led = PledgeFactory(lead=mexico, status="published")
    add_partners(led, kenya)

    assert links(client.get("/feeds/countries/KEN/")) == [f"http://testserver/pledges/{led.code}/"]


def test_pledge_updates_feed_says_self_reported_or_verified(client, pledges, staff_user):
    shown, _hidden = pledges
    verified = ProgressUpdateFactory(pledge=shown, date="2025-01-10")
    ProgressUpdateFactory(pledge=shown, date="2025-03-10")
    progress_update_verify(update=verified, user=staff_user, note="Seen.")

    response = client.get(f"/feeds/pledges/{shown.code}/")

    found = entries(response)
    assert len(found) == 2
    assert found[1].find(f"{ATOM}link").get("href") == (
        f"http://testserver/pledges/{shown.code}/#update-{verified.pk}"
    )
    summaries = [e.find(f"{ATOM}summary").text for e in found]
    assert summaries[0].startswith("Self-reported.")
    assert summaries[1].startswith("Verified by the Network on")


def test_feeds_of_unpublished_or_unknown_records_are_404_like_unknown_ones(client, pledges):
    _shown, hidden = pledges
    for pledge in hidden:
        assert client.get(f"/feeds/pledges/{pledge.code}/").status_code == 404
    assert client.get("/feeds/pledges/GCM-P-99999/").status_code == 404
    assert client.get("/feeds/countries/XXX/").status_code == 404
    assert client.get("/feeds/objectives/99/").status_code == 404


def test_feeds_speak_the_readers_language(client, pledges):
    shown, _hidden = pledges
    response = client.get("/fr/feeds/objectives/5/")

    root = ElementTree.fromstring(response.content)  # noqa: S314
    assert root.find(f"{ATOM}title").text == "GCM Tracker : engagements pour l’objectif 5"
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "fr"
    assert links(response) == [f"http://testserver/fr/pledges/{shown.code}/"]


@pytest.mark.parametrize(
    ("page", "feed"),
    [
        ("/pledges/", "/feeds/pledges/"),
        ("/countries/KEN/", "/feeds/countries/KEN/"),
        ("/objectives/5/", "/feeds/objectives/5/"),
    ],
)
def test_pages_link_to_their_feed(client, pledges, page, feed):
    body = client.get(page).content.decode()
    assert '<link rel="alternate" type="application/atom+xml"' in body
    assert f'href="{feed}"' in body


def test_a_published_pledge_page_links_to_its_progress_feed(client, pledges):
    shown, _hidden = pledges
    body = client.get(f"/pledges/{shown.code}/").content.decode()
    assert f'href="/feeds/pledges/{shown.code}/"' in body
