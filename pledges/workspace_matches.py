"""The workspace's matching pages (issue 14): the offers one's actors received and made,
each step a form posting to the service the API's named actions call; an offer made
from one of one's published pledges; and what support a pledge seeks.

Who may move a match is the services' (pledges.services.match_*): a match the user may
read but is not the right side of is refused with 403 and nothing changed; a step no
longer open (a colleague answered first, the other side withdrew) comes back as the
page again, with the stage it is now at, at 400.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from . import services
from .forms import (
    ConfirmForm,
    MatchOfferForm,
    MatchReasonForm,
    MatchResourceForm,
    ServiceForm,
    SupportRequestForm,
)
from .models import Pledge, PledgeMatch
from .selectors import (
    actors_for_user,
    match_histories,
    match_list,
    match_steps_open,
    offering_pledges,
    pledges_visible_to,
    user_can_seek_support,
    workspace_matches,
)
from .workspace_views import _get_pledge


class StepButtonForm(ServiceForm):
    """A step that is only its button (accept, confirm delivery): the CSRF token."""


# Each step: its form (None: a button only), its service, the message.
STEPS: dict[str, tuple[type[ServiceForm] | None, Callable[..., PledgeMatch], Any]] = {
    "accept": (
        None,
        services.match_accept,
        gettext_lazy("You accepted the offer of %(code)s."),
    ),
    "decline": (
        MatchReasonForm,
        services.match_decline,
        gettext_lazy("You declined the offer of %(code)s; its lead has been told why."),
    ),
    "resource": (
        MatchResourceForm,
        services.match_resource,
        gettext_lazy("What %(code)s committed is recorded."),
    ),
    "deliver": (
        None,
        services.match_deliver,
        gettext_lazy("You confirmed the delivery of %(code)s."),
    ),
    "withdraw": (
        MatchReasonForm,
        services.match_withdraw,
        gettext_lazy("The offer of %(code)s is withdrawn."),
    ),
}


def _step_form(step: str, match: PledgeMatch, data: Any = None) -> ServiceForm:
    form_class = STEPS[step][0] or StepButtonForm
    # A prefix per match and step: the page holds many forms, each id once.
    return form_class(data, prefix=f"{step}-{match.pk}")


def _matches_page(
    request: HttpRequest,
    *,
    failed: tuple[PledgeMatch, str, ServiceForm] | None = None,
    status: int = 200,
) -> HttpResponse:
    """The offers page: received (the matched side's) and made (the offering side's),
    each with its stage, history and the forms of the steps open to the user. Four
    queries after the session's, whatever the number of matches: the user's actors,
    the matches (both pledges and leads joined), their history, whether the user has a
    pledge to offer."""
    user = request.user
    actor_ids = set(actors_for_user(user).values_list("pk", flat=True))
    matches = list(workspace_matches(user))
    histories = match_histories(matches)
    received, made = [], []
    for match in matches:
        match.history_rows = histories[match.pk]  # type: ignore[attr-defined]
        match.step_forms = {  # type: ignore[attr-defined]
            step: (
                failed[2]
                if failed and failed[0].pk == match.pk and failed[1] == step
                else _step_form(step, match)
            )
            for step in match_steps_open(match, actor_ids)
        }
        (made if match.offer.lead_id in actor_ids else received).append(match)
    context = {
        "received": received,
        "made": made,
        "failed": failed,
        "can_offer": offering_pledges(user).exists(),
    }
    return render(request, "pledges/workspace/matches.html", context, status=status)


@login_required
def matches(request: HttpRequest) -> HttpResponse:
    return _matches_page(request)


def _step_view(step: str) -> Callable[..., HttpResponse]:
    form_class, service, done = STEPS[step]

    @login_required
    @require_POST
    def view(request: HttpRequest, id: int) -> HttpResponse:
        # Any match the user may read: one they are not the right side of is the
        # service's 403, not a 404. (`id`, as the API's match routes and the sweep's slot.)
        match = get_object_or_404(match_list(request.user), pk=id)
        form = _step_form(step, match, request.POST)
        if not form.is_valid():
            return _matches_page(request, failed=(match, step, form), status=400)
        values = form.cleaned_data if form_class is not None else {}
        try:
            service(match=match, user=request.user, **values)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
            return _matches_page(request, failed=(match, step, form), status=403)
        except ValidationError as exc:
            form.add_service_errors(exc)
            return _matches_page(request, failed=(match, step, form), status=400)
        messages.success(request, str(done) % {"code": match.offer.code})
        return redirect("workspace:matches")

    view.__name__ = f"match_{step}"
    return view


match_accept = _step_view("accept")
match_decline = _step_view("decline")
match_resource = _step_view("resource")
match_deliver = _step_view("deliver")
match_withdraw = _step_view("withdraw")


@login_required
def match_offer(request: HttpRequest) -> HttpResponse:
    """Offer one of the user's published pledges to a published pledge (the one named by
    `?matched=`, from the seeking-support list): the service decides whether it may."""
    offers = list(offering_pledges(request.user))
    matched_code = request.GET.get("matched", "").strip().upper()
    matched = (
        pledges_visible_to(request.user)
        .filter(code=matched_code, status=Pledge.Status.PUBLISHED)
        .select_related("lead", "support_request")
        .first()
        if matched_code
        else None
    )
    form = MatchOfferForm(
        request.POST or None,
        offers=offers,
        initial={"matched": matched.code if matched else ""},
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            offer = next(p for p in offers if p.code == form.cleaned_data["offer"])
            try:
                services.match_offer(
                    offer=offer, user=request.user, matched=form.cleaned_data["matched"]
                )
            except PermissionDenied as exc:
                form.add_error(None, str(exc))
                status = 403
            except ValidationError as exc:
                form.add_service_errors(exc)
            else:
                messages.success(
                    request,
                    _("%(offer)s offered to %(matched)s: its lead has been told.")
                    % {"offer": offer.code, "matched": form.cleaned_data["matched"].upper()},
                )
                return redirect("workspace:matches")
    context = {"form": form, "offers": offers, "matched": matched}
    return render(request, "pledges/workspace/match_offer.html", context, status=status)


# --- What a pledge seeks ---------------------------------------------------------------


def _support_page(
    request: HttpRequest, pledge: Pledge, form: SupportRequestForm, status: int = 200
) -> HttpResponse:
    context = {
        "pledge": pledge,
        "form": form,
        "request_now": getattr(pledge, "support_request", None),
        "can_seek": user_can_seek_support(request.user, pledge),
        "confirm": ConfirmForm(),
    }
    return render(request, "pledges/workspace/support_form.html", context, status=status)


def _support_form(pledge: Pledge, data: Any = None) -> SupportRequestForm:
    current = getattr(pledge, "support_request", None)
    initial = {}
    if current is not None:
        initial = {
            "support_type": current.support_type,
            "objective": current.objective.number,
            "description": current.description,
            "amount": current.amount,
            "currency": current.currency,
        }
    return SupportRequestForm(data, objectives=list(pledge.objectives.all()), initial=initial)


@login_required
def pledge_support(request: HttpRequest, code: str) -> HttpResponse:
    """Say what support the pledge seeks, for its lead's focal points; anyone else who
    may open the pledge in the workspace sees it read-only (a POST is a 403)."""
    pledge = _get_pledge(request, code)
    form = _support_form(pledge, request.POST or None)
    if request.method != "POST":
        return _support_page(request, pledge, form)
    if not form.is_valid():
        return _support_page(request, pledge, form, status=400)
    try:
        services.support_request_set(pledge=pledge, user=request.user, **form.cleaned_data)
    except PermissionDenied as exc:
        form.add_error(None, str(exc))
        return _support_page(request, pledge, form, status=403)
    except ValidationError as exc:
        form.add_service_errors(exc)
        return _support_page(request, pledge, form, status=400)
    messages.success(request, _("%(code)s now says what support it seeks.") % {"code": pledge.code})
    return redirect("workspace:pledge", code=pledge.code)


@login_required
@require_POST
def pledge_support_clear(request: HttpRequest, code: str) -> HttpResponse:
    """The pledge seeks no support any more. Anyone but its lead's focal points: the
    PermissionDenied is a 403 and nothing changes."""
    pledge = _get_pledge(request, code)
    try:
        services.support_request_clear(pledge=pledge, user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("%(code)s seeks no support any more.") % {"code": pledge.code})
    return redirect("workspace:pledge", code=pledge.code)
