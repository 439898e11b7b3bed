"""How the contact plan and consents read on the patient page. Display
logic only, over rows already loaded."""

from dataclasses import dataclass

from gateway.core.formats import long_date

from ..models import Consent, ContactRoute

Kind = ContactRoute.Kind

SAFETY_TAGS = {
    ContactRoute.Safety.SAFE: ("Safe to use", "nhsuk-tag--green"),
    ContactRoute.Safety.SHARED: ("Shared: use with care", "nhsuk-tag--yellow"),
    ContactRoute.Safety.NEVER: ("Never send here", "nhsuk-tag--red"),
}


def where(route):
    """Where the route goes, in words."""
    if route.kind == Kind.MOBILE:
        return route.phone_number or "No number"
    if route.kind == Kind.EMAIL:
        return route.email_address or "No email address"
    if route.kind == Kind.POSTAL:
        return ", ".join(route.address.lines) if route.address else "No address"
    if route.kind == Kind.VIA_WORKER:
        if route.worker is None:
            return "No worker named"
        organisation = route.worker_organisation.name if route.worker_organisation else ""
        return f"{route.worker.display_name}, {organisation}" if organisation else str(route.worker)
    if route.kind == Kind.IN_PERSON:
        return route.in_person_organisation.name if route.in_person_organisation else "No practice"
    return ""


def confirmed_text(route):
    if route.awaiting_staff_confirmation:
        return "Changed by the person on their own page: waiting for staff to check it"
    if route.last_confirmed_on is None:
        return "Never confirmed"
    who = route.confirmed_by.display_name if route.confirmed_by else "the person"
    text = f"{long_date(route.last_confirmed_on)} by {who}"
    if route.confirmed_by_patient:
        text += " (the person changed it on their own page)"
    return text


@dataclass
class RouteRow:
    route: ContactRoute
    check: object
    position: int
    is_first: bool
    is_last: bool

    @property
    def is_stand_in(self):
        """The current address standing in for a plan that has no routes recorded."""
        return self.route.pk is None

    @property
    def heading(self):
        if self.is_stand_in:
            return f"{self.position}. {STAND_IN_HEADING}"
        return f"{self.position}. {self.route.get_kind_display()}"

    @property
    def where(self):
        return where(self.route)

    @property
    def safety_tag(self):
        return SAFETY_TAGS[self.route.safety]

    @property
    def confirmed(self):
        if self.is_stand_in:
            return STAND_IN_CONFIRMED
        return confirmed_text(self.route)

    @property
    def today(self):
        return "Yes" if self.check.usable else f"No. {self.check.reason}"


STAND_IN_HEADING = "Letter to their current address"
STAND_IN_CONFIRMED = (
    "No ways to contact them are recorded, so letters go to their current address. Add a "
    "way to contact them to change this."
)


def _shown(check):
    """Every open route; the current address standing in only when there is an address."""
    if check.route.ended_at is not None:
        return False
    return check.route.pk is not None or check.route.address_id is not None


def contact_plan(checks):
    """Open routes as numbered rows in the person's order, and ended ones apart. The checks
    are the plan the outbox sends by (gateway.patients.queries.contact_plan_for), current
    address standing in included, so this page and the outbox give one answer."""
    open_checks = [c for c in checks if _shown(c)]
    rows = [
        RouteRow(c.route, c, i, i == 1, i == len(open_checks))
        for i, c in enumerate(open_checks, start=1)
    ]
    ended = [
        {"route": c.route, "where": where(c.route)} for c in checks if c.route.ended_at is not None
    ]
    return {
        "rows": rows,
        "ended": ended,
        "usable_count": sum(1 for c in open_checks if c.usable),
        "waiting": [r for r in rows if r.route.awaiting_staff_confirmation],
    }


def consent_status(consent, today):
    """In force, withdrawn, expired or not started: how the consent list shows it."""
    if consent.withdrawn_at is not None:
        return "Withdrawn", "nhsuk-tag--grey", f"Withdrawn on {long_date(consent.withdrawn_at)}"
    if consent.expires_on is not None and consent.expires_on < today:
        return "Expired", "nhsuk-tag--grey", f"Ended on {long_date(consent.expires_on)}"
    if consent.starts_on > today:
        return "Not started", "nhsuk-tag--blue", f"Starts on {long_date(consent.starts_on)}"
    until = f"until {long_date(consent.expires_on)}" if consent.expires_on else "no end date"
    return "In force", "nhsuk-tag--green", f"From {long_date(consent.starts_on)}, {until}"


@dataclass
class ConsentRow:
    consent: Consent
    status: str
    tag_class: str
    dates: str

    @property
    def in_force(self):
        return self.status == "In force"


def consent_rows(consents, today):
    rows = [ConsentRow(c, *consent_status(c, today)) for c in consents]
    # In force first, then the history, newest first within each.
    return sorted(rows, key=lambda r: not r.in_force)
