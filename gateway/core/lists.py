"""Lists people can work with: find a person by name or NHS number, filter, sort by a column,
page through, and download what is shown as CSV. One helper for every list of records about
people (the SAS episodes, the outbox, the registration lists), so each behaves the same way.

Names and NHS numbers never go in a URL (docs/adr/0006): the search and filter form POSTs,
the criteria wait in the session under a random token, and the list's URL carries only that
token, the sort key (a column's name, not personal data) and the page number. A search is
audited (which fields, not what was typed); so is every download, with the number of rows.

A list is described once by a ListSpec (its columns, which of them sort, its filters and
where its person is); a view hands its organisation-scoped queryset to ListPage and renders
the page, and to export_csv for the download. The queries do not grow with the list: one to
count, one for the page, one per organisation filter for its choices."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.contrib import messages
from django.db.models import F, Q
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone

from gateway.audit import services as audit
from gateway.patients import rules as patient_rules

from . import session_tokens
from .csv_export import csv_response
from .forms import DateField
from .list_choices import organisation_choices, with_choices_for
from .pagination import COUNT_LIMIT, KeysFirst, keys_first, page_of

SESSION_KEY = "list_criteria"
PAGE_SIZE = 25
TOKEN = "search"
SORT = "sort"


@dataclass(frozen=True)
class Column:
    """One column: its heading, the value the CSV holds for a row, and (when it sorts) the
    key the URL carries and the fields it orders by, ascending."""

    heading: str
    cell: Callable[[Any], Any]
    key: str = ""
    order_by: tuple = ()
    in_table: bool = True  # False: only in the CSV (a date the table shows in words)


@dataclass(frozen=True)
class Filter:
    """A filter: "choice" (a select; choices is a list of (value, text), or "organisations"
    for the organisations the list's records name in `lookup`) or "dates" (a from and to
    date on `lookup`). apply(queryset, value) overrides the plain lookup."""

    name: str
    label: str
    lookup: str
    kind: str = "choice"
    choices: Any = ()
    any_text: str = "Any"
    apply: Callable | None = None
    # For choices="organisations": organisations(request) -> [(public id, name)] in place of
    # those the records name, where a bounded query knows them (ADR 0051)
    organisations: Callable | None = None


@dataclass(frozen=True)
class ListSpec:
    name: str
    url_name: str
    csv_url_name: str
    noun: str  # "episode": the rows, for the counts and the CSV file name
    columns: tuple
    filters: tuple = ()
    person: str | None = "patient"  # the lookup to the person the name search matches
    default_sort: str = ""  # "" keeps the queryset's own order
    audit_type: str = ""
    page_size: int = PAGE_SIZE
    # Counted only this far ("more than 1,000 episodes"): these lists grow with England.
    count_limit: int | None = COUNT_LIMIT
    sorts: dict = field(init=False, default=None)

    def __post_init__(self):
        object.__setattr__(self, "sorts", {c.key: c for c in self.columns if c.key})

    def plural(self, count):
        return self.noun if count == 1 else f"{self.noun}s"


class ListForm(forms.Form):
    """Search and filter a list. It stores nothing: what is chosen is kept in the session
    under a token (docs/adr/0006). Fields follow the list's spec."""

    sort = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, spec, queryset, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.spec = spec
        if spec.person:
            self.fields["name"] = forms.CharField(
                label="Name",
                required=False,
                max_length=200,
                help_text="First name, last name or both",
                error_messages={"max_length": "Name must be 200 characters or fewer"},
                widget=forms.TextInput(attrs={"autocomplete": "off"}),
            )
            self.fields["nhs_number"] = forms.CharField(
                label="NHS number",
                required=False,
                max_length=20,
                help_text="10 numbers, for example 999 123 4567",
                error_messages={"max_length": "An NHS number is 10 numbers"},
                widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
            )
        self.date_ranges = []
        for spec_filter in spec.filters:
            if spec_filter.kind == "dates":
                self.date_ranges.append(spec_filter.name)
                for end in ("from", "to"):
                    self.fields[f"{spec_filter.name}_{end}"] = DateField(
                        label=f"{spec_filter.label}: {end}",
                        label_for_errors=f"the '{end}' date",
                        required=False,
                        help_text="For example, 15 3 2027",
                    )
                continue
            choices = spec_filter.choices
            if choices == "organisations":
                choices = organisation_choices(queryset, spec_filter)
                if len(choices) < 2:
                    continue  # one organisation or none: nothing to choose between
            self.fields[spec_filter.name] = forms.ChoiceField(
                label=spec_filter.label,
                required=False,
                choices=[("", spec_filter.any_text), *choices],
                error_messages={"invalid_choice": f"Choose a {spec_filter.label.lower()}"},
            )

    def clean_nhs_number(self):
        typed = self.cleaned_data.get("nhs_number", "")
        if not typed:
            return ""
        error = patient_rules.nhs_number_error(
            typed, allow_test_range=settings.ALLOW_TEST_NHS_NUMBERS
        )
        if error:
            raise forms.ValidationError(error)
        return patient_rules.nhs_number_digits(typed)

    def clean(self):
        data = super().clean()
        for name in self.date_ranges:
            start, end = data.get(f"{name}_from"), data.get(f"{name}_to")
            if start and end and end < start:
                self.add_error(
                    f"{name}_to", "The 'to' date must be the same as or after the 'from' date"
                )
        return data

    def criteria(self):
        """Plain values to keep in the session (never in a URL); empty ones left out."""
        kept = {}
        for name, value in self.cleaned_data.items():
            if name == "sort" or value in (None, ""):
                continue
            if name == "name":
                value = " ".join(value.split())
            kept[name] = value.isoformat() if isinstance(value, datetime.date) else value
        return kept

    def ordered_fields(self):
        """The fields to show, in order; date fields come in from/to pairs."""
        return [self[name] for name in self.fields if name != "sort"]


def remember(request, spec, criteria):
    return session_tokens.remember(
        request.session, SESSION_KEY, {"list": spec.name, "criteria": criteria}
    )


def recall(request, spec, token):
    """The criteria kept under token for this list, or None (expired, another session's or
    another list's token)."""
    kept = session_tokens.recall(request.session, SESSION_KEY, token or "")
    if not kept or kept.get("list") != spec.name:
        return None
    return kept["criteria"]


def searched_by(criteria):
    """Which criteria are in use, by field name, for audit rows: never the values."""
    return sorted(criteria)


def apply_criteria(spec, queryset, criteria):
    if spec.person:
        person = spec.person
        if criteria.get("nhs_number"):
            queryset = queryset.filter(**{f"{person}__nhs_number": criteria["nhs_number"]})
        for word in (criteria.get("name") or "").lower().split():
            queryset = queryset.filter(
                Q(**{f"{person}__search_given_name__startswith": word})
                | Q(**{f"{person}__search_family_name__startswith": word})
            )
    for spec_filter in spec.filters:
        if spec_filter.kind == "dates":
            start = criteria.get(f"{spec_filter.name}_from")
            end = criteria.get(f"{spec_filter.name}_to")
            if start:
                queryset = queryset.filter(**{f"{spec_filter.lookup}__gte": start})
            if end:
                queryset = queryset.filter(**{f"{spec_filter.lookup}__lte": end})
            continue
        value = criteria.get(spec_filter.name)
        if not value:
            continue
        if spec_filter.apply:
            queryset = spec_filter.apply(queryset, value)
        elif spec_filter.choices == "organisations":
            queryset = queryset.filter(**{f"{spec_filter.lookup}__public_id": value})
        else:
            queryset = queryset.filter(**{spec_filter.lookup: value})
    return queryset


def chosen_sort(spec, typed):
    """The sort key from the URL if it names a sortable column (with - for descending),
    else the list's default."""
    typed = typed or ""
    if typed.removeprefix("-") in spec.sorts:
        return typed
    return spec.default_sort


def _may_be_empty(model, lookup):
    """True when the field a lookup ("practice__name") reaches can be empty (NULL) on some
    row: the field, or any relation on the way, allows NULL."""
    for part in lookup.split("__"):
        field = model._meta.get_field(part)
        if getattr(field, "null", False):
            return True
        model = field.related_model or model
    return False


def apply_sort(spec, queryset, sort):
    if not sort:
        return queryset
    column = spec.sorts[sort.removeprefix("-")]
    descending = sort.startswith("-")
    ordering = []
    for name in column.order_by:
        # Empty values last. A column that is never empty is ordered plainly, the same rows
        # in the same order, so that an ordinary index on it serves the page (ADR 0051).
        nulls_last = True if _may_be_empty(queryset.model, name) else None
        expression = F(name)
        ordering.append(
            expression.desc(nulls_last=nulls_last)
            if descending
            else expression.asc(nulls_last=nulls_last)
        )
    return queryset.order_by(*ordering, "-pk" if descending else "pk")


def _query(**params):
    kept = {k: v for k, v in params.items() if v}
    return f"?{urlencode(kept)}" if kept else ""


class ListPage:
    """Everything a list page shows. After a valid POST, `redirect` is the response to
    return (to the list with the new token); otherwise render the page with this. ``read``
    (a gateway.core.list_reads.ListRead): the list as it is opened, its page read by a
    statement compiled once a process where it serves the person."""

    def __init__(self, request, spec, queryset, read=None):
        spec = self.spec = with_choices_for(request, spec)
        self.redirect = None
        self.url = reverse(spec.url_name)
        self.sort = chosen_sort(spec, request.GET.get(SORT) or request.POST.get(SORT))
        criteria, self.token = {}, ""
        if request.method == "POST":
            self.form = ListForm(spec, queryset, request.POST)
            if self.form.is_valid():
                criteria = self.form.criteria()
                if not criteria:
                    self.redirect = redirect(self.url + _query(sort=self.sort))
                    return
                audit.record(
                    audit.Action.SEARCH,
                    actor=request.user,
                    organisation=request.current_organisation,
                    object_type=spec.audit_type,
                    detail={"list": spec.name, "by": searched_by(criteria)},
                )
                token = remember(request, spec, criteria)
                self.redirect = redirect(self.url + _query(search=token, sort=self.sort))
                return
        else:
            typed_token = request.GET.get(TOKEN, "")
            if typed_token:
                criteria = recall(request, spec, typed_token)
                if criteria is None:
                    messages.info(request, "Your search has expired. Search again.")
                    self.redirect = redirect(self.url + _query(sort=self.sort))
                    return
                self.token = typed_token
            self.form = ListForm(spec, queryset, initial={**criteria, "sort": self.sort})
        self.criteria = criteria
        rows = apply_sort(spec, apply_criteria(spec, queryset, criteria), self.sort)
        # The page's keys first, then its rows by key: same rows and order (pagination.KeysFirst)
        rows = keys_first(rows)
        if read is not None and not criteria and isinstance(rows, KeysFirst):
            prepared = read.keys_for(request, rows, self.sort)
            rows = rows if prepared is None else prepared
        self.page = page_of(request, rows, spec.page_size, count_limit=spec.count_limit)
        self.pagination = self.page.links
        self.count = self.page.paginator.count
        self.count_text = self.page.count_text
        self.filtered = bool(criteria)
        self.clear_url = self.url + _query(sort=self.sort)
        self.csv_url = reverse(spec.csv_url_name) + _query(search=self.token, sort=self.sort)
        self.headers = [self._header(column) for column in spec.columns if column.in_table]

    @property
    def summary(self):
        """ "3 episodes match, showing 1 to 3." or "45 episodes, showing 26 to 45."."""
        noun = self.spec.plural(self.count)
        verb = (" match" if self.count != 1 else " matches") if self.filtered else ""
        if not self.count:
            return f"No {self.spec.plural(0)}{verb}."
        shown = f"showing {self.page.start_index()} to {self.page.end_index()}"
        beyond = self.page.beyond_text
        if beyond:  # a bounded list pages only so far (docs/adr/0043)
            beyond = f" {beyond} Search, filter or download the list to find the others."
        return f"{self.count_text} {noun}{verb}, {shown}.{beyond}"

    def _header(self, column):
        header = {"text": column.heading, "href": None, "aria_sort": None}
        if not column.key:
            return header
        current = self.sort.removeprefix("-") == column.key
        descending = current and self.sort.startswith("-")
        if current:
            header["aria_sort"] = "descending" if descending else "ascending"
        next_sort = column.key if (not current or descending) else f"-{column.key}"
        header["href"] = self.url + _query(search=self.token, sort=next_sort)
        return header


def export_csv(request, spec, queryset):
    """Every row of the list as it is filtered and sorted (not only the page shown), as CSV
    with every cell safe to open in a spreadsheet. Audited with the list, the criteria used
    (names, not values) and the number of rows."""
    token = request.GET.get(TOKEN, "")
    criteria = {}
    if token:
        criteria = recall(request, spec, token)
        if criteria is None:
            messages.info(request, "Your search has expired. Search again.")
            return redirect(reverse(spec.url_name))
    sort = chosen_sort(spec, request.GET.get(SORT))
    rows = [
        [column.cell(row) for column in spec.columns]
        for row in apply_sort(spec, apply_criteria(spec, queryset, criteria), sort)
    ]
    audit.record(
        audit.Action.EXPORT,
        actor=request.user,
        organisation=request.current_organisation,
        object_type=spec.audit_type,
        detail={
            "export": "csv",
            "list": spec.name,
            "by": searched_by(criteria),
            "sort": sort,
            "rows": len(rows),
        },
    )
    today = timezone.localdate().isoformat()
    filename = f"{spec.name}-{today}.csv"
    return csv_response(filename, [column.heading for column in spec.columns], rows)
