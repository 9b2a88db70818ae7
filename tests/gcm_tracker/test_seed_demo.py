"""`manage.py seed_demo`, what `make run` and `make demo` load: the demo accounts, the
demo pledges (pledges/demo.py) and the demo reviews (reviews/demo.py), through the
services, idempotent — on PostgreSQL here, on the embedded SQLite default in
test_scripts.py (through scripts/run.sh)."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from pledges.demo import DEMO_PLEDGES
from pledges.models import Actor, FocalPoint, Pledge
from reviews.models import VoluntaryReview

pytestmark = pytest.mark.django_db

DEMO_LOGINS = ["curator", "focal-ken", "focal-mex", "focal-ngo"]
PASSWORD = "demo-pw"


def seed_demo(password: str = PASSWORD) -> str:
    out = StringIO()
    # PostgreSQL with DEBUG off is not the embedded default: say so (tests/security/).
    call_command("seed_demo", password=password, force=True, stdout=out)
    return out.getvalue()


@pytest.fixture
def reference_data(compact, member_states):
    """What `manage.py seed` loads, again after a flush (the reviews' calendar too)."""
    from tests.conftest import load_reference_data

    load_reference_data()


def test_seed_demo_creates_accounts_that_sign_in_with_their_roles(reference_data):
    output = seed_demo()

    users = {user.username: user for user in get_user_model().objects.all()}
    for username in DEMO_LOGINS:
        assert users[username].check_password(PASSWORD), username
        assert users[username].email.endswith(".invalid")  # no real mailbox
    curator = users["curator"]
    assert curator.is_staff
    assert curator.groups.filter(name__icontains="staff").exists()
    assert dict(FocalPoint.objects.values_list("user__username", "actor__code")) == {
        "focal-ken": "KEN",
        "focal-mex": "MEX",
        "focal-ngo": "demo-migrant-rights-network",
    }
    assert f"Demo logins (password: {PASSWORD}): " + ", ".join(DEMO_LOGINS) in output


def test_seed_demo_creates_each_demo_pledge_in_its_status(reference_data):
    output = seed_demo()

    pledges = {p.title: p for p in Pledge.objects.filter(title__startswith="[Demo] ")}
    assert len(pledges) == len(DEMO_PLEDGES)
    assert f"demo pledges created: {len(DEMO_PLEDGES)}" in output
    for title, lead, *_, status, updates, _text in DEMO_PLEDGES:
        pledge = pledges[f"[Demo] {title}"]
        assert (pledge.lead.code, pledge.status) == (lead, status), title
        assert pledge.updates.count() == len(updates), title
    ngo = Actor.objects.get(code="demo-migrant-rights-network")
    assert ngo.name.startswith("[Demo] ")


def test_seed_demo_creates_the_demo_reviews_of_the_2023_2026_cycle(today, reference_data):
    output = seed_demo()

    reviews = {
        r.state.code: r
        for r in VoluntaryReview.objects.select_related("state", "cycle").filter(
            cycle__name="2023–2026"
        )
    }
    assert {code: r.status for code, r in reviews.items()} == {
        "KEN": "submitted",
        "MEX": "draft",
    }
    assert sorted(reviews["KEN"].assessments.values_list("objective__number", flat=True)) == [
        1,
        5,
        8,
    ]
    # Each assessment cites the State's own first demo pledge.
    assessment = reviews["KEN"].assessments.get(objective__number=5)
    assert [p.lead.code for p in assessment.pledges.all()] == ["KEN"]
    assert "created demo review Kenya 2023–2026 (submitted)" in output


def test_seed_demo_twice_changes_nothing_but_the_password(reference_data):
    seed_demo()
    counts = (Pledge.objects.count(), VoluntaryReview.objects.count(), FocalPoint.objects.count())

    output = seed_demo(password="another-pw")

    assert (
        Pledge.objects.count(),
        VoluntaryReview.objects.count(),
        FocalPoint.objects.count(),
    ) == counts
    assert "demo pledges created: 0" in output
    assert "kept demo account curator" in output
    assert "kept demo review Kenya 2023–2026 (submitted)" in output
    assert get_user_model().objects.get(username="focal-ken").check_password("another-pw")


def test_seed_demo_before_seed_says_to_seed_first(reference_data):
    from reviews.models import Mention, StatedFact

    # What the SG reports say of Kenya PROTECTs it; drop that too.
    Mention.objects.filter(state__code="KEN").delete()
    StatedFact.objects.filter(state__code="KEN").delete()
    Actor.objects.filter(code="KEN").delete()

    with pytest.raises(CommandError, match="Load the reference data first"):
        seed_demo()
