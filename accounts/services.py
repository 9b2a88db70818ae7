from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .languages import is_supported
from .models import Profile

if TYPE_CHECKING:
    from django.contrib.auth.models import User


@transaction.atomic
def profile_update(*, user: User, preferred_language: str) -> Profile:
    """Set the user's preferred language ("" for none), creating their profile if they
    have none. One or two queries."""
    if preferred_language and not is_supported(preferred_language):
        raise ValidationError(
            {
                "preferred_language": _("%(code)s is not one of the six UN languages.")
                % {"code": preferred_language}
            }
        )
    profile, _created = Profile.objects.update_or_create(
        user=user, defaults={"preferred_language": preferred_language}
    )
    return profile
