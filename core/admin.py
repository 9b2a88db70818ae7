"""Admin building blocks every app may use."""

from django.contrib import admin


class ReadOnlyAdmin(admin.ModelAdmin):
    """For rows only the product writes (exports, sent reminders): staff look, and may
    delete, but never add or change one."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
