"""The pages of a closing practice. An organisation admin of the commissioner closes a practice
by hand; a commissioner records a merger, and works through each closure alert: the people on
the scheme at the practice (moved one by one, each with a letter) and the open registration
referrals to it (redirected one by one or all at once), with who is done and who is left."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from gateway.core.form_pages import form_page
from gateway.core.pagination import page_of
from gateway.core.permissions import permission_required
from gateway.registration.services.redirects import practices_to_redirect_to
from gateway.sas.services.practice_moves import practices_to_move_to

from . import mergers, queries, services
from .forms import CloseForm, MergeForm, MoveForm


def _closure_url(closure):
    return reverse("imports:closure", kwargs={"public_id": closure.public_id})


@require_http_methods(["GET", "POST"])
@permission_required(services.CLOSE)
def close(request):
    organisation = request.current_organisation

    def save(form):
        data = form.cleaned_data
        return services.close_by_hand(
            request.user,
            organisation,
            data["practice"],
            closed_on=data["closed_on"],
            reason=data["reason"],
        )

    return form_page(
        request,
        CloseForm,
        template="imports/closures/close.jinja",
        form_kwargs={"practices": queries.practices_of(organisation)},
        save=save,
        success="The practice is marked as closing. Its commissioner is told if people are at it.",
        next_url=reverse("imports:practices"),
    )


@require_http_methods(["GET", "POST"])
@permission_required(services.MANAGE)
def merge(request):
    organisation = request.current_organisation

    def save(form):
        data = form.cleaned_data
        result = mergers.merge(
            request.user,
            organisation,
            data["practice"],
            data["successor"],
            merged_on=data["closed_on"],
            reason=data["reason"],
        )
        for refusal in result.refused:
            messages.warning(request, f"Not moved: {refusal}")
        return result

    return form_page(
        request,
        MergeForm,
        template="imports/closures/merge.jinja",
        form_kwargs={"practices": queries.practices_of(organisation)},
        save=save,
        success=lambda r: (
            f"{r.practice.name} merges into {r.successor.name}. Moved: {r.people_moved} "
            f"on the scheme, {r.referrals_redirected} referrals, {r.relationships_moved} "
            "other records."
        ),
        next_url=lambda r: reverse(
            "imports:practice-closed", kwargs={"public_id": r.practice.public_id}
        ),
    )


@require_GET
@permission_required(services.MANAGE)
def closed_practice(request, public_id):
    """A closed or merged practice: what happened, its closure alerts, and its staff accounts
    (not moved by a merger: the admin moves them by hand)."""
    organisation = request.current_organisation
    practice = queries.get_practice(organisation, public_id)
    if practice.closed_on is None:
        raise Http404("No practice matches the given query.")
    return render(
        request,
        "imports/closures/practice.jinja",
        {
            "practice": practice,
            "closures": queries.closures_of(organisation).filter(practice=practice)[:20],
            "staff": page_of(request, queries.staff_of(practice)),
        },
    )


@require_GET
@permission_required(services.MANAGE)
def detail(request, public_id):
    organisation = request.current_organisation
    closure = queries.get_closure(organisation, public_id)
    practice = closure.practice
    show = request.GET.get("show", "people")
    if show not in ("people", "moved", "referrals", "redirected"):
        show = "people"
    rows = {
        "people": lambda: queries.on_scheme_at(request.user, organisation, practice),
        "moved": lambda: queries.moves_of(closure, "person"),
        "referrals": lambda: queries.open_referrals_at(request.user, organisation, practice),
        "redirected": lambda: queries.moves_of(closure, "referral"),
    }[show]()
    people_left, referrals_left = services.left_at(practice)
    return render(
        request,
        "imports/closures/detail.jinja",
        {
            "closure": closure,
            "practice": practice,
            "has_closed": closure.closed_on <= timezone.localdate(),
            "show": show,
            "page": page_of(request, rows),
            "people_left": people_left,
            "referrals_left": referrals_left,
            "move_form": MoveForm(practices=practices_to_move_to(organisation, practice)),
            "redirect_form": MoveForm(
                practices=practices_to_redirect_to(organisation, practice), label="Send to"
            ),
        },
    )


def _act(request, closure, action):
    try:
        text = action()
    except (ValidationError, PermissionDenied) as refusal:
        words = refusal.messages if isinstance(refusal, ValidationError) else [str(refusal)]
        messages.error(request, " ".join(words))
    else:
        messages.success(request, text)


@require_POST
@permission_required(services.MANAGE)
def move(request, public_id):
    organisation = request.current_organisation
    closure = queries.get_closure(organisation, public_id)
    episode = (
        queries.on_scheme_at(request.user, organisation, closure.practice)
        .filter(public_id=request.POST.get("episode") or None)
        .first()
    )
    if episode is None:
        raise Http404("No person matches the given query.")
    form = MoveForm(request.POST, practices=practices_to_move_to(organisation, closure.practice))

    def action():
        if not form.is_valid():
            raise ValidationError("Choose the SAS practice to move them to")
        practice = form.cleaned_data["practice"]
        services.move_person(request.user, organisation, closure, episode, practice)
        return f"{episode.patient.display_name} moved to {practice.name}. Letters are on their way."

    _act(request, closure, action)
    return redirect(_closure_url(closure))


@require_POST
@permission_required(services.MANAGE)
def redirect_referrals(request, public_id):
    organisation = request.current_organisation
    closure = queries.get_closure(organisation, public_id)
    referrals = queries.open_referrals_at(request.user, organisation, closure.practice)
    one = request.POST.get("referral")
    if one:
        referrals = referrals.filter(public_id=one)
        if not referrals.exists():
            raise Http404("No referral matches the given query.")
    form = MoveForm(
        request.POST, practices=practices_to_redirect_to(organisation, closure.practice)
    )

    def action():
        if not form.is_valid():
            raise ValidationError("Choose the practice to send the referrals to")
        practice = form.cleaned_data["practice"]
        count = services.redirect_referrals(
            request.user, organisation, closure, referrals, practice
        )
        return f"{count} {'referral' if count == 1 else 'referrals'} redirected to {practice.name}."

    _act(request, closure, action)
    return redirect(_closure_url(closure) + "?show=referrals")
