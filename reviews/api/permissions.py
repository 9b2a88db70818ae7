from rest_framework import permissions

from pledges.selectors import user_is_staff


class IsStaffOrReadOnly(permissions.BasePermission):
    """Anyone reads; Network staff write (the services check it again)."""

    def has_permission(self, request, view):
        return request.method in permissions.SAFE_METHODS or user_is_staff(request.user)
