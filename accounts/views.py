"""The profile page (the preferred language) and the language switcher's target."""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from .forms import ProfileForm
from .languages import SESSION_KEY, is_supported, preferred_language
from .services import profile_update

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    class AuthenticatedHttpRequest(HttpRequest):
        """A request `login_required` let through: its user is signed in."""

        user: User


def _remember(request: HttpRequest, response: HttpResponse, code: str) -> None:
    """Keep `code` as the language of this session and, when set, of this browser."""
    request.session[SESSION_KEY] = code
    if code:
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            code,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            path=settings.LANGUAGE_COOKIE_PATH,
            domain=settings.LANGUAGE_COOKIE_DOMAIN,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        )


@login_required
def profile(request: AuthenticatedHttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = ProfileForm(request.POST)
        if form.is_valid():
            code = form.cleaned_data["preferred_language"]
            try:
                profile_update(user=request.user, preferred_language=code)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                # The page that follows, and its confirmation, in the language chosen.
                with translation.override(code or settings.LANGUAGE_CODE):
                    messages.success(request, _("Your preferred language is saved."))
                    response = HttpResponseRedirect(reverse("accounts:profile"))
                _remember(request, response, code)
                return response
    else:
        form = ProfileForm(initial={"preferred_language": preferred_language(request.user)})
    return render(request, "accounts/profile.html", {"form": form})


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Django's set_language (the cookie, then back to the page in that language); for a
    signed-in user the choice becomes their preferred language, so that it holds on
    their other pages and devices, and in their e-mails."""
    # Django finds the page's address in the new language by reading the old one in the
    # language it is in (its prefix), not the language of this request.
    next_url = request.POST.get("next", request.GET.get("next", ""))
    next_language = translation.get_language_from_path(urlsplit(next_url).path)
    with translation.override(next_language or settings.LANGUAGE_CODE):
        response = django_set_language(request)
    code = request.POST.get("language", "")
    if request.user.is_authenticated and is_supported(code):
        profile_update(user=request.user, preferred_language=code)
        _remember(request, response, code)
    return response
