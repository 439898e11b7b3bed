"""Read-side helpers for the scheme."""

from django.utils import timezone

from .models import SchemePolicy
from .rules import long_date


class NoPolicyInForce(LookupError):
    def __init__(self, commissioner, on_date):
        self.message = (
            f"{commissioner} has no scheme policy in force on {long_date(on_date)}. "
            "A commissioner must set one up before deadlines can be worked out."
        )
        super().__init__(self.message)


def policy_in_force(commissioner, on_date=None):
    """The latest version of the commissioner's policy whose effective date is on or before
    on_date (today by default)."""
    on_date = on_date or timezone.localdate()
    policy = (
        SchemePolicy.objects.filter(commissioner=commissioner, effective_from__lte=on_date)
        .order_by("-version")
        .first()
    )
    if policy is None:
        raise NoPolicyInForce(commissioner, on_date)
    return policy


def visible_episodes(user, organisation):
    """Episodes of patients the organisation may see (gateway.patients.queries): scoping
    rests on one mechanism, the patient relationship, and fails closed the same way.
    Services that create or allocate an episode add the relationships for the
    commissioner, the SAS practice and the removing practice."""
    from gateway.patients.queries import visible_patients

    from .models import Episode

    return Episode.objects.filter(patient__in=visible_patients(user, organisation))


def get_visible_episode(user, organisation, public_id):
    """The episode, or 404 when it does not exist or is not visible."""
    from django.http import Http404

    episode = (
        visible_episodes(user, organisation)
        .select_related("patient", "commissioner", "sas_practice", "removing_practice")
        .filter(public_id=public_id)
        .first()
    )
    if episode is None:
        raise Http404("No episode matches the given query.")
    return episode
