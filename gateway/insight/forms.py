"""The period chooser: a financial quarter, a financial year or dates of the person's own, and
optionally one SAS practice. It is a GET form: what it carries (dates and an organisation's
public id) is not personal, and a chosen period can be bookmarked and shared."""

from django import forms
from django.core.exceptions import ValidationError

from gateway.core.forms import ChoiceField, DateField

from .links import CUSTOM, FROM, PERIOD, PRACTICE, TO, period_value
from .rules.periods import Period, custom, financial_year, quarters_up_to

QUARTERS_OFFERED = 8
YEARS_OFFERED = 3


def so_far(period, today):
    """A quarter or year that has not ended yet, up to today: no figures for days to come."""
    if period.end <= today:
        return period
    return Period(period.start, today, period.kind)


def offered_periods(today):
    """The quarters and financial years offered, newest first (the current ones so far)."""
    quarters = list(reversed(quarters_up_to(Period(today, today), QUARTERS_OFFERED)))
    years = [financial_year(today)]
    while len(years) < YEARS_OFFERED:
        years.append(years[-1].previous())
    return [so_far(period, today) for period in quarters + years]


def _label(period, today):
    if period.end == today and period.kind != CUSTOM:
        return f"{period.label} (so far)"
    return period.label


class PeriodForm(forms.Form):
    period = ChoiceField(label="Period", required=False)
    start = DateField(
        label="From", required=False, hint="For your own dates. For example, 1 4 2025",
        label_for_errors="the first day",
    )  # fmt: skip
    end = DateField(
        label="To", required=False, hint="The last day, included. For example, 30 6 2025",
        label_for_errors="the last day",
    )  # fmt: skip
    practice = ChoiceField(label="SAS practice", required=False)

    def __init__(self, data=None, *, practices, today):
        super().__init__(data)
        self.today = today
        self.periods = {period_value(p): p for p in offered_periods(today)}
        self.default = financial_year(today)
        self.fields[PERIOD].choices = [
            *((value, _label(p, today)) for value, p in self.periods.items()),
            (CUSTOM, "Your own dates (enter them below)"),
        ]
        self.practices = {str(p.public_id): p for p in practices}
        self.fields[PRACTICE].choices = [
            ("", "All SAS practices"),
            *((public_id, p.name) for public_id, p in self.practices.items()),
        ]
        if not self.is_bound:
            self.initial = {PERIOD: period_value(self.default)}

    def clean(self):
        data = super().clean()
        chosen = data.get(PERIOD) or period_value(self.default)
        if chosen == CUSTOM:
            data["chosen_period"] = self._custom(data)
        elif chosen in self.periods:
            data["chosen_period"] = self.periods[chosen]
        else:
            # A period that was offered once and has since rolled off the list.
            raise ValidationError({PERIOD: "Choose a period from the list"})
        data["sas_practice"] = self.practices.get(data.get(PRACTICE) or "")
        return data

    def _custom(self, data):
        start, end = data.get(FROM), data.get(TO)
        errors = {}
        if start is None and FROM not in self.errors:
            errors[FROM] = "Enter the first day of your period"
        if end is None and TO not in self.errors:
            errors[TO] = "Enter the last day of your period"
        elif end is not None and end > self.today:
            errors[TO] = "The last day must be today or earlier"
        if errors or FROM in self.errors or TO in self.errors:
            raise ValidationError(errors)
        try:
            return custom(start, end, self.today)
        except ValidationError as error:
            raise ValidationError({FROM: error.messages}) from None

    def chosen(self):
        """(period, SAS practice or None) when the choice is valid, else None. An empty form
        gives this financial year so far, for all SAS practices."""
        if not self.is_bound:
            return so_far(self.default, self.today), None
        if not self.is_valid():
            return None
        data = self.cleaned_data
        return so_far(data["chosen_period"], self.today), data["sas_practice"]
