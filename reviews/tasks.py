"""Background tasks of the reviews app: the country report's PDF."""

from __future__ import annotations

from celery import shared_task

from core.tasks import RETRY_TRANSIENT, SAFE_TO_REPEAT


# Safe to repeat: the PDF of a version is the same whoever builds it, and goes to the
# cache under that version.
@shared_task(**SAFE_TO_REPEAT, **RETRY_TRANSIENT, time_limit=15 * 60, soft_time_limit=14 * 60)
def build_country_report(
    *, state_id: int, cycle_id: int, scope: str, language: str, version: str
) -> int:
    """Typeset a country report's PDF into the cache (reviews.country_report)."""
    from .country_report import report_pdf_build

    return report_pdf_build(
        state_id=state_id, cycle_id=cycle_id, scope=scope, language=language, version=version
    )
