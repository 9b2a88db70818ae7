from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

# Registers the <text:…> path converter before any URLconf uses it.
import core.converters  # noqa: F401
from accounts import views as accounts_views
from core import password_reset, two_factor
from objectives.urls import urlpatterns as compact_urlpatterns
from pledges.api.support import PledgeSupportView
from pledges.urls import objective_urlpatterns
from reviews.urls import country_urlpatterns

from . import views
from .api.auth import obtain_auth_token
from .api.routers import router

admin.site.site_header = _("GCM Tracker administration")
admin.site.site_title = _("GCM Tracker")

# Without a language in the address: the health check, the admin (in the staff member's
# language: accounts/middleware.py), the API (in the language of Accept-Language), and
# the language switcher's target.
urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("i18n/setlang/", accounts_views.set_language, name="set_language"),
    # username + password -> a token for `Authorization: Token …`.
    path("api/v1/auth/token/", obtain_auth_token, name="api-token"),
    # A pledge's support sought: a singleton under the pledge, beside the router's routes.
    path("api/v1/pledges/<text:code>/support/", PledgeSupportView.as_view(), name="pledge-support"),
    path("api/v1/", include(router.urls)),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    # Swagger UI from the project's own files, its script a file too (no inline script:
    # the Content-Security-Policy allows none).
    path(
        "api/docs/",
        SpectacularSwaggerSplitView.as_view(url_name="schema", template_name="api/swagger_ui.html"),
        name="api-docs",
    ),
]

# `make bench` compares the pages with a bare JSON view in the same server (never routed
# in production: BENCH_BARE_VIEW is off unless the benchmark turns it on).
if settings.BENCH_BARE_VIEW:
    urlpatterns.append(path("bench/bare", views.bench_bare, name="bench-bare"))

# Pages, with an address in each language: /pledges/ in English, /fr/pledges/ in French.
urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    # Sign in, sign out (POST), password change and reset by e-mail, with the site's
    # templates (gcm_tracker/templates/registration/).
    # Password reset is limited per address and per client (core/password_reset.py).
    path(
        "accounts/password_reset/",
        password_reset.PasswordResetView.as_view(),
        name="password_reset",
    ),
    # A second factor: set up (QR code) and asked for after the password.
    path("accounts/two-factor/", two_factor.setup, name="two_factor"),
    path("accounts/two-factor/verify/", two_factor.verify, name="two_factor_verify"),
    # The preferred language of a person's pages and e-mails.
    path("accounts/", include("accounts.urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("workspace/", include("gcm_tracker.workspace_urls")),
    # Ask for an export from a page and follow it (the exports app).
    path("exports/", include("exports.urls")),
    # Public pages. Pages that combine apps are served by the higher app and mounted
    # under the namespace their links use: an objective's page (the compact's text and
    # the pledges serving it) is pledges' `objectives:detail`; a country's profile
    # (pledges and reviews) is reviews' `countries:…`. No path is defined twice.
    path("", include("pledges.urls")),
    path("", include("reviews.urls")),
    path("countries/", include((country_urlpatterns, "countries"))),
    path("", include((compact_urlpatterns + objective_urlpatterns, "objectives"))),
    prefix_default_language=False,
)
# No /media/ route, not even in development: uploads are served by download views that
# apply the visibility of the record they belong to (core/downloads.py).

# Under /api/, a path that matches no route answers JSON too (gcm_tracker/views.py).
handler404 = "gcm_tracker.views.not_found"
