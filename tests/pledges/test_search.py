"""Full-text search (pledges/search.py): ranked, multi-word, accent-insensitive, per
pledge language, Chinese by substring, codes exact, kept current by the services, the
same for the API, the directory and the exports; SQLite's fallback unranked."""

import pytest

from pledges import search
from pledges.models import Pledge
from pledges.services import pledge_update, progress_update_create
from tests.factories import DESCRIPTION, PledgeFactory

pytestmark = pytest.mark.django_db


def _published(lead, title, description=DESCRIPTION, language="en", **kwargs):
    pledge = PledgeFactory(
        lead=lead,
        status="published",
        title=title,
        description=description,
        language=language,
        **kwargs,
    )
    search.pledges_search_refresh(Pledge.objects.filter(pk=pledge.pk))
    return pledge


def _codes(client, **params):
    response = client.get("/api/v1/pledges/", params)
    assert response.status_code == 200, response.content
    return [p["code"] for p in response.json()["results"]]


def test_search_is_ranked_multi_word_and_stemmed(client_for, anonymous, kenya):
    in_title = _published(kenya, "Lower remittance costs for migrant workers")
    in_text = _published(
        kenya,
        "Financial inclusion",
        description="Banks will lower the cost of remittances sent home. " + DESCRIPTION,
    )
    _published(kenya, "Fair recruitment")
    public = client_for(anonymous)

    # Both words, any order, stemmed (remittances ~ remittance); the title weighs more.
    assert _codes(public, search="remittances lower") == [in_title.code, in_text.code]
    assert _codes(public, search="remittance pensions") == []
    # An explicit ordering wins over the rank.
    assert _codes(public, search="remittances", ordering="-code") == sorted(
        [in_title.code, in_text.code], reverse=True
    )


def test_search_ignores_accents_and_uses_the_pledges_language(client_for, anonymous, kenya):
    french = _published(
        kenya,
        "Protection des réfugiés en Côte d'Ivoire",
        description="Les migrants réfugiés seront protégés. " + DESCRIPTION,
        language="fr",
    )
    spanish = _published(kenya, "Integración de los trabajadores migrantes", language="es")
    russian = _published(kenya, "Защита трудящихся-мигрантов", language="ru")
    arabic = _published(kenya, "حماية العمال المهاجرين", language="ar")
    public = client_for(anonymous)

    assert _codes(public, search="refugies cote") == [french.code]
    assert _codes(public, search="réfugié") == [french.code]  # French stemming
    assert _codes(public, search="integracion") == [spanish.code]
    assert _codes(public, search="мигрантов") == [russian.code]
    assert _codes(public, search="المهاجرين") == [arabic.code]


def test_chinese_is_found_by_substring(client_for, anonymous, kenya):
    chinese = _published(kenya, "保护移徙工人的权利", language="zh-hans")
    _published(kenya, "Fair recruitment")

    assert _codes(client_for(anonymous), search="移徙工人") == [chinese.code]


def test_a_pledge_code_finds_exactly_that_pledge(client_for, anonymous, kenya):
    pledge = _published(kenya, "Fair recruitment")
    _published(kenya, f"Follows up {pledge.code}")

    assert _codes(client_for(anonymous), search=pledge.code.lower()) == [pledge.code]


def test_search_never_shows_unpublished_pledges(client_for, anonymous, kenya, focal_ken):
    draft = PledgeFactory(lead=kenya, status="draft", title="Remittance corridors")
    search.pledges_search_refresh(Pledge.objects.filter(pk=draft.pk))

    assert _codes(client_for(anonymous), search="remittance") == []
    assert _codes(client_for(anonymous), search=draft.code) == []
    assert _codes(client_for(focal_ken), search="remittance") == [draft.code]


def test_the_services_keep_the_vector_current(client_for, anonymous, kenya, focal_ken, staff_user):
    draft = PledgeFactory(lead=kenya, status="draft", title="Consular outreach")
    pledge_update(pledge=draft, user=focal_ken, title="Portable pensions for migrants")
    ken = client_for(focal_ken)
    assert _codes(ken, search="pensions") == [draft.code]
    assert _codes(ken, search="consular") == []

    published = _published(kenya, "Skills partnerships")
    import datetime

    progress_update_create(
        pledge=published,
        user=focal_ken,
        date=datetime.date(2025, 1, 15),
        implementation="in_progress",
        narrative="Two vocational academies opened in Mombasa.",
    )
    assert _codes(client_for(anonymous), search="academies mombasa") == [published.code]


def test_sqlite_falls_back_to_unranked_icontains(kenya, monkeypatch):
    pledge = _published(kenya, "Lower remittance costs")
    _published(kenya, "Fair recruitment")
    monkeypatch.setattr(search, "is_postgresql", lambda: False)

    found = search.search(Pledge.objects.all(), "REMITTANCE costs")

    assert "search_rank" not in found.query.annotations
    assert list(found) == [pledge]
    assert search.pledges_search_refresh(Pledge.objects.all()) == 0
    assert search.with_snippets(Pledge.objects.all(), "remittance").query.annotations == {}


def test_snippets_mark_the_words_and_escape_the_text(kenya):
    _published(
        kenya,
        "Remittances",
        description="Cheaper remittances <img src=x onerror=alert(1)> for families. " + DESCRIPTION,
    )

    pledge = search.with_snippets(search.search(Pledge.objects.all(), "remittances"), "remittances")
    html = search.snippet_html(pledge.get().search_snippet)

    assert "<mark>remittances</mark>" in html
    assert "<img" not in html and "&lt;img" in html
    assert search.snippet_html(None) == ""
