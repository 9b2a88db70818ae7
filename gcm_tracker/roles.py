"""The Network staff role: a group holding every permission on the product's data."""

from django.contrib.auth.models import Group, Permission

NETWORK_STAFF_GROUP = "Network staff"
CURATED_APPS = ["objectives", "pledges", "reviews"]


def network_staff_group() -> Group:
    """The group, created if missing, with every permission of the curated apps
    (and read access to users, to manage focal points). Idempotent."""
    group, _ = Group.objects.get_or_create(name=NETWORK_STAFF_GROUP)
    permissions = Permission.objects.filter(content_type__app_label__in=CURATED_APPS) | (
        Permission.objects.filter(content_type__app_label="auth", codename="view_user")
    )
    group.permissions.set(permissions)
    return group
