"""The site's URLs plus two views that fail the way a missed edge check would."""

from django.db import DataError
from django.urls import path
from rest_framework.decorators import api_view, permission_classes
from rest_framework.permissions import AllowAny

from gcm_tracker import urls as site_urls


def _refused_by_the_database(*args, **kwargs):
    raise DataError("PostgreSQL text fields cannot contain NUL (0x00) bytes")


@api_view(["GET"])
@permission_classes([AllowAny])
def api_data_error(request):
    _refused_by_the_database()


def page_data_error(request):
    _refused_by_the_database()


# The site's patterns as they are (i18n_patterns cannot be include()d).
urlpatterns = [
    path("test-data-error/page/", page_data_error),
    path("test-data-error/api/", api_data_error),
    *site_urls.urlpatterns,
]
