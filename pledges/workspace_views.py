"""The focal points' workspace for pledges: draft, edit, submit, withdraw, report progress.

Views are thin: a form checks shape, the service (pledges.services) checks meaning and
writes, and its ValidationError comes back beside the fields with everything the user
typed. Who may see what comes from pledges.selectors: the workspace holds the user's
own work only, so another actor's pledge — even a published one — is a 404 here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core.etags import version_of

from . import services
from .forms import (
    ConfirmForm,
    PartnershipAcceptForm,
    PartnershipReasonForm,
    PledgeForm,
    ProgressUpdateForm,
)
from .models import Actor, Partnership, Pledge, ProgressUpdate
from .selectors import (
    User,
    actor_list,
    actors_for_user,
    pledge_list,
    pledge_reporting_actors,
    pledge_updates,
    user_can_answer_invitation,
    user_can_edit_pledge,
    user_can_leave_partnership,
    user_can_reply_to_dispute,
    user_can_report_progress,
    user_can_seek_support,
    user_can_submit_pledge,
    user_can_withdraw_pledge,
    user_is_staff,
    user_speaks_for,
    workspace_pledges,
)


def _get_pledge(request: HttpRequest, code: str) -> Pledge:
    """The pledge with its links prefetched, or 404 outside the user's workspace."""
    return get_object_or_404(
        pledge_list(request.user).filter(pk__in=workspace_pledges(request.user).values("pk")),
        code=code,
    )


def public_pledge_url(pledge: Pledge) -> str:
    """The public page of a published pledge; the workspace page otherwise."""
    if pledge.status == Pledge.Status.PUBLISHED:
        return reverse("pledges:detail", kwargs={"code": pledge.code})
    return reverse("workspace:pledge", kwargs={"code": pledge.code})


def _lead_choices(user: User, pledge: Pledge | None) -> list[Actor]:
    if user_is_staff(user):
        return list(actor_list())
    actors = list(actors_for_user(user))
    # Staff may have given the pledge a lead the user does not speak for: keep it shown
    # so that the form round-trips (the service refuses a change the user may not make).
    if pledge is not None and all(a.pk != pledge.lead_id for a in actors):
        actors.insert(0, pledge.lead)
    return actors


def _pledge_context(request: HttpRequest, pledge: Pledge) -> dict[str, Any]:
    user = request.user
    return {
        "pledge": pledge,
        "can_edit": user_can_edit_pledge(user, pledge),
        "can_submit": user_can_submit_pledge(user, pledge),
        "can_withdraw": user_can_withdraw_pledge(user, pledge),
        "can_report": user_can_report_progress(user, pledge),
        "public_url": public_pledge_url(pledge) if pledge.status == "published" else "",
        "lead_speaks": user_speaks_for(user, pledge.lead_id),
        "can_seek_support": user_can_seek_support(user, pledge),
    }


@login_required
def pledge_create(request):
    lead_choices = _lead_choices(request.user, None)
    if not lead_choices:
        messages.info(request, _("You are not a focal point of any actor yet."))
        return redirect("workspace:home")
    form = PledgeForm(
        request.POST or None,
        request.FILES or None,
        user=request.user,
        lead_choices=lead_choices,
    )
    if request.method == "POST" and form.is_valid():
        try:
            pledge = services.pledge_create(
                user=request.user,
                document=form.cleaned_data["document"],
                **form.service_values(),
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(
                request,
                _("Draft %(code)s saved. Check it, then submit it for verification.")
                % {"code": pledge.code},
            )
            return redirect("workspace:pledge", code=pledge.code)
    return render(
        request,
        "pledges/workspace/pledge_form.html",
        {"form": form, "pledge": None, "editing": False},
    )


@login_required
def pledge_detail(request, code: str):
    pledge = _get_pledge(request, code)
    context = _pledge_context(request, pledge)
    context["updates"] = updates = list(pledge_updates(pledge))
    # The disputed updates this person may answer (a query or two per dispute: rare).
    for update in updates:
        update.pledge = pledge
    context["reply_to"] = {
        u.pk
        for u in updates
        if u.verification == ProgressUpdate.Verification.DISPUTED
        and user_can_reply_to_dispute(request.user, u)
    }
    context["confirm"] = ConfirmForm()
    return render(request, "pledges/workspace/pledge_detail.html", context)


@login_required
def pledge_edit(request, code: str):
    pledge = _get_pledge(request, code)
    if not user_can_edit_pledge(request.user, pledge):
        # Read-only, with the reason; a POST is refused and writes nothing.
        context = _pledge_context(request, pledge)
        context["updates"] = pledge_updates(pledge)
        context["locked"] = True
        status = 403 if request.method == "POST" else 200
        return render(request, "pledges/workspace/pledge_detail.html", context, status=status)
    form = PledgeForm(
        request.POST or None,
        request.FILES or None,
        user=request.user,
        lead_choices=_lead_choices(request.user, pledge),
        pledge=pledge,
        initial=PledgeForm.initial_from(pledge),
    )
    conflicts: list[tuple[str, str, str]] = []
    if request.method == "POST" and form.is_valid():
        values = form.service_values()
        if form.cleaned_data["document"]:
            values["document"] = form.cleaned_data["document"]
        elif form.cleaned_data.get("remove_document"):
            values["document"] = None
        try:
            with transaction.atomic():
                # The version check and the write under one row lock: of two colleagues
                # saving from the same version, the second sees the first's change.
                locked = Pledge.objects.select_for_update().get(pk=pledge.pk)
                opened_at = form.cleaned_data.get("version")
                if opened_at and opened_at != version_of(locked):
                    conflicts = form.conflicts_with(_get_pledge(request, code))
                if not conflicts:
                    pledge = services.pledge_update(pledge=locked, user=request.user, **values)
        except ValidationError as exc:
            form.add_service_errors(exc)
        except PermissionDenied as exc:
            # Submitted by a colleague meanwhile: nothing written; say why.
            form.add_error(None, str(exc))
        else:
            if not conflicts:
                messages.success(request, _("Changes to %(code)s saved.") % {"code": pledge.code})
                return redirect("workspace:pledge", code=pledge.code)
            # Nothing written: the same form, everything typed kept, now at the current
            # version, so that saving again is a deliberate choice over the other change.
            pledge = _get_pledge(request, code)
            data = request.POST.copy()
            data["version"] = version_of(pledge)
            form = PledgeForm(
                data,
                user=request.user,
                lead_choices=_lead_choices(request.user, pledge),
                pledge=pledge,
                initial=PledgeForm.initial_from(pledge),
            )
            form.is_valid()
    return render(
        request,
        "pledges/workspace/pledge_form.html",
        {"form": form, "pledge": pledge, "editing": True, "conflicts": conflicts},
        status=409 if conflicts else 200,
    )


def _state_change(request, code: str, service, done: str) -> HttpResponseRedirect:
    pledge = _get_pledge(request, code)
    try:
        service(pledge=pledge, user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, done % {"code": pledge.code})
    return redirect("workspace:pledge", code=pledge.code)


@login_required
@require_POST
def pledge_submit(request, code: str):
    return _state_change(
        request,
        code,
        services.pledge_submit,
        _("%(code)s submitted: Network staff will verify it before it is published."),
    )


@login_required
def pledge_withdraw(request, code: str):
    if request.method == "POST":
        return _state_change(
            request,
            code,
            services.pledge_withdraw,
            _("%(code)s withdrawn: the public no longer sees it."),
        )
    pledge = _get_pledge(request, code)
    return render(
        request,
        "pledges/workspace/pledge_withdraw.html",
        {"pledge": pledge, "confirm": ConfirmForm()},
    )


@login_required
def progress_update_create(request, code: str):
    pledge = _get_pledge(request, code)
    form = ProgressUpdateForm(
        request.POST or None,
        request.FILES or None,
        actors=pledge_reporting_actors(request.user, pledge),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.progress_update_create(
                pledge=pledge, user=request.user, **form.service_values()
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(
                request, _("Progress on %(code)s reported. Thank you.") % {"code": pledge.code}
            )
            return redirect(public_pledge_url(pledge))
    context = _pledge_context(request, pledge)
    context["form"] = form
    return render(request, "pledges/workspace/update_form.html", context)


@login_required
@require_POST
def dispute_reply(request, code: str, pk: int):
    """The focal points' reply to a dispute of one of the pledge's updates (the form of
    the workspace's timeline). Anyone else: 403, nothing written."""
    pledge = _get_pledge(request, code)
    update = get_object_or_404(pledge.updates.select_related("pledge"), pk=pk)
    try:
        services.progress_update_dispute_reply(
            update=update, user=request.user, reply=request.POST.get("reply", "")
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Your reply was sent to the Network."))
    return redirect(reverse("workspace:pledge", args=[pledge.code]) + f"#update-{update.pk}")


# --- Partners' answers (issue 14) -----------------------------------------------------


def _get_partnership(request: HttpRequest, code: str, actor: str) -> Partnership:
    """An actor's partnership of a pledge in the user's workspace, or 404."""
    pledge = _get_pledge(request, code)
    return get_object_or_404(
        pledge.partnerships.select_related("actor", "pledge__lead"), actor__code=actor
    )


def _partnership_page(
    request: HttpRequest,
    partnership: Partnership,
    *,
    accept: PartnershipAcceptForm | None = None,
    reason: PartnershipReasonForm | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    context = {
        "partnership": partnership,
        "pledge": partnership.pledge,
        "can_answer": user_can_answer_invitation(user, partnership),
        "can_leave": user_can_leave_partnership(user, partnership),
        "accept_form": accept or PartnershipAcceptForm(),
        "reason_form": reason or PartnershipReasonForm(),
    }
    return render(request, "pledges/workspace/partnership.html", context, status=status)


@login_required
def partnership_detail(request: HttpRequest, code: str, actor: str) -> HttpResponse:
    """An invitation (or partnership) with the forms to answer it, for its actor's focal
    points; anyone else who may open the pledge sees it read-only."""
    return _partnership_page(request, _get_partnership(request, code, actor))


def _answer(
    request: HttpRequest,
    partnership: Partnership,
    form: PartnershipAcceptForm | PartnershipReasonForm,
    write: Callable[[], object],
    done: str,
) -> HttpResponse:
    forms_kw: dict[str, Any] = (
        {"accept": form} if isinstance(form, PartnershipAcceptForm) else {"reason": form}
    )
    if not form.is_valid():
        return _partnership_page(request, partnership, status=400, **forms_kw)
    try:
        write()
    except ValidationError as exc:
        form.add_service_errors(exc)
        return _partnership_page(request, partnership, status=400, **forms_kw)
    except PermissionDenied as exc:
        form.add_error(None, str(exc))
        return _partnership_page(request, partnership, status=403, **forms_kw)
    messages.success(request, done % {"code": partnership.pledge.code})
    if isinstance(form, PartnershipReasonForm):
        # Declined or left, the pledge is no longer in the actor's workspace: its page
        # would be a 404 (found by the browser test of issue 14).
        return redirect("workspace:home")
    return redirect(
        "workspace:partnership", code=partnership.pledge.code, actor=partnership.actor.code
    )


# Each answer: its form, its service (which takes the form's values), the message.
_ANSWERS: dict[str, tuple[type[PartnershipAcceptForm | PartnershipReasonForm], Any, Any]] = {
    "accept": (
        PartnershipAcceptForm,
        services.partnership_accept,
        gettext_lazy("You accepted: you are now shown as a partner of %(code)s."),
    ),
    "decline": (
        PartnershipReasonForm,
        services.partnership_decline,
        gettext_lazy("You declined the invitation to %(code)s; the lead has been told why."),
    ),
    "leave": (
        PartnershipReasonForm,
        services.partnership_leave,
        gettext_lazy("You left %(code)s: you are no longer shown as pledging it."),
    ),
}


def _answer_view(answer: str) -> Callable[..., HttpResponse]:
    form_class, service, done = _ANSWERS[answer]

    @login_required
    @require_POST
    def view(request: HttpRequest, code: str, actor: str) -> HttpResponse:
        partnership = _get_partnership(request, code, actor)
        form = form_class(request.POST)
        return _answer(
            request,
            partnership,
            form,
            lambda: service(partnership=partnership, user=request.user, **form.cleaned_data),
            str(done),
        )

    view.__name__ = f"partnership_{answer}"
    return view


partnership_accept = _answer_view("accept")
partnership_decline = _answer_view("decline")
partnership_leave = _answer_view("leave")
