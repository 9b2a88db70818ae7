"""The change feed (issue 19): every public change, in commit order, from the services.

A client that syncs only from /api/v1/changes/ must end with exactly the public set.
"""

import datetime
from urllib.parse import urlsplit

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from changes.models import ChangeEvent
from changes.services import change_record
from pledges import services
from pledges.models import Pledge
from reviews.models import ReviewEvent
from reviews.reference_data import review_event_save
from tests.factories import PledgeFactory
from tests.pledges.helpers import service_values

pytestmark = pytest.mark.django_db

FEED = "/api/v1/changes/"


def _new_published(user, staff, **overrides) -> Pledge:
    pledge = services.pledge_create(user=user, **service_values(**overrides))
    services.pledge_submit(pledge=pledge, user=user)
    return services.pledge_publish(pledge=pledge, user=staff)


def _replay(client, url: str, copy: dict[str, dict]) -> int | None:
    """Apply every change from `url` on to `copy` ({code: the pledge as the API gave
    it}), following `next`, as the OpenAPI description tells a client to; return the
    last id read."""
    last = None
    while url:
        page = client.get(url)
        assert page.status_code == 200, page.content
        body = page.json()
        for change in body["results"]:
            last = change["id"]
            if change["object_kind"] != "pledge":
                continue
            if change["kind"] in ("unpublished", "withdrawn"):
                copy.pop(change["code"], None)
                continue
            detail = client.get(f"/api/v1/pledges/{change['code']}/")
            # Fetched later than the change: the pledge may have left since, and its
            # own later change in the feed says so.
            if detail.status_code == 200:
                copy[change["code"]] = detail.json()
        url = body["next"]
        if url:
            parts = urlsplit(url)
            url = f"{parts.path}?{parts.query}"
    return last


def _public_set(client) -> dict[str, dict]:
    rows = client.get("/api/v1/pledges/?page_size=100").json()["results"]
    return {row["code"]: row for row in rows}


def test_a_client_replaying_the_feed_ends_with_exactly_the_public_set(
    client_for, focal_ken, staff_user, kenya
):
    public = client_for(None)
    copy: dict[str, dict] = {}
    kept = _new_published(focal_ken, staff_user, title="Kept and reported on")
    edited = _new_published(focal_ken, staff_user, title="Edited by staff")
    withdrawn = _new_published(focal_ken, staff_user, title="Withdrawn after publication")
    unpublished = _new_published(focal_ken, staff_user, title="Unpublished for a correction")
    draft = services.pledge_create(user=focal_ken, **service_values(title="Never public"))
    # A first sync, two changes a page so that the cursor is followed.
    last = _replay(public, f"{FEED}?page_size=2", copy)
    assert set(copy) == {kept.code, edited.code, withdrawn.code, unpublished.code}

    services.pledge_update(pledge=edited, user=staff_user, title="Edited by Network staff")
    services.progress_update_create(
        pledge=kept,
        user=focal_ken,
        date=datetime.date(2024, 6, 1),
        implementation="in_progress",
        narrative="Half the districts are covered.",
    )
    services.pledge_withdraw(pledge=withdrawn, user=focal_ken)
    services.pledge_unpublish(pledge=unpublished, user=staff_user, reason="The dates are wrong.")
    services.pledge_withdraw(pledge=draft, user=focal_ken)
    late = _new_published(focal_ken, staff_user, title="Published after the first sync")
    last = _replay(public, f"{FEED}?after={last}&page_size=2", copy)

    assert copy == _public_set(public)
    assert set(copy) == {kept.code, edited.code, late.code}
    assert copy[edited.code]["title"] == "Edited by Network staff"
    assert copy[kept.code]["implementation"] == "in_progress"

    # The unpublished pledge comes back once corrected; a resumed sync picks it up.
    services.pledge_update(pledge=unpublished, user=focal_ken, start_date=datetime.date(2024, 2, 1))
    services.pledge_submit(pledge=unpublished, user=focal_ken)
    services.pledge_publish(pledge=unpublished, user=staff_user)
    _replay(public, f"{FEED}?after={last}", copy)
    assert copy == _public_set(public)
    assert unpublished.code in copy


def test_the_feed_says_what_happened_to_each_pledge_and_nothing_private(
    client_for, focal_ken, staff_user, kenya
):
    pledge = _new_published(focal_ken, staff_user)
    services.pledge_withdraw(pledge=pledge, user=focal_ken)
    draft = services.pledge_create(user=focal_ken, **service_values())
    services.pledge_submit(pledge=draft, user=focal_ken)
    services.pledge_withdraw(pledge=draft, user=focal_ken)

    body = client_for(None).get(f"{FEED}?object_kind=pledge").json()

    assert [(c["code"], c["kind"]) for c in body["results"]] == [
        (pledge.code, "published"),
        (pledge.code, "withdrawn"),
    ]
    ids = [c["id"] for c in body["results"]]
    assert ids == sorted(ids)


def test_a_refused_change_writes_no_feed_row(focal_ken, focal_mex, staff_user, kenya):
    pledge = _new_published(focal_ken, staff_user)
    before = list(ChangeEvent.objects.values_list("pk", flat=True))

    with pytest.raises(PermissionDenied):
        services.pledge_unpublish(pledge=pledge, user=focal_ken, reason="Mine to hide.")
    with pytest.raises(PermissionDenied):
        services.pledge_withdraw(pledge=pledge, user=focal_mex)
    with pytest.raises(ValidationError):
        services.pledge_unpublish(pledge=pledge, user=staff_user, reason="  ")

    pledge.refresh_from_db()
    assert pledge.status == "published"
    assert list(ChangeEvent.objects.values_list("pk", flat=True)) == before


def test_change_record_refuses_an_unknown_kind():
    with pytest.raises(ValueError, match="unknown change"):
        change_record(kind="deleted", object_kind="pledge", code="GCM-P-00001")
    with pytest.raises(ValueError, match="unknown change"):
        change_record(kind="updated", object_kind="actor", code="KEN")


@pytest.mark.parametrize(
    "query",
    ["after=abc", "after=-1", "since=yesterday", "kind=deleted", "object_kind=actor"],
)
def test_the_feed_refuses_bad_filters_with_a_400(client_for, query):
    response = client_for(None).get(f"{FEED}?{query}")
    assert response.status_code == 400
    assert query.split("=")[0] in response.json()


def test_the_feed_since_a_time(client_for, kenya):
    old = ChangeEvent.objects.create(
        kind="published",
        object_kind="pledge",
        code="GCM-T-OLD",
        at=timezone.now() - datetime.timedelta(days=30),
    )
    new = change_record(kind="published", object_kind="pledge", code="GCM-T-NEW")
    since = (timezone.now() - datetime.timedelta(days=1)).isoformat()

    codes = [c["code"] for c in client_for(None).get(FEED, {"since": since}).json()["results"]]

    assert new.code in codes
    assert old.code not in codes


@pytest.mark.parametrize("rows", [3, 30])
def test_the_feed_costs_one_query_whatever_the_rows(client_for, django_assert_num_queries, rows):
    ChangeEvent.objects.all().delete()
    ChangeEvent.objects.bulk_create(
        ChangeEvent(kind="published", object_kind="pledge", code=f"GCM-T-{n:05d}")
        for n in range(rows)
    )
    client = client_for(None)
    # One query: the page of changes (a cursor page counts nothing).
    with django_assert_num_queries(1):
        response = client.get(f"{FEED}?page_size=50")
    assert response.status_code == 200
    assert len(response.json()["results"]) == rows


def test_reviews_and_events_are_in_the_feed(staff_user, kenya):
    from reviews.models import ReviewCycle

    cycle = ReviewCycle.objects.order_by("start_date").first()
    event = review_event_save(
        user=staff_user,
        event=ReviewEvent(slug="feed-test"),
        values={
            "kind": "other",
            "title": "A side event",
            "cycle": cycle,
            "start_date": cycle.start_date,
            "end_date": cycle.start_date,
        },
    )
    review_event_save(user=staff_user, event=event, values={"title": "A side event, renamed"})

    changes = ChangeEvent.objects.filter(object_kind="event", code=str(event.pk))
    assert list(changes.values_list("kind", flat=True)) == ["created", "updated"]


def test_a_published_review_and_its_staff_edits_are_in_the_feed(staff_user, focal_ken, kenya):
    from reviews import services as review_services
    from reviews.models import ReviewCycle

    cycle = ReviewCycle.objects.order_by("start_date").first()
    review = review_services.review_create(user=focal_ken, state=kenya, cycle=cycle)
    review_services.assessment_upsert(
        review=review, user=focal_ken, objective=1, level="in_progress"
    )
    review_services.review_submit(review=review, user=focal_ken)
    assert not ChangeEvent.objects.filter(object_kind="review").exists()

    review_services.review_publish(review=review, user=staff_user)
    review_services.assessment_upsert(
        review=review, user=staff_user, objective=2, level="in_progress"
    )

    changes = ChangeEvent.objects.filter(object_kind="review", code=str(review.pk))
    assert list(changes.values_list("kind", flat=True)) == ["published", "updated"]


# --- 410 Gone -------------------------------------------------------------------------


def test_a_withdrawn_once_public_pledge_is_gone_not_missing(client_for, client, kenya):
    gone = PledgeFactory(lead=kenya, status="withdrawn", published_at=timezone.now())
    never = PledgeFactory(lead=kenya, status="withdrawn")

    api = client_for(None).get(f"/api/v1/pledges/{gone.code}/")
    assert api.status_code == 410
    body = api.json()
    assert (body["code"], body["status"]) == (gone.code, "withdrawn")
    assert body["withdrawn_at"] == gone.withdrawn_at.isoformat().replace("+00:00", "Z")

    page = client.get(f"/pledges/{gone.code}/")
    assert page.status_code == 410
    assert gone.code in page.content.decode()
    assert "was withdrawn" in page.content.decode()

    assert client_for(None).get(f"/api/v1/pledges/{never.code}/").status_code == 404
    assert client.get(f"/pledges/{never.code}/").status_code == 404
    assert client.get("/pledges/GCM-P-99999/").status_code == 404


def test_staff_and_its_focal_points_still_read_a_withdrawn_pledge(
    client_for, focal_ken, staff_user
):
    from pledges.models import Actor

    gone = PledgeFactory(
        lead=Actor.objects.get(code="KEN"), status="withdrawn", published_at=timezone.now()
    )
    for user in (staff_user, focal_ken):
        response = client_for(user).get(f"/api/v1/pledges/{gone.code}/")
        assert response.status_code == 200
        assert response.json()["status"] == "withdrawn"


def test_withdrawing_records_the_date(focal_ken, staff_user, kenya):
    pledge = _new_published(focal_ken, staff_user)
    services.pledge_withdraw(pledge=pledge, user=focal_ken)
    pledge.refresh_from_db()
    assert pledge.withdrawn_at is not None
    assert pledge.is_gone


# --- Unpublishing -----------------------------------------------------------------------


def test_unpublish_through_the_api_is_for_staff(client_for, focal_ken, staff_user, kenya):
    pledge = _new_published(focal_ken, staff_user)
    url = f"/api/v1/pledges/{pledge.code}/unpublish/"

    assert client_for(focal_ken).post(url, {"reason": "x"}).status_code == 403
    assert client_for(None).post(url, {"reason": "x"}).status_code in (401, 403)
    pledge.refresh_from_db()
    assert pledge.status == "published"

    refused = client_for(staff_user).post(url, {})
    assert refused.status_code == 400
    assert "reason" in refused.json()

    response = client_for(staff_user).post(url, {"reason": "The target date is wrong."})
    assert response.status_code == 200
    assert response.json()["status"] == "returned"
    assert client_for(None).get(f"/api/v1/pledges/{pledge.code}/").status_code == 404
    again = client_for(staff_user).post(url, {"reason": "Twice."})
    assert again.status_code == 400
    assert "cannot be unpublished" in again.json()["status"][0]


def test_admin_unpublish_action_asks_for_a_reason(client, staff_user, focal_ken, kenya):
    client.force_login(staff_user)
    pledge = _new_published(focal_ken, staff_user)
    selected = {"action": "unpublish_selected", ACTION_CHECKBOX_NAME: [pledge.pk]}

    page = client.post("/admin/pledges/pledge/", selected)
    assert page.status_code == 200
    assert 'value="unpublish_selected"' in page.content.decode()
    pledge.refresh_from_db()
    assert pledge.status == "published"

    done = client.post("/admin/pledges/pledge/", {**selected, "reason": "Wrong lead."}, follow=True)
    pledge.refresh_from_db()
    assert (pledge.status, pledge.return_reason) == ("returned", "Wrong lead.")
    assert "1 pledge unpublished." in done.content.decode()
    assert ChangeEvent.objects.filter(code=pledge.code, kind="unpublished").exists()


# --- updated_since on every list that has a time ------------------------------------------


@pytest.mark.parametrize(
    "path", ["/api/v1/events/", "/api/v1/reviews/", "/api/v1/indicator-values/"]
)
def test_lists_honour_updated_since(client_for, path):
    client = client_for(None)
    everything = client.get(path, {"page_size": 100}).json()["count"]
    future = (timezone.now() + datetime.timedelta(days=1)).isoformat()
    past = (timezone.now() - datetime.timedelta(days=1)).isoformat()

    assert client.get(path, {"updated_since": future}).json()["count"] == 0
    assert client.get(path, {"updated_since": past}).json()["count"] == everything
    assert client.get(path, {"updated_since": "soon"}).status_code == 400


def test_events_updated_since_sees_an_edit(client_for, staff_user):
    event = ReviewEvent.objects.order_by("start_date").first()
    mark = timezone.now()
    review_event_save(user=staff_user, event=event, values={"place": "Geneva"})

    body = client_for(None).get("/api/v1/events/", {"updated_since": mark.isoformat()}).json()

    assert [row["id"] for row in body["results"]] == [event.pk]


def test_a_progress_report_moves_the_pledge_in_updated_since(
    client_for, focal_ken, staff_user, kenya
):
    pledge = _new_published(focal_ken, staff_user)
    mark = timezone.now()
    services.progress_update_create(
        pledge=pledge,
        user=focal_ken,
        date=datetime.date(2024, 6, 1),
        implementation="not_started",  # the implementation stays as it was
        narrative="Planning only.",
    )
    body = client_for(None).get("/api/v1/pledges/", {"updated_since": mark.isoformat()}).json()
    assert [row["code"] for row in body["results"]] == [pledge.code]


def test_the_schema_documents_the_feed_and_the_410(client):
    schema = client.get("/api/schema/?format=json").json()
    feed = schema["paths"]["/api/v1/changes/"]["get"]
    assert "after=<last id>" in feed["description"]
    assert {p["name"] for p in feed["parameters"]} >= {"since", "after", "cursor"}
    assert "410" in schema["paths"]["/api/v1/pledges/{code}/"]["get"]["responses"]
