"""The site's URLs plus a route that forgets the visibility rule, for the sweep to catch
(tests/security/test_visibility_sweep.py)."""

from django.http import HttpResponse
from django.urls import path

from gcm_tracker import urls as site_urls
from pledges.models import Pledge


def leaky_codes(request):
    # Wrong on purpose: every pledge, whatever its status.
    return HttpResponse(", ".join(Pledge.objects.values_list("code", flat=True)))


urlpatterns = [path("leaky-codes/", leaky_codes, name="leaky-codes"), *site_urls.urlpatterns]
