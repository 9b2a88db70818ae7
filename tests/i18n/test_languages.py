"""Which language a request gets (accounts/languages.py), and text marked with its own."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import formats, translation

from accounts.languages import SESSION_KEY, language_options, mail_language, preferred_languages
from accounts.models import Profile
from accounts.services import profile_update


def html_lang(response) -> str:
    head = response.content.decode()[:400]
    return head.split('<html lang="', 1)[1].split('"', 1)[0]


# --- The address, the browser's language, a signed-in user's preferred one -------------


@pytest.mark.django_db
def test_english_pages_have_no_prefix_the_others_have_theirs(client, compact):
    english = client.get("/objectives/")
    french = client.get("/fr/objectives/")
    arabic = client.get("/ar/objectives/")
    chinese = client.get("/zh-hans/objectives/")

    assert html_lang(english) == "en"
    assert html_lang(french) == "fr"
    assert '<html lang="ar" dir="rtl">' in arabic.content.decode()
    assert html_lang(chinese) == "zh-hans"
    # Links stay in the language of the page.
    assert 'href="/fr/pledges/"' in french.content.decode()
    assert client.get("/en/objectives/").status_code == 404


@pytest.mark.django_db
def test_accept_language_leads_to_the_page_in_that_language(client, compact):
    response = client.get("/objectives/?x=1", HTTP_ACCEPT_LANGUAGE="fr-CH, fr;q=0.9, en;q=0.5")

    assert response.status_code == 302
    assert response["Location"] == "/fr/objectives/?x=1"
    assert "Accept-Language" in response["Vary"]


@pytest.mark.django_db
def test_chinese_browser_gets_the_chinese_pages(client, compact):
    response = client.get("/objectives/", HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9")

    assert response["Location"] == "/zh-hans/objectives/"


@pytest.mark.django_db
def test_english_browser_and_a_prefixed_address_are_not_redirected(client, compact):
    assert client.get("/objectives/", HTTP_ACCEPT_LANGUAGE="en-GB").status_code == 200
    # The address says French: the browser's language does not matter.
    response = client.get("/fr/objectives/", HTTP_ACCEPT_LANGUAGE="ru")
    assert response.status_code == 200
    assert html_lang(response) == "fr"


@pytest.mark.django_db
def test_switcher_sets_the_language_and_returns_to_the_page_in_it(client, compact):
    response = client.post("/i18n/setlang/", {"language": "es", "next": "/objectives/6/"})

    assert response["Location"] == "/es/objectives/6/"
    assert response.cookies["django_language"].value == "es"
    # Back to English from a French page; English then wins over Accept-Language.
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/fr/objectives/6/"})
    assert response["Location"] == "/objectives/6/"
    assert client.get("/objectives/6/", HTTP_ACCEPT_LANGUAGE="fr").status_code == 200


@pytest.mark.django_db
def test_switcher_saves_a_signed_in_users_choice_as_their_preferred_language(
    client, compact, focal_ken
):
    client.force_login(focal_ken)

    client.post("/i18n/setlang/", {"language": "ru", "next": "/workspace/"})

    assert Profile.objects.get(user=focal_ken).preferred_language == "ru"
    assert client.get("/workspace/")["Location"] == "/ru/workspace/"


@pytest.mark.django_db
def test_preferred_language_wins_over_the_browsers(client, compact, focal_ken):
    profile_update(user=focal_ken, preferred_language="es")
    client.force_login(focal_ken)

    response = client.get("/objectives/", HTTP_ACCEPT_LANGUAGE="fr")

    assert response["Location"] == "/es/objectives/"
    assert client.session[SESSION_KEY] == "es"


@pytest.mark.django_db
def test_no_preferred_language_follows_the_browser(client, compact, focal_ken):
    client.force_login(focal_ken)

    response = client.get("/objectives/", HTTP_ACCEPT_LANGUAGE="ru")

    assert response["Location"] == "/ru/objectives/"
    assert client.session[SESSION_KEY] == ""


@pytest.mark.django_db
def test_preferred_language_is_read_at_sign_in_not_on_every_page(
    client, compact, focal_ken, django_assert_num_queries
):
    profile_update(user=focal_ken, preferred_language="ar")
    client.force_login(focal_ken)
    client.get("/ar/objectives/")

    # The session remembers it: no query for the language. 1. session  2. user
    with django_assert_num_queries(2):
        response = client.get("/objectives/")
    assert response["Location"] == "/ar/objectives/"


@pytest.mark.django_db
def test_admin_is_in_the_staff_members_language(client, staff_user):
    profile_update(user=staff_user, preferred_language="fr")
    client.force_login(staff_user)

    response = client.get("/admin/")

    assert response.status_code == 200
    assert html_lang(response) == "fr"
    # Django's own catalogue: the admin's words are French already.
    assert "Site d’administration" in response.content.decode()


@pytest.mark.django_db
def test_api_answers_in_accept_language_not_the_preferred_one(client, compact, focal_ken):
    profile_update(user=focal_ken, preferred_language="es")
    client.force_login(focal_ken)

    response = client.get("/api/v1/objectives/", HTTP_ACCEPT_LANGUAGE="fr")

    assert response.status_code == 200
    assert response["Content-Language"] == "fr"


@pytest.mark.django_db
def test_api_validation_error_speaks_accept_language(client, focal_ken):
    client.force_login(focal_ken)

    response = client.post(
        "/api/v1/pledges/", {}, content_type="application/json", HTTP_ACCEPT_LANGUAGE="fr"
    )

    assert response.status_code == 400
    assert response["Content-Language"] == "fr"
    # DRF's own catalogue covers "This field is required."
    assert "Ce champ est obligatoire." in response.content.decode()


# --- The profile ------------------------------------------------------------------------


@pytest.mark.django_db
def test_profile_update_creates_then_changes_the_profile(focal_ken):
    profile_update(user=focal_ken, preferred_language="fr")
    profile_update(user=focal_ken, preferred_language="")

    assert Profile.objects.get(user=focal_ken).preferred_language == ""


@pytest.mark.django_db
def test_profile_update_refuses_a_language_outside_the_six(focal_ken):
    with pytest.raises(ValidationError) as caught:
        profile_update(user=focal_ken, preferred_language="de")

    assert "preferred_language" in caught.value.message_dict
    assert not Profile.objects.exists()


@pytest.mark.django_db
def test_preferred_languages_of_many_users_in_one_query(
    focal_ken, focal_mex, staff_user, django_assert_num_queries
):
    profile_update(user=focal_ken, preferred_language="es")
    profile_update(user=focal_mex, preferred_language="")

    with django_assert_num_queries(1):
        languages = preferred_languages([focal_ken.pk, focal_mex.pk, staff_user.pk])

    assert languages == {focal_ken.pk: "es"}


def test_mail_language_falls_back_to_the_sites():
    assert mail_language("es") == "es"
    assert mail_language("") == "en"
    assert mail_language("de") == "en"


def test_language_options_name_each_language_in_itself_in_the_uns_order():
    options = language_options()

    assert [o["name"] for o in options] == [
        "العربية",
        "中文",
        "English",
        "Français",
        "Русский",
        "Español",
    ]
    assert [o["code"] for o in options if o["bidi"]] == ["ar"]


# --- Text in its own language -------------------------------------------------------------


class Text:
    def __init__(self, language: str = ""):
        self.language = language


def render(source: str, language: str, **context) -> str:
    template = Template("{% load languages %}" + source)
    with translation.override(language):
        return template.render(Context(context))


def test_lang_of_marks_english_text_and_its_direction_in_an_arabic_page():
    assert render("<p{% lang_of text %}>", "ar", text=Text()) == '<p lang="en" dir="ltr">'
    assert render("<p{% lang_of text %}>", "fr", text=Text()) == '<p lang="en">'
    assert render("<p{% lang_of text %}>", "en", text=Text("ar")) == '<p lang="ar" dir="rtl">'
    assert render("<p{% lang_of 'es' %}>", "es") == '<p lang="es">'


def test_in_lang_wraps_a_title_only_when_its_language_is_not_the_pages():
    fr = render("{{ title|in_lang:text }}", "fr", title="Fair & ethical", text=Text())
    en = render("{{ title|in_lang:text }}", "en", title="Fair & ethical", text=Text())

    assert fr == '<span lang="en">Fair &amp; ethical</span>'
    assert en == "Fair &amp; ethical"


def test_language_switcher_gives_the_page_in_each_language():
    request = RequestFactory().get("/objectives/?x=1")
    entries = Template("{% load languages %}{% language_switcher as l %}{{ l|length }}").render(
        Context({"request": request})
    )

    assert entries == "6"


# --- Dates ---------------------------------------------------------------------------------


def test_dates_are_written_the_languages_way():
    day = datetime.date(2026, 12, 15)

    with translation.override("en"):
        assert formats.date_format(day, "DATE_FORMAT") == "15 December 2026"
    with translation.override("zh-hans"):
        assert formats.date_format(day, "DATE_FORMAT") == "2026年12月15日"
    with translation.override("fr"):
        assert formats.date_format(day, "DATE_FORMAT") == "15 décembre 2026"


# --- The switcher in every page's header ----------------------------------------------------


@pytest.mark.django_db
def test_every_page_has_the_switcher_each_language_named_in_itself(client, compact):
    html = client.get("/fr/objectives/6/").content.decode()
    header = html[html.index("<header") : html.index("</header>")]

    assert '<form class="language-switcher" action="/i18n/setlang/" method="post"' in header
    assert '<input type="hidden" name="next" value="/fr/objectives/6/">' in header
    assert '<span class="language-current" lang="fr" aria-current="true">Français</span>' in header
    for code, name in [("ar", "العربية"), ("zh-hans", "中文"), ("en", "English")]:
        assert f'name="language" value="{code}" lang="{code}"' in header
        assert f">{name}</button>" in header
    assert 'value="ar" lang="ar" dir="rtl">' in header


@pytest.mark.django_db
def test_every_page_names_its_address_in_each_language(client, compact):
    html = client.get("/objectives/6/").content.decode()

    assert '<link rel="alternate" hreflang="en" href="http://testserver/objectives/6/">' in html
    assert '<link rel="alternate" hreflang="ar" href="http://testserver/ar/objectives/6/">' in html
    assert html.count('rel="alternate" hreflang=') == 6


@pytest.mark.django_db
def test_profile_page_saves_the_preferred_language_and_shows_the_page_in_it(client, focal_ken):
    client.force_login(focal_ken)
    page = client.get("/accounts/profile/").content.decode()
    assert '<option value="ar" lang="ar">العربية</option>' in page

    response = client.post("/accounts/profile/", {"preferred_language": "es"})

    assert response["Location"] == "/es/accounts/profile/"
    assert Profile.objects.get(user=focal_ken).preferred_language == "es"
    assert client.session[SESSION_KEY] == "es"
    assert html_lang(client.get("/es/accounts/profile/")) == "es"


@pytest.mark.django_db
def test_profile_page_back_to_the_browsers_language(client, focal_ken):
    profile_update(user=focal_ken, preferred_language="es")
    client.force_login(focal_ken)

    response = client.post("/es/accounts/profile/", {"preferred_language": ""})

    assert response["Location"] == "/accounts/profile/"
    assert client.get("/accounts/profile/", HTTP_ACCEPT_LANGUAGE="en").status_code == 200


def test_profile_page_needs_a_signed_in_user(client):
    response = client.get("/accounts/profile/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_chart_coordinates_stay_svg_numbers_in_every_language():
    from django.template.loader import render_to_string

    from pledges.charts import Row, bar_chart

    for language in ("fr", "ar", "ru"):
        with translation.override(language):
            chart = bar_chart(
                [Row("2024-Q1", [("n", "", 1)]), Row("2024-Q2", [("n", "", 3)])],
                labels_beside=True,
                rtl=translation.get_language_bidi(),
            )
            html = render_to_string(
                "pledges/includes/bar_chart.html",
                {"chart": chart, "chart_id": "c", "title": "t", "desc": "d"},
            )
        bar = chart.bars[0].segments[0]
        assert f'x="{bar.x}%" y="{chart.bars[0].y}" width="{bar.width}%"' in html, language
        assert "." in str(bar.width) and not re.search(r'(x|width)="\d+,\d', html), language
