"""Custody, release, a move to another area, death, registered by mistake, entered in error
(DOMAIN §2.8): one page with a choice. Writes through gateway.sas.services."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from .. import queries, services
from ..errors import SasError
from ..forms.changes import ChangeForm
from ..services.changes import CHANGES
from .appeals import can_view_episodes, episode_url, show_refusal


@require_http_methods(["GET", "POST"])
@can_view_episodes
def episode_change(request, public_id):
    organisation = request.current_organisation
    episode = queries.get_visible_episode(request.user, organisation, public_id)
    changes = services.available_changes(request.user, organisation, episode)
    commissioners = list(services.other_commissioners(episode).only("public_id", "name"))
    form = ChangeForm(
        request.POST or None,
        initial={"version": episode.version},
        changes=changes,
        all_changes=CHANGES.values(),
        commissioners=commissioners,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        to_commissioner = None
        if data["to_commissioner"]:
            to_commissioner = (
                services.other_commissioners(episode)
                .filter(public_id=data["to_commissioner"])
                .first()
            )
        try:
            services.record_change(
                request.user,
                organisation,
                episode,
                data["change"],
                data["version"],
                reason=data["reason"],
                to_commissioner=to_commissioner,
            )
        except (SasError, ValidationError) as error:
            show_refusal(form, error)
        else:
            messages.success(request, "The change has been recorded")
            target = episode_url(episode)
            if target:
                return redirect(target)
            return redirect("sas:episode-change", public_id=episode.public_id)
    return render(
        request,
        "sas/changes/change.jinja",
        {
            "form": form,
            "episode": episode,
            "patient": episode.patient,
            "changes": changes,
            "episode_url": episode_url(episode),
            "page_has_errors": bool(form.errors),
        },
    )
