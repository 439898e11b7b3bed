"""The commissioner's pages: the worklist of escalations and refusals
on grounds that are not reasonable, and the evidence tables with CSV export."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from gateway.audit import services as audit
from gateway.core import lists
from gateway.core.csv_export import csv_response
from gateway.core.form_pages import form_page
from gateway.core.list_reads import ListRead
from gateway.core.permissions import permission_required
from gateway.patients.queries import reads_whole_organisation

from .. import evidence, queries, services
from ..forms import PracticeContactedForm, RefusalOutcomeForm
from .common import OVERSEE, Outcome, audit_view, detail_url, referral_for

WORKLIST = lists.ListSpec(
    name="registration-worklist",
    url_name="registration:worklist",
    csv_url_name="registration:worklist-csv",
    noun="item",
    person="referral__patient",
    audit_type="registration.RegistrationAlert",
    default_sort="since",
    columns=(
        lists.Column(
            "Person",
            lambda a: a.referral.patient.full_name,
            key="person",
            order_by=(
                "referral__patient__search_family_name",
                "referral__patient__search_given_name",
            ),
        ),
        lists.Column(
            "Practice",
            lambda a: a.referral.practice.name if a.referral.practice else "None",
            key="practice",
            order_by=("referral__practice__name",),
        ),
        lists.Column(
            "What happened", lambda a: a.get_kind_display(), key="what", order_by=("kind",)
        ),
        lists.Column("Since", lambda a: a.raised_on, key="since", order_by=("raised_on",)),
        lists.Column("Detail", lambda a: a.detail, in_table=False),
        lists.Column(
            "Referred by", lambda a: a.referral.referring_organisation.name, in_table=False
        ),
    ),
    filters=(
        lists.Filter(
            "kind",
            "What happened",
            "kind",
            choices=[(kind.value, kind.label) for kind in queries.COMMISSIONER_KINDS],
            any_text="Anything",
        ),
        lists.Filter(
            "practice",
            "Practice",
            "referral__practice",
            choices="organisations",
            any_text="Any practice",
            # The practices it looks after (ADR 0051), not those its open items name.
            organisations=lambda request: queries.practices_overseen(request.current_organisation),
        ),
        lists.Filter("since", "Since", "raised_on", kind="dates"),
    ),
)


def _worklist(request):
    return queries.commissioner_worklist(request.user, request.current_organisation)


# What a page of the worklist shows, the only columns its rows read (ADR 0061, ADR 0065): the
# CSV, which has more, reads _worklist.
LISTED = (
    "kind",
    "detail",
    "raised_on",
    "referral__public_id",
    "referral__patient__given_name",
    "referral__patient__family_name",
    "referral__practice__name",
    "referral__referring_organisation__name",
)


def _listed_for_organisation(organisation_id, today):
    return queries.organisation_commissioner_worklist(organisation_id, today).only(*LISTED)


# The worklist as it is opened, its page read by a statement compiled once a process.
WORKLIST_READ = ListRead(WORKLIST, _listed_for_organisation, whole=reads_whole_organisation)


@require_http_methods(["GET", "POST"])
@permission_required(OVERSEE)
def worklist(request):
    listing = lists.ListPage(
        request, WORKLIST, _worklist(request).only(*LISTED), read=WORKLIST_READ
    )
    if listing.redirect:
        return listing.redirect
    return render(
        request,
        "registration/worklist.jinja",
        {
            "listing": listing,
            "alerts": listing.page.object_list,
            "page_has_errors": bool(listing.form.errors),
        },
    )


@require_http_methods(["GET"])
@permission_required(OVERSEE)
def worklist_csv(request):
    return lists.export_csv(request, WORKLIST, _worklist(request))


@require_http_methods(["GET"])
@permission_required(OVERSEE)
def evidence_tables(request):
    # The tables the daily job kept today, else counted now (ADR 0064, session 13 update).
    shown = evidence.shown(request.current_organisation)
    return render(
        request,
        "registration/evidence.jinja",
        {
            "tables": shown.tables,
            "worked_out_at": shown.worked_out_at,
            "period": evidence.period(),
        },
    )


@require_http_methods(["GET"])
@permission_required(OVERSEE)
def evidence_csv(request, kind):
    build = evidence.TABLES.get(kind)
    if build is None:
        raise Http404("No such table.")
    # The same figures as the page: the table kept today, else this one table counted now.
    kept = evidence.kept(request.current_organisation)
    table = kept.table(kind) if kept else build(request.current_organisation)
    audit.record(
        audit.Action.EXPORT,
        actor=request.user,
        organisation=request.current_organisation,
        object_type="registration.evidence",
        object_id=kind,
        detail={"export": "csv"},
    )
    return csv_response(f"registration-{kind}.csv", table.headers, table.rows)


def _commissioner_referral(request, public_id):
    """The referral, if its practice is one this commissioner looks after (403 otherwise),
    and a redirect to the referral when its refusal is no longer waiting for them."""
    referral = referral_for(request, public_id)
    if not (
        referral.practice is not None
        and referral.practice.commissioner_id == request.current_organisation.pk
    ):
        raise PermissionDenied
    if not services.commissioner_may_decide(referral):
        messages.info(request, "This refusal is no longer waiting for you.")
        return referral, redirect("registration:detail", public_id=referral.public_id)
    return referral, None


@require_http_methods(["GET", "POST"])
@permission_required(OVERSEE)
def practice_contacted(request, public_id):
    referral, gone = _commissioner_referral(request, public_id)
    if gone:
        return gone
    return form_page(
        request,
        PracticeContactedForm,
        template="registration/practice_contacted.jinja",
        context={"referral": referral},
        form_kwargs={"initial": {"version": referral.version}},
        save=lambda form: services.record_practice_contacted(
            request.user,
            request.current_organisation,
            referral,
            on=form.cleaned_data["on"],
            note=form.cleaned_data["note"],
            expected_version=form.cleaned_data["version"],
        ),
        success="Contacting the practice is recorded. Record the outcome when you have it.",
        next_url=detail_url(referral),
        on_view=lambda: audit_view(request, referral, "registration: practice contacted"),
    )


@require_http_methods(["GET", "POST"])
@permission_required(OVERSEE)
def refusal_outcome(request, public_id):
    referral, gone = _commissioner_referral(request, public_id)
    if gone:
        return gone
    practices = list(services.assignable_practices(request.current_organisation, referral))

    def decide(form):
        outcome = form.cleaned_data["outcome"]
        chosen = form.cleaned_data["practice"]
        practice = next((p for p in practices if str(p.public_id) == chosen), None)
        return services.record_refusal_outcome(
            request.user,
            request.current_organisation,
            referral,
            outcome=outcome,
            note=form.cleaned_data["note"],
            practice=practice if outcome == Outcome.PRACTICE_ASSIGNED else None,
            expected_version=form.cleaned_data["version"],
        )

    return form_page(
        request,
        RefusalOutcomeForm,
        template="registration/refusal_outcome.jinja",
        context={"referral": referral},
        form_kwargs={"practices": practices, "initial": {"version": referral.version}},
        save=decide,
        success="The outcome is recorded and the referrer has been told.",
        next_url=reverse("registration:worklist"),
        on_view=lambda: audit_view(request, referral, "registration: refusal outcome"),
    )
