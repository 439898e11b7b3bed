"""Reference data a commissioner's administrator sets up: the multiple-disadvantage rule and
Edmonton band tables. New versions are added, never edited in place, so past results keep
the version that decided them."""

from django.contrib import admin

from .models import FrailtyBand, FrailtyBandTable, MCNRule


@admin.register(MCNRule)
class MCNRuleAdmin(admin.ModelAdmin):
    list_display = ("commissioner", "version", "effective_from", "kind", "threshold", "name")
    list_filter = ("kind",)


class FrailtyBandInline(admin.TabularInline):
    model = FrailtyBand
    extra = 0


@admin.register(FrailtyBandTable)
class FrailtyBandTableAdmin(admin.ModelAdmin):
    list_display = ("name", "version", "effective_from", "commissioner")
    inlines = [FrailtyBandInline]
