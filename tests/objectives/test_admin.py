import pytest

from objectives.models import Action

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("admin", "admin@example.org", "pw")
    client.force_login(user)
    return client


def test_admin_objective_shows_actions_inline(staff_client, compact):
    html = staff_client.get("/admin/objectives/objective/").content.decode()
    assert "23 objectives" in html

    action = Action.objects.get(objective__number=3, letter="a")
    change = staff_client.get(f"/admin/objectives/objective/{action.objective_id}/change/")
    assert change.status_code == 200
    assert action.text[:50] in change.content.decode()


def test_admin_search_finds_objectives_by_action_text(staff_client, compact):
    # "apprenticeships" is in one action of objective 18 and in no title or commitment:
    # only a search through the actions' text finds it, and it finds that one objective.
    response = staff_client.get("/admin/objectives/objective/", {"q": "apprenticeships"})

    html = response.content.decode()
    assert response.status_code == 200
    assert "1 objective" in html
    assert "Invest in skills development" in html
    assert "Promote faster, safer and cheaper transfer of remittances" not in html


def test_admin_staff_can_correct_a_typo_in_an_action(staff_client, compact):
    action = Action.objects.get(objective__number=1, letter="b")
    corrected = action.text.replace("migration statistics", "migration data", 1)
    assert corrected != action.text

    response = staff_client.post(
        f"/admin/objectives/action/{action.pk}/change/", {"text": corrected}
    )

    assert response.status_code == 302
    action.refresh_from_db()
    assert action.text == corrected
    assert action.history.count() >= 1
    assert action.history.first().history_user.username == "admin"
