"""The home page: what the tracker holds, in figures, and where to go from there."""

import re

import pytest

from pledges.models import Pledge
from tests.factories import PledgeFactory, StakeholderFactory, add_partners

pytestmark = pytest.mark.django_db


def figures(html: str) -> dict[str, str]:
    """{label: figure} from the home page's figures list."""
    pairs = re.findall(r'<span class="figure">([^<]+)</span>\s*(?:<a [^>]+>)?([^<]+)', html)
    return {label.strip(): figure for figure, label in pairs}


@pytest.fixture
def pledging(compact, kenya, mexico, staff_user):
    from reviews import reference_data, services
    from reviews.models import ReviewCycle, ReviewEvent

    ngo = StakeholderFactory()
    PledgeFactory(lead=kenya, status=Pledge.Status.PUBLISHED, implementation="fulfilled")
    partnered = PledgeFactory(lead=ngo, status=Pledge.Status.PUBLISHED)
    add_partners(partnered, mexico)
    PledgeFactory(lead=mexico)  # a draft counts nowhere
    if not ReviewEvent.objects.exists():
        reference_data.calendar_load_default()
    cycle = ReviewCycle.objects.get(name="2023–2026")
    review = services.review_create(user=staff_user, state=kenya, cycle=cycle)
    services.assessment_upsert(review=review, user=staff_user, objective=1, level="planning")
    services.review_submit(review=review, user=staff_user)
    services.review_publish(review=review, user=staff_user)
    services.review_create(user=staff_user, state=mexico, cycle=cycle)  # a draft


@pytest.mark.smoke
def test_home_shows_headline_figures(client, pledging):
    html = client.get("/").content.decode()

    assert figures(html) == {
        "objectives": "23",
        "actions to draw from": "189",
        "published pledges": "2",
        "Member States pledging": "2",
        "stakeholders pledging": "1",
        "pledges fulfilled": "1",
        "voluntary reviews published": "1",
        "guiding principles": "10",
    }


def test_home_links_every_entry_point(client, compact):
    html = client.get("/").content.decode()

    for href in [
        "/objectives/",
        "/pledges/",
        "/countries/",
        "/reviews/",
        "/dashboard/",
        "/api/docs/",
    ]:
        assert f'href="{href}"' in html
    assert 'action="/pledges/"' in html and 'name="search"' in html


def test_home_query_count_with_the_figures_cached(client, pledging, django_assert_num_queries):
    client.get("/")  # caches the dashboard's aggregates

    # 1-3. objectives, actions, principles counted  4. published reviews counted
    with django_assert_num_queries(4):
        response = client.get("/")
    assert response.status_code == 200
    shown = figures(response.content.decode())
    assert (shown["published pledges"], shown["voluntary reviews published"]) == ("2", "1")


def test_home_query_count_on_a_cold_cache(client, pledging, django_assert_num_queries):
    # The compact's three counts, the nineteen of pledges.stats (nine; four for the
    # States and reviews' per State; one for the matching offers by stage; five for the
    # money per currency and the USD estimate's rates), the published reviews.
    with django_assert_num_queries(23):
        response = client.get("/")
    assert response.status_code == 200
    shown = figures(response.content.decode())
    assert (shown["published pledges"], shown["pledges fulfilled"]) == ("2", "1")
