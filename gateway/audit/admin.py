"""The audit trail in the Django admin, to read only. Nobody, not even a superuser, can add,
change or delete rows here (the database would refuse the last two anyway)."""

from django.contrib import admin

from .models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["occurred_at", "actor_name", "organisation", "action", "object_type"]
    list_filter = ["action"]
    list_select_related = ["organisation"]
    date_hierarchy = "occurred_at"
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
