from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django.views.defaults import page_not_found

from objectives.selectors import compact_figures
from pledges.stats import dashboard_stats
from reviews.selectors import public_reviews

from .health import run_checks


@require_GET
@never_cache
def healthz(request):
    healthy, checks = run_checks()
    return JsonResponse(
        {"status": "ok" if healthy else "error", "checks": checks},
        status=200 if healthy else 503,
    )


def home(request):
    """What the tracker holds, in figures. Four queries with the dashboard's aggregates
    cached (the compact's three counts, published reviews), eleven on a cold cache."""
    context = {
        **compact_figures(),
        "totals": dashboard_stats()["totals"],
        "published_review_count": public_reviews().count(),
    }
    return render(request, "home.html", context)


@require_GET
def bench_bare(request):
    """The cheapest Django JSON answer, for `make bench` to measure the server against:
    routed only when settings.BENCH_BARE_VIEW is on (never in production)."""
    return JsonResponse({"ok": True})


def not_found(request, exception=None):
    """A path that matches no route. Under /api/, the API's own 404 (JSON, as its
    OpenAPI document says); elsewhere Django's page (templates/404.html if any)."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": _("Not found.")}, status=404)
    return page_not_found(request, exception)
