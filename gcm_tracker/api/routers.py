"""The one router under /api/v1/. Each app registers its viewsets here."""

from rest_framework.routers import DefaultRouter

from changes.api.views import ChangeViewSet
from exports.api.views import ExportViewSet
from objectives.api.paragraphs import ParagraphViewSet
from objectives.api.sdg import SdgLinkViewSet
from objectives.api.views import ActionViewSet, GuidingPrincipleViewSet, ObjectiveViewSet
from pledges.api.matches import MatchViewSet
from pledges.api.stats import StatsViewSet
from pledges.api.views import ActorViewSet, PledgeViewSet
from reviews.api.mentions import MentionViewSet
from reviews.api.snapshots import SnapshotViewSet
from reviews.api.texts import DeclarationCommitmentViewSet, TargetViewSet
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
router.register("paragraphs", ParagraphViewSet, basename="paragraph")
router.register("actors", ActorViewSet, basename="actor")
router.register("pledges", PledgeViewSet, basename="pledge")
router.register("matches", MatchViewSet, basename="match")
router.register("cycles", CycleViewSet, basename="cycle")
router.register("events", EventViewSet, basename="event")
router.register("recommendations", RecommendationViewSet, basename="recommendation")
router.register("reviews", ReviewViewSet, basename="review")
router.register("snapshots", SnapshotViewSet, basename="snapshot")
router.register("indicators", IndicatorViewSet, basename="indicator")
router.register("indicator-values", IndicatorValueViewSet, basename="indicator-value")
router.register(
    "declaration-commitments", DeclarationCommitmentViewSet, basename="declaration-commitment"
)
router.register("targets", TargetViewSet, basename="target")
router.register("sdg-links", SdgLinkViewSet, basename="sdg-link")
router.register("mentions", MentionViewSet, basename="mention")
router.register("stats", StatsViewSet, basename="stats")
router.register("exports", ExportViewSet, basename="export")
router.register("changes", ChangeViewSet, basename="change")
