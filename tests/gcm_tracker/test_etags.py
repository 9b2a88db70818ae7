"""ETag / If-Match on pledges and reviews (core/etags.py), conditional GET, and what
the OpenAPI document says of them (issue 12, defect 7; issue 17, conditional GET)."""

import pytest
from drf_spectacular.generators import SchemaGenerator

from core.etags import etag_of, if_match_holds, version_of
from pledges.models import FocalPoint, Pledge
from reviews.models import VoluntaryReview
from tests.factories import PledgeFactory
from tests.reviews import conftest as reviews_fixtures


@pytest.fixture
def draft(compact, kenya) -> Pledge:
    return PledgeFactory(code="GCM-P-00007", lead=kenya, objectives=[5], title="First title")


@pytest.fixture
def focal_ken_2(django_user_model, kenya):
    """A second focal point of Kenya: the colleague who edits the same draft."""
    user = django_user_model.objects.create_user("focal-ken-2", "ken2@example.org", "pw")
    FocalPoint.objects.create(user=user, actor=kenya)
    return user


calendar, cycle, review_in = (
    reviews_fixtures.calendar,
    reviews_fixtures.cycle,
    reviews_fixtures.review_in,
)


def _snapshot(pledge: Pledge) -> tuple:
    pledge.refresh_from_db()
    return (pledge.title, pledge.description, pledge.updated_at, pledge.history.count())


def test_pledge_detail_carries_the_rows_strong_etag(client_for, focal_ken, draft):
    response = client_for(focal_ken).get(f"/api/v1/pledges/{draft.code}/")
    assert response.status_code == 200
    assert response["ETag"] == etag_of(draft) == f'"{draft.pk}-{version_of(draft)}"'
    assert response["Last-Modified"]
    assert response.json()["code"] == draft.code


def test_stale_if_match_is_412_and_changes_nothing(client_for, focal_ken, focal_ken_2, draft):
    url = f"/api/v1/pledges/{draft.code}/"
    mine, colleague = client_for(focal_ken), client_for(focal_ken_2)
    read = colleague.get(url)["ETag"]  # both open the same version

    first = mine.patch(url, {"title": "Mine, saved first"}, HTTP_IF_MATCH=read)
    assert first.status_code == 200
    assert first["ETag"] != read
    before = _snapshot(draft)

    stale = colleague.patch(url, {"title": "Theirs, from stale data"}, HTTP_IF_MATCH=read)
    assert stale.status_code == 412
    assert stale.json()["detail"].startswith("Someone changed this record")
    assert _snapshot(draft) == before
    assert before[0] == "Mine, saved first"

    fresh = colleague.patch(url, {"title": "Theirs, on top"}, HTTP_IF_MATCH=first["ETag"])
    assert fresh.status_code == 200
    assert fresh.json()["title"] == "Theirs, on top"
    draft.refresh_from_db()
    assert fresh["ETag"] == etag_of(draft)


def test_patch_without_if_match_applies_and_star_matches(client_for, focal_ken, draft):
    url = f"/api/v1/pledges/{draft.code}/"
    client = client_for(focal_ken)
    assert client.patch(url, {"title": "No precondition"}).status_code == 200
    assert client.patch(url, {"title": "Any version"}, HTTP_IF_MATCH="*").status_code == 200
    draft.refresh_from_db()
    assert draft.title == "Any version"


def test_a_weak_tag_never_matches(client_for, focal_ken, draft):
    url = f"/api/v1/pledges/{draft.code}/"
    before = _snapshot(draft)
    weak = f"W/{etag_of(draft)}"
    assert client_for(focal_ken).patch(url, {"title": "X"}, HTTP_IF_MATCH=weak).status_code == 412
    assert _snapshot(draft) == before


def test_another_states_focal_point_is_refused_before_the_precondition(
    client_for, focal_mex, draft
):
    before = _snapshot(draft)
    response = client_for(focal_mex).patch(
        f"/api/v1/pledges/{draft.code}/", {"title": "Ours"}, HTTP_IF_MATCH='"0-0"'
    )
    assert response.status_code == 404  # Kenya's draft is invisible to Mexico
    assert _snapshot(draft) == before


def test_a_partner_or_anonymous_cannot_write_with_a_good_tag(client_for, anonymous, draft):
    before = _snapshot(draft)
    response = client_for(anonymous).patch(
        f"/api/v1/pledges/{draft.code}/", {"title": "Public"}, HTTP_IF_MATCH=etag_of(draft)
    )
    assert response.status_code == 403
    assert _snapshot(draft) == before


def test_review_patch_honours_if_match(client_for, focal_ken, kenya, review_in):
    review = review_in(kenya)
    review.refresh_from_db()
    url = f"/api/v1/reviews/{review.pk}/"
    client = client_for(focal_ken)
    read = client.get(url)
    assert read["ETag"] == etag_of(review)
    updated = client.patch(url, {"plan": "in_preparation"}, HTTP_IF_MATCH=read["ETag"])
    assert updated.status_code == 200
    review.refresh_from_db()
    stamp = (review.plan, review.updated_at)

    stale = client.patch(url, {"plan": "none"}, HTTP_IF_MATCH=read["ETag"])
    assert stale.status_code == 412
    review.refresh_from_db()
    assert (review.plan, review.updated_at) == stamp
    assert VoluntaryReview.objects.get(pk=review.pk).plan == "in_preparation"


def test_conditional_get_answers_304_until_the_pledge_changes(
    client_for, anonymous, compact, kenya
):
    pledge = PledgeFactory(lead=kenya, status=Pledge.Status.PUBLISHED, objectives=[5])
    client = client_for(anonymous)
    url = f"/api/v1/pledges/{pledge.code}/"
    tag = client.get(url)["ETag"]

    not_modified = client.get(url, HTTP_IF_NONE_MATCH=tag)
    assert not_modified.status_code == 304
    assert not_modified.content == b""

    Pledge.objects.filter(pk=pledge.pk).update(title="Renamed")
    pledge.refresh_from_db()
    pledge.save()  # a write moves updated_at
    again = client.get(url, HTTP_IF_NONE_MATCH=tag)
    assert again.status_code == 200
    assert again.json()["title"] == "Renamed"


def test_conditional_get_on_a_public_list(client_for, anonymous, compact, kenya):
    PledgeFactory(lead=kenya, status=Pledge.Status.PUBLISHED, objectives=[5])
    client = client_for(anonymous)
    first = client.get("/api/v1/pledges/")
    assert first.status_code == 200 and first.json()["count"] == 1
    assert client.get("/api/v1/pledges/", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    PledgeFactory(lead=kenya, status=Pledge.Status.PUBLISHED, objectives=[5])
    changed = client.get("/api/v1/pledges/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200 and changed.json()["count"] == 2


def test_if_match_holds_compares_each_listed_tag(draft):
    current = etag_of(draft)
    assert if_match_holds(None, draft)
    assert if_match_holds(f'"x", {current}', draft)
    assert not if_match_holds('"x", "y"', draft)


# --- What the document says ------------------------------------------------------------


@pytest.fixture(scope="module")
def document():
    return SchemaGenerator().get_schema(request=None, public=True)


def test_document_names_if_match_412_and_etag_on_pledge_patch(document):
    patch = document["paths"]["/api/v1/pledges/{code}/"]["patch"]
    assert "If-Match" in [p["name"] for p in patch["parameters"]]
    assert {"200", "400", "403", "404", "412", "429"} <= set(patch["responses"])
    assert "ETag" in patch["responses"]["200"]["headers"]
    get = document["paths"]["/api/v1/pledges/{code}/"]["get"]
    assert "304" in get["responses"] and "ETag" in get["responses"]["200"]["headers"]
    assert "If-None-Match" in [p["name"] for p in get["parameters"]]


def test_document_tells_the_shapes_as_they_are(document):
    schemas = document["components"]["schemas"]
    assert schemas["Pledge"]["properties"]["matches"]["nullable"] is True
    assert schemas["Event"]["properties"]["cycle"]["nullable"] is True
    stats = document["paths"]["/api/v1/stats/"]["get"]["responses"]["200"]
    assert stats["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/DashboardStats"
    }
    assessments = document["paths"]["/api/v1/reviews/{id}/assessments/"]["get"]
    body = assessments["responses"]["200"]["content"]["application/json"]["schema"]
    assert body["type"] == "array"
    assert "page" not in [p["name"] for p in assessments["parameters"]]
    download = document["paths"]["/api/v1/exports/{id}/download/"]["get"]["responses"]["200"]
    assert set(download["content"]) == {
        "text/csv",
        "application/zip",
        "application/json",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    }
    # The only 409: a snapshot whose stored record no longer matches its checksum.
    answering_409 = [path for path, ops in document["paths"].items() if "409" in str(ops)]
    assert answering_409 == ["/api/v1/snapshots/{slug}/"]


def test_assessments_answer_a_plain_list(client_for, anonymous, kenya, review_in):
    review = review_in(kenya, status="published", assess=(1, 2))
    response = client_for(anonymous).get(f"/api/v1/reviews/{review.pk}/assessments/")
    assert response.status_code == 200
    assert [row["objective"] for row in response.json()] == [1, 2]


def test_an_unknown_api_path_is_a_json_404_and_a_page_stays_html(client):
    api = client.get("/api/v1/pledges/\u0084/")
    assert api.status_code == 404
    assert api.json() == {"detail": "Not found."}
    page = client.get("/no-such-page/")
    assert page.status_code == 404
    assert page["Content-Type"].startswith("text/html")


def test_an_invalid_filter_with_format_csv_answers_json(client_for, anonymous):
    response = client_for(anonymous).get("/api/v1/pledges/?format=csv&updated_since=null")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    assert "updated_since" in response.json()


def test_renaming_the_lead_moves_the_pledges_etag_and_feed(client, compact):
    """The pledge's representation names its lead: a rename is a new representation
    (no 304 with the old name), `updated_since` finds it, and the feed says `updated`
    for the public pledges only."""
    from changes.models import ChangeEvent
    from pledges.services import actor_update
    from tests.factories import StakeholderFactory, add_partners

    ngo = StakeholderFactory(code="old-ngo", name="Old Name", country="")
    public = PledgeFactory(lead=ngo, status=Pledge.Status.PUBLISHED)
    partnered = PledgeFactory(status=Pledge.Status.PUBLISHED)
    add_partners(partnered, ngo)
    draft = PledgeFactory(lead=ngo)
    url = f"/api/v1/pledges/{public.code}/"
    read = client.get(url)
    tags = {p.pk: etag_of(p) for p in (public, partnered, draft)}

    actor_update(actor=ngo, name="New Name")

    again = client.get(url, HTTP_IF_NONE_MATCH=read["ETag"])
    assert again.status_code == 200
    assert again.json()["lead"]["name"] == "New Name"
    for pledge in (public, partnered, draft):
        pledge.refresh_from_db()
        assert etag_of(pledge) != tags[pledge.pk]
    logged = set(ChangeEvent.objects.filter(kind="updated").values_list("code", flat=True))
    assert logged == {public.code, partnered.code}


def test_an_unchanged_actor_save_moves_no_pledge(compact):
    from pledges.services import actor_update
    from tests.factories import StakeholderFactory

    ngo = StakeholderFactory(code="same-ngo", name="Same", country="")
    pledge = PledgeFactory(lead=ngo, status=Pledge.Status.PUBLISHED)
    before = etag_of(pledge)
    actor_update(actor=ngo, name="Same")
    pledge.refresh_from_db()
    assert etag_of(pledge) == before
