"""A staff snapshot without an event (issue 19): the Snapshot admin's "Take a snapshot
now" page queues a build as the events' action does (snapshot_build_start →
reviews.tasks.take_snapshot) with a title and an optional note; only staff, and a
refusal writes nothing."""

import pytest
from django.core.exceptions import PermissionDenied

from pledges.models import Pledge
from reviews import services
from reviews.models import Snapshot, SnapshotBuild
from reviews.tasks import take_snapshot
from tests.factories import PledgeFactory

pytestmark = pytest.mark.django_db

TAKE = "/admin/reviews/snapshot/take/"


@pytest.fixture
def published(kenya):
    return PledgeFactory(lead=kenya, status=Pledge.Status.PUBLISHED, title="In the snapshot")


def test_the_snapshot_list_offers_the_page(client, staff_user):
    client.force_login(staff_user)

    html = client.get("/admin/reviews/snapshot/").content.decode()

    assert f'href="{TAKE}"' in html and "Take a snapshot now" in html


def test_staff_take_a_snapshot_with_a_title_and_a_note(
    client, staff_user, published, django_capture_on_commit_callbacks
):
    client.force_login(staff_user)
    form = client.get(TAKE)
    assert form.status_code == 200
    assert 'name="label"' in form.content.decode() and 'name="note"' in form.content.decode()

    with django_capture_on_commit_callbacks(execute=True) as queued:
        response = client.post(TAKE, {"label": "Before the 2026 reviews", "note": "Asked by DESA."})

    assert response.status_code == 302
    assert response["Location"] == "/admin/reviews/snapshot/"
    assert len(queued) == 1
    (snapshot,) = Snapshot.objects.all()
    assert (snapshot.title, snapshot.note, snapshot.event) == (
        "Before the 2026 reviews",
        "Asked by DESA.",
        None,
    )
    assert snapshot.pledge_count == 1 and not snapshot.reconstructed and snapshot.is_intact()
    assert "In the snapshot" in snapshot.content
    listed = client.get(response["Location"]).content.decode()
    assert "“Before the 2026 reviews” is being taken" in listed


def test_a_snapshot_needs_a_title_said_beside_the_field(
    client, staff_user, published, django_capture_on_commit_callbacks
):
    client.force_login(staff_user)

    with django_capture_on_commit_callbacks(execute=True) as queued:
        response = client.post(TAKE, {"label": "  ", "note": "Why"})

    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_label_errors" role="alert"' in html and "This field is required." in html
    assert (
        'aria-invalid="true"' in html
        and 'aria-describedby="id_label_errors id_label_helptext"' in html
    )
    assert "Why</textarea>" in html  # what was typed is kept
    assert queued == [] and not Snapshot.objects.exists()


def test_only_staff_open_the_snapshot_page(
    client, focal_ken, published, django_capture_on_commit_callbacks
):
    anonymous = client.get(TAKE)
    assert anonymous.status_code == 302 and anonymous["Location"].startswith("/admin/login/")

    client.force_login(focal_ken)
    with django_capture_on_commit_callbacks(execute=True) as queued:
        refused = client.post(TAKE, {"label": "Mine"})

    assert refused.status_code == 302 and refused["Location"].startswith("/admin/login/")
    assert queued == [] and not Snapshot.objects.exists()


def test_only_staff_ask_for_a_build(focal_ken, staff_user, published):
    # The page's service checks the asker: a focal point's request queues nothing.
    with pytest.raises(PermissionDenied):
        services.snapshot_build_start(label="Mine", user=focal_ken)
    assert not SnapshotBuild.objects.exists() and not Snapshot.objects.exists()


def test_the_task_builds_a_titled_snapshot_with_its_note(published):
    snapshot_id = take_snapshot(label="Ours", note="For the regional review.")

    snapshot = Snapshot.objects.get(pk=snapshot_id)
    assert (snapshot.title, snapshot.note, snapshot.event) == (
        "Ours",
        "For the regional review.",
        None,
    )
    assert SnapshotBuild.objects.get().stage == SnapshotBuild.Stage.DONE
