"""The country report (reviews/country_report.py): who may have it, what it says, the
PDF, the cache, the background build, and a fixed number of queries for 500 pledges."""

import io
import subprocess

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format

from pledges.models import Pledge, PledgeObjective, ProgressUpdate
from reviews import country_report
from tests.factories import PledgeFactory, ProgressUpdateFactory, add_partners

pytestmark = pytest.mark.django_db


def report_url(state, cycle, *, pdf=False):
    name = "countries:report_pdf" if pdf else "countries:report"
    return f"{reverse(name, args=[state.code])}?cycle={cycle.pk}"


def pdf_text(content: bytes) -> list[str]:
    from pypdf import PdfReader

    return [page.extract_text() for page in PdfReader(io.BytesIO(content)).pages]


@pytest.fixture
def kenya_pledges(compact, kenya, mexico):
    published = PledgeFactory(
        code="GCM-KEN-1", lead=kenya, status=Pledge.Status.PUBLISHED, objectives=[5, 6]
    )
    draft = PledgeFactory(code="GCM-KEN-2", lead=kenya, objectives=[7])
    partner = PledgeFactory(
        code="GCM-MEX-9", lead=mexico, status=Pledge.Status.PUBLISHED, objectives=[23]
    )
    add_partners(partner, kenya)
    ProgressUpdateFactory(pledge=published, narrative="Two of five training sessions held.")
    return published, draft, partner


def test_draft_report_for_its_focal_points_and_staff_only(
    client, kenya, focal_ken, focal_mex, staff_user, cycle, review_in, kenya_pledges
):
    review_in(kenya, "draft", assess=(1, 5))
    url = report_url(kenya, cycle)
    for outsider in (focal_mex, None):
        client.logout()
        if outsider:
            client.force_login(outsider)
        assert client.get(url).status_code == 404
        assert client.get(report_url(kenya, cycle, pdf=True)).status_code == 404
    for insider in (focal_ken, staff_user):
        client.force_login(insider)
        response = client.get(url)
        assert response.status_code == 200
        body = response.content.decode()
        assert "DRAFT" in body
        # The State's focal points see its unpublished pledges too, and its partner pledge.
        assert {"GCM-KEN-1", "GCM-KEN-2", "GCM-MEX-9"} <= {
            code for code in ("GCM-KEN-1", "GCM-KEN-2", "GCM-MEX-9") if code in body
        }
        assert "2 of 23 objectives assessed" in body
        assert "Two of five training sessions held." in body


def test_published_report_for_anyone_with_published_pledges_only(
    client, kenya, cycle, review_in, kenya_pledges
):
    review_in(kenya, "published", assess=(5,))
    response = client.get(report_url(kenya, cycle))
    assert response.status_code == 200
    body = response.content.decode()
    assert "GCM-KEN-1" in body and "GCM-MEX-9" in body
    assert "GCM-KEN-2" not in body  # a draft pledge stays private
    assert 'class="draft-mark"' not in body
    assert "<svg" in body and 'role="img"' in body


def test_unknown_state_or_cycle_is_404(client, kenya, cycle):
    assert client.get(reverse("countries:report", args=["XXX"])).status_code == 404
    assert client.get(f"{reverse('countries:report', args=['KEN'])}?cycle=999").status_code == 404
    assert client.get(f"{reverse('countries:report', args=['KEN'])}?cycle=x").status_code == 404


def test_without_review_the_report_is_a_draft(client, kenya, cycle, kenya_pledges):
    response = client.get(report_url(kenya, cycle))
    assert response.status_code == 200
    assert "there is no voluntary review for this cycle yet." in response.content.decode()


def test_pdf_names_state_pledges_completeness_and_as_of_on_every_page(
    client, kenya, focal_ken, cycle, review_in, kenya_pledges, settings, tmp_path
):
    review = review_in(kenya, "submitted", assess=(1, 5, 6))
    client.force_login(focal_ken)
    response = client.get(report_url(kenya, cycle, pdf=True))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    pages = pdf_text(response.content)
    text = "\n".join(pages)
    assert "Kenya" in text
    for code in ("GCM-KEN-1", "GCM-KEN-2", "GCM-MEX-9"):
        assert code in text
    assert "3 of 23 objectives assessed" in text
    review.refresh_from_db()
    with translation.override("en"):
        assert f"As of {date_format(review.updated_at, 'DATE_FORMAT')}" in text
    assert all("DRAFT" in page for page in pages)
    # The footer: State, cycle and the checksum of the body, on every page.
    document = country_report.report_document(
        country_report.report_subject(focal_ken, "KEN", str(cycle.pk))
    )
    assert all(document["checksum"][:16] in page and "2023–2026" in page for page in pages)
    subprocess.run(
        ["pdftoppm", "-r", "50", "-png", "-f", "1", "-l", "1", "-", str(tmp_path / "page")],
        input=response.content,
        check=True,
    )
    assert (tmp_path / "page-1.png").stat().st_size > 0


def test_arabic_pdf_is_right_to_left(client, kenya, cycle, review_in, kenya_pledges):
    review_in(kenya, "published", assess=(5,))
    # Inside override: the request activates Arabic in this thread, and override puts
    # back the language it found, so later tests are not answered in Arabic.
    with translation.override("ar"):
        response = client.get(report_url(kenya, cycle, pdf=True))
    assert response.status_code == 200
    text = "\n".join(pdf_text(response.content))
    assert "GCM-KEN-1" in text
    # Arabic letters, typeset (a right-to-left script in the text layer).
    assert any("\u0600" <= char <= "\u06ff" for char in text)


def footer(body: str) -> str:
    return body[body.index('<footer class="report-footer">') :].split("</footer>")[0]


def test_report_is_cached_until_the_data_change(client, kenya, cycle, review_in, kenya_pledges):
    review_in(kenya, "published", assess=(5,))
    published = kenya_pledges[0]
    url = report_url(kenya, cycle)
    first = footer(client.get(url).content.decode())
    subject = country_report.report_subject(None, "KEN", str(cycle.pk))
    version = country_report.report_version(subject)
    assert footer(client.get(url).content.decode()) == first  # same generated-at: cached
    ProgressUpdate.objects.create(
        pledge=published,
        date=published.target_date,
        implementation=Pledge.Implementation.FULFILLED,
        percent=100,
        narrative="All sessions held.",
    )
    assert country_report.report_version(subject) != version
    assert "All sessions held." in client.get(url).content.decode()


def test_large_state_pdf_is_built_by_a_worker_with_progress(
    client, kenya, cycle, review_in, kenya_pledges, monkeypatch
):
    review_in(kenya, "published", assess=(5,))
    monkeypatch.setattr(country_report, "INLINE_MAX_PLEDGES", 1)
    queued = []
    from reviews import tasks

    monkeypatch.setattr(tasks.build_country_report, "delay", lambda **kw: queued.append(kw))
    url = report_url(kenya, cycle, pdf=True)
    response = client.get(url)
    assert response.status_code == 202
    assert "being prepared" in response.content.decode()
    assert len(queued) == 1
    # Asked again while the worker is on it: no second job.
    assert client.get(url).status_code == 202
    assert len(queued) == 1
    # The worker's run, then the reader gets the PDF.
    assert tasks.build_country_report.run(**queued[0]) > 0
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"


def test_large_state_pdf_inline_on_the_embedded_default(
    client, kenya, cycle, review_in, kenya_pledges, monkeypatch
):
    from gcm_tracker.celery import app

    review_in(kenya, "published", assess=(5,))
    monkeypatch.setattr(country_report, "INLINE_MAX_PLEDGES", 1)
    # Without Redis tasks run inline: the job has run by the time the view looks again.
    before = app.conf.task_always_eager
    app.conf.task_always_eager = True
    try:
        response = client.get(report_url(kenya, cycle, pdf=True))
    finally:
        app.conf.task_always_eager = before
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"


def test_a_failed_build_says_so(kenya, cycle, review_in, kenya_pledges, monkeypatch):
    review_in(kenya, "published", assess=(5,))
    subject = country_report.report_subject(None, "KEN", str(cycle.pk))
    version = country_report.report_version(subject)

    def broken(*args, **kwargs):
        raise RuntimeError("typesetting failed")

    monkeypatch.setattr(country_report, "report_pdf", broken)
    with pytest.raises(RuntimeError):
        country_report.report_pdf_build(
            state_id=kenya.pk, cycle_id=cycle.pk, scope="public", language="en", version=version
        )
    assert country_report.report_pdf_progress(version)["status"] == "failed"


def test_500_pledges_in_a_fixed_number_of_queries(
    kenya, focal_ken, cycle, review_in, compact, django_assert_num_queries
):
    review_in(kenya, "draft", assess=(1, 2))
    pledges = Pledge.objects.bulk_create(
        PledgeFactory.build(code=f"GCM-B-{n:05d}", title=f"Bulk {n}", lead=kenya)
        for n in range(500)
    )
    PledgeObjective.objects.bulk_create(
        PledgeObjective(pledge=p, objective_id=o)
        for p in pledges
        for o in compact_objective_ids()[: 1 + p.pk % 3]
    )
    ProgressUpdate.objects.bulk_create(
        ProgressUpdate(
            pledge=p, date=p.start_date, implementation="in_progress", percent=10, narrative="N"
        )
        for p in pledges[:200]
    )
    subject = country_report.report_subject(focal_ken, "KEN", str(cycle.pk))
    # The version (1), then the body: pledges (+lead, latest progress), their
    # objectives, the objectives, assessments, the pledges they cite, recommendations,
    # target values, mentions, stated facts.
    with django_assert_num_queries(10):
        document = country_report.report_document(subject)
    assert document["body"].count(">GCM-B-") == 500
    cache.clear()
    with django_assert_num_queries(10):
        country_report.report_document(subject)


def compact_objective_ids() -> list[int]:
    from objectives.models import Objective

    return list(Objective.objects.order_by("number").values_list("pk", flat=True))
