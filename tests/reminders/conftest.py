"""Fixtures of the reminders tests: the reviews app's (its calendar, reviews in each
state), and a review falling due."""

import datetime

import pytest

from tests.reviews.conftest import calendar, cycle, review_in  # noqa: F401  (fixtures)


@pytest.fixture
def review(review_in, kenya, focal_ken):  # noqa: F811
    """Kenya's draft review of 2023–2026, feeding the IMRF 2026 (due 1 May 2026)."""
    review = review_in(kenya)
    assert review.due_date == datetime.date(2026, 5, 1)
    return review
