"""Query counts of the lists at two page sizes (issue 17): the same number of queries
for a page of 20 and a page of 100, with actions and partners on every row, and with
the lead-or-partner filter (`?actor=`) in its UNION form."""

import pytest

from objectives.models import Action
from pledges.models import Pledge
from tests.factories import PledgeFactory, add_partners

pytestmark = pytest.mark.django_db

PUBLISHED = Pledge.Status.PUBLISHED


@pytest.fixture
def many(compact, kenya, mexico):
    """120 published pledges, half led by Kenya with Mexico as partner, half the other
    way round, each with two objectives and an action."""
    pledges = []
    for index in range(120):
        lead, partner = (kenya, mexico) if index % 2 else (mexico, kenya)
        pledge = PledgeFactory(lead=lead, status=PUBLISHED, objectives=[1, 2], mode="partnership")
        add_partners(pledge, partner)
        pledges.append(pledge)
    action = Action.objects.get(objective__number=1, letter="a")
    for pledge in pledges:
        pledge.actions.add(action)
    return pledges


@pytest.mark.parametrize("page_size", [20, 100])
@pytest.mark.parametrize("query", ["", "&actor=KEN"])
def test_api_pledge_list_queries_do_not_grow_with_the_page(
    api_client, many, django_assert_num_queries, page_size, query
):
    # count, pledges (+ lead, matches), partners, objectives, actions (+ objective),
    # principles
    with django_assert_num_queries(6):
        response = api_client.get(f"/api/v1/pledges/?page_size={page_size}{query}")

    assert response.status_code == 200
    body = response.json()
    assert len(body["results"]) == page_size
    assert body["count"] == 120
    assert all(row["partners"] and row["actions"] == ["1(a)"] for row in body["results"])


@pytest.mark.parametrize("page", [1, 6])
@pytest.mark.parametrize("query", ["", "&actor=MEX"])
def test_pledge_directory_queries_do_not_grow_with_the_page(
    client, many, django_assert_num_queries, page, query
):
    # 1. objective choices  2. country choices  3. count  4. the page (+lead)
    # 5. the page's objectives  6–11. the facet counts beside the filters (type, mode,
    # implementation, objective, country, region: PledgeFilter.facet_counts)
    with django_assert_num_queries(11):
        response = client.get(f"/pledges/?page={page}{query}")

    assert response.status_code == 200
    assert response.content.decode().count('class="pledge-item"') == 20
