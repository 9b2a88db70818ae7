from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.authtoken.views import obtain_auth_token

from reviews.urls import country_urlpatterns

from . import views
from .api.routers import router

admin.site.site_header = "GCM Tracker administration"
admin.site.site_title = "GCM Tracker"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    # Sign in, sign out (POST), password change and reset by e-mail, with the site's
    # templates (gcm_tracker/templates/registration/).
    path("accounts/", include("django.contrib.auth.urls")),
    path("workspace/", include("gcm_tracker.workspace_urls")),
    # Ask for an export from a page and follow it (gcm_tracker/exports.py).
    path("exports/", include("gcm_tracker.export_urls")),
    # username + password -> a token for `Authorization: Token …`.
    path("api/v1/auth/token/", obtain_auth_token, name="api-token"),
    path("api/v1/", include(router.urls)),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="api-docs"),
    # Public pages. pledges before objectives: its /objectives/<n>/ (the compact's
    # page plus the pledges serving the objective) takes over objectives' own.
    path("", include("pledges.urls")),
    path("", include("reviews.urls")),
    path("countries/", include((country_urlpatterns, "countries"))),
    path("", include("objectives.urls")),
]
# No /media/ route, not even in development: uploads are served by download views that
# apply the visibility of the record they belong to (gcm_tracker/downloads.py).
