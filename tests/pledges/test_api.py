import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.authtoken.models import Token

from pledges.models import Evidence, Pledge, ProgressUpdate
from pledges.search import pledges_search_refresh
from tests.factories import PledgeFactory, ProgressUpdateFactory, StakeholderFactory, add_partners

from .helpers import EXECUTABLE, pdf_file, pledge_payload, streamed

pytestmark = pytest.mark.django_db


@pytest.mark.smoke
def test_api_pledge_whole_lifecycle(client_for, focal_ken, staff_user, anonymous):
    ken = client_for(focal_ken)

    # A focal point drafts…
    response = ken.post("/api/v1/pledges/", pledge_payload(), format="json")
    assert response.status_code == 201, response.json()
    code = response.json()["code"]
    assert code.startswith("GCM-P-")
    assert response.json()["status"] == "draft"
    assert response.json()["lead"]["code"] == "KEN"
    assert response.json()["actions"] == ["6(a)"]

    # …edits and submits.
    response = ken.patch(f"/api/v1/pledges/{code}/", {"title": "Fair recruitment, 2024–2026"})
    assert response.status_code == 200
    assert ken.post(f"/api/v1/pledges/{code}/submit/").json()["status"] == "submitted"

    # The public does not see it yet.
    assert client_for(anonymous).get(f"/api/v1/pledges/{code}/").status_code == 404

    # Staff return it with a reason; the focal point edits and submits again.
    staff = client_for(staff_user)
    response = staff.post(f"/api/v1/pledges/{code}/return/", {"reason": "Add a baseline."})
    assert response.json()["status"] == "returned"
    assert response.json()["return_reason"] == "Add a baseline."
    ken = client_for(focal_ken)
    assert ken.patch(f"/api/v1/pledges/{code}/", {"scope": "regional"}).status_code == 200
    assert ken.post(f"/api/v1/pledges/{code}/submit/").status_code == 200

    # Staff publish it; the focal point can no longer edit it.
    response = client_for(staff_user).post(f"/api/v1/pledges/{code}/publish/")
    assert response.json()["status"] == "published"
    assert response.json()["published_at"]
    ken = client_for(focal_ken)
    assert ken.patch(f"/api/v1/pledges/{code}/", {"title": "Changed"}).status_code == 403

    # The focal point reports progress with a PDF.
    response = ken.post(
        f"/api/v1/pledges/{code}/updates/",
        {
            "date": "2025-03-31",
            "implementation": "in_progress",
            "percent": 30,
            "narrative": "Recruitment fees register online; 120 officials trained.",
            "links": ["https://example.org/register"],
            "files": [pdf_file()],
        },
        format="multipart",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["evidence"][0]["name"] == "report.pdf"
    assert response.json()["links"] == ["https://example.org/register"]

    # The public sees the published pledge, its implementation and its update.
    public = client_for(anonymous)
    detail = public.get(f"/api/v1/pledges/{code}/").json()
    assert (detail["title"], detail["implementation"]) == (
        "Fair recruitment, 2024–2026",
        "in_progress",
    )
    updates = public.get(f"/api/v1/pledges/{code}/updates/").json()
    assert [u["percent"] for u in updates["results"]] == [30]
    assert [p["code"] for p in public.get("/api/v1/pledges/").json()["results"]] == [code]
    assert Pledge.objects.get(code=code).history.count() >= 6


def test_api_pledge_create_with_document_multipart(client_for, focal_ken):
    payload = pledge_payload(document=pdf_file("plan.pdf"))

    response = client_for(focal_ken).post("/api/v1/pledges/", payload, format="multipart")

    assert response.status_code == 201, response.json()
    code = response.json()["code"]
    # Served through the pledge's visibility rules, never as a public media URL.
    assert response.json()["document"] == f"http://testserver/pledges/{code}/document/"
    assert response.json()["objectives"] == [6]


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"description": "Too short to say anything measurable."}, "description"),
        ({"objectives": [24]}, "objectives"),
        ({"objectives": []}, "objectives"),
        ({"objectives": [6], "actions": ["7(a)"]}, "actions"),
        ({"actions": ["6(zz)"]}, "actions"),
        ({"start_date": "2026-01-01", "target_date": "2025-12-31"}, "target_date"),
        ({"lead": "MEX"}, "lead"),
        ({"lead": "XXX"}, "lead"),
        ({"mode": "matching"}, "matches"),
        ({"mode": "common"}, "partners"),
        ({"type": "charity"}, "type"),
        ({"principles": ["kindness"]}, "principles"),
    ],
)
def test_api_pledge_create_refuses_bad_input_per_field(client_for, focal_ken, overrides, field):
    response = client_for(focal_ken).post(
        "/api/v1/pledges/", pledge_payload(**overrides), format="json"
    )

    assert response.status_code == 400
    assert field in response.json()
    assert not Pledge.objects.exists()


def test_api_pledge_create_refuses_an_executable_named_pdf(client_for, focal_ken):
    fake = SimpleUploadedFile("report.pdf", EXECUTABLE, content_type="application/pdf")

    response = client_for(focal_ken).post(
        "/api/v1/pledges/", pledge_payload(document=fake), format="multipart"
    )

    assert response.status_code == 400
    assert "not a pdf file" in response.json()["document"][0]
    assert not Pledge.objects.exists()


def test_api_pledge_create_refuses_an_oversize_document(client_for, focal_ken, tmp_path):
    # 25 MB and one byte, written sparsely: a real file of the real limit.
    big = tmp_path / "big.pdf"
    with big.open("wb") as handle:
        handle.write(b"%PDF-1.7\n")
        handle.seek(25 * 1024 * 1024)
        handle.write(b"\n")
    with big.open("rb") as handle:
        response = client_for(focal_ken).post(
            "/api/v1/pledges/", pledge_payload(document=handle), format="multipart"
        )

    assert response.status_code == 400
    assert "the limit is 25 MB" in response.json()["document"][0]
    assert not Pledge.objects.exists()


def test_api_progress_update_refuses_bad_files_and_writes_nothing(client_for, focal_ken, kenya):
    pledge = PledgeFactory(lead=kenya, status=Pledge.Status.PUBLISHED)
    fake = SimpleUploadedFile("photo.docx", b"%PDF-1.4 not a docx")

    response = client_for(focal_ken).post(
        f"/api/v1/pledges/{pledge.code}/updates/",
        {
            "date": "2025-01-01",
            "implementation": "fulfilled",
            "narrative": "Done.",
            "files": [fake],
        },
        format="multipart",
    )

    assert response.status_code == 400
    assert "files" in response.json()
    assert not ProgressUpdate.objects.exists()
    assert not Evidence.objects.exists()
    pledge.refresh_from_db()
    assert pledge.implementation == "not_started"


def test_api_progress_update_percent_over_100_is_a_400(client_for, focal_ken, kenya):
    pledge = PledgeFactory(lead=kenya, status=Pledge.Status.PUBLISHED)

    response = client_for(focal_ken).post(
        f"/api/v1/pledges/{pledge.code}/updates/",
        {"date": "2025-01-01", "implementation": "in_progress", "percent": 120, "narrative": "x"},
    )

    assert response.status_code == 400
    assert "percent" in response.json()


def test_api_pledges_filters(client_for, anonymous, kenya, mexico):
    ngo = StakeholderFactory(code="ngo", country="KE", region="Africa")
    a = PledgeFactory(lead=kenya, status="published", objectives=[5, 6], pledge_type="financial")
    b = PledgeFactory(lead=mexico, status="published", objectives=[6], mode="partnership")
    add_partners(b, ngo)
    PledgeFactory(lead=mexico, status="draft", objectives=[5])
    pledges_search_refresh(Pledge.objects.all())  # the factories bypass the services
    public = client_for(anonymous)

    def codes(**params):
        response = public.get("/api/v1/pledges/", params)
        assert response.status_code == 200, response.json()
        return [p["code"] for p in response.json()["results"]]

    assert codes() == [a.code, b.code]
    assert codes(objective=5) == [a.code]
    assert codes(actor="ngo") == [b.code]
    assert codes(actor="KEN") == [a.code]
    assert codes(country="MEX") == [b.code]
    assert codes(country="KE") == [a.code]
    assert codes(region="americas") == [b.code]
    assert codes(type="financial") == [a.code]
    assert codes(mode="partnership") == [b.code]
    assert codes(status="draft") == []
    assert codes(search=a.title) == [a.code]
    assert codes(ordering="-code") == [b.code, a.code]
    assert codes(updated_since="2999-01-01T00:00:00Z") == []


def test_api_pledges_filter_by_action_and_principle(client_for, anonymous, focal_ken, staff_user):
    response = client_for(focal_ken).post("/api/v1/pledges/", pledge_payload(), format="json")
    code = response.json()["code"]
    client_for(focal_ken).post(f"/api/v1/pledges/{code}/submit/")
    client_for(staff_user).post(f"/api/v1/pledges/{code}/publish/")
    public = client_for(anonymous)

    def codes(**params):
        return [p["code"] for p in public.get("/api/v1/pledges/", params).json()["results"]]

    assert codes(action="6(a)") == [code]
    assert codes(action="6(b)") == []
    assert codes(principle="people-centred") == [code]
    assert codes(implementation="fulfilled") == []


def test_api_pledges_csv_is_the_filtered_list(client_for, anonymous, kenya, mexico):
    a = PledgeFactory(lead=kenya, status="published", objectives=[2, 5])
    PledgeFactory(lead=mexico, status="published")

    response = client_for(anonymous).get("/api/v1/pledges/", {"format": "csv", "actor": "KEN"})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(streamed(response).decode("utf-8-sig"))))
    assert [r["code"] for r in rows] == [a.code]
    assert rows[0]["lead"] == "KEN"
    assert rows[0]["lead_name"] == "Kenya"
    assert rows[0]["objectives"] == "2; 5"


def test_api_actors_filters(client_for, anonymous, member_states):
    StakeholderFactory(code="kenya-migrant-network", name="Kenya Migrant Network")
    public = client_for(anonymous)

    states = public.get("/api/v1/actors/", {"kind": "state", "page_size": 100}).json()
    assert states["count"] == 193
    africa = public.get("/api/v1/actors/", {"region": "Africa"}).json()
    assert africa["count"] == 54
    found = public.get("/api/v1/actors/", {"search": "kenya"}).json()["results"]
    assert {a["code"] for a in found} == {"KEN", "kenya-migrant-network"}
    kenya = public.get("/api/v1/actors/KEN/").json()
    assert kenya == {
        "code": "KEN",
        "kind": "state",
        "name": "Kenya",
        "country": "KE",
        "category": "",
        "region": "Africa",
        "subregion": "Eastern Africa",
        "is_un_member": True,
    }


def test_api_auth_token_then_token_authentication(api_client, focal_ken):
    response = api_client.post(
        "/api/v1/auth/token/", {"username": "focal-ken", "password": "pw"}, format="json"
    )
    assert response.status_code == 200
    token = response.json()["token"]
    assert Token.objects.get(user=focal_ken).key == token

    api_client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api_client.post("/api/v1/pledges/", pledge_payload(), format="json").status_code == 201


def test_api_auth_token_refuses_a_wrong_password(api_client, focal_ken):
    response = api_client.post(
        "/api/v1/auth/token/", {"username": "focal-ken", "password": "nope"}, format="json"
    )

    assert response.status_code == 400


# --- Query counts: fixed whatever the page size ------------------------------------


def _published(kenya, mexico, count: int):
    for index in range(count):
        pledge = PledgeFactory(
            lead=kenya if index % 2 else mexico, status="published", objectives=[1, 2]
        )
        add_partners(pledge, mexico if index % 2 else kenya)


@pytest.mark.parametrize("count", [1, 15])
def test_api_pledges_list_query_count_is_fixed(
    client_for, anonymous, kenya, mexico, django_assert_num_queries, count
):
    _published(kenya, mexico, count)
    public = client_for(anonymous)

    # count, pledges (+ lead, matches), partners, objectives, actions (+ objective),
    # principles
    with django_assert_num_queries(6):
        response = public.get("/api/v1/pledges/", {"page_size": 100})
    assert response.json()["count"] == count


@pytest.mark.parametrize("count", [1, 15])
def test_api_pledges_list_query_count_for_a_focal_point(
    client_for, focal_ken, kenya, mexico, django_assert_num_queries, count
):
    _published(kenya, mexico, count)
    PledgeFactory(lead=kenya, status="draft")
    ken = client_for(focal_ken)

    # The same six: visibility is a subquery, not a query of its own.
    with django_assert_num_queries(6):
        response = ken.get("/api/v1/pledges/", {"page_size": 100})
    assert response.json()["count"] == count + 1


@pytest.mark.parametrize("count", [1, 15])
def test_api_pledges_csv_query_count_is_fixed(
    client_for, anonymous, kenya, mexico, django_assert_num_queries, count
):
    _published(kenya, mexico, count)

    # pledges, partners, objectives, actions, principles (no page, so no count), read
    # while the response streams: per chunk of CSV_CHUNK_SIZE rows.
    with django_assert_num_queries(5):
        response = client_for(anonymous).get("/api/v1/pledges/", {"format": "csv"})
        body = streamed(response)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
    assert len(rows) == count


@pytest.mark.parametrize("count", [1, 12])
def test_api_updates_list_query_count_is_fixed(
    client_for, anonymous, kenya, django_assert_num_queries, count
):
    pledge = PledgeFactory(lead=kenya, status="published")
    for _ in range(count):
        ProgressUpdateFactory(pledge=pledge)

    # the pledge, count, updates, evidence
    with django_assert_num_queries(4):
        response = client_for(anonymous).get(f"/api/v1/pledges/{pledge.code}/updates/")
    assert response.json()["count"] == count


@pytest.mark.parametrize("count", [1, 40])
def test_api_actors_list_query_count_is_fixed(
    client_for, anonymous, member_states, django_assert_num_queries, count
):
    # count, actors
    with django_assert_num_queries(2):
        response = client_for(anonymous).get("/api/v1/actors/", {"page_size": count})
    assert response.status_code == 200
    body = response.json()
    assert len(body["results"]) == count
    assert body["count"] >= 193  # the Member States at least


def test_api_schema_describes_the_pledge_routes(client):
    paths = client.get("/api/schema/?format=json").json()["paths"]

    for path in [
        "/api/v1/auth/token/",
        "/api/v1/actors/",
        "/api/v1/actors/{code}/",
        "/api/v1/pledges/",
        "/api/v1/pledges/{code}/",
        "/api/v1/pledges/{code}/submit/",
        "/api/v1/pledges/{code}/publish/",
        "/api/v1/pledges/{code}/return/",
        "/api/v1/pledges/{code}/withdraw/",
        "/api/v1/pledges/{code}/updates/",
    ]:
        assert path in paths
    assert set(paths["/api/v1/pledges/{code}/updates/"]) >= {"get", "post"}
    assert "put" not in paths["/api/v1/pledges/{code}/"]


def test_a_pledge_named_in_the_path_is_not_hidden_by_the_lists_filters(
    api_client, client_for, focal_mex, compact, kenya
):
    """The filters narrow the list; the detail answers by visibility alone (core.viewsets):
    `?objective=` of another objective does not turn a readable pledge into a 404, nor
    does any filter open an unreadable one."""
    public = PledgeFactory(lead=kenya, status=Pledge.Status.PUBLISHED, objectives=[5])
    draft = PledgeFactory(lead=kenya, objectives=[5])

    listed = api_client.get("/api/v1/pledges/?objective=7").json()["results"]
    shown = api_client.get(f"/api/v1/pledges/{public.code}/?objective=7&search=nothing")

    assert listed == []
    assert shown.status_code == 200
    assert shown.json()["code"] == public.code
    for reader in (api_client, client_for(focal_mex)):
        assert reader.get(f"/api/v1/pledges/{draft.code}/?status=draft").status_code == 404
