"""The workspace's "Following" page, the follow / unfollow buttons of the public
pages, and the digests' one-click unsubscribe page (public: the link is signed)
(pledges.follows: the writes and the digest)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from .follows import follow_add, follow_remove, follow_unsubscribe, follows_of, unsubscribe_read


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


# No CSRF token: a mail client's one-click POST (RFC 8058) carries none; the signed
# token is what proves the request. GET only asks, so a link scanner stops nothing.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token: str):
    try:
        _user, follows, everything = unsubscribe_read(token)
        if request.method == "POST":
            follow_unsubscribe(token=token)
    except signing.BadSignature:
        return render(request, "pledges/follow_unsubscribe.html", {"invalid": True}, status=400)
    context = {
        "token": token,
        "follows": follows,
        "everything": everything,
        "done": request.method == "POST",
    }
    return render(request, "pledges/follow_unsubscribe.html", context)
