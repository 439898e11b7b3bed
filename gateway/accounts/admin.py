"""Django admin for organisations, staff, memberships and API tokens. The admin site needs a
verified (password + TOTP) superuser or staff user (OTPAdminSite, see config/urls.py), and
every change made here is written to the audit trail like any other."""

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db import transaction
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers

from gateway.audit import services as audit

from .models import ApiToken, Membership, Organisation, User
from .services import api_tokens


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
    """Tokens are made, rotated and revoked here (ADR 0038). A new token is shown once, on the
    page that answers the form: never in a message (Django keeps those in a cookie), never
    stored, and that page is not cached."""

    list_display = (
        "name",
        "organisation",
        "user",
        "expires_at",
        "revoked_at",
        "replaced_by",
        "last_used_at",
    )
    list_filter = ("revoked_at",)
    search_fields = ("name", "organisation__name")
    list_select_related = ("organisation", "user", "replaced_by")
    autocomplete_fields = ("user", "organisation")
    readonly_fields = ("token_hash", "replaced_by", "last_used_at", "created_at", "updated_at")
    actions = ["rotate_tokens", "revoke_tokens"]

    def get_readonly_fields(self, request, obj=None):
        # Which account and organisation a token acts as never changes: rotate instead.
        if obj is not None:
            return (*self.readonly_fields, "user", "organisation")
        return self.readonly_fields

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if obj is None and "expires_at" in form.base_fields:
            field = form.base_fields["expires_at"]
            field.required = False
            field.help_text = f"Leave empty for {settings.API_TOKEN_DAYS} days from now."
        return form

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        issued = api_tokens.issue_token(
            request.user,
            name=obj.name,
            user=obj.user,
            organisation=obj.organisation,
            expires_at=form.cleaned_data.get("expires_at"),
        )
        obj.pk = issued.token.pk
        obj.token_hash = issued.token.token_hash
        obj.expires_at = issued.token.expires_at
        obj._state.adding = False
        request.api_tokens_shown_once = [issued]

    def response_add(self, request, obj, post_url_continue=None):
        return shown_once(request, self, request.api_tokens_shown_once, "Your new API token")

    @admin.action(description="Rotate the chosen tokens (new ones shown once)")
    def rotate_tokens(self, request, queryset):
        issued, skipped = [], 0
        for token in queryset.select_related("user", "organisation"):
            try:
                issued.append(api_tokens.rotate_token(request.user, token))
            except ValueError:
                skipped += 1
        if not issued:
            self.message_user(
                request, "None of the chosen tokens could be rotated.", messages.ERROR
            )
            return None
        return shown_once(request, self, issued, "Rotated API tokens", skipped=skipped)

    @admin.action(description="Revoke the chosen tokens now")
    def revoke_tokens(self, request, queryset):
        revoked = sum(api_tokens.revoke_token(request.user, token) for token in queryset)
        self.message_user(request, f"{revoked} token(s) revoked.", messages.SUCCESS)


def shown_once(request, model_admin, issued, title, skipped=0):
    """The page that shows raw tokens, once. Not cached by the browser or a proxy."""
    response = TemplateResponse(
        request,
        "admin/accounts/apitoken/shown_once.html",
        {
            **model_admin.admin_site.each_context(request),
            "title": title,
            "opts": model_admin.model._meta,
            "issued": issued,
            "skipped": skipped,
            "overlap_hours": settings.API_TOKEN_ROTATION_OVERLAP_HOURS,
        },
    )
    add_never_cache_headers(response)
    response["Cache-Control"] = "no-store"
    return response
