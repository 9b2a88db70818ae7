import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from pledges import services
from pledges.files import OLE2_MAGIC, validate_upload
from pledges.models import Pledge
from tests.factories import PledgeFactory, ProgressUpdateFactory

from .helpers import EXECUTABLE, PDF, service_values, zip_bytes

pytestmark = pytest.mark.django_db


def test_pledge_create_assigns_codes_never_reused(focal_ken):
    first = services.pledge_create(user=focal_ken, **service_values())
    second = services.pledge_create(user=focal_ken, **service_values())
    assert (first.code, second.code) == ("GCM-P-00001", "GCM-P-00002")

    second.delete()
    third = services.pledge_create(user=focal_ken, **service_values())

    assert third.code == "GCM-P-00003"


def test_pledge_create_collects_every_error_at_once(focal_ken):
    with pytest.raises(ValidationError) as caught:
        services.pledge_create(
            user=focal_ken,
            **service_values(
                description="short",
                objectives=[99],
                target_date=datetime.date(2023, 1, 1),
            ),
        )

    assert set(caught.value.message_dict) >= {"description", "objectives", "target_date"}
    assert not Pledge.objects.exists()


def test_pledge_update_checks_actions_against_the_kept_objectives(focal_ken, kenya):
    pledge = services.pledge_create(user=focal_ken, **service_values())

    with pytest.raises(ValidationError) as caught:
        services.pledge_update(pledge=pledge, user=focal_ken, actions=["7(b)"])

    assert "actions" in caught.value.message_dict
    assert [a.label for a in pledge.actions.select_related("objective")] == ["6(a)"]


def test_pledge_update_moves_objectives_and_actions(focal_ken):
    pledge = services.pledge_create(user=focal_ken, **service_values())

    services.pledge_update(pledge=pledge, user=focal_ken, objectives=[7, 8], actions=["7(b)"])

    assert sorted(pledge.objectives.values_list("number", flat=True)) == [7, 8]
    assert [a.label for a in pledge.actions.select_related("objective")] == ["7(b)"]


def test_pledge_matching_needs_a_published_pledge(focal_ken, mexico):
    draft = PledgeFactory(lead=mexico, status="draft")
    published = PledgeFactory(lead=mexico, status="published")

    with pytest.raises(ValidationError) as caught:
        services.pledge_create(
            user=focal_ken, **service_values(mode="matching", matches=draft.code)
        )
    assert "matches" in caught.value.message_dict
    with pytest.raises(ValidationError):
        services.pledge_create(user=focal_ken, **service_values(matches=published.code))

    pledge = services.pledge_create(
        user=focal_ken, **service_values(mode="matching", matches=published.code)
    )
    assert pledge.matches == published


@pytest.mark.parametrize(
    ("service", "status", "persona"),
    [
        (services.pledge_publish, "draft", "staff_user"),
        (services.pledge_publish, "returned", "staff_user"),
        (services.pledge_submit, "published", "focal_ken"),
        (services.pledge_submit, "withdrawn", "focal_ken"),
        (services.pledge_withdraw, "withdrawn", "focal_ken"),
    ],
)
def test_pledge_transitions_only_from_the_right_states(request, kenya, service, status, persona):
    pledge = PledgeFactory(lead=kenya, status=status)

    with pytest.raises(ValidationError):
        service(pledge=pledge, user=request.getfixturevalue(persona))

    pledge.refresh_from_db()
    assert pledge.status == status


def test_pledge_publish_and_return_are_staff_only(kenya, focal_ken):
    pledge = PledgeFactory(lead=kenya, status="submitted")

    with pytest.raises(PermissionDenied):
        services.pledge_publish(pledge=pledge, user=focal_ken)
    with pytest.raises(PermissionDenied):
        services.pledge_return(pledge=pledge, user=focal_ken, reason="No.")


def test_pledge_return_needs_a_reason(kenya, staff_user):
    pledge = PledgeFactory(lead=kenya, status="submitted")

    with pytest.raises(ValidationError) as caught:
        services.pledge_return(pledge=pledge, user=staff_user, reason="  ")

    assert "reason" in caught.value.message_dict


def test_pledge_history_records_who_changed_what(kenya, focal_ken, staff_user):
    pledge = services.pledge_create(user=focal_ken, **service_values())
    services.pledge_submit(pledge=pledge, user=focal_ken)
    services.pledge_publish(pledge=pledge, user=staff_user)

    history = list(pledge.history.order_by("history_date"))
    assert [h.status for h in history] == ["draft", "submitted", "published"]
    assert [h.history_user for h in history] == [focal_ken, focal_ken, staff_user]


def test_progress_update_implementation_follows_the_latest_by_date(kenya, focal_ken):
    pledge = PledgeFactory(lead=kenya, status="published")
    services.progress_update_create(
        pledge=pledge,
        user=focal_ken,
        date=datetime.date(2025, 6, 1),
        implementation="fulfilled",
        narrative="Done.",
        percent=100,
    )
    # A report dated earlier, sent later, does not overturn the later one.
    services.progress_update_create(
        pledge=pledge,
        user=focal_ken,
        date=datetime.date(2025, 1, 1),
        implementation="in_progress",
        narrative="Half-way, as of January.",
    )
    pledge.refresh_from_db()
    assert pledge.implementation == "fulfilled"

    # A correction of the same date is a new update, and the newest wins.
    services.progress_update_create(
        pledge=pledge,
        user=focal_ken,
        date=datetime.date(2025, 6, 1),
        implementation="discontinued",
        narrative="Correction: funding stopped.",
    )
    pledge.refresh_from_db()
    assert pledge.implementation == "discontinued"
    assert pledge.updates.count() == 3


def test_progress_update_only_on_published_pledges(kenya, focal_ken):
    pledge = PledgeFactory(lead=kenya, status="draft")

    with pytest.raises(ValidationError):
        services.progress_update_create(
            pledge=pledge,
            user=focal_ken,
            date=datetime.date(2025, 1, 1),
            implementation="in_progress",
            narrative="Too early.",
        )


def test_progress_update_refuses_future_dates_and_bad_links(kenya, focal_ken):
    pledge = ProgressUpdateFactory(pledge__lead=kenya).pledge

    with pytest.raises(ValidationError) as caught:
        services.progress_update_create(
            pledge=pledge,
            user=focal_ken,
            date=datetime.date(2999, 1, 1),
            implementation="in_progress",
            narrative="x",
            links=["javascript:alert(1)"],
        )

    assert set(caught.value.message_dict) == {"date", "links"}
    assert pledge.updates.count() == 1


OOXML = zip_bytes({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})
ODT = zip_bytes({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>"})


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("plan.pdf", PDF),
        ("plan.PDF", PDF),
        ("plan.doc", OLE2_MAGIC + b"\x00" * 100),
        ("plan.xls", OLE2_MAGIC + b"\x00" * 100),
        ("plan.docx", OOXML),
        ("plan.odt", ODT),
        ("plan.rtf", b"{\\rtf1\\ansi Hello}"),
        ("plan.txt", "Plan in plain text: Côte d'Ivoire.".encode()),
    ],
)
def test_validate_upload_accepts_real_documents(name, content):
    validate_upload(SimpleUploadedFile(name, content), field="document")


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("report.pdf", EXECUTABLE),  # an executable renamed
        ("report.exe", EXECUTABLE),
        ("report.docx", ODT),  # an ODF text named as Word
        ("report.xlsx", OOXML),  # a Word document named as Excel
        ("report.odt", OOXML),
        ("report.doc", PDF),
        ("report.txt", b"\xff\xfe\x00binary"),
        ("report.pdf", b""),
        ("report", PDF),
    ],
)
def test_validate_upload_refuses_content_that_is_not_its_name(name, content):
    with pytest.raises(ValidationError) as caught:
        validate_upload(SimpleUploadedFile(name, content), field="document")

    assert "document" in caught.value.message_dict


def test_validate_upload_refuses_over_the_limit(settings):
    settings.PLEDGE_MAX_UPLOAD_BYTES = len(PDF) - 1

    with pytest.raises(ValidationError):
        validate_upload(SimpleUploadedFile("plan.pdf", PDF), field="document")
