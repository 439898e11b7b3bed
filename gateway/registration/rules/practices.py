"""Choosing a practice (docs/domain/gp-registration.md#national-rules,
docs/domain/gp-registration.md#registration-before-release-from-prison). Pure: takes plain values,
so the ranking and the SAS routing can be tested without a database.

- The person's area is the postcode district of their own or temporary address; with a proxy
  (care-of) address it is the referrer's office district, as the proxy is where post goes.
- Candidates are active GP practices whose catchment districts include that district, ranked
  plainly: practices that have accepted more referrals from this scheme first, then by name.
  No distances (Gateway holds no coordinates; a plain order is explainable to the person).
- Someone on the Special Allocation Scheme (an open SAS episode, or an open 'attend SAS
  practice only' flag) goes to their SAS practice instead, and the worker is told why."""

from dataclasses import dataclass, field

from gateway.patients.rules import postcode_district

# Shown to the referring worker, so it names no document; the rule is
# docs/domain/gp-registration.md#registration-before-release-from-prison.
SAS_REASON = (
    "This person is on the Special Allocation Scheme, so they can only be registered with "
    "their SAS practice, {practice}. SAS patients go back to the SAS practice on release."
)

SAS_UNKNOWN_REASON = (
    "This person is flagged to attend an SAS practice only, but Gateway does not know which "
    "one. Ask the commissioner which SAS practice to refer them to."
)


@dataclass(frozen=True)
class PracticeOption:
    pk: int
    name: str
    catchment_districts: tuple = ()
    accepted_before: int = 0
    is_active: bool = True


@dataclass
class PracticeChoice:
    district: str | None
    options: list = field(default_factory=list)
    sas_practice_pk: int | None = None
    reason: str = ""

    on_sas_scheme: bool = False

    @property
    def routed_to_sas(self):
        return self.sas_practice_pk is not None


def person_district(*, uses_proxy, own_postcode, referrer_postcode):
    return postcode_district(referrer_postcode if uses_proxy else own_postcode)


def choose_practices(district, practices, *, on_sas_scheme=False, sas_practice=None):
    """practices: PracticeOption values. on_sas_scheme: the person has an open SAS episode
    or an open 'attend SAS practice only' flag; sas_practice: their SAS practice as a
    PracticeOption, when known."""
    if on_sas_scheme and sas_practice is None:
        return PracticeChoice(district=district, reason=SAS_UNKNOWN_REASON, on_sas_scheme=True)
    if on_sas_scheme:
        return PracticeChoice(
            district=district,
            options=[sas_practice],
            sas_practice_pk=sas_practice.pk,
            on_sas_scheme=True,
            reason=SAS_REASON.format(practice=sas_practice.name),
        )
    if not district:
        return PracticeChoice(
            district=None,
            reason="Enter a postcode for the person's address (or use your office as a proxy "
            "address) so Gateway can find the practices that cover it.",
        )
    covering = [p for p in practices if p.is_active and district in p.catchment_districts]
    covering.sort(key=lambda p: (-p.accepted_before, p.name.lower(), p.pk))
    reason = "" if covering else f"No practice on Gateway lists {district} in its catchment."
    return PracticeChoice(district=district, options=covering, reason=reason)
