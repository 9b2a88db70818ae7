"""The pledge services' refusals as the focal point reads them: which field, which
words. (Mutation testing found the rules checked but their messages unread.)"""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError

from pledges import services
from tests.factories import PledgeFactory
from tests.pledges.helpers import service_values

pytestmark = pytest.mark.django_db


def refusal(user, **values) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as caught:
        services.pledge_create(user=user, **service_values(**values))
    return caught.value.message_dict


def test_pledge_create_for_another_actor_names_it(compact, focal_ken, mexico):
    assert refusal(focal_ken, lead="MEX") == {"lead": ["You are not a focal point of Mexico."]}


def test_pledge_create_for_an_unknown_lead_names_the_code(compact, focal_ken):
    assert refusal(focal_ken, lead="ZZZ") == {"lead": ["No actor has the code ZZZ."]}


def test_pledge_create_with_unknown_partners_names_each(compact, focal_ken, mexico):
    assert refusal(focal_ken, mode="partnership", partners=["MEX", "QQQ", "RRR"]) == {
        "partners": ["No actor has the code QQQ, RRR."]
    }


def test_pledge_create_keeps_the_partners_and_dates_given(compact, focal_ken, mexico):
    pledge = services.pledge_create(
        user=focal_ken,
        **service_values(
            mode="partnership",
            partners=["MEX"],
            start_date=datetime.date(2024, 3, 1),
            target_date=datetime.date(2027, 6, 30),
        ),
    )

    assert [p.code for p in pledge.partners.all()] == ["MEX"]
    assert (pledge.start_date, pledge.target_date) == (
        datetime.date(2024, 3, 1),
        datetime.date(2027, 6, 30),
    )


def test_pledge_create_by_the_public_says_to_sign_in(compact):
    with pytest.raises(PermissionDenied) as caught:
        services.pledge_create(user=AnonymousUser(), **service_values())

    assert caught.value.args == ("Sign in as a focal point to make a pledge.",)


@pytest.mark.parametrize(
    ("status", "action", "words"),
    [
        ("published", "pledge_submit", "A published pledge cannot be submitted."),
        ("draft", "pledge_publish", "A draft pledge cannot be published."),
        ("draft", "pledge_return", "A draft pledge cannot be returned."),
        ("withdrawn", "pledge_withdraw", "A withdrawn pledge cannot be withdrawn."),
    ],
)
def test_pledge_transition_refusal_names_the_status(
    compact, kenya, staff_user, status, action, words
):
    pledge = PledgeFactory(lead=kenya, status=status)
    extra = {"reason": "More data."} if action == "pledge_return" else {}

    with pytest.raises(ValidationError) as caught:
        getattr(services, action)(pledge=pledge, user=staff_user, **extra)

    assert caught.value.message_dict == {"status": [words]}
