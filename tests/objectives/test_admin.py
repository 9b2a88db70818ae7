import pytest

from objectives.models import Action, GuidingPrinciple, Objective

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


def test_admin_refuses_an_empty_action_text_beside_the_field(staff_client, compact):
    # The admin saves through action_text_correct: its rule (no empty text) is the
    # admin's too, shown beside the field, and nothing is written.
    action = Action.objects.get(objective__number=1, letter="b")
    before, history = action.text, action.history.count()

    response = staff_client.post(f"/admin/objectives/action/{action.pk}/change/", {"text": "   "})

    assert response.status_code == 200
    assert "This text may not be empty." in response.content.decode()
    assert response.context["adminform"].form.errors["text"]
    action.refresh_from_db()
    assert action.text == before
    assert action.history.count() == history


def test_admin_objective_corrects_through_the_service(staff_client, compact):
    # The objective's own texts and its actions inline both go through the services:
    # whitespace collapsed as the loader stores it, the curator named in the history.
    objective = Objective.objects.get(number=1)
    actions = list(objective.actions.order_by("order"))
    data = {
        "title": f"  {objective.title}  (corrected)",
        "commitment": objective.commitment,
        "actions-TOTAL_FORMS": str(len(actions)),
        "actions-INITIAL_FORMS": str(len(actions)),
        "actions-MIN_NUM_FORMS": "0",
        "actions-MAX_NUM_FORMS": "1000",
    }
    for index, action in enumerate(actions):
        data[f"actions-{index}-id"] = str(action.pk)
        data[f"actions-{index}-objective"] = str(objective.pk)
        data[f"actions-{index}-text"] = action.text
    data["actions-0-text"] = actions[0].text + "\u00b9"

    refused = staff_client.post(f"/admin/objectives/objective/{objective.pk}/change/", data)

    assert refused.status_code == 200
    assert "Footnote marks" in refused.content.decode()
    objective.refresh_from_db()
    assert not objective.title.endswith("(corrected)")

    data["actions-0-text"] = actions[0].text + "  (corrected)"
    saved = staff_client.post(f"/admin/objectives/objective/{objective.pk}/change/", data)

    assert saved.status_code == 302
    objective.refresh_from_db()
    actions[0].refresh_from_db()
    assert objective.title.endswith(" (corrected)")
    assert not objective.title.startswith(" ")
    assert actions[0].text.endswith(" (corrected)")
    assert objective.history.first().history_user.username == "admin"
    assert actions[0].history.first().history_user.username == "admin"


def test_admin_principle_corrects_through_the_service(staff_client, compact):
    principle = GuidingPrinciple.objects.get(slug="people-centred")
    url = f"/admin/objectives/guidingprinciple/{principle.pk}/change/"

    refused = staff_client.post(url, {"name": "", "description": principle.description})

    assert refused.status_code == 200
    assert refused.context["adminform"].form.errors["name"]
    principle.refresh_from_db()
    assert principle.name == "People-centred"

    saved = staff_client.post(url, {"name": "People centred", "description": principle.description})

    assert saved.status_code == 302
    principle.refresh_from_db()
    assert principle.name == "People centred"
    assert principle.history.first().history_user.username == "admin"
