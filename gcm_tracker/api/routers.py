"""The one router under /api/v1/. Each app registers its viewsets here."""

from rest_framework.routers import DefaultRouter

from gcm_tracker.api.exports import ExportViewSet
from objectives.api.views import ActionViewSet, GuidingPrincipleViewSet, ObjectiveViewSet
from pledges.api.stats import StatsViewSet
from pledges.api.views import ActorViewSet, PledgeViewSet
from reviews.api.views import (
    CycleViewSet,
    EventViewSet,
    IndicatorValueViewSet,
    IndicatorViewSet,
    RecommendationViewSet,
    ReviewViewSet,
)


class Router(DefaultRouter):
    include_format_suffixes = False


router = Router()
router.register("objectives", ObjectiveViewSet, basename="objective")
router.register("actions", ActionViewSet, basename="action")
router.register("principles", GuidingPrincipleViewSet, basename="principle")
router.register("actors", ActorViewSet, basename="actor")
router.register("pledges", PledgeViewSet, basename="pledge")
router.register("cycles", CycleViewSet, basename="cycle")
router.register("events", EventViewSet, basename="event")
router.register("recommendations", RecommendationViewSet, basename="recommendation")
router.register("reviews", ReviewViewSet, basename="review")
router.register("indicators", IndicatorViewSet, basename="indicator")
router.register("indicator-values", IndicatorValueViewSet, basename="indicator-value")
router.register("stats", StatsViewSet, basename="stats")
router.register("exports", ExportViewSet, basename="export")
