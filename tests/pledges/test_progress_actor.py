"""Each pledging actor reports its own progress (issue 14): an update names its actor,
the lead or an accepted partner, and only that actor's focal points (or staff) write it."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from pledges import services
from pledges.models import Actor, FocalPoint, Partnership, Pledge, ProgressUpdate
from pledges.selectors import pledge_reporting_actors
from tests.factories import PledgeFactory, StakeholderFactory, add_partners

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 1, 15)


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def ngo(db):
    return StakeholderFactory(code="migrant-rights-ngo", name="Migrant Rights NGO")


@pytest.fixture
def focal_fra(django_user_model, member_states):
    user = django_user_model.objects.create_user("focal-fra", "fra@example.org", "pw")
    FocalPoint.objects.create(user=user, actor=Actor.objects.get(code="FRA"))
    return user


@pytest.fixture
def joint(kenya, mexico, ngo):
    """Kenya's published pledge: Mexico accepted, the NGO only invited."""
    pledge = PledgeFactory(lead=kenya, status=Pledge.Status.PUBLISHED, mode=Pledge.Mode.PARTNERSHIP)
    add_partners(pledge, mexico)
    add_partners(pledge, ngo, status=Partnership.Status.INVITED)
    return pledge


def _report(pledge, user, **values):
    values = {"date": DAY, "implementation": "in_progress", "narrative": "Done.", **values}
    return services.progress_update_create(pledge=pledge, user=user, **values)


def test_each_focal_point_reports_for_its_own_actor(joint, kenya, mexico, focal_ken, focal_mex):
    assert _report(joint, focal_ken, percent=25).actor == kenya
    assert _report(joint, focal_mex, percent=40).actor == mexico


def test_reporting_for_another_pledging_actor_is_refused(joint, kenya, focal_mex):
    with pytest.raises(PermissionDenied):
        _report(joint, focal_mex, actor=kenya, percent=99)
    assert not ProgressUpdate.objects.exists()


def test_an_invited_partner_or_a_stranger_reports_for_nobody(joint, ngo, focal_ken, focal_fra):
    with pytest.raises(ValidationError) as exc:
        _report(joint, focal_ken, actor=ngo)
    assert "actor" in exc.value.message_dict
    with pytest.raises(PermissionDenied):
        _report(joint, focal_fra)
    assert not ProgressUpdate.objects.exists()


def test_staff_report_for_any_pledging_actor(joint, kenya, mexico, staff_user):
    assert pledge_reporting_actors(staff_user, joint) == [kenya, mexico]
    assert _report(joint, staff_user).actor == kenya
    assert _report(joint, staff_user, actor=mexico).actor == mexico


def test_a_focal_point_of_several_partners_says_which(django_user_model, joint, mexico, ngo):
    Partnership.objects.filter(pledge=joint, actor=ngo).update(
        status=Partnership.Status.ACCEPTED, answered_at=timezone.now()
    )
    both = django_user_model.objects.create_user("both", "both@example.org", "pw")
    FocalPoint.objects.create(user=both, actor=mexico)
    FocalPoint.objects.create(user=both, actor=ngo)
    with pytest.raises(ValidationError) as exc:
        _report(joint, both)
    assert "actor" in exc.value.message_dict
    assert _report(joint, both, actor=ngo).actor == ngo


# --- API ---------------------------------------------------------------------------


def _post(client, pledge, **body):
    body = {"date": "2026-01-15", "implementation": "in_progress", "narrative": "Done.", **body}
    return client.post(f"/api/v1/pledges/{pledge.code}/updates/", body, format="json")


def test_api_updates_carry_their_actor(client_for, joint, focal_ken, focal_mex, anonymous):
    assert _post(client_for(focal_ken), joint, percent=25).status_code == 201
    answer = _post(client_for(focal_mex), joint, percent=40, actor="MEX")
    assert answer.status_code == 201, answer.json()
    assert answer.json()["actor"]["code"] == "MEX"
    listed = client_for(anonymous).get(f"/api/v1/pledges/{joint.code}/updates/").json()
    assert {(u["actor"]["code"], u["percent"]) for u in listed["results"]} == {
        ("KEN", 25),
        ("MEX", 40),
    }


@pytest.mark.parametrize(
    ("persona", "actor", "expected"),
    [
        ("focal_mex", "KEN", 403),
        ("focal_fra", "FRA", 403),
        ("focal_ken", "migrant-rights-ngo", 400),
        ("focal_ken", "no-such-actor", 400),
        (None, "KEN", 403),
    ],
)
def test_api_refusals_change_nothing(request, client_for, joint, ngo, persona, actor, expected):
    user = request.getfixturevalue(persona) if persona else None
    answer = _post(client_for(user), joint, actor=actor)
    assert answer.status_code in ({expected, 401} if user is None else {expected})
    if expected == 400:
        assert "actor" in answer.json()
    assert not ProgressUpdate.objects.exists()


def test_workspace_form_asks_only_a_focal_point_of_several(
    client, django_user_model, joint, mexico, ngo, focal_ken
):
    Partnership.objects.filter(pledge=joint, actor=ngo).update(
        status=Partnership.Status.ACCEPTED, answered_at=timezone.now()
    )
    url = f"/workspace/pledges/{joint.code}/updates/new/"
    client.force_login(focal_ken)
    assert 'name="actor"' not in client.get(url).content.decode()
    both = django_user_model.objects.create_user("both", "both@example.org", "pw")
    FocalPoint.objects.create(user=both, actor=mexico)
    FocalPoint.objects.create(user=both, actor=ngo)
    client.force_login(both)
    page = client.get(url).content.decode()
    assert page.count('name="actor"') == 2
    client.post(
        url,
        {
            "date": "2026-01-15",
            "implementation": "in_progress",
            "narrative": "Done.",
            "actor": ngo.pk,
        },
    )
    assert list(ProgressUpdate.objects.values_list("actor__code", flat=True)) == [ngo.code]


# --- The pledge's page: per actor, and the overall figure by the stated rule ---------


def test_page_shows_each_actor_and_the_leads_figure(
    client, joint, focal_ken, focal_mex, django_assert_max_num_queries
):
    _report(joint, focal_ken, percent=25, date=DAY - datetime.timedelta(days=3))
    _report(joint, focal_mex, percent=40)  # newer, but a partner's: not the pledge's figure
    with django_assert_max_num_queries(12):
        page = client.get(f"/pledges/{joint.code}/").content.decode()
    assert "progress-by-actor" in page, page.split("progress-heading")[1][:1500]
    assert "own latest report" in page
    summary = page.split('class="progress-summary"')[1].split("</div>")[0]
    assert "25" in summary and "40" not in summary
    by_actor = page.split('class="progress-by-actor"')[1].split("</ul>")[0]
    assert "Kenya" in by_actor and "Mexico" in by_actor and "40 % complete" in by_actor
    assert "Reported by Mexico" in page


def test_page_queries_do_not_grow_with_partners(
    client, joint, focal_ken, focal_mex, django_assert_num_queries
):
    _report(joint, focal_ken, percent=25)
    _report(joint, focal_mex, percent=40)
    client.get(f"/pledges/{joint.code}/")  # warm whatever is cached per process
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as two:
        client.get(f"/pledges/{joint.code}/")
    for n in range(3):
        extra = StakeholderFactory()
        add_partners(joint, extra)
        user = type(focal_ken).objects.create_user(f"p{n}", f"p{n}@example.org", "pw")
        FocalPoint.objects.create(user=user, actor=extra)
        _report(joint, user, percent=10 + n)
    with django_assert_num_queries(len(two.captured_queries)):
        page = client.get(f"/pledges/{joint.code}/")
    assert page.content.decode().count("<li>\n          <strong>") == 5


def test_api_latest_completion_is_the_leads(client_for, joint, focal_ken, focal_mex, anonymous):
    _report(joint, focal_ken, percent=25, date=DAY - datetime.timedelta(days=3))
    _report(joint, focal_mex, percent=40)
    public = client_for(anonymous)
    assert public.get(f"/api/v1/pledges/{joint.code}/").json()["latest_completion"] == 25
    listed = public.get("/api/v1/pledges/").json()["results"]
    assert [p["latest_completion"] for p in listed if p["code"] == joint.code] == [25]
