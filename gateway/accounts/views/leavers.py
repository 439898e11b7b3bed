"""A worker leaves or changes role: the organisation admin sees everything they hold and hands
it on to colleagues, everything at once or item by item, with a check page before anything
changes (docs/adr/0039-a-worker-leaves-their-work-is-handed-on.md). Reads through the holdings
registry and queries; writes through the reassignment service."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from gateway.core import session_tokens
from gateway.core.form_pages import form_page
from gateway.core.pagination import page_of
from gateway.core.permissions import permission_required

from .. import holdings, queries
from ..forms.leavers import EVERYTHING, HandOnForm
from ..forms.users import ConfirmForm
from ..services import reassignment

MANAGE = "accounts.manage_users"
SESSION_PLANS = "hand_on_plans"


def _work_url(member):
    return reverse("accounts:user-work", kwargs={"public_id": member.public_id})


@require_http_methods(["GET", "POST"])
@permission_required(MANAGE)
def work(request, public_id):
    organisation = request.current_organisation
    member = queries.get_member(organisation, public_id)
    held = holdings.HeldItems(member, organisation)
    page = page_of(request, held)
    items = list(page.object_list)
    colleagues = reassignment.colleague_roles(organisation, member)
    by_kind = {h.name: reassignment.colleagues_for(colleagues, h) for h in holdings.holdings()}
    counts = held.by_kind()
    everyone = [
        user
        for user, roles in colleagues.items()
        if all(reassignment.may_hold(roles, h) for h, _ in counts)
    ]

    def save(form):
        if form.cleaned_data["how"] == EVERYTHING:
            plan = reassignment.plan_everything(
                request.user, organisation, member, form.cleaned_data["everything_to"]
            )
        else:
            shown = {item.key: item.fingerprint for item in items}
            plan = reassignment.plan_items(
                request.user, organisation, member, form.item_choices(), shown
            )
        plan["leaver"] = str(member.public_id)
        return session_tokens.remember(request.session, SESSION_PLANS, plan)

    return form_page(
        request,
        HandOnForm,
        template="accounts/users/work.jinja",
        context={"member": member, "page": page, "counts": counts, "everyone": everyone},
        form_kwargs={"everyone": everyone, "items": items, "colleagues_by_kind": by_kind},
        save=save,
        next_url=lambda token: reverse(
            "accounts:user-work-check", kwargs={"public_id": member.public_id, "token": token}
        ),
    )


@require_http_methods(["GET", "POST"])
@permission_required(MANAGE)
def work_check(request, public_id, token):
    """The check page: every move, before anything changes."""
    organisation = request.current_organisation
    member = queries.get_member(organisation, public_id)
    plan = session_tokens.recall(request.session, SESSION_PLANS, token)
    if plan is None or plan.get("leaver") != str(member.public_id):
        messages.info(request, "Choose again who takes their work")
        return redirect(_work_url(member))
    moves = reassignment.planned_items(organisation, member, plan)
    page = page_of(request, moves)

    def save(form):
        moved = reassignment.reassign(request.user, organisation, member, plan)
        kept = dict(request.session.get(SESSION_PLANS, {}))
        kept.pop(token, None)
        request.session[SESSION_PLANS] = kept
        return moved

    def success(moved):
        left = holdings.holds_anything(member, organisation)
        now = (
            f"{member.display_name} still holds some work"
            if left
            else f"{member.display_name} holds no open work now"
        )
        return f"{moved} item{'s' if moved != 1 else ''} handed on. {now}"

    return form_page(
        request,
        ConfirmForm,
        template="accounts/users/work_check.jinja",
        context={"member": member, "page": page, "total": len(plan["moves"])},
        save=save,
        success=success,
        next_url=lambda moved: (
            _work_url(member)
            if holdings.holds_anything(member, organisation)
            else reverse("accounts:user-detail", kwargs={"public_id": member.public_id})
        ),
    )
