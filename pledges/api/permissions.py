"""Who may call what. Reads are scoped by the selectors (an invisible pledge is a 404);
these classes refuse writes early with the predicates of pledges.selectors, which the
services check again whatever the caller."""

from rest_framework import permissions

from pledges.selectors import user_can_edit_pledge, user_is_staff


class IsNetworkStaff(permissions.BasePermission):
    """Publishing and returning pledges is Network staff's alone."""

    message = "Only Network staff publish or return pledges."

    def has_permission(self, request, view):
        return user_is_staff(request.user)


class CanEditPledge(permissions.BasePermission):
    """PATCH: `user_can_edit_pledge` (staff, or the lead actor's focal points while the
    pledge is editable). Partners' focal points see the pledge but do not edit it."""

    message = "Only the lead actor's focal points edit a pledge, and only a draft or returned one."

    def has_object_permission(self, request, view, obj):
        if getattr(view, "action", None) not in ("update", "partial_update"):
            return True  # actions (submit, updates…) are checked by their services
        return user_can_edit_pledge(request.user, obj)
