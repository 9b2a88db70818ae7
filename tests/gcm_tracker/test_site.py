import re

import pytest

from gcm_tracker.api.routers import router


@pytest.mark.smoke
@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", ["/", "/admin/login/", "/api/v1/", "/api/docs/", "/api/schema/", "/healthz"]
)
def test_site_entry_points_answer(client, path):
    assert client.get(path).status_code == 200


@pytest.mark.django_db
def test_site_home_has_one_h1_and_a_language(client):
    html = client.get("/").content.decode()

    assert html.count("<h1") == 1
    assert '<html lang="en"' in html


def _openapi_path(regex: str) -> str:
    """`^pledges/(?P<code>[^/.]+)/submit/$` -> `/api/v1/pledges/{code}/submit/`."""
    path = regex.lstrip("^").rstrip("$")
    path = re.sub(r"\(\?P<(\w+)>(?:[^()]|\([^()]*\))*\)", r"{\1}", path)
    return f"/api/v1/{path}"


@pytest.mark.django_db
def test_schema_describes_every_api_route(client):
    described = set(client.get("/api/schema/?format=json").json()["paths"])
    routes = {
        _openapi_path(str(pattern.pattern))
        for pattern in router.urls
        if pattern.name != "api-root"  # the browsable API root
    }

    assert routes, "the router registers no route"
    assert routes - described == set()


@pytest.mark.django_db
def test_seed_creates_the_network_staff_group_with_curation_permissions():
    from django.contrib.auth.models import Group

    from core.roles import NETWORK_STAFF_GROUP, roles_load

    assert roles_load()["roles"].unchanged == 1  # loaded with the session's reference data
    group = Group.objects.get(name=NETWORK_STAFF_GROUP)
    codenames = set(group.permissions.values_list("codename", flat=True))
    assert {"change_pledge", "change_action", "change_voluntaryreview", "view_user"} <= codenames
    assert "change_user" not in codenames  # would let staff make themselves superuser
