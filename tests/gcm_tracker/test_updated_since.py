"""`?updated_since=` on every list a dashboard syncs (issue 19): rows changed at or after
the time, by the row's `updated_at`, a snapshot's taking or — for reference data that
keeps a history but no timestamp (actors, objectives, actions, principles, indicators)
— the row's history; a malformed time is a 400 naming the parameter."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from objectives.models import Action, GuidingPrinciple, Objective
from pledges import services
from pledges.models import Pledge, PledgeMatch
from reviews import services as review_services
from reviews.models import Indicator
from tests.factories import PledgeFactory

pytestmark = pytest.mark.django_db

# The lists without a timestamp or a history: texts loaded as a whole by the reference
# data step (and the change feed, whose own cursor is `since`; the stats, one object;
# a person's exports). Everything else honours `updated_since`.
WITHOUT = {
    "/api/v1/paragraphs/",
    "/api/v1/cycles/",
    "/api/v1/recommendations/",
    "/api/v1/targets/",
    "/api/v1/sdg-links/",
    "/api/v1/mentions/",
    "/api/v1/declaration-commitments/",
    "/api/v1/changes/",
    "/api/v1/stats/",
    "/api/v1/exports/",
}


def _count(client, url, since):
    response = client.get(url, {"updated_since": since.isoformat()})
    assert response.status_code == 200, response.content
    return response.json()["count"]


def _codes(client, url, since, key):
    response = client.get(url, {"updated_since": since.isoformat()})
    assert response.status_code == 200, response.content
    body = response.json()
    rows = body["results"] if isinstance(body, dict) else body
    return {row[key] for row in rows}


def test_every_list_of_the_document_but_the_listed_takes_updated_since(api_client):
    schema = api_client.get("/api/schema/", {"format": "json"}).json()
    lists = {
        path: operation
        for path, item in schema["paths"].items()
        if "{" not in path and (operation := item.get("get"))
    }
    assert set(lists) >= WITHOUT, WITHOUT - set(lists)
    missing = [
        path
        for path, operation in lists.items()
        if path not in WITHOUT
        and "updated_since" not in {p["name"] for p in operation.get("parameters", [])}
    ]
    assert missing == []


def test_reference_data_by_their_history(api_client, compact, member_states, staff_user):
    since = timezone.now()
    ngo = services.actor_create_stakeholder(
        code="ngo-x", name="Migrants' Rights Network", category="civil_society"
    )
    objective = Objective.objects.get(number=6)
    objective.title = objective.title + " "  # a corrected text, as the loader saves it
    objective.save()
    action = Action.objects.get(objective__number=7, letter="a")
    action.text = action.text + " "
    action.save()
    principle = GuidingPrinciple.objects.get(slug="people-centred")
    principle.description = principle.description + " "
    principle.save()
    indicator = Indicator.objects.create(code="C-9", name="Remittance cost", objective=objective)

    assert _codes(api_client, "/api/v1/actors/", since, "code") == {ngo.code}
    assert _codes(api_client, "/api/v1/objectives/", since, "number") == {6}
    assert _codes(api_client, "/api/v1/actions/", since, "label") == {"7(a)"}
    assert _codes(api_client, "/api/v1/principles/", since, "slug") == {"people-centred"}
    assert _codes(api_client, "/api/v1/indicators/", since, "code") == {indicator.code}
    # Before the loading, everything; a time in the future, nothing.
    assert _count(api_client, "/api/v1/objectives/", since.replace(year=2000)) == 23
    assert _codes(api_client, "/api/v1/actors/", since.replace(year=2999), "code") == set()


def test_matches_and_snapshots_by_their_own_times(client_for, kenya, mexico, focal_ken, staff_user):
    matched = PledgeFactory(lead=kenya, status=Pledge.Status.PUBLISHED)
    offer = PledgeFactory(lead=mexico, status=Pledge.Status.PUBLISHED)
    old = PledgeMatch.objects.create(
        offer=offer, matched=PledgeFactory(lead=kenya, status=Pledge.Status.PUBLISHED)
    )
    first = review_services.snapshot_take(label="Before")
    since = timezone.now() + datetime.timedelta(seconds=5)
    # Later (a snapshot taken on demand is named by its second).
    with time_machine.travel(since + datetime.timedelta(seconds=1), tick=True):
        match = PledgeMatch.objects.create(offer=offer, matched=matched)
        services.match_accept(match=match, user=focal_ken)
        second = review_services.snapshot_take(label="After")

    public = client_for(None)
    assert _codes(public, "/api/v1/matches/", since, "id") == {match.pk}
    assert old.pk not in _codes(public, "/api/v1/matches/", since, "id")
    assert _codes(public, "/api/v1/snapshots/", since, "slug") == {second.slug}
    assert first.slug not in _codes(public, "/api/v1/snapshots/", since, "slug")


@pytest.mark.parametrize("url", ["/api/v1/actors/", "/api/v1/matches/", "/api/v1/snapshots/"])
def test_a_malformed_time_is_a_400_naming_the_parameter(api_client, url):
    response = api_client.get(url, {"updated_since": "yesterday"})

    assert response.status_code == 400 and "updated_since" in response.json()
