"""No route shows what is not published (issue 12, "What to build": one visibility rule).

Unpublished rows of several actors — draft, submitted, returned and withdrawn pledges
with distinctive codes and titles, the progress and files of a withdrawn pledge, draft
and returned reviews — sit next to published ones. The sweep walks EVERY GET route the
URL resolver knows (the pages and the API router's routes alike, enumerated, so a new
route is walked without anyone listing it), anonymously and as another State's focal
point, as JSON, CSV and HTML (the browsable API), plus every export kind in every
format, and finds none of their codes, titles or texts in any body or header.

Two oracles are closed as well: a path naming an unpublished pledge, review or file
answers as one naming nothing; a filter or search given an unpublished code answers as
one given an unknown code.

A new route with path parameters fails `test_every_route_with_parameters_is_filled`
until PATH_SLOTS says which published object fills it: then the sweep covers it.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from urllib.parse import quote, quote_plus, urlencode

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from django.utils.html import escape

from exports import jobs, registry
from exports.models import Export
from objectives.models import GuidingPrinciple
from pledges.models import Evidence, Pledge, PledgeMatch, SupportRequest
from pledges.stats import compute_dashboard_stats
from reviews import services as review_services
from reviews.models import (
    Indicator,
    IndicatorValue,
    MissingMigrantsRecommendation,
    Report,
    ReviewCycle,
    ReviewEvent,
    Target,
    VoluntaryReview,
)
from tests.factories import PledgeFactory, ProgressUpdateFactory, StakeholderFactory, add_partners

pytestmark = pytest.mark.django_db

# Not walked, and why. Everything else the resolver knows is.
NOT_WALKED = {
    # Network staff's own tool (every model, every status): the public and focal points
    # are sent to its sign-in page; tests/*/test_admin.py cover it.
    "admin",
}

# Which object fills each route's path parameters: a slot of `World.slots`. A route
# missing here fails test_every_route_with_parameters_is_filled.
PATH_SLOTS: dict[str, str] = {
    "objective-detail": "objective",
    "objectives:detail": "objective_page",
    "workspace:assessment": "assessment",
    "principle-detail": "principle",
    "actor-detail": "actor",
    "countries:detail": "actor",
    "pledge-detail": "pledge",
    "pledge-publish": "pledge",
    "pledge-return": "pledge",
    "pledge-submit": "pledge",
    "pledge-updates": "pledge",
    "pledge-withdraw": "pledge",
    "pledges:detail": "pledge",
    "pledges:document": "pledge",
    "pledges:evidence": "evidence",
    "pledges:feed_updates": "pledge",
    "pledges:feed_country": "actor",
    "pledges:feed_objective": "objective_page",
    "workspace:pledge": "pledge",
    "workspace:pledge_edit": "pledge",
    "workspace:pledge_submit": "pledge",
    "workspace:pledge_withdraw": "pledge",
    "workspace:pledge_commitments": "pledge",
    "workspace:update_create": "pledge",
    "workspace:dispute_reply": "evidence",
    "pledges:unsubscribe": "unsubscribe_link",
    "match-detail": "match",
    "pledge-support": "pledge",
    "workspace:pledge_support": "pledge",
    "workspace:pledge_support_clear": "pledge",
    "workspace:match_accept": "match",
    "workspace:match_decline": "match",
    "workspace:match_resource": "match",
    "workspace:match_deliver": "match",
    "workspace:match_withdraw": "match",
    "cycle-detail": "cycle",
    "event-detail": "event",
    "recommendation-detail": "recommendation",
    "review-detail": "api_review",
    "review-assessments": "api_review",
    "review-publish": "api_review",
    "review-recommendations": "api_review",
    "review-commitments": "api_review",
    "review-return": "api_review",
    "review-submit": "api_review",
    "reviews:detail": "review",
    "reviews:plan_document": "review",
    "workspace:review": "review",
    "workspace:review_submit": "review",
    "workspace:review_recall": "review",
    "workspace:partnership": "partnership",
    "workspace:partnership_accept": "partnership",
    "workspace:partnership_decline": "partnership",
    "workspace:partnership_leave": "partnership",
    "workspace:pledge_import_report": "import_report",
    "countries:report": "actor",
    "countries:report_pdf": "actor",
    "indicator-detail": "indicator",
    "indicator-value-detail": "indicator_value",
    "export-detail": "export",
    "export-download": "export",
    "exports:detail": "export_page",
    "reviews:report": "report",
    "reviews:target": "target",
    "reviews:snapshot": "snapshot",
    "reviews:snapshot_compare": "snapshot",
    "reviews:snapshot_pledges": "snapshot",
    "reviews:snapshot_download": "snapshot_download",
    "snapshot-detail": "snapshot",
    "password_reset_confirm": "reset_link",
}

UNKNOWN_CODE = "GCM-NONE-00000"
SECRET_SUPPORT = "Unpublished support sought"
# Published, then withdrawn: its detail routes answer 410 Gone (issue 19), by design.
ONCE_PUBLIC = "GCM-HID-NETWITHDRAWN"
GONE_ROUTES = {"pledge-detail", "pledges:detail"}
# Workbooks made anew on each request (their timestamps differ): they read no query
# parameter, and test_no_route_shows_an_unpublished_row reads their cells.
FRESH_EACH_TIME = {"workspace:pledge_template", "workspace:update_template"}
UNKNOWN_ID = 987654321
# Query parameters a page or a list might read a code from, beyond the API's filters.
PAGE_PROBES = ["search", "pledge", "actor", "q"]


@dataclass
class Slot:
    shown: dict  # path parameters naming a published object
    hidden: list[dict] = field(default_factory=list)  # ... naming unpublished ones
    unknown: dict | None = None  # ... naming nothing


@dataclass
class World:
    secrets: list[str]  # what must never be shown: codes, titles, texts, file names
    hidden_codes: list[str]
    published_codes: list[str]
    slots: dict[str, Slot]
    exports: dict[str, list[int]]  # persona -> their exports of every kind and format


def _hidden_pledge(code: str, lead, *, status: str, **kwargs) -> Pledge:
    token = code.lower()
    return PledgeFactory(
        code=code, title=f"Unpublished {token} plan", lead=lead, status=status, **kwargs
    )


@pytest.fixture
def world(settings, tmp_path, compact, calendar, kenya, mexico, focal_mex, staff_user):
    settings.MEDIA_ROOT = tmp_path
    philippines = kenya.__class__.objects.get(code="PHL")
    network = StakeholderFactory(code="sahel-network", name="Sahel Migrant Network")
    imrf = ReviewEvent.objects.get(slug="imrf-2022")

    # Published: Kenya's (Mexico partners it, so Mexico's focal point works on it),
    # Mexico's own, and the network's, which matched a pledge since withdrawn.
    shown = PledgeFactory(
        code="GCM-PUB-KEN", title="Published Kenyan plan", lead=kenya, status="published"
    )
    add_partners(shown, mexico)
    PledgeFactory(
        code="GCM-PUB-MEX", title="Published Mexican plan", lead=mexico, status="published"
    )

    hidden = [
        _hidden_pledge("GCM-HID-KENDRAFT", kenya, status="draft"),
        _hidden_pledge("GCM-HID-KENSUBMIT", kenya, status="submitted"),
        _hidden_pledge("GCM-HID-KENRETURN", kenya, status="returned"),
        _hidden_pledge("GCM-HID-PHLSUBMIT", philippines, status="submitted"),
        _hidden_pledge("GCM-HID-PHLRETURN", philippines, status="returned"),
        _hidden_pledge("GCM-HID-NETDRAFT", network, status="draft"),
    ]
    add_partners(hidden[0], philippines)
    add_partners(hidden[3], kenya)
    # Withdrawn after progress was reported on it, with a file; a published pledge
    # matched it while it was published.
    withdrawn = _hidden_pledge("GCM-HID-NETWITHDRAWN", network, status="published")
    secret_file = _progress(withdrawn, "Unpublished update narrative", "unpublished-evidence.pdf")
    PledgeFactory(
        code="GCM-PUB-NET",
        title="Published network plan",
        lead=network,
        status="published",
        mode=Pledge.Mode.MATCHING,
        matches=withdrawn,
    )
    Pledge.objects.filter(pk=withdrawn.pk).update(status="withdrawn", withdrawn_at=timezone.now())
    hidden.append(withdrawn)
    shown_file = _progress(shown, "Published update narrative", "published-evidence.pdf")

    # Every pledge serves objective 5, names action 5(a) and was announced at IMRF 2022.
    action = compact_action(5, "a")
    for pledge in Pledge.objects.all():
        pledge.actions.add(action)
        review_services.pledge_announcement_set(pledge=pledge, event=imrf, user=staff_user)

    # Kenya's published review cites its published and its unpublished pledges; the
    # Philippines' draft and Kenya's returned review (of another cycle) stay hidden.
    cycle = ReviewCycle.objects.get(name="2023–2026")
    cited = ["GCM-PUB-KEN", "GCM-HID-KENDRAFT", "GCM-HID-KENSUBMIT", "GCM-HID-KENRETURN"]
    review = _review(kenya, cycle, staff_user, "Published assessment narrative", cited)
    review = review_services.review_submit(review=review, user=staff_user)
    review = review_services.review_publish(review=review, user=staff_user)
    draft_review = _review(philippines, cycle, staff_user, "Unpublished draft review narrative")
    other_cycle = ReviewCycle.objects.exclude(pk=cycle.pk).first()
    returned = _review(kenya, other_cycle, staff_user, "Unpublished returned review narrative")
    returned = review_services.review_submit(review=returned, user=staff_user)
    review_services.review_return(
        review=returned, user=staff_user, reason="Unpublished return reason"
    )
    hidden_reviews = [draft_review.pk, returned.pk]

    indicator = Indicator.objects.create(
        code="IND-SWEEP", name="Sweep indicator", objective=compact_objective(5), tier="I"
    )
    value = IndicatorValue.objects.create(indicator=indicator, state=kenya, year=2024, value=1)

    # Mexico's focal point's exports: every kind, every format, built now.
    exports: dict[str, list[int]] = {"focal_mex": []}
    for kind in registry.kinds():
        for file_format in Export.Format.values:
            export = Export.objects.create(requester=focal_mex, kind=kind, format=file_format)
            jobs.export_build(export_id=export.pk)
            exports["focal_mex"].append(export.pk)
    first_export = exports["focal_mex"][0]

    hidden_codes = [pledge.code for pledge in hidden]
    secrets = [
        *hidden_codes,
        *(pledge.title for pledge in hidden),
        "Unpublished update narrative",
        "unpublished-evidence",
        "Unpublished draft review narrative",
        "Unpublished returned review narrative",
        "Unpublished return reason",
        SECRET_SUPPORT,
    ]
    pledge_slot = Slot(
        {"code": shown.code},
        [{"code": code} for code in hidden_codes],
        {"code": UNKNOWN_CODE},
    )
    shown_match = PledgeMatch.objects.create(
        offer=Pledge.objects.get(code="GCM-PUB-MEX"), matched=shown
    )
    hidden_match = PledgeMatch.objects.create(offer=hidden[3], matched=shown)
    # What pledges seek: the seeking-support list and `support_sought` show the
    # published pledge's, never an unpublished one's.
    for pledge, text in ((shown, "Published support sought"), (hidden[0], SECRET_SUPPORT)):
        SupportRequest.objects.create(
            pledge=pledge,
            support_type="policy",
            objective=pledge.objectives.get(),
            description=text,
        )
    # The public record frozen now: it must hold the published pledges only.
    snapshot = review_services.snapshot_take()
    slots = {
        "objective": Slot({"number": 5}),
        "objective_page": Slot({"number": 5}),
        "assessment": Slot({"pk": review.pk, "number": 5}),
        "principle": Slot({"slug": GuidingPrinciple.objects.order_by("pk").first().slug}),
        "actor": Slot({"code": "KEN"}),
        "pledge": pledge_slot,
        # Mexico partners Kenya's published pledge; Philippines an unpublished one.
        "partnership": Slot(
            {"code": shown.code, "actor": "MEX"},
            [{"code": hidden[0].code, "actor": "PHL"}, {"code": hidden[3].code, "actor": "KEN"}],
            {"code": UNKNOWN_CODE, "actor": "MEX"},
        ),
        # A report key nobody uploaded: a 404 whoever asks.
        "import_report": Slot({"key": "0123456789abcdef0123456789abcdef"}),
        "evidence": Slot(
            {"code": shown.code, "pk": shown_file.pk},
            [
                {"code": withdrawn.code, "pk": secret_file.pk},
                {"code": shown.code, "pk": secret_file.pk},
            ],
            {"code": UNKNOWN_CODE, "pk": UNKNOWN_ID},
        ),
        # Mexico's published pledge offers to match Kenya's; Philippines' submitted one too.
        "match": Slot({"id": shown_match.pk}, [{"id": hidden_match.pk}], {"id": UNKNOWN_ID}),
        "cycle": Slot({"id": cycle.pk}),
        "event": Slot({"id": imrf.pk}),
        "recommendation": Slot(
            {"id": MissingMigrantsRecommendation.objects.order_by("pk").first().pk}
        ),
        "api_review": Slot(
            {"id": review.pk}, [{"id": pk} for pk in hidden_reviews], {"id": UNKNOWN_ID}
        ),
        "review": Slot(
            {"pk": review.pk}, [{"pk": pk} for pk in hidden_reviews], {"pk": UNKNOWN_ID}
        ),
        "indicator": Slot({"code": indicator.code}),
        "indicator_value": Slot({"id": value.pk}),
        "export": Slot({"id": first_export}),
        "export_page": Slot({"pk": first_export}),
        "report": Slot({"slug": Report.objects.order_by("pk").first().slug}),
        "target": Slot({"slug": Target.objects.order_by("pk").first().slug}),
        "reset_link": Slot({"uidb64": "MQ", "token": "set-password"}),
        "unsubscribe_link": Slot({"token": "not-a-signed-token"}),
        "snapshot": Slot({"slug": snapshot.slug}, unknown={"slug": "no-such-snapshot"}),
        "snapshot_download": Slot(
            {"slug": snapshot.slug, "format": "json"},
            unknown={"slug": "no-such-snapshot", "format": "json"},
        ),
    }
    return World(
        secrets=secrets,
        hidden_codes=hidden_codes,
        published_codes=["GCM-PUB-KEN", "GCM-PUB-MEX", "GCM-PUB-NET"],
        slots=slots,
        exports=exports,
    )


def _progress(pledge: Pledge, narrative: str, file_name: str) -> Evidence:
    """A progress update of `pledge` with one file; the file."""
    update = ProgressUpdateFactory(pledge=pledge, narrative=narrative)
    content = b"%PDF-1.4 " + file_name.encode()
    return Evidence.objects.create(
        update=update,
        file=SimpleUploadedFile(file_name, content),
        name=file_name,
        size=len(content),
    )


def _review(state, cycle, staff, narrative: str, pledges=()) -> VoluntaryReview:
    """A draft review of `state` assessing objective 5, citing `pledges`."""
    review = review_services.review_create(user=staff, state=state, cycle=cycle)
    review_services.assessment_upsert(
        review=review,
        user=staff,
        objective=5,
        level="in_progress",
        narrative=narrative,
        pledges=list(pledges),
    )
    return review


def compact_objective(number: int):
    from objectives.models import Objective

    return Objective.objects.get(number=number)


def compact_action(number: int, letter: str):
    return compact_objective(number).actions.get(letter=letter)


# --- The routes ------------------------------------------------------------------------


@dataclass
class Route:
    name: str
    params: list[str]
    is_api: bool
    filters: list[str]  # the API list's filter parameters, from its FilterSet


def _routes() -> list[Route]:
    """Every named route of the site, as the resolver knows it (admin aside)."""
    found: list[Route] = []

    def walk(patterns, namespace: str | None) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = pattern.namespace or None
                full = ":".join(n for n in (namespace, inner) if n) or None
                if full in NOT_WALKED:
                    continue
                walk(pattern.url_patterns, full)
            elif isinstance(pattern, URLPattern):
                assert pattern.name, f"an unnamed route cannot be walked: {pattern.pattern}"
                name = f"{namespace}:{pattern.name}" if namespace else pattern.name
                actions = getattr(pattern.callback, "actions", None)
                if actions is not None and "get" not in actions:
                    continue  # an API route without GET
                view_class = getattr(pattern.callback, "cls", None)
                filterset = getattr(view_class, "filterset_class", None)
                found.append(
                    Route(
                        name=name,
                        params=sorted(pattern.pattern.regex.groupindex),
                        is_api=actions is not None or name == "api-root",
                        filters=sorted(filterset.base_filters) if filterset else [],
                    )
                )

    walk(get_resolver().url_patterns, None)
    # i18n_patterns lists each page once (the default language has no prefix).
    return list({route.name: route for route in found}.values())


ROUTES = _routes()


def test_the_walk_finds_the_pages_and_the_api():
    names = {route.name for route in ROUTES}

    assert {"pledges:index", "pledges:detail", "countries:detail", "home"} <= names
    assert {"pledge-list", "pledge-detail", "event-list", "review-assessments"} <= names
    assert "pledge-publish" not in names  # POST only
    assert not any(name.startswith("admin:") for name in names)


def test_every_route_with_parameters_is_filled():
    missing = [route.name for route in ROUTES if route.params and route.name not in PATH_SLOTS]

    assert missing == [], f"say in PATH_SLOTS which published object fills {missing}"


# --- Reading every route ---------------------------------------------------------------


@pytest.fixture
def clients(focal_mex, throttle_rates) -> dict[str, Client]:
    # The sweep makes hundreds of requests: rates out of its way (tests/security
    # test_throttling.py tests them), and any 429 still fails it below.
    throttle_rates(anon="1000000/minute", user="1000000/minute")
    signed = Client()
    signed.force_login(focal_mex)
    return {"anonymous": Client(), "focal_mex": signed}


def _url(route: Route, kwargs: dict, query: dict | None = None) -> str:
    url = reverse(route.name, kwargs=kwargs or None)
    return f"{url}?{urlencode(query)}" if query else url


def _formats(route: Route) -> list[dict]:
    if route.is_api:
        # JSON, CSV (where offered), and the browsable API's HTML with its forms.
        return [{"page_size": 100}, {"format": "csv"}, {"format": "api", "page_size": 100}]
    return [{}]


def _text(response) -> str:
    """Everything a reader gets: headers and body (each file of a zip, e.g. XLSX)."""
    parts = [f"{name}: {value}" for name, value in response.items()]
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if body[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            parts += [archive.read(name).decode("utf-8", "replace") for name in archive.namelist()]
    else:
        parts.append(body.decode("utf-8", "replace"))
    return "\n".join(parts)


def _leaks(text: str, world: World) -> list[str]:
    lowered = text.lower()
    return [secret for secret in world.secrets if secret.lower() in lowered]


def _get(client: Client, url: str):
    response = client.get(url, secure=True)
    assert response.status_code < 500, (url, response.status_code)
    assert response.status_code != 429, f"{url}: throttled, the sweep saw nothing"
    return response


def _sweep(client: Client, world: World, routes: list[Route]) -> tuple[dict[str, list[str]], int]:
    """({url: the secrets it showed}, how many answered 200) over every route's formats."""
    leaks: dict[str, list[str]] = {}
    seen_ok = 0
    for route in routes:
        kwargs = world.slots[PATH_SLOTS[route.name]].shown if route.params else {}
        for query in _formats(route):
            url = _url(route, kwargs, query)
            response = _get(client, url)
            seen_ok += response.status_code == 200
            if found := _leaks(_text(response), world):
                leaks[url] = found
    return leaks, seen_ok


@pytest.mark.parametrize("persona", ["anonymous", "focal_mex"])
def test_no_route_shows_an_unpublished_row(world, clients, persona):
    leaks, seen_ok = _sweep(clients[persona], world, ROUTES)

    assert leaks == {}
    # The walk read real pages, not a wall of redirects and 404s.
    assert seen_ok >= 60


def test_the_sweep_catches_a_new_route_that_leaks(world, clients, settings):
    # Someone adds a page that lists pledges from Pledge.objects, past the rule.
    settings.ROOT_URLCONF = "tests.security.leaky_urls"
    routes = _routes()

    assert "leaky-codes" in {route.name for route in routes}
    new = [route for route in routes if route.name == "leaky-codes"]
    leaks, _seen = _sweep(clients["anonymous"], world, new)
    assert set(leaks) == {"/leaky-codes/"}
    assert set(leaks["/leaky-codes/"]) >= set(world.hidden_codes)


@pytest.mark.parametrize("persona", ["anonymous", "focal_mex"])
def test_the_published_rows_are_there_to_be_seen(world, clients, persona):
    # The sweep would pass on an empty site; these show it looked at full pages.
    client = clients[persona]

    directory = _get(client, "/pledges/").content.decode()
    listed = b"".join(_get(client, "/api/v1/pledges/?format=csv").streaming_content).decode()
    event = _get(client, reverse("event-detail", kwargs=world.slots["event"].shown)).json()
    assessments = _get(
        client, reverse("review-assessments", kwargs=world.slots["api_review"].shown)
    ).json()

    for code in world.published_codes:
        assert code in directory and code in listed
    assert event["announced_pledges"] == world.published_codes
    assert assessments[0]["pledges"] == ["GCM-PUB-KEN"]
    assert "Published update narrative" in _get(client, "/pledges/GCM-PUB-KEN/").content.decode()


def test_exports_hold_no_unpublished_row(world, clients):
    client = clients["focal_mex"]
    for export_id in world.exports["focal_mex"]:
        export = Export.objects.get(pk=export_id)
        assert export.status == Export.Status.DONE, (export.kind, export.format)
        response = _get(client, reverse("export-download", kwargs={"id": export_id}))

        text = _text(response)
        assert response.status_code == 200
        assert _leaks(text, world) == [], (export.kind, export.format)
        if export.kind == "pledges":
            assert "GCM-PUB-KEN" in text


def test_counts_count_only_published_rows(world, client):
    stats = compute_dashboard_stats()
    countries = client.get("/countries/").content.decode()

    assert stats["totals"]["published_pledges"] == len(world.published_codes)
    assert stats["totals"]["progress_updates"] == 1
    # Kenya leads one published pledge; its drafts with partners count for no one.
    assert re.search(r"Kenya.{0,400}?1 pledge\b", countries, re.S)
    assert re.search(r"Philippines.{0,400}?no pledge", countries, re.S)


# --- No oracle: an unpublished code answers as an unknown one --------------------------


def _normalised(response, *probes: str) -> tuple[int, str]:
    """Status and text, with what the client itself sent (`probes`: the path, a query
    value) written as <probe> however it is echoed, the CSRF token and the length
    blanked."""
    text = _text(response)
    for probe in probes:
        forms = {probe, quote(probe), quote(probe, safe=""), quote_plus(probe), escape(probe)}
        # Inside a sign-in link's ?next=, the query is encoded twice.
        forms.add(quote(quote_plus(probe), safe=""))
        for form in sorted(forms, key=len, reverse=True):
            text = text.replace(form, "<probe>")
    text = re.sub(r'(name="csrfmiddlewaretoken" value=")[^"]+', r"\1", text)
    text = re.sub(r"(csrftoken=)[^;]+", r"\1", text)
    # The length follows the probe's; the clock moves between two requests.
    # A body tag (ConditionalGetMiddleware) follows the body, the probe echoed in it.
    text = re.sub(r"^(Content-Length|Expires|Date|ETag): .*$", "", text, flags=re.M)
    return response.status_code, text


@pytest.mark.parametrize("persona", ["anonymous", "focal_mex"])
def test_a_path_naming_an_unpublished_row_answers_as_one_naming_nothing(world, clients, persona):
    client = clients[persona]
    different = []
    gone: list[tuple[str, int]] = []
    probed = 0
    for route in ROUTES:
        slot = world.slots[PATH_SLOTS[route.name]] if route.params else None
        if slot is None or not slot.hidden:
            continue
        query = _formats(route)[0]
        unknown_url = _url(route, slot.unknown, query)
        unknown = _normalised(_get(client, unknown_url), unknown_url.split("?")[0])
        for kwargs in slot.hidden:
            probed += 1
            url = _url(route, kwargs, query)
            response = _get(client, url)
            if route.name in GONE_ROUTES and kwargs.get("code") == ONCE_PUBLIC:
                # Issue 19: a pledge that was public and was withdrawn answers 410 Gone
                # with its code and date (a syncing copy must learn it is gone), and
                # still nothing of what it said.
                gone.append((route.name, response.status_code))
                continue
            # The path itself may be echoed (a 404 page, a sign-in link's ?next=).
            if _normalised(response, url.split("?")[0]) != unknown:
                different.append((route.name, kwargs))

    assert different == []
    assert probed >= 40
    assert gone and {code for _, code in gone} == {410}


@pytest.mark.parametrize("persona", ["anonymous", "focal_mex"])
def test_a_filter_given_an_unpublished_code_answers_as_an_unknown_code(world, clients, persona):
    client = clients[persona]
    different = []
    probed = 0
    # One code of each status, and words of a title.
    probes = [
        "GCM-HID-KENDRAFT",
        "GCM-HID-PHLSUBMIT",
        "GCM-HID-KENRETURN",
        "GCM-HID-NETWITHDRAWN",
        "unpublished gcm-hid-netdraft plan",
    ]
    for route in ROUTES:
        if route.params or route.name in FRESH_EACH_TIME:
            continue
        names = route.filters if route.is_api else PAGE_PROBES
        for name in names:
            unknown = _normalised(_get(client, _url(route, {}, {name: UNKNOWN_CODE})), UNKNOWN_CODE)
            for probe in probes:
                probed += 1
                answer = _normalised(_get(client, _url(route, {}, {name: probe})), probe)
                if answer != unknown:
                    different.append((route.name, name, probe, answer[0], unknown[0]))

    assert different == []
    assert probed >= 100
