"""Scheme policy in the admin site: a new version is added, never edited once in force
(docs/domain/special-allocation-scheme.md#what-each-scheme-sets-for-itself [VARIES] values are data,
and deadlines name the version that set them)."""

from django.contrib import admin
from django.core.exceptions import ValidationError

from .models import SchemePolicy
from .services.episodes import new_policy_version


@admin.register(SchemePolicy)
class SchemePolicyAdmin(admin.ModelAdmin):
    list_display = ("commissioner", "version", "effective_from", "created_by")
    list_filter = ("commissioner",)
    ordering = ("commissioner__name", "-version")
    exclude = ("version", "created_by")

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.is_in_force():
            return [f.name for f in self.model._meta.fields]
        return ()

    def has_delete_permission(self, request, obj=None):
        return obj is None or not obj.is_in_force()

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        values = {name: form.cleaned_data[name] for name in SchemePolicy.VALUE_FIELDS}
        try:
            created = new_policy_version(
                request.user, obj.commissioner, obj.effective_from, **values
            )
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), level="error")
            raise
        obj.pk, obj.version = created.pk, created.version
