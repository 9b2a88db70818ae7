"""Facet counts (PledgeFilter.facet_counts, GET /api/v1/pledges/facets/): pledges per
filter value given the other filters, visibility respected, in fixed queries."""

import pytest

from pledges.models import Pledge
from pledges.search import pledges_search_refresh
from tests.factories import PledgeFactory

pytestmark = pytest.mark.django_db


def _facets(client, **params):
    response = client.get("/api/v1/pledges/facets/", params)
    assert response.status_code == 200, response.content
    return response.json()["facets"]


def _make(kenya, mexico, count: int):
    for n in range(count):
        PledgeFactory(
            lead=kenya if n % 2 else mexico,
            status="published",
            pledge_type="financial" if n % 3 == 0 else "policy",
            objectives=[2, 5] if n % 2 else [5],
        )
    pledges_search_refresh(Pledge.objects.all())


def test_facets_count_under_the_other_filters(client_for, anonymous, kenya, mexico):
    _make(kenya, mexico, 6)  # Kenya: n=1,3,5; financial: n=0,3
    PledgeFactory(lead=kenya, status="draft", pledge_type="financial")

    facets = _facets(client_for(anonymous), country="KEN", type="financial")

    # type counts within Kenya (not within "financial"): 1 financial, 2 policy.
    assert facets["type"] == {
        "financial": 1,
        "human_resources": 0,
        "process": 0,
        "policy": 2,
    }
    # country counts within "financial": Mexico's n=0, Kenya's n=3.
    assert facets["country"] == {"KEN": 1, "MEX": 1}
    assert facets["objective"] == {"2": 1, "5": 1}
    assert facets["region"] == {"Africa": 1}
    # The public sees no draft, not even as a count.
    assert facets["status"]["draft"] == 0
    assert facets["status"]["published"] == 1


def test_facets_respect_who_may_see_drafts(client_for, focal_ken, focal_mex, kenya, mexico):
    PledgeFactory(lead=kenya, status="draft")

    assert _facets(client_for(focal_ken))["status"]["draft"] == 1
    assert _facets(client_for(focal_mex))["status"]["draft"] == 0


def test_facets_refuse_bad_filters_with_a_400(client_for, anonymous):
    response = client_for(anonymous).get("/api/v1/pledges/facets/", {"status": "lost"})

    assert response.status_code == 400
    assert "status" in response.json()


@pytest.mark.parametrize("count", [2, 20])
def test_facets_query_count_is_fixed(
    client_for, anonymous, kenya, mexico, django_assert_num_queries, count
):
    _make(kenya, mexico, count)

    # One per facet: objective, country, region, type, mode, status, implementation.
    with django_assert_num_queries(7):
        facets = _facets(client_for(anonymous), search="recruitment")
    assert sum(facets["type"].values()) == count
