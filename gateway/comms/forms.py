"""Forms for the hand-over and unreachable pages: they collect what was typed; the services
in gateway.comms.routing decide."""

from django import forms

from gateway.core.forms import DateField


class HandoverForm(forms.Form):
    on = DateField(
        label="Date you handed it over",
        label_for_errors="the date you handed it over",
        hint="For example 15 3 2026. Today or earlier.",
    )
