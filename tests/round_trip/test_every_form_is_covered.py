"""Every form in Gateway has a round-trip scenario, or a written reason why it stores nothing.

A new form that writes a record fails this test until a scenario posts it through its page
with every field filled and reads every value back from the stored record."""

import importlib
import pkgutil
from pathlib import Path

from django import forms

import gateway
from gateway.accounts import forms as accounts_forms
from gateway.accounts.forms.users import ConfirmForm
from gateway.audit import forms as audit_forms
from gateway.core import lists
from gateway.insight import forms as insight_forms
from gateway.patients import forms as patient_forms
from gateway.patients.forms import contact as contact_forms
from gateway.patients.forms import records as record_forms
from gateway.portal import forms as portal_forms
from gateway.sas.forms import appeals as appeal_forms
from gateway.sas.forms import reports as report_forms
from gateway.sas.forms import reviews as review_forms
from gateway.support import forms as support_forms
from gateway.support.forms import referrals as forms_referrals
from gateway.support.forms import team as forms_team

from .harness import NOT_STORED, SCENARIOS, not_stored

# Forms that write no record about anyone, or that only carry what their subclasses share.
not_stored(patient_forms.PatientSearchForm, "search criteria, kept in the session (ADR 0006)")
not_stored(lists.ListForm, "a list's search and filters, kept in the session (ADR 0006)")
not_stored(accounts_forms.SignInForm, "signs a member of staff in")
not_stored(accounts_forms.CodeForm, "checks a sign-in code")
not_stored(accounts_forms.OrganisationChoiceForm, "chooses whom to work for (session)")
not_stored(accounts_forms.OrganisationFilterForm, "filters a list")
not_stored(ConfirmForm, "no questions: the admin confirms, and a refusal shows on it")
not_stored(audit_forms.AuditSearchForm, "search criteria, kept in the session (ADR 0006)")
not_stored(portal_forms.SignInForm, "checks a person's one-time code")
not_stored(forms_referrals.ReportPeriodForm, "chooses the period of a report")
not_stored(insight_forms.PeriodForm, "chooses the dashboard's period and SAS practice (GET)")
not_stored(contact_forms.VersionForm, "only the version token its subclasses share")
not_stored(report_forms.VersionForm, "only the version token its subclasses share")
not_stored(review_forms.VersionForm, "only the version token its subclasses share")
not_stored(forms_team.VersionForm, "only the version token its subclasses share")
not_stored(appeal_forms.VersionedForm, "only the version token its subclasses share")
not_stored(review_forms.StepDownFields, "fields shared by the review decision forms")
not_stored(support_forms.AssessmentForm, "what the three assessment forms share")
not_stored(
    record_forms.ConfirmForm,
    "no questions: its button links two records, undoes a link, or confirms or cancels a "
    "made-in-error request, and the service stores who did it and when",
)


def _scenario_modules():
    here = Path(__file__).parent
    for module in pkgutil.iter_modules([str(here)]):
        if module.name.startswith("test_"):
            importlib.import_module(f"tests.round_trip.{module.name}")


def _gateway_forms():
    for module in pkgutil.walk_packages(gateway.__path__, "gateway."):
        if any(
            part in module.name for part in (".migrations", ".tests", "nonprod", "gateway.config")
        ):
            continue
        importlib.import_module(module.name)
    seen, queue = set(), [forms.Form]
    while queue:
        for subclass in queue.pop().__subclasses__():
            queue.append(subclass)
            # Forms defined by tests (to exercise the kernel) are not pages people use.
            if subclass.__module__.startswith("gateway.") and ".tests." not in subclass.__module__:
                seen.add(subclass)
    return seen


def test_every_form_is_covered_by_a_round_trip_or_says_why_it_stores_nothing():
    _scenario_modules()
    every_form = _gateway_forms()
    assert len(every_form) > 50  # the walk found the project's forms
    missing = sorted(
        f"{form.__module__}.{form.__qualname__}"
        for form in every_form
        if form not in SCENARIOS and form not in NOT_STORED
    )
    assert not missing, "Forms with no round-trip scenario:\n" + "\n".join(missing)


def test_a_form_that_stores_nothing_says_why():
    assert all(reason.strip() for reason in NOT_STORED.values())
