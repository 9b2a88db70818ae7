"""SDG links in the admin (imported by objectives/admin.py): those read from the texts
are read-only (the loaders own them); staff add curated ones through `sdg_link_curate`."""

from django.contrib import admin

from .models import SdgLink
from .sdg import sdg_link_curate


@admin.register(SdgLink)
class SdgLinkAdmin(admin.ModelAdmin):
    list_display = ["code", "kind", "document", "paragraph", "objective", "action", "curated"]
    list_filter = ["document", "kind", "curated"]
    search_fields = ["code", "sentence"]
    list_select_related = ["objective", "action__objective"]
    fields = [
        "document",
        "document_title",
        "paragraph",
        "url",
        "sentence",
        "code",
        "objective",
        "action",
    ]
    readonly_fields = ["curated_by", "curated_at"]

    def has_change_permission(self, request, obj=None):
        # A link read from a text changes when the text does; a curated one is
        # removed and added again.
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return (obj is None or obj.curated) and super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        saved = sdg_link_curate(
            user=request.user,
            document=data["document"],
            document_title=data["document_title"],
            paragraph=data["paragraph"],
            url=data.get("url", ""),
            sentence=data["sentence"],
            code=data["code"],
            objective=data.get("objective"),
            action=data.get("action"),
        )
        obj.pk = saved.pk
