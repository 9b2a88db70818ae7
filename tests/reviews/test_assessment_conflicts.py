"""Two focal points of one State assess the same objective: the second save, made from
what the assessment said when the form was opened, does not overwrite the first."""

import re

import pytest
from django.test import Client

from pledges.models import FocalPoint
from reviews.models import ObjectiveAssessment
from tests.pledges.test_workspace import signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def colleague(django_user_model, kenya):
    user = django_user_model.objects.create_user("focal-ken-2", "ken2@example.org", "pw")
    FocalPoint.objects.create(user=user, actor=kenya)
    return user


def _version(html: str) -> str:
    return re.search(r'name="version" value="([^"]+)"', html)[1]


def test_a_stale_assessment_save_shows_the_conflict_and_writes_nothing(
    kenya, focal_ken, colleague, review_in
):
    review = review_in(kenya, assess=())
    url = f"/workspace/reviews/{review.pk}/objectives/6/"
    first, second = signed_in(Client(), focal_ken), signed_in(Client(), colleague)
    opened = _version(first.get(url).content.decode())
    assert _version(second.get(url).content.decode()) == opened

    saved = second.post(url, {"level": "advanced", "narrative": "A law.", "version": opened})
    stale = first.post(url, {"level": "planning", "narrative": "A plan.", "version": opened})

    assert saved.status_code == 302
    assessment = ObjectiveAssessment.objects.get(review=review, objective__number=6)
    assert (assessment.level, assessment.narrative) == ("advanced", "A law.")
    html = stale.content.decode()
    assert stale.status_code == 409
    assert "Someone else changed this assessment" in html
    conflict = html.split('class="callout callout--warn conflict"', 1)[1].split("</section>", 1)[0]
    assert "A law." in conflict and "A plan." in conflict
    assert re.search(r">\s*A plan.</textarea>", html)  # what was typed is kept
    assert _version(html) != opened

    again = first.post(
        url, {"level": "planning", "narrative": "A plan.", "version": _version(html)}
    )

    assert again.status_code == 302
    assessment.refresh_from_db()
    assert (assessment.level, assessment.narrative) == ("planning", "A plan.")


def test_another_objectives_save_is_no_conflict(kenya, focal_ken, colleague, review_in):
    review = review_in(kenya, assess=())
    six, seven = (f"/workspace/reviews/{review.pk}/objectives/{n}/" for n in (6, 7))
    first, second = signed_in(Client(), focal_ken), signed_in(Client(), colleague)
    opened = _version(first.get(six).content.decode())
    second.post(
        seven, {"level": "advanced", "version": _version(second.get(seven).content.decode())}
    )

    response = first.post(six, {"level": "planning", "narrative": "A plan.", "version": opened})

    assert response.status_code == 302
    assert ObjectiveAssessment.objects.filter(review=review).count() == 2


def test_a_stale_plan_save_shows_the_conflict_and_writes_nothing(
    kenya, focal_ken, colleague, review_in
):
    review = review_in(kenya, assess=())
    url = f"/workspace/reviews/{review.pk}/"
    first, second = signed_in(Client(), focal_ken), signed_in(Client(), colleague)
    opened = _version(first.get(url).content.decode())

    saved = second.post(
        url, {"plan": "adopted", "plan_url": "https://example.org/plan", "version": opened}
    )
    stale = first.post(url, {"plan": "none", "plan_url": "", "version": opened})

    assert saved.status_code == 302
    review.refresh_from_db()
    assert (review.plan, review.plan_url) == ("adopted", "https://example.org/plan")
    html = stale.content.decode()
    assert stale.status_code == 409
    assert "Someone else changed the national plan" in html
    conflict = html.split('class="callout callout--warn conflict"', 1)[1].split("</section>", 1)[0]
    assert "https://example.org/plan" in conflict
    assert _version(html) != opened

    again = first.post(url, {"plan": "none", "plan_url": "", "version": _version(html)})

    assert again.status_code == 302
    review.refresh_from_db()
    assert (review.plan, review.plan_url) == ("none", "")


def test_an_assessment_saved_meanwhile_is_no_conflict_with_the_plan(
    kenya, focal_ken, colleague, review_in
):
    review = review_in(kenya, assess=())
    url = f"/workspace/reviews/{review.pk}/"
    first, second = signed_in(Client(), focal_ken), signed_in(Client(), colleague)
    opened = _version(first.get(url).content.decode())
    second.post(f"{url}objectives/6/", {"level": "advanced", "narrative": "A law."})

    saved = first.post(
        url, {"plan": "adopted", "plan_url": "https://example.org/p", "version": opened}
    )

    assert saved.status_code == 302
    review.refresh_from_db()
    assert review.plan == "adopted"
