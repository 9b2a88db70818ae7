"""The visibility selectors at their edges: whose pledges an actor has (lead or
partner, each once), in each of the three shapes the callers pass."""

import pytest
from django.utils import timezone

from pledges.models import Actor, Pledge
from pledges.selectors import actor_pledges, signed_in, user_speaks_for
from tests.factories import PledgeFactory, StakeholderFactory, add_partners

pytestmark = pytest.mark.django_db


@pytest.fixture
def pledges(compact, kenya, mexico):
    """Kenya leads one, partners one, leads and partners a third; Mexico's own and a
    stakeholder's pledge with Mexico as partner have nothing to do with Kenya."""
    PledgeFactory(lead=kenya, code="GCM-T-LED")
    partnered = PledgeFactory(lead=mexico, code="GCM-T-PARTNERED")
    add_partners(partnered, kenya)
    both = PledgeFactory(lead=kenya, code="GCM-T-BOTH")
    add_partners(both, kenya, mexico)
    PledgeFactory(lead=mexico, code="GCM-T-MEXICO")
    add_partners(PledgeFactory(lead=StakeholderFactory(), code="GCM-T-OTHER"), mexico)
    return {"GCM-T-LED", "GCM-T-PARTNERED", "GCM-T-BOTH"}


def codes(queryset) -> list[str]:
    return sorted(queryset.values_list("code", flat=True))


@pytest.mark.parametrize("shape", ["actor", "id", "queryset"])
def test_actor_pledges_are_those_it_leads_or_partners_each_once(pledges, kenya, shape):
    actor = {
        "actor": kenya,
        "id": kenya.pk,
        "queryset": Actor.objects.filter(code="KEN"),
    }[shape]

    assert codes(actor_pledges(actor)) == sorted(pledges)


def test_actor_pledges_is_one_query_in_the_union_form(pledges, kenya, django_assert_num_queries):
    queryset = actor_pledges(kenya)
    # pk IN (led UNION partnered): the planner serves each side from an index; an OR
    # of the two sides would scan every pledge.
    assert " UNION " in str(queryset.query)
    assert " OR " not in str(queryset.query)
    with django_assert_num_queries(1):
        assert codes(queryset) == sorted(pledges)


def test_country_list_counts_each_published_pledge_of_a_state_once(pledges, kenya, mexico):
    from reviews.selectors import country_list

    Pledge.objects.filter(code__startswith="GCM-T-").update(
        status=Pledge.Status.PUBLISHED, published_at=timezone.now()
    )
    PledgeFactory(lead=kenya, code="GCM-T-DRAFT", status=Pledge.Status.DRAFT)

    counts = {state.code: state.pledge_count for state in country_list()}

    # Kenya: led, partnered, and "both" once (it leads and, wrongly, partners it); not
    # the draft. Mexico: its two, Kenya's it partners ("both"), the stakeholder's.
    assert counts["KEN"] == 3
    assert counts["MEX"] == 4
    assert counts["FRA"] == 0
    assert len(counts) == 193


def test_signed_in_is_none_for_the_public_and_the_user_otherwise(focal_ken):
    from django.contrib.auth.models import AnonymousUser

    assert signed_in(None) is None
    assert signed_in(AnonymousUser()) is None
    assert signed_in(focal_ken) == focal_ken


def test_user_speaks_for_only_the_actors_of_their_focal_points(focal_ken, focal_mex, kenya, mexico):
    from django.contrib.auth.models import AnonymousUser

    assert user_speaks_for(focal_ken, kenya.pk)
    assert not user_speaks_for(focal_mex, kenya.pk)  # Kenya has a focal point: not Mexico's
    assert not user_speaks_for(focal_ken, mexico.pk)
    assert not user_speaks_for(focal_ken, None)
    assert not user_speaks_for(AnonymousUser(), kenya.pk)


@pytest.mark.parametrize(
    ("persona", "speaks"),
    [("focal_ken", True), ("focal_mex", True), ("staff_user", False), ("anonymous", False)],
)
def test_user_speaks_for_pledge_of_the_lead_or_a_partner(
    request, compact, kenya, mexico, persona, speaks
):
    from django.contrib.auth.models import AnonymousUser

    from pledges.selectors import user_speaks_for_pledge

    pledge = PledgeFactory(lead=kenya)
    add_partners(pledge, mexico)
    user = request.getfixturevalue(persona)

    assert user_speaks_for_pledge(user, pledge) is speaks
    if user is None:
        assert user_speaks_for_pledge(AnonymousUser(), pledge) is False


def test_user_can_make_pledges_once_signed_in(focal_ken):
    from django.contrib.auth.models import AnonymousUser

    from pledges.selectors import user_can_make_pledges

    assert user_can_make_pledges(focal_ken)
    assert not user_can_make_pledges(AnonymousUser())
    assert not user_can_make_pledges(None)
