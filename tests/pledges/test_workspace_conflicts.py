"""Two focal points of one State edit the same draft: the second save, made from the
version the form was opened at, does not overwrite the first. It shows what the other
person changed beside what was typed, keeps everything typed, and saves over it only
when asked again."""

import re

import pytest
from django.test import Client

from pledges.models import FocalPoint, Pledge
from tests.pledges.test_workspace import form_data, kenya_pledge, signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def colleague(django_user_model, kenya):
    """A second focal point of Kenya."""
    user = django_user_model.objects.create_user("focal-ken-2", "ken2@example.org", "pw")
    FocalPoint.objects.create(user=user, actor=kenya)
    return user


def _opened_version(html: str) -> str:
    return re.search(r'name="version" value="([^"]+)"', html)[1]


def test_a_stale_save_shows_the_conflict_and_writes_nothing(compact, kenya, focal_ken, colleague):
    pledge = kenya_pledge(objectives=[6], title="Fair recruitment for Kenyan migrant workers")
    url = f"/workspace/pledges/{pledge.code}/edit/"
    first, second = signed_in(Client(), focal_ken), signed_in(Client(), colleague)
    version = _opened_version(first.get(url).content.decode())
    assert _opened_version(second.get(url).content.decode()) == version

    saved = second.post(url, form_data(title="Ethical recruitment pilots", version=version))
    stale = first.post(
        url,
        form_data(title="Zero fees for Kenyan recruits", objectives=["6", "5"], version=version),
    )

    assert saved.status_code == 302
    pledge.refresh_from_db()
    assert pledge.title == "Ethical recruitment pilots"  # the first save stands
    assert sorted(o.number for o in pledge.objectives.all()) == [6]
    html = stale.content.decode()
    assert stale.status_code == 409
    assert "Someone else changed this pledge" in html
    conflict = html.split('class="callout callout--warn conflict"', 1)[1].split("</section>", 1)[0]
    assert "Ethical recruitment pilots" in conflict and "Zero fees for Kenyan recruits" in conflict
    assert "Objectives" in conflict and "Description" not in conflict  # only what differs
    # Everything typed is kept in the form, now at the current version.
    assert 'value="Zero fees for Kenyan recruits"' in html
    assert re.search(r'value="5"[^>]*checked', html)
    assert _opened_version(html) != version


def test_saving_again_from_the_conflict_page_replaces_it_deliberately(
    compact, kenya, focal_ken, colleague
):
    pledge = kenya_pledge(objectives=[6])
    url = f"/workspace/pledges/{pledge.code}/edit/"
    first, second = signed_in(Client(), focal_ken), signed_in(Client(), colleague)
    version = _opened_version(first.get(url).content.decode())
    second.post(url, form_data(title="Ethical recruitment pilots", version=version))
    conflict = first.post(url, form_data(title="Zero fees for Kenyan recruits", version=version))

    again = first.post(
        url,
        form_data(
            title="Zero fees for Kenyan recruits",
            version=_opened_version(conflict.content.decode()),
        ),
    )

    assert again.status_code == 302
    pledge.refresh_from_db()
    assert pledge.title == "Zero fees for Kenyan recruits"


def test_a_save_from_the_current_version_goes_through(compact, kenya, focal_ken):
    pledge = kenya_pledge(objectives=[6])
    url = f"/workspace/pledges/{pledge.code}/edit/"
    client = signed_in(Client(), focal_ken)
    version = _opened_version(client.get(url).content.decode())

    response = client.post(url, form_data(title="Fairer recruitment", version=version))

    assert response.status_code == 302
    pledge.refresh_from_db()
    assert pledge.title == "Fairer recruitment"


def test_a_change_elsewhere_that_leaves_the_typed_values_equal_is_no_conflict(
    compact, kenya, focal_ken, colleague
):
    pledge = kenya_pledge(objectives=[6])
    url = f"/workspace/pledges/{pledge.code}/edit/"
    first, second = signed_in(Client(), focal_ken), signed_in(Client(), colleague)
    version = _opened_version(first.get(url).content.decode())
    second.post(url, form_data(title="Ethical recruitment pilots", version=version))

    # The first focal point typed the same title: nothing to choose between.
    same = first.post(url, form_data(title="Ethical recruitment pilots", version=version))

    assert same.status_code == 302
    assert Pledge.objects.get(pk=pledge.pk).title == "Ethical recruitment pilots"
