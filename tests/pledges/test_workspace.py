"""The focal points' pledge pages in the workspace: forms, errors beside the fields with
the input kept, permissions per persona, query counts."""

import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from pledges.models import Actor, Pledge, ProgressUpdate
from tests.factories import (
    DESCRIPTION,
    FocalPointFactory,
    PledgeFactory,
    StakeholderFactory,
    add_partners,
)
from tests.pledges.helpers import EXECUTABLE, pdf_file

pytestmark = pytest.mark.django_db

NEW = "/workspace/pledges/new/"


@pytest.fixture
def setup(compact, kenya):
    """The compact and the Member States: what every pledge form needs."""


def form_data(**overrides) -> dict:
    data = {
        "lead": "KEN",
        "title": "Fair recruitment for Kenyan migrant workers",
        "description": DESCRIPTION,
        "mode": "individual",
        "pledge_type": "policy",
        "scope": "national",
        "objectives": ["6"],
        "actions": ["6(a)"],
        "principles": ["people-centred"],
        "partners": [],
        "matches_code": "",
        "start_date": "2024-01-01",
        "target_date": "2026-12-31",
    }
    data.update(overrides)
    return data


def signed_in(client, user):
    client.force_login(user)
    return client


def field_errors(html: str, field: str) -> str:
    """The text of the error list rendered beside `field` ('' when none)."""
    match = re.search(rf'<ul class="error-message" id="id_{field}_error">(.*?)</ul>', html, re.S)
    return re.sub(r"<[^>]+>", "", match.group(1)) if match else ""


def kenya_pledge(status="draft", **kwargs) -> Pledge:
    from pledges.models import Actor

    return PledgeFactory(lead=Actor.objects.get(code="KEN"), status=status, **kwargs)


# --- Anonymous and sign-in -----------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        NEW,
        "/workspace/pledges/GCM-T-00001/",
        "/workspace/pledges/GCM-T-00001/edit/",
        "/workspace/pledges/GCM-T-00001/updates/new/",
    ],
)
def test_workspace_pledge_pages_send_anonymous_users_to_sign_in(client, setup, path):
    response = client.get(path)

    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={path}"


def test_workspace_anonymous_post_writes_nothing(client, setup):
    response = client.post(NEW, form_data())

    assert response.status_code == 302
    assert not Pledge.objects.exists()


# --- Create ----------------------------------------------------------------------------


def test_pledge_create_offers_only_the_users_actors_as_lead(client, setup, focal_ken, mexico):
    response = signed_in(client, focal_ken).get(NEW)

    lead = response.context["form"].fields["lead"]
    assert [code for code, _name in lead.choices] == ["KEN"]
    assert 'name="objectives"' in response.content.decode()


def test_pledge_create_saves_a_draft_through_the_service(client, setup, focal_ken):
    response = signed_in(client, focal_ken).post(NEW, form_data(), follow=True)

    pledge = Pledge.objects.get()
    assert pledge.status == Pledge.Status.DRAFT
    assert pledge.lead.code == "KEN"
    assert pledge.created_by == focal_ken
    assert [a.label for a in pledge.actions.all()] == ["6(a)"]
    assert response.redirect_chain[-1][0] == f"/workspace/pledges/{pledge.code}/"
    assert f"Draft {pledge.code} saved" in response.content.decode()


def test_pledge_create_keeps_everything_typed_when_the_description_is_too_short(
    client, setup, focal_ken
):
    data = form_data(
        description="Too short.",
        objectives=["6", "8"],
        actions=["6(a)", "8(c)"],
        principles=["people-centred", "human-rights"],
    )

    response = signed_in(client, focal_ken).post(NEW, data)

    html = response.content.decode()
    assert response.status_code == 200
    assert not Pledge.objects.exists()
    assert "300 to 3000 characters (this is 10)" in field_errors(html, "description")
    assert 'aria-invalid="true"' in html
    # The summary at the top links to the field.
    assert '<a href="#id_description">Description:' in html
    # Everything else comes back as typed.
    assert 'value="Fair recruitment for Kenyan migrant workers"' in html
    assert re.search(r">\s*Too short.</textarea>", html)
    assert re.search(r'value="8\(c\)" id="id_actions_\d+" checked', html)
    assert re.search(r'value="human-rights"[^>]*checked', html)
    assert re.search(r'value="8"[^>]*checked', html)
    assert 'value="2026-12-31"' in html


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"objectives": ["5"], "actions": ["6(a)"]}, "actions", "not an action of the chosen"),
        ({"objectives": []}, "objectives", "Choose at least one objective"),
        ({"mode": "partnership"}, "partners", "Name at least one partner"),
        (
            {"mode": "matching", "matches_code": "GCM-P-99999"},
            "matches_code",
            "No pledge has the code",
        ),
        ({"target_date": "2023-01-01"}, "target_date", "cannot be before the start date"),
        ({"title": "  "}, "title", "Give the pledge a title"),
        ({"title": "Data"}, "title", "in at least 8 characters"),
    ],
)
def test_pledge_create_shows_each_service_error_beside_its_field(
    client, setup, focal_ken, overrides, field, message
):
    response = signed_in(client, focal_ken).post(NEW, form_data(**overrides))

    assert message in field_errors(response.content.decode(), field)
    assert not Pledge.objects.exists()


def test_pledge_create_refuses_a_renamed_executable_and_says_to_choose_the_file_again(
    client, setup, focal_ken
):
    data = form_data(document=SimpleUploadedFile("plan.pdf", EXECUTABLE))

    response = signed_in(client, focal_ken).post(NEW, data)

    html = response.content.decode()
    assert "content is not a pdf file" in field_errors(html, "document")
    assert "choose the file again" in html
    assert not Pledge.objects.exists()


def test_pledge_create_stores_a_supporting_document(client, setup, focal_ken, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path

    signed_in(client, focal_ken).post(NEW, form_data(document=pdf_file("plan.pdf")))

    assert Pledge.objects.get().document.name.endswith(".pdf")


def test_pledge_create_refuses_another_states_lead(client, setup, focal_ken, mexico):
    response = signed_in(client, focal_ken).post(NEW, form_data(lead="MEX"))

    assert field_errors(response.content.decode(), "lead")
    assert not Pledge.objects.exists()


def test_pledge_create_explains_to_a_user_who_speaks_for_nobody(client, setup, django_user_model):
    user = django_user_model.objects.create_user("nobody", "n@example.org", "pw")

    response = signed_in(client, user).get(NEW, follow=True)

    assert response.redirect_chain[-1][0] == "/workspace/"
    assert "not a focal point" in response.content.decode()


# --- Edit ------------------------------------------------------------------------------


def test_pledge_edit_shows_the_pledge_and_saves_changes(client, setup, focal_ken):
    pledge = kenya_pledge(status="returned", objectives=[6])
    url = f"/workspace/pledges/{pledge.code}/edit/"
    client = signed_in(client, focal_ken)

    page = client.get(url).content.decode()
    response = client.post(url, form_data(title="Fairer recruitment"))

    assert "Please add a measurable target." in page  # the staff's reason
    assert re.search(r'value="6"[^>]*checked', page)
    assert response.status_code == 302
    pledge.refresh_from_db()
    assert pledge.title == "Fairer recruitment"
    assert pledge.status == Pledge.Status.RETURNED


def test_pledge_edit_error_keeps_the_input_and_changes_nothing(client, setup, focal_ken):
    pledge = kenya_pledge()
    url = f"/workspace/pledges/{pledge.code}/edit/"

    response = signed_in(client, focal_ken).post(
        url, form_data(title="New title", description="x" * 3001)
    )

    html = response.content.decode()
    assert "(this is 3001)" in field_errors(html, "description")
    assert 'value="New title"' in html
    pledge.refresh_from_db()
    assert pledge.title != "New title"


def test_pledge_edit_of_a_submitted_pledge_is_read_only_with_the_reason(client, setup, focal_ken):
    pledge = kenya_pledge(status="submitted")
    url = f"/workspace/pledges/{pledge.code}/edit/"
    client = signed_in(client, focal_ken)

    page = client.get(url)
    refused = client.post(url, form_data(title="Sneaky change"))

    assert page.status_code == 200
    assert "Network staff are verifying it" in page.content.decode()
    assert "form" not in page.context or page.context.get("form") is None
    assert refused.status_code == 403
    pledge.refresh_from_db()
    assert pledge.title != "Sneaky change"


def test_pledge_edit_by_a_partners_focal_point_is_read_only(client, setup, focal_mex, mexico):
    pledge = kenya_pledge(mode="partnership")
    add_partners(pledge, mexico)
    url = f"/workspace/pledges/{pledge.code}/edit/"

    response = signed_in(client, focal_mex).get(url)

    assert response.status_code == 200
    assert "Only the focal points of the lead actor" in response.content.decode()


def test_pledge_edit_can_remove_the_document(client, setup, focal_ken, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client = signed_in(client, focal_ken)
    client.post(NEW, form_data(document=pdf_file()))
    pledge = Pledge.objects.get()

    client.post(f"/workspace/pledges/{pledge.code}/edit/", form_data(remove_document="on"))

    pledge.refresh_from_db()
    assert not pledge.document


# --- Another State's focal point, staff ----------------------------------------------------


@pytest.mark.parametrize("suffix", ["", "edit/", "withdraw/", "updates/new/"])
def test_another_states_focal_point_gets_404_on_a_draft(client, setup, focal_mex, suffix):
    pledge = kenya_pledge()

    response = signed_in(client, focal_mex).get(f"/workspace/pledges/{pledge.code}/{suffix}")

    assert response.status_code == 404


@pytest.mark.parametrize("suffix", ["edit/", "submit/", "withdraw/", "updates/new/"])
def test_another_states_focal_point_cannot_write_to_a_pledge(client, setup, focal_mex, suffix):
    pledge = kenya_pledge(status="published")
    before = (pledge.title, pledge.status)

    response = signed_in(client, focal_mex).post(
        f"/workspace/pledges/{pledge.code}/{suffix}",
        {**form_data(title="Hijacked"), "date": "2025-01-01", "implementation": "fulfilled"},
    )

    assert response.status_code == 404
    pledge.refresh_from_db()
    assert (pledge.title, pledge.status) == before
    assert not ProgressUpdate.objects.exists()


def test_staff_can_open_any_pledge_in_the_workspace(client, setup, staff_user):
    pledge = kenya_pledge()

    response = signed_in(client, staff_user).get(f"/workspace/pledges/{pledge.code}/")

    assert response.status_code == 200
    assert f"/admin/pledges/pledge/{pledge.pk}/change/" in response.content.decode()


# --- Submit and withdraw ---------------------------------------------------------------------


def test_pledge_submit_sends_a_draft_for_verification(client, setup, focal_ken):
    pledge = kenya_pledge()

    response = signed_in(client, focal_ken).post(
        f"/workspace/pledges/{pledge.code}/submit/", follow=True
    )

    pledge.refresh_from_db()
    assert pledge.status == Pledge.Status.SUBMITTED
    assert "Network staff will verify it" in response.content.decode()


def test_pledge_submit_of_a_submitted_pledge_says_why_not(client, setup, focal_ken):
    pledge = kenya_pledge(status="submitted")

    response = signed_in(client, focal_ken).post(
        f"/workspace/pledges/{pledge.code}/submit/", follow=True
    )

    assert "A submitted pledge cannot be submitted" in response.content.decode()


def test_pledge_submit_needs_a_post(client, setup, focal_ken):
    pledge = kenya_pledge()

    response = signed_in(client, focal_ken).get(f"/workspace/pledges/{pledge.code}/submit/")

    assert response.status_code == 405
    pledge.refresh_from_db()
    assert pledge.status == Pledge.Status.DRAFT


def test_pledge_withdraw_asks_for_confirmation_first(client, setup, focal_ken):
    pledge = kenya_pledge(status="published")
    url = f"/workspace/pledges/{pledge.code}/withdraw/"
    client = signed_in(client, focal_ken)

    confirm = client.get(url)
    pledge.refresh_from_db()
    assert pledge.status == Pledge.Status.PUBLISHED
    assert "Yes, withdraw this pledge" in confirm.content.decode()

    client.post(url)
    pledge.refresh_from_db()
    assert pledge.status == Pledge.Status.WITHDRAWN


# --- Progress updates --------------------------------------------------------------------------


def test_progress_update_create_reports_with_files_and_links(
    client, setup, focal_ken, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    pledge = kenya_pledge(status="published")
    data = {
        "date": "2025-06-30",
        "implementation": "in_progress",
        "percent": "40",
        "narrative": "Two of five training sessions held.",
        "links": "https://example.org/report\n\nhttps://example.org/photos\n",
        "files": [pdf_file("report.pdf"), pdf_file("minutes.pdf")],
    }

    response = signed_in(client, focal_ken).post(
        f"/workspace/pledges/{pledge.code}/updates/new/", data
    )

    update = ProgressUpdate.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/pledges/{pledge.code}/"
    assert update.links == ["https://example.org/report", "https://example.org/photos"]
    assert sorted(e.name for e in update.evidence.all()) == ["minutes.pdf", "report.pdf"]
    pledge.refresh_from_db()
    assert pledge.implementation == Pledge.Implementation.IN_PROGRESS


def test_progress_update_form_defaults_to_today(today, client, setup, focal_ken):
    pledge = kenya_pledge(status="published")

    response = signed_in(client, focal_ken).get(f"/workspace/pledges/{pledge.code}/updates/new/")

    assert f'value="{timezone.localdate():%Y-%m-%d}"' in response.content.decode()


def test_progress_update_errors_are_shown_beside_their_fields_with_the_input_kept(
    today, client, setup, focal_ken
):
    pledge = kenya_pledge(status="published")
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    data = {
        "date": tomorrow.isoformat(),
        "implementation": "in_progress",
        "percent": "140",
        "narrative": "Held the workshop.",
        "links": "not a link",
    }

    response = signed_in(client, focal_ken).post(
        f"/workspace/pledges/{pledge.code}/updates/new/", data
    )

    html = response.content.decode()
    assert "cannot be in the future" in field_errors(html, "date")
    assert "between 0 and 100" in field_errors(html, "percent")
    assert "not a link is not a web address" in field_errors(html, "links")
    assert re.search(r">\s*Held the workshop.</textarea>", html)
    assert not ProgressUpdate.objects.exists()


def test_progress_update_on_a_draft_is_refused(client, setup, focal_ken):
    pledge = kenya_pledge()
    url = f"/workspace/pledges/{pledge.code}/updates/new/"
    client = signed_in(client, focal_ken)

    page = client.get(url).content.decode()
    response = client.post(
        url, {"date": "2025-01-01", "implementation": "in_progress", "narrative": "N"}
    )

    assert "Progress is reported on published pledges" in page
    assert "Progress is reported on published pledges" in response.content.decode()
    assert not ProgressUpdate.objects.exists()


# --- Query counts ----------------------------------------------------------------------------


def _more_actors_and_pledges(kenya, n: int) -> None:
    for _ in range(n):
        FocalPointFactory(actor=StakeholderFactory())
        PledgeFactory(lead=kenya, objectives=[1, 2])


def test_pledge_create_form_renders_in_constant_queries(
    client, setup, focal_ken, kenya, django_assert_num_queries
):
    client = signed_in(client, focal_ken)
    client.get(NEW)  # warm the session
    _more_actors_and_pledges(kenya, 1)
    # session, user, lead actors, objectives, actions (+objective), principles, all actors
    with django_assert_num_queries(7):
        first = client.get(NEW)
    _more_actors_and_pledges(kenya, 5)
    with django_assert_num_queries(7):
        again = client.get(NEW)
    assert (first.status_code, again.status_code) == (200, 200)
    assert 'name="title"' in again.content.decode()
    newest = Actor.objects.filter(kind=Actor.Kind.STAKEHOLDER).latest("pk")
    assert newest.name in again.content.decode()  # among the partners to choose from


def test_pledge_edit_form_renders_in_constant_queries(
    client, setup, focal_ken, kenya, django_assert_num_queries
):
    client = signed_in(client, focal_ken)
    pledge = kenya_pledge(objectives=[1, 2, 3])
    url = f"/workspace/pledges/{pledge.code}/edit/"
    client.get(url)
    # session, user, pledge (+lead, matches), partners, objectives, actions, principles,
    # "can edit" (speaks for the lead), lead actors, objectives, actions, principles,
    # all actors
    with django_assert_num_queries(13):
        first = client.get(url)
    partners = [StakeholderFactory() for _ in range(4)]
    add_partners(pledge, *partners)
    with django_assert_num_queries(13):
        again = client.get(url)
    assert (first.status_code, again.status_code) == (200, 200)
    assert f'value="{pledge.title}"' in again.content.decode()
    assert set(again.context["form"].initial["partners"]) == {p.code for p in partners}


def test_pledge_page_renders_in_constant_queries(
    client, setup, focal_ken, django_assert_num_queries
):
    from tests.factories import ProgressUpdateFactory

    pledge = kenya_pledge(status="published")
    client = signed_in(client, focal_ken)
    url = f"/workspace/pledges/{pledge.code}/"
    ProgressUpdateFactory(pledge=pledge)
    client.get(url)
    # session, user, pledge (+ support sought), partners, objectives, actions,
    # principles, can edit, can withdraw, can report, can say what support it seeks,
    # updates, evidence
    with django_assert_num_queries(13):
        first = client.get(url)
    for _ in range(4):
        ProgressUpdateFactory(pledge=pledge, narrative="One more session held.")
    with django_assert_num_queries(13):
        again = client.get(url)
    assert (first.status_code, again.status_code) == (200, 200)
    assert pledge.title in again.content.decode()
    assert again.content.decode().count("One more session held.") == 4


# --- Accounts (/accounts/) ---------------------------------------------------------------


def test_sign_in_page_leads_to_the_workspace(client, focal_ken):
    page = client.get("/accounts/login/")
    response = client.post("/accounts/login/", {"username": "focal-ken", "password": "pw"})

    assert "registration/login.html" in [t.name for t in page.templates]
    assert response["Location"] == "/workspace/"


def test_sign_in_with_a_wrong_password_keeps_the_user_name(client, focal_ken):
    response = client.post("/accounts/login/", {"username": "focal-ken", "password": "nope"})

    html = response.content.decode()
    assert "error-summary" in html
    assert 'value="focal-ken"' in html


def test_sign_out_is_a_post(client, focal_ken):
    client = signed_in(client, focal_ken)

    assert client.get("/accounts/logout/").status_code == 405
    response = client.post("/accounts/logout/")

    assert "You are signed out" in response.content.decode()
    assert client.get("/workspace/").status_code == 302


def test_password_reset_sends_a_link_by_e_mail(client, focal_ken, mailoutbox):
    client.post("/accounts/password_reset/", {"email": "focal-ken@example.org"})

    assert len(mailoutbox) == 1
    assert "/accounts/reset/" in mailoutbox[0].body
    assert "focal-ken" in mailoutbox[0].body


def test_the_fields_the_service_requires_are_marked_required(client, setup, focal_ken):
    html = signed_in(client, focal_ken).get(NEW).content.decode()

    for field in ("title", "description", "objectives"):
        block = html.split(f'id="field-{field}"', 1)[1].split('<div class="field', 1)[0]
        assert "(required)" in block, field
    actions = html.split('id="field-actions"', 1)[1].split('<div class="field', 1)[0]
    assert "(required)" not in actions
