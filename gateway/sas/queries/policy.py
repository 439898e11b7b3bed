"""The scheme policy in force: the figures deadlines are worked out from."""

from django.utils import timezone

from ..models import SchemePolicy
from ..rules import long_date


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
