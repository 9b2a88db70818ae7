"""POST /api/v1/auth/token/: username and password (and a code, for an account with a
second factor, and always for Network staff while OTP_ADMIN_REQUIRED) -> the account's
API token. Staff without a confirmed authenticator app get no token: they set one up
at /accounts/two-factor/ first, as for the admin.

Guarded three ways: the strict `auth` throttle per client (API_THROTTLE_AUTH), the
sign-in lockout shared with the pages (django-axes: a locked username and IP pair gets
429 with Retry-After, even with the right password), and the JSON depth limit.
"""

from axes.utils import reset as axes_reset
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import exceptions, serializers
from rest_framework.authtoken import views as authtoken_views
from rest_framework.authtoken.models import Token
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from core.parsers import JSONParser
from core.throttles import AnonRateThrottle, ScopedRateThrottle
from core.tokens import token_predates_second_factor
from core.two_factor import code_refusal, confirmed_device, second_factor_required


class LockedOut(exceptions.Throttled):
    default_detail = _("Too many failed sign-ins for this account from your address.")
    default_code = "locked_out"


class ObtainAuthToken(authtoken_views.ObtainAuthToken):
    parser_classes = [JSONParser, FormParser, MultiPartParser]
    throttle_classes = [AnonRateThrottle, ScopedRateThrottle]
    throttle_scope = "auth"

    @extend_schema(
        request=inline_serializer(
            "TokenRequest",
            {
                "username": serializers.CharField(),
                "password": serializers.CharField(),
                "otp_token": serializers.CharField(
                    required=False,
                    help_text=(
                        "The current code of the authenticator app: required for an "
                        "account with two-factor authentication, and for Network staff."
                    ),
                ),
            },
        ),
        responses=inline_serializer("TokenResponse", {"token": serializers.CharField()}),
    )
    def post(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        if not serializer.is_valid():
            # django-axes refused to even check the password (see core settings).
            if getattr(request, "axes_locked_out", False):
                raise LockedOut(wait=settings.AXES_COOLOFF_TIME.total_seconds())
            raise exceptions.ValidationError(serializer.errors)
        user = serializer.validated_data["user"]
        device = confirmed_device(user)
        # Staff need the second factor the admin asks of them (a token reaches the same
        # data): no app set up, no token; otherwise the code, as for anyone with an app.
        if device is not None or second_factor_required(user):
            refusal = code_refusal(device, request.data.get("otp_token"))
            if refusal:
                raise exceptions.ValidationError({"otp_token": [refusal]})
        # A success clears the failures of this username and address, as a page's
        # sign-in does (AXES_RESET_ON_SUCCESS; no session, so no user_logged_in here).
        axes_reset(ip=getattr(request, "axes_ip_address", None), username=user.get_username())
        token, _created = Token.objects.get_or_create(user=user)
        if token_predates_second_factor(user, token):
            # Issued before the app (or the staff rule): this code-checked request
            # replaces it; the old key stops working (core.tokens).
            token.delete()
            token = Token.objects.create(user=user)
        return Response({"token": token.key})


obtain_auth_token = ObtainAuthToken.as_view()
