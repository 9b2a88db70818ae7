"""Audit (issue 12, defect 9): every writable model has history, every history row an
actor, a pledge's link changes are on its own rows; the history in words (issue 16)."""

import re

import pytest
from celery import shared_task
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import translation

from core.changes import actor_name, display_value, record_changes, record_summary
from core.history import acting_user, record_history_user, system_actor, system_user
from objectives.models import Objective
from pledges import services
from pledges.models import Actor, Evidence, FocalPoint, Pledge
from reviews.models import CommitmentObjective, IndicatorValue, PledgeAnnouncement, TargetValue
from tests.factories import PledgeFactory, StakeholderFactory
from tests.pledges.helpers import service_values

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "model",
    [
        Actor,
        FocalPoint,
        Evidence,
        PledgeAnnouncement,
        IndicatorValue,
        TargetValue,
        CommitmentObjective,
    ],
)
def test_models_a_person_changes_have_history(model):
    assert hasattr(model, "history")


def test_link_changes_are_one_history_row_each_on_the_pledge(focal_ken, compact):
    pledge = services.pledge_create(user=focal_ken, **service_values(objectives=[6, 7]))
    services.pledge_update(pledge=pledge, user=focal_ken, objectives=[7, 8], actions=[])

    rows = list(pledge.history.order_by("history_date"))
    numbers = dict(Objective.objects.values_list("pk", "number"))
    assert len(rows) == 2
    assert [numbers[pk] for pk in rows[0].history_links["objectives"]["added"]] == [6, 7]
    latest = rows[1].history_links
    assert [numbers[pk] for pk in latest["objectives"]["added"]] == [8]
    assert [numbers[pk] for pk in latest["objectives"]["removed"]] == [6]
    assert latest["actions"]["added"] == [] and len(latest["actions"]["removed"]) == 1
    assert "principles" not in latest
    assert rows[1].history_user == focal_ken

    changes = {change.name: change for change in record_changes(rows[1], rows[0])}
    assert changes["objectives"].label == "Objectives"
    assert changes["objectives"].added == [str(Objective.objects.get(number=8))]
    assert changes["objectives"].is_links


def test_an_unchanged_link_list_records_nothing(focal_ken, compact):
    pledge = services.pledge_create(user=focal_ken, **service_values())
    services.pledge_update(pledge=pledge, user=focal_ken, objectives=[6], title="A new title")

    latest = pledge.history.first()
    assert latest.history_links == {}
    assert latest.title == "A new title"


def test_a_write_outside_a_request_names_the_system_actor():
    stakeholder = StakeholderFactory()

    row = stakeholder.history.first()
    assert row.history_user.username == "system-system"


def test_system_actor_names_the_writes_of_its_block_and_nests():
    with system_actor("outer"):
        first = StakeholderFactory()
        with system_actor("inner"):
            second = StakeholderFactory()
        third = StakeholderFactory()

    users = [a.history.first().history_user.username for a in (first, second, third)]
    assert users == ["system-outer", "system-inner", "system-outer"]


def test_a_named_user_wins_over_the_system_actor(staff_user):
    with system_actor("seed"):
        actor = StakeholderFactory.build()
        record_history_user(actor, staff_user)
        actor.save()
        with acting_user(staff_user):
            other = StakeholderFactory()

    assert actor.history.first().history_user == staff_user
    assert other.history.first().history_user == staff_user


def test_system_users_cannot_sign_in(client):
    user = system_user("seed")

    assert (user.is_active, user.has_usable_password(), user.is_staff) == (False, False, False)
    assert system_user("seed").pk == user.pk  # created once
    response = client.post("/accounts/login/", {"username": "system-seed", "password": ""})
    assert response.status_code != 302
    assert actor_name(user) == "the system (seed)"


def test_a_command_writes_under_its_system_actor(kenya):
    # seed puts the reference data back: Kenya's name, changed by hand, is restored.
    Actor.objects.filter(pk=kenya.pk).update(name="Kenya (typo)")

    call_command("seed", verbosity=0)

    kenya.refresh_from_db()
    assert kenya.name != "Kenya (typo)"
    assert kenya.history.first().history_user.username == "system-seed"


@shared_task
def _rename_actor(pk: int) -> None:
    actor = Actor.objects.get(pk=pk)
    actor.name = "Renamed by a task"
    actor.save()


def test_a_task_writes_under_its_system_actor():
    actor = StakeholderFactory()

    _rename_actor.apply(kwargs={"pk": actor.pk})

    row = actor.history.first()
    assert row.name == "Renamed by a task"
    assert row.history_user.username == "system-task._rename_actor"
    # Outside the task, writes are the default system actor's again.
    assert StakeholderFactory().history.first().history_user.username == "system-system"


def test_review_save_with_update_fields_names_the_user(focal_ken, staff_user, kenya):
    pledge = PledgeFactory(lead=kenya, status="submitted")
    services.pledge_publish(pledge=pledge, user=staff_user)
    services.pledge_sync_implementation(pledge=pledge, user=None)  # nothing to change

    assert pledge.history.first().history_user == staff_user


def test_history_in_words_formats_labels_choices_and_dates(kenya, focal_ken, staff_user):
    pledge = PledgeFactory(lead=kenya, status="submitted")
    services.pledge_publish(pledge=pledge, user=staff_user)
    newer, older = pledge.history.all()[:2]

    with translation.override("en"):
        summary = record_summary(newer, older)
        changes = {change.name: change for change in record_changes(newer, older)}

    assert summary.startswith("Published on ") and summary.endswith(" by curator")
    assert (changes["status"].label, changes["status"].old, changes["status"].new) == (
        "Status",
        "Submitted",
        "Published",
    )
    assert changes["published_at"].label == "Published at"
    assert changes["published_at"].old == "none"
    assert "+00:00" not in changes["published_at"].new
    assert "updated_at" not in changes


def test_display_value_in_another_language():
    field = Pledge._meta.get_field("status")
    with translation.override("fr"):
        assert display_value(field, "published") == str(Pledge.Status.PUBLISHED.label)
        assert display_value(field, None) != "None"


def test_admin_history_is_in_words(client, kenya, staff_user):
    pledge = PledgeFactory(lead=kenya, status="submitted")
    services.pledge_publish(pledge=pledge, user=staff_user)
    client.force_login(staff_user)

    response = client.get(f"/admin/pledges/pledge/{pledge.pk}/history/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "Published on" in html and "by curator" in html
    assert "Change reason" not in html
    assert "None →" not in html
    assert ".136833+00:00" not in html and not re.search(r">[^<]*\+00:00", html)


@pytest.mark.parametrize("path", ["pledges/actor", "pledges/focalpoint"])
def test_admin_history_of_focal_points_and_actors(client, kenya, staff_user, path):
    focal_point = FocalPoint.objects.create(
        user=get_user_model().objects.create_user("fp-history"), actor=kenya
    )
    client.force_login(staff_user)
    pk = kenya.pk if path.endswith("actor") else focal_point.pk

    response = client.get(f"/admin/{path}/{pk}/history/")

    assert response.status_code == 200
