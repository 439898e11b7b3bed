"""Reference data a commissioner's administrator sets up: the multiple-disadvantage rule,
Edmonton band tables and the support policy. New versions are added through
gateway.support.services.reference, never edited once in force, so past results keep the
version that decided them."""

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet

from .models import FrailtyBand, FrailtyBandTable, MCNRule, SupportPolicy
from .rules import edmonton
from .services import reference as reference_services


class FixedOnceInForceAdmin(admin.ModelAdmin):
    """Everything read-only and no delete once a version is in force. Each admin below says
    which earlier versions a new one follows (``versions_of(cleaned_data)``, for the
    start-date check) and writes a new version through a service that numbers it
    (``create_version(request, obj, form)``, or its own save for a table saved with its rows)."""

    exclude = ("version",)

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.is_in_force():
            return [f.name for f in self.model._meta.fields]
        return ()

    def has_delete_permission(self, request, obj=None):
        return obj is None or not obj.is_in_force()

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if obj is not None:
            return form
        admin_site_model = self

        class NewVersionForm(form):
            def clean(self):
                cleaned = super().clean()
                starts = cleaned.get("effective_from")
                versions = admin_site_model.versions_of(cleaned)
                latest = versions.order_by("-version").first() if versions is not None else None
                if starts and latest is not None and starts < latest.effective_from:
                    self.add_error(
                        "effective_from",
                        "A new version must take effect on or after the latest version "
                        f"(version {latest.version}, from {latest.effective_from:%d/%m/%Y})",
                    )
                return cleaned

        return NewVersionForm

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        try:
            created = self.create_version(request, obj, form)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), level="error")
            raise
        obj.pk, obj.version = created.pk, created.version


@admin.register(MCNRule)
class MCNRuleAdmin(FixedOnceInForceAdmin):
    list_display = ("commissioner", "version", "effective_from", "kind", "threshold", "name")
    list_filter = ("kind",)

    def versions_of(self, cleaned_data):
        commissioner = cleaned_data.get("commissioner")
        return MCNRule.objects.filter(commissioner=commissioner) if commissioner else None

    def create_version(self, request, obj, form):
        return reference_services.new_mcn_rule_version(
            request.user,
            obj.commissioner,
            obj.effective_from,
            threshold=obj.threshold,
            name=obj.name,
            kind=obj.kind,
        )


@admin.register(SupportPolicy)
class SupportPolicyAdmin(FixedOnceInForceAdmin):
    list_display = ("commissioner", "version", "effective_from", "dash_escalation_incidents")

    def versions_of(self, cleaned_data):
        commissioner = cleaned_data.get("commissioner")
        return SupportPolicy.objects.filter(commissioner=commissioner) if commissioner else None

    def create_version(self, request, obj, form):
        return reference_services.new_support_policy_version(
            request.user,
            obj.commissioner,
            obj.effective_from,
            dash_escalation_incidents=obj.dash_escalation_incidents,
            dash_escalation_months=obj.dash_escalation_months,
        )


class FrailtyBandFormSet(BaseInlineFormSet):
    """The bands are saved together, so they are checked together: every total from 0 to 17
    in exactly one band (a gap made recording an Edmonton assessment fail)."""

    def clean(self):
        super().clean()
        if any(form.errors for form in self.forms):
            return
        rows = [
            (form.cleaned_data["lower"], form.cleaned_data.get("upper"), form.cleaned_data["label"])
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        problems = edmonton.check_bands(rows)
        if problems:
            raise ValidationError(problems)


class FrailtyBandInline(admin.TabularInline):
    model = FrailtyBand
    formset = FrailtyBandFormSet
    extra = 0

    def _fixed(self, obj):
        return obj is not None and obj.is_in_force()

    def has_add_permission(self, request, obj=None):
        return not self._fixed(obj)

    def has_change_permission(self, request, obj=None):
        return not self._fixed(obj)

    def has_delete_permission(self, request, obj=None):
        return not self._fixed(obj)


@admin.register(FrailtyBandTable)
class FrailtyBandTableAdmin(FixedOnceInForceAdmin):
    list_display = ("name", "version", "effective_from", "commissioner")
    inlines = [FrailtyBandInline]

    def versions_of(self, cleaned_data):
        name = cleaned_data.get("name")
        return FrailtyBandTable.objects.filter(name=name) if name else None

    def save_model(self, request, obj, form, change):
        # A new table is written with its bands in save_related, where the bands are known.
        if change:
            super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        if change:
            super().save_related(request, form, formsets, change)
            return
        obj = form.instance
        rows = [
            (row["lower"], row.get("upper"), row["label"])
            for formset in formsets
            for row in formset.cleaned_data
            if row and not row.get("DELETE")
        ]
        try:
            created = reference_services.new_band_table_version(
                request.user,
                name=obj.name,
                effective_from=obj.effective_from,
                bands=rows,
                commissioner=obj.commissioner,
            )
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), level="error")
            raise
        obj.pk, obj.version = created.pk, created.version
        # What the admin's history message reads from a saved formset.
        for formset in formsets:
            formset.new_objects = list(created.bands.all())
            formset.changed_objects, formset.deleted_objects = [], []
