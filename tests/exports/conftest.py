"""Fixtures of the exports tests: media in a temporary folder, pledges to export."""

import pytest

from pledges.models import Pledge
from tests.factories import PledgeFactory


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def pledges(compact, kenya, mexico):
    """Kenya: one published pledge (objective 5), one draft; Mexico: one published."""
    return {
        "ken_published": PledgeFactory(
            code="GCM-P-00001", lead=kenya, status=Pledge.Status.PUBLISHED, objectives=[5]
        ),
        "ken_draft": PledgeFactory(code="GCM-P-00002", lead=kenya, objectives=[5]),
        "mex_published": PledgeFactory(
            code="GCM-P-00003", lead=mexico, status=Pledge.Status.PUBLISHED, objectives=[7]
        ),
    }


@pytest.fixture
def post_export(django_capture_on_commit_callbacks):
    """POST /api/v1/exports/ and run what waits for the commit (the test's transaction
    never commits), as the end of a real request's transaction would."""

    def post(client, body):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post("/api/v1/exports/", body)

    return post
