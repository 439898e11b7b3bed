"""Disabling a staff or system account, and changing an organisation's details: permission
check, write and audit row in one transaction."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from gateway.audit import services as audit
from gateway.core.models import STALE, save_if_unchanged

from .. import holdings
from ..models import Membership, Organisation, Role
from ..rules import can_edit_organisation


def _may_manage_user(actor, user):
    if actor.is_superuser:
        return True
    admin_of = Membership.objects.filter(
        user=actor, role=Role.ORGANISATION_ADMIN, is_active=True
    ).values("organisation")
    return Membership.objects.filter(user=user, organisation__in=admin_of).exists()


def disable_user(actor, user):
    """Stop a person or system account from using Gateway. Their existing sessions stop
    working on the next request (Django refuses sessions of inactive users) and their API
    tokens are revoked."""
    if actor.pk == user.pk or not _may_manage_user(actor, user):
        raise PermissionDenied
    # Nothing open is left without an owner (ADR 0039): hand it on first, in each organisation.
    for membership in user.memberships.filter(is_active=True).select_related("organisation"):
        if holdings.holds_anything(user, membership.organisation):
            raise ValidationError(
                f"{user.display_name} still holds open work for {membership.organisation.name}."
                " Its organisation admin must hand it on to colleagues first"
            )
    with transaction.atomic():
        user.is_active = False
        user.save(update_fields=["is_active"])
        revoked = user.api_tokens.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
        audit.record(
            audit.Action.STATE_CHANGE,
            actor=actor,
            obj=user,
            changed_fields=["is_active"],
            detail={"change": "disabled", "api_tokens_revoked": revoked},
        )
    return user


EDITABLE_ORGANISATION_FIELDS = (
    "name",
    "ods_code",
    "is_sas_practice",
    "list_capacity",
    "catchment_districts",
    "appeals_address",
    "appeals_postcode",
    "appeals_phone",
    "appeals_email",
)


def update_organisation(actor, acting_organisation, organisation, changes):
    """Change an organisation's details. ``changes`` may carry the ``version`` the page was
    read at: a save over a newer version is refused (optimistic concurrency, ADR 0046).
    Raises PermissionDenied, or ValidationError with plain messages keyed by field."""
    if not can_edit_organisation(actor, acting_organisation, organisation):
        raise PermissionDenied
    changes = dict(changes)
    expected_version = changes.pop("version", None)
    with transaction.atomic():
        organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
        if expected_version is not None and organisation.version != expected_version:
            raise ValidationError(STALE, code="stale")
        changed = []
        for field, value in changes.items():
            if field not in EDITABLE_ORGANISATION_FIELDS:
                raise ValueError(f"{field} cannot be edited here")
            if getattr(organisation, field) != value:
                setattr(organisation, field, value)
                changed.append(field)
        if not changed:
            return organisation, []
        if (
            "ods_code" in changed
            and organisation.ods_code
            and Organisation.objects.exclude(pk=organisation.pk)
            .filter(ods_code=organisation.ods_code)
            .exists()
        ):
            raise ValidationError(
                {
                    "ods_code": f"Another organisation already has the ODS code "
                    f"{organisation.ods_code}. Check the code and enter it again"
                }
            )
        organisation.full_clean(validate_constraints=False)
        # The UPDATE matches the version too, so two saves at once cannot both win.
        save_if_unchanged(
            organisation, None, **{field: getattr(organisation, field) for field in changed}
        )
        audit.record(
            audit.Action.UPDATE,
            actor=actor,
            organisation=acting_organisation,
            obj=organisation,
            changed_fields=changed,
        )
    return organisation, changed
