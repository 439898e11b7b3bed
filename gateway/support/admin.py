"""Reference data a commissioner's administrator sets up: the multiple-disadvantage rule and
Edmonton band tables. New versions are added, never edited in place, so past results keep
the version that decided them."""

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet

from .models import FrailtyBand, FrailtyBandTable, MCNRule
from .rules import edmonton


@admin.register(MCNRule)
class MCNRuleAdmin(admin.ModelAdmin):
    list_display = ("commissioner", "version", "effective_from", "kind", "threshold", "name")
    list_filter = ("kind",)


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


@admin.register(FrailtyBandTable)
class FrailtyBandTableAdmin(admin.ModelAdmin):
    list_display = ("name", "version", "effective_from", "commissioner")
    inlines = [FrailtyBandInline]
