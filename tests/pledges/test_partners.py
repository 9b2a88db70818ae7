"""Partner consent (issue 14): a listed partner is invited, answers for itself, and
pledges (is shown, counted, reports) only once it has accepted."""

import datetime
import threading
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import translation

from accounts.models import Profile
from pledges import services
from pledges.models import Actor, FocalPoint, Partnership
from pledges.selectors import accepted_partners, actor_pledges, user_can_report_progress
from pledges.stats import compute_dashboard_stats
from tests.factories import DESCRIPTION, PledgeFactory, StakeholderFactory, add_partners
from tests.pledges.helpers import streamed

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    # The services' messages are read in English here, whatever an earlier test left active.
    with translation.override("en"):
        yield


def _focal(django_user_model, username, actor, language=""):
    user = django_user_model.objects.create_user(username, f"{username}@example.org", "pw")
    FocalPoint.objects.create(user=user, actor=actor)
    if language:
        Profile.objects.update_or_create(user=user, defaults={"preferred_language": language})
    return user


@pytest.fixture
def ngo(db):
    return StakeholderFactory(code="migrant-rights-ngo", name="Migrant Rights NGO")


@pytest.fixture
def focal_ngo(django_user_model, ngo):
    """Another partner's focal point (the NGO is invited to the same pledge)."""
    return _focal(django_user_model, "focal-ngo", ngo)


@pytest.fixture
def focal_fra(django_user_model, member_states):
    """Another State's focal point, with nothing to do with the pledge."""
    return _focal(django_user_model, "focal-fra", Actor.objects.get(code="FRA"))


@pytest.fixture
def joint(compact, kenya, mexico, ngo, focal_ken):
    """Kenya's partnership pledge, drafted through the service: Mexico and the NGO invited."""
    return services.pledge_create(
        user=focal_ken,
        lead="KEN",
        title="Fair recruitment corridors",
        description=DESCRIPTION,
        mode="partnership",
        pledge_type="financial",
        objectives=[6],
        scope="regional",
        start_date=datetime.date(2024, 1, 1),
        target_date=datetime.date(2027, 12, 31),
        partners=["MEX", "migrant-rights-ngo"],
    )


def _partnership(pledge, code) -> Partnership:
    return Partnership.objects.select_related("pledge").get(pledge=pledge, actor__code=code)


def _snapshot(pledge):
    return sorted(
        Partnership.objects.filter(pledge=pledge).values_list(
            "actor__code", "status", "reason", "share", "amount", "currency", "answered_at"
        )
    )


# --- Listing a partner invites it ---------------------------------------------------


def test_listing_partners_invites_them_and_mails_their_focal_points_in_their_language(
    django_user_model, compact, kenya, mexico, ngo, focal_ken, django_capture_on_commit_callbacks
):
    _focal(django_user_model, "mex-es", mexico, language="es")
    _focal(django_user_model, "ngo-en", ngo)
    with django_capture_on_commit_callbacks(execute=True):
        pledge = services.pledge_create(
            user=focal_ken,
            lead="KEN",
            title="Fair recruitment corridors",
            description=DESCRIPTION,
            mode="partnership",
            pledge_type="policy",
            objectives=[6],
            scope="regional",
            start_date=datetime.date(2024, 1, 1),
            target_date=datetime.date(2027, 12, 31),
            partners=["MEX", "migrant-rights-ngo"],
        )

    assert _snapshot(pledge) == [
        ("MEX", "invited", "", "", None, "", None),
        ("migrant-rights-ngo", "invited", "", "", None, "", None),
    ]
    by_recipient = {m.to[0]: m for m in mail.outbox}
    assert set(by_recipient) == {"mex-es@example.org", "ngo-en@example.org"}
    assert "le invita a sumarse" in by_recipient["mex-es@example.org"].subject
    assert pledge.code in by_recipient["ngo-en@example.org"].subject
    assert "invites you to join" in by_recipient["ngo-en@example.org"].subject
    # Invited is not pledging: neither counted for Mexico nor reporting.
    assert not actor_pledges(mexico).filter(pk=pledge.pk).exists()
    assert accepted_partners(pledge) == []


def test_a_partner_taken_off_the_list_loses_its_invitation_and_a_declined_one_is_kept(
    joint, focal_ken, focal_ngo
):
    services.partnership_decline(
        partnership=_partnership(joint, "migrant-rights-ngo"), user=focal_ngo, reason="No funds."
    )
    services.pledge_update(pledge=joint, user=focal_ken, partners=["FRA"])

    assert [(code, status) for code, status, *_ in _snapshot(joint)] == [
        ("FRA", "invited"),
        ("migrant-rights-ngo", "declined"),
    ]
    # Listed again, the actor that declined is invited again.
    services.pledge_update(pledge=joint, user=focal_ken, partners=["FRA", "migrant-rights-ngo"])
    assert _partnership(joint, "migrant-rights-ngo").status == "invited"
    assert _partnership(joint, "migrant-rights-ngo").reason == ""


# --- Answers ------------------------------------------------------------------------


def test_accepting_records_the_share_and_mails_the_lead(
    joint, focal_mex, focal_ken, mexico, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.partnership_accept(
            partnership=_partnership(joint, "MEX"),
            user=focal_mex,
            share="Consular staff in three corridors",
            amount=Decimal("250000"),
            currency="usd",
        )

    partnership = _partnership(joint, "MEX")
    assert (partnership.status, partnership.share, partnership.amount, partnership.currency) == (
        "accepted",
        "Consular staff in three corridors",
        Decimal("250000.00"),
        "USD",
    )
    assert partnership.answered_at is not None
    assert [h.history_type for h in partnership.history.order_by("history_id")] == ["+", "~"]
    assert partnership.history.latest().history_user == focal_mex
    assert [m.to for m in mail.outbox] == [["focal-ken@example.org"]]
    assert "accepted" in mail.outbox[0].subject
    assert actor_pledges(mexico).filter(pk=joint.pk).exists()


def test_declining_needs_a_reason_and_then_mails_it_to_the_lead(
    joint, focal_ngo, focal_ken, django_capture_on_commit_callbacks
):
    before = _snapshot(joint)
    with pytest.raises(ValidationError) as refused:
        services.partnership_decline(
            partnership=_partnership(joint, "migrant-rights-ngo"), user=focal_ngo, reason="  "
        )
    assert "reason" in refused.value.message_dict
    assert _snapshot(joint) == before

    with django_capture_on_commit_callbacks(execute=True):
        services.partnership_decline(
            partnership=_partnership(joint, "migrant-rights-ngo"),
            user=focal_ngo,
            reason="Our board did not approve it.",
        )
    assert _partnership(joint, "migrant-rights-ngo").status == "declined"
    assert "Our board did not approve it." in mail.outbox[0].body


@pytest.mark.parametrize(
    ("amount", "currency", "field"),
    [
        (Decimal("-5"), "USD", "amount"),
        (Decimal("0"), "USD", "amount"),
        (Decimal("1.005"), "USD", "amount"),
        (Decimal("100"), "XYZ", "currency"),
        (Decimal("100"), "", "currency"),
        (None, "EUR", "amount"),
    ],
)
def test_a_bad_amount_or_currency_is_refused_on_its_field_and_changes_nothing(
    joint, focal_mex, amount, currency, field
):
    before = _snapshot(joint)
    with pytest.raises(ValidationError) as refused:
        services.partnership_accept(
            partnership=_partnership(joint, "MEX"),
            user=focal_mex,
            amount=amount,
            currency=currency,
        )
    assert field in refused.value.message_dict
    assert _snapshot(joint) == before


def test_accepting_twice_or_after_declining_is_refused(joint, focal_mex):
    services.partnership_accept(partnership=_partnership(joint, "MEX"), user=focal_mex)
    before = _snapshot(joint)
    for answer in (
        lambda p: services.partnership_accept(partnership=p, user=focal_mex),
        lambda p: services.partnership_decline(partnership=p, user=focal_mex, reason="No."),
    ):
        with pytest.raises(ValidationError) as refused:
            answer(_partnership(joint, "MEX"))
        assert "already answered" in refused.value.message_dict["status"][0]
    assert _snapshot(joint) == before


def test_an_invitation_withdrawn_by_the_lead_cannot_be_accepted(joint, focal_ken, focal_mex):
    stale = _partnership(joint, "MEX")
    services.pledge_update(pledge=joint, user=focal_ken, partners=["migrant-rights-ngo"])

    with pytest.raises(ValidationError) as refused:
        services.partnership_accept(partnership=stale, user=focal_mex)
    assert "withdrawn" in refused.value.message_dict["status"][0]
    assert not Partnership.objects.filter(pledge=joint, actor__code="MEX").exists()


def test_an_invitation_to_a_withdrawn_pledge_is_closed(joint, focal_ken, focal_mex):
    services.pledge_withdraw(pledge=joint, user=focal_ken)
    with pytest.raises(ValidationError) as refused:
        services.partnership_accept(partnership=_partnership(joint, "MEX"), user=focal_mex)
    assert "withdrawn" in refused.value.message_dict["status"][0]


@pytest.mark.parametrize("persona", ["focal_ken", "focal_ngo", "focal_fra", "staff_user"])
def test_only_the_partners_own_focal_points_answer_for_it(request, joint, persona):
    user = request.getfixturevalue(persona)
    before = _snapshot(joint)
    for answer in (
        lambda: services.partnership_accept(partnership=_partnership(joint, "MEX"), user=user),
        lambda: services.partnership_decline(
            partnership=_partnership(joint, "MEX"), user=user, reason="No."
        ),
        lambda: services.partnership_leave(partnership=_partnership(joint, "MEX"), user=user),
    ):
        with pytest.raises(PermissionDenied):
            answer()
    assert _snapshot(joint) == before


def test_leaving_is_dated_and_ends_the_right_to_report(joint, focal_mex, staff_user):
    with pytest.raises(ValidationError) as refused:
        services.partnership_leave(partnership=_partnership(joint, "MEX"), user=focal_mex)
    assert "status" in refused.value.message_dict

    services.partnership_accept(partnership=_partnership(joint, "MEX"), user=focal_mex)
    services.pledge_submit(pledge=joint, user=joint.created_by)
    services.pledge_publish(pledge=joint, user=staff_user)
    joint.refresh_from_db()
    assert user_can_report_progress(focal_mex, joint)

    services.partnership_leave(
        partnership=_partnership(joint, "MEX"), user=focal_mex, reason="Programme ended."
    )
    left = _partnership(joint, "MEX")
    assert (left.status, left.reason) == ("left", "Programme ended.")
    assert left.left_at is not None
    assert not user_can_report_progress(focal_mex, joint)


@pytest.mark.django_db(transaction=True)
def test_concurrent_accept_and_decline_give_exactly_one_outcome(compact, kenya, mexico, focal_mex):
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    pledge = PledgeFactory(lead=kenya, mode="partnership")
    add_partners(pledge, mexico, status=Partnership.Status.INVITED)
    partnership = _partnership(pledge, "MEX")
    outcomes: list[str] = []
    barrier = threading.Barrier(2)

    def answer(write):
        barrier.wait()
        try:
            write()
            outcomes.append("done")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [
        threading.Thread(
            target=answer,
            args=(lambda: services.partnership_accept(partnership=partnership, user=focal_mex),),
        ),
        threading.Thread(
            target=answer,
            args=(
                lambda: services.partnership_decline(
                    partnership=partnership, user=focal_mex, reason="No."
                ),
            ),
        ),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["done", "refused"]
    assert partnership.history.count() == 2  # created, then one answer


# --- What the public, the counts and the pages show ---------------------------------


@pytest.fixture
def published_joint(joint, focal_mex, focal_ngo, focal_ken, staff_user):
    services.partnership_accept(
        partnership=_partnership(joint, "MEX"), user=focal_mex, share="Consular staff"
    )
    services.partnership_decline(
        partnership=_partnership(joint, "migrant-rights-ngo"), user=focal_ngo, reason="No funds."
    )
    services.pledge_update(pledge=joint, user=focal_ken, partners=["MEX", "FRA"])
    services.pledge_submit(pledge=joint, user=focal_ken)
    services.pledge_publish(pledge=joint, user=staff_user)
    return joint


def test_the_public_page_shows_accepted_partners_invited_as_such_and_not_the_declined(
    client, published_joint
):
    html = client.get(f"/pledges/{published_joint.code}/").content.decode()

    assert 'data-partner="MEX" data-status="accepted"' in html
    assert "Consular staff" in html
    assert 'data-partner="FRA" data-status="invited"' in html
    assert "invited, has not answered" in html
    assert "Migrant Rights NGO" not in html


@pytest.mark.parametrize(
    ("persona", "seen"),
    [
        ("anonymous", {"MEX": "accepted", "FRA": "invited"}),
        ("focal_fra", {"MEX": "accepted", "FRA": "invited"}),
        ("focal_mex", {"MEX": "accepted", "FRA": "invited"}),
        (
            "focal_ngo",
            {"MEX": "accepted", "FRA": "invited", "migrant-rights-ngo": "declined"},
        ),
        ("focal_ken", {"MEX": "accepted", "FRA": "invited", "migrant-rights-ngo": "declined"}),
        (
            "staff_user",
            {"MEX": "accepted", "FRA": "invited", "migrant-rights-ngo": "declined"},
        ),
    ],
)
def test_api_partners_are_objects_and_the_declined_seen_only_by_those_concerned(
    request, client_for, published_joint, persona, seen
):
    user = request.getfixturevalue(persona)
    response = client_for(user).get(f"/api/v1/pledges/{published_joint.code}/")

    assert response.status_code == 200
    partners = {p["actor"]["code"]: p["status"] for p in response.json()["partners"]}
    assert partners == seen


def test_counts_and_the_csv_count_accepted_partners_only(client_for, published_joint, mexico):
    stats = compute_dashboard_stats()
    # Kenya (lead) and Mexico (accepted): France (invited) is not pledging.
    assert stats["totals"]["states_pledging"] == 2
    csv = streamed(client_for(None).get("/api/v1/pledges/", {"format": "csv"})).decode()
    assert ";FRA" not in csv and "FRA;" not in csv
    assert f"{published_joint.code}," in csv and ",MEX," in csv


def test_a_country_profile_lists_a_pledge_only_once_its_state_accepted(client, published_joint):
    assert published_joint.code in client.get("/countries/MEX/").content.decode()
    assert published_joint.code not in client.get("/countries/FRA/").content.decode()
