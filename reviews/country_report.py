"""The country report: what a State has pledged and reviewed in one cycle, as an HTML
page and a PDF typeset by WeasyPrint from the same HTML and CSS.

- `report_subject(user, code, cycle_id)` decides what `user` may see: None (a 404)
  for an unknown State or cycle, or a draft review `user` may not read (the rule of
  `selectors.user_can_read_review`); otherwise the State, the cycle, its review if any,
  and the scope: "full" (the State's focal points and staff: every pledge of the State)
  or "public" (published pledges only).
- `report_version(subject)` is one query over what the report shows (latest updated_at
  and counts): the cache key changes when any of it changes, so a cached report is
  never stale and never recomputed while nothing moved.
- `report_document(subject)` renders the body (a fixed number of queries whatever the
  number of pledges) with its checksum and generated-at, cached under the version.
- `report_pdf(subject)` typesets it (cached too); `reviews.tasks.build_country_report`
  does the same in a worker for large States, with progress in the cache.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.db.models import (
    DateTimeField,
    IntegerField,
    Max,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.template.loader import render_to_string
from django.utils import timezone, translation

from core.roles import User
from objectives.models import Objective
from pledges.models import Actor, Pledge, ProgressUpdate
from pledges.selectors import actor_pledges

from . import selectors
from .models import (
    ObjectiveAssessment,
    RecommendationProgress,
    ReviewCycle,
    StatedFact,
    TargetValue,
    VoluntaryReview,
)
from .texts import mention_list

FULL, PUBLIC = "full", "public"
# States with more pledges than this get their PDF from a worker, with progress.
INLINE_MAX_PLEDGES = 150
CACHE_SECONDS = 7 * 24 * 60 * 60
PROGRESS_SECONDS = 60 * 60
# Bump when the template or the CSS changes what a cached report looks like.
LAYOUT_VERSION = "1"
STYLESHEET = "reviews/country_report.css"


@dataclass(frozen=True)
class ReportSubject:
    state: Actor
    cycle: ReviewCycle
    review: VoluntaryReview | None
    scope: str  # FULL or PUBLIC
    language: str

    @property
    def is_draft(self) -> bool:
        """Marked "DRAFT" on every page: no review yet, or one not published."""
        return self.review is None or self.review.status != VoluntaryReview.Status.PUBLISHED


def report_subject(user: User, code: str, cycle_id: str | None) -> ReportSubject | None:
    """What `user` may have in the report of State `code` for cycle `cycle_id` (the
    current cycle, else the latest, when not given), or None (a 404). Three queries
    (four for a focal point: the scope)."""
    state = Actor.objects.filter(kind=Actor.Kind.STATE, code__iexact=code).first()
    if state is None:
        return None
    if cycle_id:
        if not cycle_id.isdigit():
            return None
        cycle = ReviewCycle.objects.filter(pk=int(cycle_id)).first()
    else:
        cycle = selectors.current_cycle() or ReviewCycle.objects.order_by("-start_date").first()
    if cycle is None:
        return None
    review = selectors.review_of_state(state, cycle)
    if review is not None and not selectors.user_can_read_review(user, review):
        return None
    full = selectors.user_acts_for_state(user, state.pk)
    return ReportSubject(
        state=state,
        cycle=cycle,
        review=review,
        scope=FULL if full else PUBLIC,
        language=translation.get_language() or settings.LANGUAGE_CODE,
    )


def _report_pledges(subject: ReportSubject) -> QuerySet[Pledge]:
    pledges = actor_pledges(subject.state)
    if subject.scope == PUBLIC:
        return pledges.filter(status=Pledge.Status.PUBLISHED)
    return pledges.exclude(status=Pledge.Status.WITHDRAWN)


def _latest(field: str) -> Subquery:
    latest = ProgressUpdate.objects.filter(pledge=OuterRef("pk")).order_by(
        "-date", "-created_at", "-pk"
    )
    return Subquery(latest.values(field)[:1])


def _max(queryset: QuerySet, field: str) -> Subquery:
    return Subquery(
        queryset.order_by()
        .annotate(group=Value(1))
        .values("group")
        .annotate(latest=Max(field))
        .values("latest"),
        output_field=DateTimeField(),
    )


def report_version(subject: ReportSubject) -> str:
    """A key that changes whenever anything the report shows changes: the pledges (and
    their progress), the review and its assessments and recommendations, the target
    values and the reports' mentions of the State. One query."""
    pledges = _report_pledges(subject)
    # No review: filters that match nothing.
    review_ids = [subject.review.pk] if subject.review else []
    row = (
        Actor.objects.filter(pk=subject.state.pk)
        .annotate(
            pledge_count=selectors.count_of(pledges),
            pledges_at=_max(pledges, "updated_at"),
            updates_at=_max(ProgressUpdate.objects.filter(pledge__in=pledges), "created_at"),
            review_at=_max(VoluntaryReview.objects.filter(pk__in=review_ids), "updated_at"),
            assessment_count=selectors.count_of(
                ObjectiveAssessment.objects.filter(review_id__in=review_ids)
            ),
            assessments_at=_max(
                ObjectiveAssessment.objects.filter(review_id__in=review_ids), "updated_at"
            ),
            recommendations_at=_max(
                RecommendationProgress.objects.filter(review_id__in=review_ids), "updated_at"
            ),
            targets_at=_max(TargetValue.objects.filter(state=subject.state), "recorded_at"),
            target_count=selectors.count_of(TargetValue.objects.filter(state=subject.state)),
            mention_count=selectors.count_of(mention_list().filter(state=subject.state)),
        )
        .values(
            "pledge_count",
            "pledges_at",
            "updates_at",
            "review_at",
            "assessment_count",
            "assessments_at",
            "recommendations_at",
            "targets_at",
            "target_count",
            "mention_count",
        )
        .get()
    )
    parts = [
        LAYOUT_VERSION,
        subject.state.code,
        str(subject.cycle.pk),
        subject.scope,
        subject.language,
        *(f"{name}={value}" for name, value in sorted(dict(row).items())),
    ]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:32]


def report_pledge_count(subject: ReportSubject) -> int:
    """How many pledges the report lists. One query."""
    return _report_pledges(subject).count()


def coverage_chart(counts: list[tuple[Objective, int]]) -> dict[str, Any]:
    """The bars of the 23-objective chart as SVG coordinates (drawn by the template).
    No query."""
    width, height, top, bottom = 690, 180, 16, 24
    step = width / max(len(counts), 1)
    highest = max((count for _o, count in counts), default=0) or 1
    bars = []
    for index, (objective, count) in enumerate(counts):
        bar = round((height - top - bottom) * count / highest)
        x = round(index * step + step * 0.15, 1)
        bars.append(
            {
                "number": objective.number,
                "count": count,
                "x": x,
                "y": height - bottom - bar,
                "width": round(step * 0.7, 1),
                "height": bar,
                "label_x": round(x + step * 0.35, 1),
                "label_y": height - bottom - bar - 4,
            }
        )
    return {"width": width, "height": height, "baseline": height - bottom, "bars": bars}


def report_context(subject: ReportSubject) -> dict[str, Any]:
    """Everything the report shows. Eleven queries whatever the number of pledges: the
    pledges (with lead and latest progress), their objectives, the objectives, the
    assessments, the pledges they cite, the progress on recommendations, the target
    values, the mentions, the stated facts, the national-plan facts' reports, and the
    review's event (joined)."""
    pledge_scope = _report_pledges(subject)
    pledges = list(
        pledge_scope.select_related("lead")
        .prefetch_related(Prefetch("objectives", queryset=Objective.objects.order_by("number")))
        .annotate(
            latest_date=_latest("date"),
            latest_percent=Subquery(
                # The lead's own latest report, as on the pledge's page (issue 14).
                ProgressUpdate.objects.filter(pledge=OuterRef("pk"))
                .filter(Q(actor=OuterRef("lead")) | Q(actor__isnull=True))
                .order_by("-date", "-created_at", "-pk")
                .values("percent")[:1],
                output_field=IntegerField(),
            ),
            latest_narrative=_latest("narrative"),
        )
        .order_by("code")
    )
    objectives = list(Objective.objects.order_by("number"))
    coverage = Counter(o.number for pledge in pledges for o in pledge.objectives.all())
    review = subject.review
    assessments: dict[int, ObjectiveAssessment] = {}
    recommendations: list[RecommendationProgress] = []
    if review is not None:
        cited = Prefetch("pledges", queryset=pledge_scope.order_by("code"))
        assessments = {
            a.objective_id: a
            for a in ObjectiveAssessment.objects.filter(review=review)
            .select_related("objective")
            .prefetch_related(cited)
        }
        recommendations = list(selectors.review_recommendation_progress(review))
    rows = [
        {"objective": o, "pledges": coverage.get(o.number, 0), "assessment": assessments.get(o.pk)}
        for o in objectives
    ]
    target_values = list(
        TargetValue.objects.filter(state=subject.state)
        .select_related("target__commitment", "target__objective")
        .order_by("target__slug", "year", "period")
    )
    mentions: dict[Any, list] = {}
    for mention in mention_list().filter(state=subject.state):
        mentions.setdefault(mention.paragraph.report, []).append(mention)
    facts = list(
        StatedFact.objects.select_related("paragraph__report")
        .filter(state=subject.state)
        .order_by("year", "kind")
    )
    assessed, total = (
        (getattr(review, "assessed_count", 0), getattr(review, "objective_total", len(objectives)))
        if review is not None
        else (0, len(objectives))
    )
    dates = [p.updated_at for p in pledges] + [a.updated_at for a in assessments.values()]
    dates += [r.updated_at for r in recommendations]
    if review is not None:
        dates.append(review.updated_at)
    return {
        "state": subject.state,
        "cycle": subject.cycle,
        "review": review,
        "is_draft": subject.is_draft,
        "scope": subject.scope,
        "pledges": pledges,
        "led_count": sum(1 for p in pledges if p.lead_id == subject.state.pk),
        "rows": rows,
        "covered": sum(1 for row in rows if row["pledges"]),
        "chart": coverage_chart([(o, coverage.get(o.number, 0)) for o in objectives]),
        "assessed": assessed,
        "total": total,
        "percent": round(100 * assessed / total) if total else 0,
        "recommendations": recommendations,
        "target_values": target_values,
        "report_mentions": {
            "reports": list(mentions.items()),
            "facts": facts,
            "count": sum(map(len, mentions.values())),
        },
        # The latest change to anything the report shows: what it is "as of".
        "as_of": max(dates) if dates else None,
        "levels": ObjectiveAssessment.Level,
    }


def _document_key(subject: ReportSubject, version: str) -> str:
    return f"country-report:{version}:html"


def pdf_key(version: str) -> str:
    return f"country-report:{version}:pdf"


def progress_key(version: str) -> str:
    return f"country-report:{version}:progress"


def report_document(subject: ReportSubject, version: str | None = None) -> dict[str, Any]:
    """The report's body HTML, its checksum (SHA-256 of the body) and when it was
    generated, cached until the data change. One query when cached (the version),
    twelve otherwise."""
    version = version or report_version(subject)
    key = _document_key(subject, version)
    document = cache.get(key)
    if document is None:
        with translation.override(subject.language):
            body = render_to_string("reviews/country_report_body.html", report_context(subject))
        document = {
            "body": body,
            "checksum": hashlib.sha256(body.encode()).hexdigest(),
            "generated_at": timezone.now(),
            "version": version,
        }
        cache.set(key, document, CACHE_SECONDS)
    return document


def report_pdf(
    subject: ReportSubject,
    version: str | None = None,
    progress: Callable[[int], None] | None = None,
) -> bytes:
    """The report as PDF, typeset by WeasyPrint from the page's HTML and the report's
    stylesheet; cached until the data change. `progress(percent)` is told how far it
    has got. One query when cached, twelve otherwise."""
    version = version or report_version(subject)
    pdf = cache.get(pdf_key(version))
    if pdf is not None:
        return pdf
    from weasyprint import CSS, HTML

    def step(percent: int) -> None:
        if progress is not None:
            progress(percent)

    step(5)
    document = report_document(subject, version)
    step(40)
    with translation.override(subject.language):
        html = render_to_string(
            "reviews/country_report_print.html",
            {
                "document": document,
                "state": subject.state,
                "cycle": subject.cycle,
                "is_draft": subject.is_draft,
            },
        )
    stylesheet = finders.find(STYLESHEET)
    pdf = HTML(string=html, base_url=settings.SITE_URL).write_pdf(
        stylesheets=[CSS(filename=stylesheet)] if stylesheet else None
    )
    step(95)
    cache.set(pdf_key(version), pdf, CACHE_SECONDS)
    return pdf


def subject_load(*, state_id: int, cycle_id: int, scope: str, language: str) -> ReportSubject:
    """The subject a worker rebuilds from a task's arguments (checked when queued).
    Three queries."""
    state = Actor.objects.get(pk=state_id, kind=Actor.Kind.STATE)
    cycle = ReviewCycle.objects.get(pk=cycle_id)
    return ReportSubject(
        state=state,
        cycle=cycle,
        review=selectors.review_of_state(state, cycle),
        scope=scope,
        language=language,
    )


def report_pdf_progress(version: str) -> dict[str, Any] | None:
    """How far a worker has got with the PDF of `version` ({"status", "progress"}), or
    None if no worker is on it. No query."""
    return cache.get(progress_key(version))


def report_pdf_claim(version: str) -> bool:
    """Claim the build of the PDF of `version` for one worker: True for the first reader
    to ask (cache.add is atomic), who then queues reviews.tasks.build_country_report
    with `task_arguments`; False while a build is claimed. No query."""
    return cache.add(progress_key(version), {"status": "pending", "progress": 0}, PROGRESS_SECONDS)


def task_arguments(subject: ReportSubject, version: str) -> dict[str, Any]:
    """The build task's arguments (JSON: ids and strings)."""
    return {
        "state_id": subject.state.pk,
        "cycle_id": subject.cycle.pk,
        "scope": subject.scope,
        "language": subject.language,
        "version": version,
    }


def report_pdf_build(
    *, state_id: int, cycle_id: int, scope: str, language: str, version: str
) -> int:
    """The worker's side of `report_pdf_queue`: typeset and cache the PDF, saving the
    progress under `progress_key(version)`; returns its size in bytes."""
    subject = subject_load(state_id=state_id, cycle_id=cycle_id, scope=scope, language=language)
    key = progress_key(version)

    def progress(percent: int) -> None:
        cache.set(key, {"status": "running", "progress": percent}, PROGRESS_SECONDS)

    try:
        # The data may have moved since the request: the PDF is cached under the
        # version it was built from, which is the one readers now ask for.
        pdf = report_pdf(subject, progress=progress)
    except Exception:
        cache.set(key, {"status": "failed", "progress": 0}, 60)
        raise
    cache.delete(key)
    return len(pdf)
