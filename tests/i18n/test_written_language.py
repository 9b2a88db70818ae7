"""What people write (a pledge, a progress update, an assessment) records its language,
the writer's unless they say otherwise, and pages mark it with its `lang`."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from pledges import services as pledge_services
from reviews import services as review_services
from reviews.models import ReviewCycle
from tests.factories import PledgeFactory, ProgressUpdateFactory
from tests.pledges.helpers import service_values

pytestmark = pytest.mark.django_db


def test_pledge_is_in_the_writers_language_by_default(focal_ken):
    with translation.override("fr"):
        french = pledge_services.pledge_create(user=focal_ken, **service_values())
    english = pledge_services.pledge_create(user=focal_ken, **service_values())

    assert (french.language, english.language) == ("fr", "en")


def test_pledge_says_its_language_and_keeps_it_when_edited(focal_ken):
    pledge = pledge_services.pledge_create(user=focal_ken, **service_values(language="ar"))
    with translation.override("ru"):
        pledge_services.pledge_update(pledge=pledge, user=focal_ken, title="Another title")

    pledge.refresh_from_db()
    assert pledge.language == "ar"


def test_pledge_language_is_one_of_the_six(focal_ken):
    with pytest.raises(ValidationError) as caught:
        pledge_services.pledge_create(user=focal_ken, **service_values(language="de"))

    assert "language" in caught.value.message_dict


def test_progress_update_is_in_the_writers_language(kenya, focal_ken):
    pledge = PledgeFactory(lead=kenya, status="published")
    with translation.override("es"):
        update = pledge_services.progress_update_create(
            pledge=pledge,
            user=focal_ken,
            date=datetime.date(2025, 6, 1),
            implementation="in_progress",
            narrative="Se han firmado dos acuerdos.",
        )

    assert update.language == "es"


def test_assessment_is_in_the_writers_language(compact, kenya, focal_ken):
    review = review_services.review_create(
        user=focal_ken, state=kenya, cycle=ReviewCycle.objects.get(name="2027–2030")
    )
    with translation.override("zh-hans"):
        assessment, _created = review_services.assessment_upsert(
            review=review, user=focal_ken, objective=1, level="planning", narrative="计划。"
        )

    assert assessment.language == "zh-hans"


def test_pledge_page_marks_text_written_in_another_language(client, kenya):
    pledge = PledgeFactory(lead=kenya, status="published", title="Un registre", language="fr")
    ProgressUpdateFactory(pledge=pledge, narrative="Дело сделано.", language="ru")

    html = client.get(f"/pledges/{pledge.code}/").content.decode()

    assert '<h1 lang="fr">Un registre</h1>' in html
    assert '<div class="prose" lang="ru">' in html
    # In the French page, the French title needs no mark.
    assert "<h1>Un registre</h1>" in client.get(f"/fr/pledges/{pledge.code}/").content.decode()
