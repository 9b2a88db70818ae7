"""The workspace's "Following" page and the follow / unfollow buttons of the public
pages (pledges.follows: the writes and the digest)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from .follows import follow_add, follow_remove, follows_of


def _back(request):
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect("workspace:following")


@login_required
def following(request):
    """One's follows, each with its unfollow button. One query beyond the session's."""
    return render(
        request, "pledges/workspace/following.html", {"follows": follows_of(request.user)}
    )


@login_required
@require_POST
def follow(request):
    try:
        follow_add(
            user=request.user, kind=request.POST.get("kind", ""), key=request.POST.get("key", "")
        )
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", None) or [str(exc)]))
    return _back(request)


@login_required
@require_POST
def unfollow(request):
    follow_remove(
        user=request.user, kind=request.POST.get("kind", ""), key=request.POST.get("key", "")
    )
    return _back(request)
