"""Schemathesis over every operation of the OpenAPI document (issue 12).

Each operation is one test per persona (the public; Kenya's focal point, by token).
Hypothesis generates requests from the document, valid and invalid ones, and every
answer must be no server error and conform to the document: a documented status code,
content type, headers and body schema. A failure here is fixed in the code or in
gcm_tracker/api/schema.py, never by leaving a check out.

Bounded to stay modest on two cores: few examples per operation, derandomized (the same
requests every run), no example database, no shrinking deadline. Select with
`-m schemathesis`; it runs by default.
"""

import hypothesis
import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from drf_spectacular.generators import SchemaGenerator
from rest_framework.authtoken.models import Token
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from gcm_tracker.wsgi import application
from pledges.models import Pledge
from tests.factories import PledgeFactory

MAX_EXAMPLES = 3
# What the document promises a client. Not "negative data rejection": an empty filter
# (`?updated_since=`) is read as no filter, as django-filter does everywhere.
CHECKS = [
    schemathesis.checks.not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]

schema = schemathesis.openapi.from_dict(SchemaGenerator().get_schema(request=None, public=True))
schema.app = application

pytestmark = [pytest.mark.schemathesis]


@pytest.fixture(autouse=True)
def _world(settings, tmp_path, compact, kenya, mexico):
    """Media in a temporary folder, the client's host allowed; a published and a draft
    pledge of Kenya's, so that listings have rows to show."""
    settings.MEDIA_ROOT = tmp_path
    settings.ALLOWED_HOSTS = ["localhost"]  # the host schemathesis's WSGI client sends
    PledgeFactory(code="GCM-P-00001", lead=kenya, status=Pledge.Status.PUBLISHED, objectives=[5])
    PledgeFactory(code="GCM-P-00002", lead=kenya, objectives=[5])


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    # The WSGI handler closes "old" connections around each request, which would close
    # the test's transaction; Django's own test client unhooks them the same way.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture(params=["anonymous", "focal_point"])
def auth_headers(request, django_user_model) -> dict[str, str]:
    # The WSGI transport does not undo Content-Encoding, and anonymous answers are
    # gzipped when asked (core/compression.py): ask for them as they are.
    plain = {"Accept-Encoding": "identity"}
    if request.param == "anonymous":
        return plain
    focal_ken = request.getfixturevalue("focal_ken")
    return {**plain, "Authorization": f"Token {Token.objects.create(user=focal_ken).key}"}


@schema.parametrize()
@hypothesis.settings(
    max_examples=MAX_EXAMPLES,
    derandomize=True,
    database=None,
    deadline=None,
    print_blob=False,
    suppress_health_check=list(hypothesis.HealthCheck),
    phases=[hypothesis.Phase.explicit, hypothesis.Phase.generate],
)
def test_operation_conforms_to_the_document(case, auth_headers):
    # A savepoint per call: the requests share the test's transaction, and an input the
    # database refuses (answered 400 by core.middleware) must not abort the next call's
    # queries, as it would not on a real server (autocommit per request).
    with transaction.atomic():
        case.call_and_validate(headers=auth_headers, checks=CHECKS)
