"""A second factor (TOTP, django-otp): required of Network staff on /admin/, optional for
everyone else.

- /accounts/two-factor/ sets up an authenticator app (a QR code, or the key as text),
  confirmed by a first code; it also turns the second factor off again (with a code).
- /accounts/two-factor/verify/ asks for a code after the password.
- `TwoFactorMiddleware` sends a signed-in user who has not given a code to the verify
  page: staff on /admin/ always (while `OTP_ADMIN_REQUIRED`, the production default),
  anyone who turned the second factor on everywhere (the API answers 403 instead).

Whether a user has a device is read once, at sign-in (`mark_second_factor`, connected in
gcm_tracker/apps.py), and kept in the session, so that pages cost no extra query.
"""

from __future__ import annotations

import io
from base64 import b32encode
from typing import Protocol, cast
from urllib.parse import quote

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp import login as otp_login
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice


class _OTPUser(Protocol):
    """request.user as django-otp's OTPMiddleware leaves it (it adds `is_verified`)."""

    def is_verified(self) -> bool: ...


# Set at sign-in when the user has a confirmed device: their session must be verified.
SESSION_KEY = "two_factor_required"
DEVICE_NAME = "Authenticator app"


def mark_second_factor(sender, request, user, **kwargs) -> None:
    """On sign-in: remember in the session whether this user has turned TOTP on."""
    if request is not None and hasattr(request, "session"):
        request.session[SESSION_KEY] = user_has_device(user, confirmed=True)


def _safe_next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return settings.LOGIN_REDIRECT_URL


def qr_code_svg(data: str) -> str:
    """An SVG QR code of `data` (an <svg> element, no XML declaration, no inline style)."""
    import qrcode
    import qrcode.image.svg

    out = io.BytesIO()
    qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, box_size=8).save(out)
    svg = out.getvalue().decode()
    return svg[svg.index("<svg") :]


class TokenForm(forms.Form):
    otp_token = forms.CharField(
        label=gettext_lazy("Code from your authenticator app"),
        max_length=8,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )

    def __init__(self, *args, device: TOTPDevice | None, **kwargs):
        super().__init__(*args, **kwargs)
        self.device = device

    def clean_otp_token(self) -> str:
        token = self.cleaned_data["otp_token"]
        refusal = code_refusal(self.device, token)
        if refusal:
            raise forms.ValidationError(refusal)
        return token


def confirmed_device(user) -> TOTPDevice | None:
    """The user's authenticator app, once set up and confirmed (else None)."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def code_refusal(device: TOTPDevice | None, token: str | None) -> str | None:
    """Why `token` does not verify on `device` (None: it does, and is now used up).

    django-otp slows guessing: after each wrong code the device refuses for a doubling
    delay, and a code is accepted once only.
    """
    if device is None:
        return _("Set up an authenticator app first.")
    token = (token or "").strip().replace(" ", "")
    if not token:
        return _("Give the code from your authenticator app.")
    allowed, _details = device.verify_is_allowed()
    if not allowed:
        return _("Too many wrong codes. Wait a little, then try again.")
    if not device.verify_token(token):
        return _("That code is not right. Try the current one.")
    return None


@login_required
def setup(request: HttpRequest) -> HttpResponse:
    """Turn the second factor on (QR code, then a first code) or, with a code, off."""
    user = request.user
    device = confirmed_device(user)
    if device is not None:
        form = TokenForm(request.POST or None, device=device)
        turning_off = request.method == "POST" and request.POST.get("action") == "disable"
        if turning_off and form.is_valid():
            TOTPDevice.objects.filter(user=user).delete()
            request.session[SESSION_KEY] = False
            messages.success(request, _("Two-factor authentication is off."))
            return redirect("two_factor")
        return render(
            request,
            "registration/two_factor_setup.html",
            {"enabled": True, "form": form, "required_for_staff": second_factor_required(user)},
        )

    pending, _created = TOTPDevice.objects.get_or_create(
        user=user, confirmed=False, defaults={"name": DEVICE_NAME}
    )
    form = TokenForm(request.POST or None, device=pending)
    if request.method == "POST" and form.is_valid():
        pending.confirmed = True
        pending.save(update_fields=["confirmed"])
        otp_login(request, pending)
        request.session[SESSION_KEY] = True
        messages.success(request, _("Two-factor authentication is on."))
        return redirect(_safe_next(request))
    uri = pending.config_url
    return render(
        request,
        "registration/two_factor_setup.html",
        {
            "enabled": False,
            "form": form,
            "qr_svg": qr_code_svg(uri),
            "otpauth_uri": uri,
            "secret": _base32(pending.bin_key),
            "next": _safe_next(request),
            "required_for_staff": second_factor_required(user),
        },
    )


@login_required
def verify(request: HttpRequest) -> HttpResponse:
    """Ask for a code from the user's authenticator app, then go on to `next`."""
    device = confirmed_device(request.user)
    if device is None:
        return redirect(f"{reverse('two_factor')}?next={quote(_safe_next(request))}")
    form = TokenForm(request.POST or None, device=device)
    if request.method == "POST" and form.is_valid():
        otp_login(request, device)
        return redirect(_safe_next(request))
    return render(
        request, "registration/two_factor_verify.html", {"form": form, "next": _safe_next(request)}
    )


def _base32(key: bytes) -> str:
    # The key as people type it into an app without a camera: groups of four.
    text = b32encode(key).decode()
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def second_factor_required(user) -> bool:
    """Whether `user` must give a code whatever they chose: Network staff, while
    OTP_ADMIN_REQUIRED (the production default), on the admin and the token endpoint."""
    return bool(user.is_staff and settings.OTP_ADMIN_REQUIRED)


class TwoFactorMiddleware:
    """Send a signed-in, unverified user to the verify page where a second factor is due."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self._refusal(request) or self.get_response(request)

    def _refusal(self, request: HttpRequest) -> HttpResponse | None:
        # request.path, like reverse(), carries the script prefix; path_info does not.
        path = request.path
        if path.startswith(_exempt_paths()) or request.path_info.startswith(_static_prefix()):
            return None
        on_admin = path.startswith(reverse("admin:index"))
        # Only these two cases read the session (a query) or the user.
        turned_on = bool(request.session.get(SESSION_KEY)) if not on_admin else None
        if not on_admin and not turned_on:
            return None
        user = request.user
        if not user.is_authenticated or cast("_OTPUser", user).is_verified():
            return None
        if on_admin and not (second_factor_required(user) or request.session.get(SESSION_KEY)):
            return None
        if request.path_info.startswith("/api/"):
            return JsonResponse(
                {"detail": _("Give the code from your authenticator app first.")}, status=403
            )
        target = "two_factor_verify" if confirmed_device(user) else "two_factor"
        return redirect(f"{reverse(target)}?next={quote(request.get_full_path())}")


def _exempt_paths() -> tuple[str, ...]:
    # The second factor's own pages, signing out and the health check.
    return (reverse("two_factor"), reverse("logout"), reverse("admin:logout"), reverse("healthz"))


def _static_prefix() -> str:
    return "/" + settings.STATIC_URL.lstrip("/")
