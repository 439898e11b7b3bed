"""Custody, release, a move to another area, death, registered by mistake, entered in error
(docs/domain/sas-other-changes.md#registered-by-mistake): one page with a choice. Writes through
gateway.sas.services."""

from django.urls import reverse
from django.views.decorators.http import require_http_methods

from gateway.core.form_pages import form_page
from gateway.core.permissions import permission_required

from .. import queries, services
from ..errors import SasError
from ..forms.changes import ChangeForm
from ..services.changes import CHANGES
from .appeals import episode_url
from .episodes import VIEW_EPISODES


@require_http_methods(["GET", "POST"])
@permission_required(VIEW_EPISODES)
def episode_change(request, public_id):
    organisation = request.current_organisation
    episode = queries.get_visible_episode(request.user, organisation, public_id)
    changes = services.available_changes(request.user, organisation, episode)
    commissioners = list(services.other_commissioners(episode).only("public_id", "name"))

    def save(form):
        data = form.cleaned_data
        to_commissioner = None
        if data["to_commissioner"]:
            to_commissioner = (
                services.other_commissioners(episode)
                .filter(public_id=data["to_commissioner"])
                .first()
            )
        services.record_change(
            request.user,
            organisation,
            episode,
            data["change"],
            data["version"],
            reason=data["reason"],
            to_commissioner=to_commissioner,
        )

    return form_page(
        request,
        ChangeForm,
        # With no change open to the person here, the page says so instead of a form.
        template="sas/changes/change.jinja" if changes else "sas/changes/none.jinja",
        form_kwargs={
            "initial": {"version": episode.version},
            "changes": changes,
            "all_changes": CHANGES.values(),
            "commissioners": commissioners,
        },
        save=save,
        success="The change has been recorded",
        next_url=episode_url(episode)
        or reverse("sas:episode-change", kwargs={"public_id": episode.public_id}),
        context={
            "episode": episode,
            "patient": episode.patient,
            "changes": changes,
            "episode_url": episode_url(episode),
        },
        refusals=(SasError,),
    )
