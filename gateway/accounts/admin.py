"""Django admin for organisations, staff, memberships and API tokens. The admin site needs a
verified (password + TOTP) superuser or staff user (OTPAdminSite, see config/urls.py), and
every change made here is written to the audit trail like any other."""

import secrets

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db import transaction

from gateway.audit import services as audit

from .models import ApiToken, Membership, Organisation, User


class AuditedAdmin(admin.ModelAdmin):
    def save_model(self, request, obj, form, change):
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            audit.record(
                audit.Action.UPDATE if change else audit.Action.CREATE,
                actor=request.user,
                obj=obj,
                changed_fields=[f for f in form.changed_data if f != "password"],
                detail={"via": "admin"},
            )

    def delete_model(self, request, obj):
        with transaction.atomic():
            audit.record(audit.Action.DELETE, actor=request.user, obj=obj, detail={"via": "admin"})
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for obj in queryset:
                audit.record(
                    audit.Action.DELETE, actor=request.user, obj=obj, detail={"via": "admin"}
                )
            super().delete_queryset(request, queryset)


@admin.register(Organisation)
class OrganisationAdmin(AuditedAdmin):
    list_display = ("name", "kind", "partner_type", "ods_code", "is_sas_practice", "is_active")
    list_filter = ("kind", "partner_type", "is_sas_practice", "is_active")
    search_fields = ("name", "ods_code")
    list_select_related = ("commissioner",)
    autocomplete_fields = ("commissioner",)
    readonly_fields = ("public_id", "created_at", "updated_at")


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ("organisation",)


@admin.register(User)
class UserAdmin(AuditedAdmin, BaseUserAdmin):
    list_display = ("username", "full_name", "email", "is_active", "is_system_account")
    list_filter = ("is_active", "is_system_account", "is_staff", "is_superuser")
    search_fields = ("username", "full_name", "email")
    inlines = [MembershipInline]
    readonly_fields = ("last_login", "date_joined", "failed_sign_in_count")
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("Personal details", {"fields": ("full_name", "email")}),
        (
            "Access",
            {
                "fields": (
                    "is_active",
                    "is_system_account",
                    "is_staff",
                    "is_superuser",
                    "failed_sign_in_count",
                    "locked_until",
                )
            },
        ),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("username", "email", "full_name", "password1", "password2"),
            },
        ),
    )


@admin.register(Membership)
class MembershipAdmin(AuditedAdmin):
    list_display = ("user", "organisation", "role", "is_active")
    list_filter = ("role", "is_active")
    search_fields = ("user__username", "user__full_name", "organisation__name")
    list_select_related = ("user", "organisation")
    autocomplete_fields = ("user", "organisation")


@admin.register(ApiToken)
class ApiTokenAdmin(AuditedAdmin):
    list_display = ("name", "organisation", "user", "revoked_at", "last_used_at")
    list_filter = ("revoked_at",)
    search_fields = ("name", "organisation__name")
    list_select_related = ("organisation", "user")
    autocomplete_fields = ("user", "organisation")
    # Tokens are made by a command that shows the raw token once; only its hash is kept.
    readonly_fields = ("token_hash", "last_used_at", "created_at", "updated_at")

    def save_model(self, request, obj, form, change):
        # A new token is made here and shown once; Gateway keeps only its hash.
        raw = None
        if not change:
            raw = secrets.token_urlsafe(32)
            obj.token_hash = ApiToken.hash(raw)
        super().save_model(request, obj, form, change)
        if raw:
            messages.warning(request, f"Copy this API token now. It will not be shown again: {raw}")
