import pytest
from django.contrib.auth import get_user_model

from objectives.models import Action, Objective

pytestmark = pytest.mark.django_db


@pytest.mark.smoke
def test_objective_index_lists_all_23_with_action_counts(
    client, compact, django_assert_num_queries
):
    # 1. objectives annotated with action_count
    with django_assert_num_queries(1):
        response = client.get("/objectives/")

    html = response.content.decode()
    assert response.status_code == 200
    assert all(f'href="/objectives/{n}/"' in html for n in range(1, 24))
    assert "11 actions" in html  # objective 1
    assert html.count("<h1") == 1


def test_objective_detail_shows_commitment_every_action_and_neighbours(
    client, compact, django_assert_num_queries
):
    # 1. the objective  2. its actions  3. previous  4. next; the project serves the page
    # with its pledges (pledges.views.objective_detail): 5. pledge counts per action
    # 6. pledge count (none here, so no list to read; tests/pledges/test_views.py counts
    # the page with pledges)  7. its SDG links  8. the reviews panel's targets
    with django_assert_num_queries(8):
        response = client.get("/objectives/5/")

    html = response.content.decode()
    objective = Objective.objects.get(number=5)
    assert objective.commitment[:80] in html
    for action in Action.objects.filter(objective=objective):
        assert f'id="{action.letter}"' in html
        assert action.text[:60] in html
    assert 'href="/objectives/4/" rel="prev"' in html
    assert 'href="/objectives/6/" rel="next"' in html


def test_objective_detail_first_and_last_have_one_neighbour(client, compact):
    first = client.get("/objectives/1/").content.decode()
    last = client.get("/objectives/23/").content.decode()

    assert 'rel="prev"' not in first and 'rel="next"' in first
    assert 'rel="next"' not in last and 'rel="prev"' in last


def test_objective_detail_unknown_is_404(client, compact):
    assert client.get("/objectives/99/").status_code == 404


def test_objective_detail_links_staff_to_the_admin(client, compact):
    staff = get_user_model().objects.create_user("staff", password="x", is_staff=True)
    client.force_login(staff)

    html = client.get("/objectives/2/").content.decode()

    assert "/admin/objectives/objective/" in html


def test_objective_detail_does_not_link_the_public_to_the_admin(client, compact):
    assert "/admin/" not in client.get("/objectives/2/").content.decode()


def test_principle_index_lists_the_ten(client, compact, django_assert_num_queries):
    with django_assert_num_queries(1):
        html = client.get("/principles/").content.decode()

    assert html.count("<dt ") == 10
    assert 'id="whole-of-society-approach"' in html


def test_home_shows_compact_figures(client, compact):
    html = client.get("/").content.decode()

    assert '<span class="figure">23</span>' in html
    assert '<span class="figure">189</span>' in html
