"""Who may do what, as `rules` predicates over (user, organisation). The organisation is the
user's current organisation; a role counts only through an active membership of it."""

import hashlib

import rules

from .models import Organisation, Role


def roles_in(user, organisation):
    if organisation is None or not getattr(user, "is_authenticated", False):
        return set()
    cache = getattr(user, "_roles_cache", None)
    if cache is None:
        cache = user._roles_cache = {}
    if organisation.pk not in cache:
        cache[organisation.pk] = set(
            user.memberships.filter(organisation=organisation, is_active=True).values_list(
                "role", flat=True
            )
        )
    return cache[organisation.pk]


def remember_roles(user, roles_by_organisation):
    """Keep roles already read (``{organisation id: roles}``, active memberships of active
    organisations) for this request's ``roles_in``, so it does not read them again."""
    cache = getattr(user, "_roles_cache", None)
    if cache is None:
        cache = user._roles_cache = {}
    for organisation_id, roles in roles_by_organisation.items():
        cache.setdefault(organisation_id, set(roles))


def has_role(*wanted):
    @rules.predicate(name=f"has_role({', '.join(wanted)})")
    def predicate(user, organisation=None):
        return bool(roles_in(user, organisation) & set(wanted))

    return predicate


is_commissioner = has_role(Role.COMMISSIONER)
is_organisation_admin = has_role(Role.ORGANISATION_ADMIN)
is_auditor = has_role(Role.AUDITOR)
is_national_analyst = has_role(Role.NATIONAL_ANALYST)
works_with_patients = has_role(
    Role.COMMISSIONER, Role.PRACTICE_STAFF, Role.SAS_PRACTICE_STAFF, Role.SUPPORT_WORKER
)

rules.add_perm("patients.add_patient", works_with_patients)
rules.add_perm("patients.view_patient", works_with_patients | has_role(Role.PANEL_MEMBER))
rules.add_perm("patients.change_patient", works_with_patients)
# Records over time (docs/adr/0040, 0041): the commissioner finds and links the same person
# entered twice in their area; anyone who works with records asks for one to be treated as
# made in error, and a second person of the same organisation confirms it.
rules.add_perm(
    "patients.link_duplicates",
    has_role(Role.COMMISSIONER)
    & rules.predicate(
        lambda user, organisation=None: (
            getattr(organisation, "kind", None) == Organisation.Kind.COMMISSIONER
        )
    ),
)
rules.add_perm("patients.mark_made_in_error", works_with_patients)
rules.add_perm("accounts.view_organisations", is_commissioner | is_organisation_admin)
rules.add_perm("accounts.change_organisation", is_commissioner | is_organisation_admin)
rules.add_perm("audit.view_access_log", is_auditor)
rules.add_perm("accounts.manage_users", is_organisation_admin)
# NHS practice data (the ODS epraccur file) for a commissioner's area: its organisation admin
# brings it; its commissioners see the alerts a closing practice raises
# (docs/adr/0030-practice-data-import.md).
at_a_commissioner = rules.predicate(
    lambda user, organisation=None: (
        getattr(organisation, "kind", None) == Organisation.Kind.COMMISSIONER
    ),
    name="at_a_commissioner",
)
rules.add_perm("imports.import_practices", is_organisation_admin & at_a_commissioner)
rules.add_perm("accounts.view_practice_closures", is_commissioner & at_a_commissioner)
# Requests to link an organisation to a person already on Gateway that it cannot see go to
# the organisation's commissioner, who links or declines (docs/adr/0035).
rules.add_perm("patients.decide_link_requests", is_commissioner & at_a_commissioner)
# Every commissioner's figures side by side, small numbers suppressed (gateway/insight). The
# analyst holds no other permission: no person, list of people or export with personal data.
rules.add_perm("insight.view_national", is_national_analyst)
# A commissioner's own area's figures as files (the tables of the dashboard, the yearly return).
rules.add_perm("insight.export_area", is_commissioner)
# Bringing the people already on the scheme from a commissioner's caseload spreadsheet
# (gateway/imports/caseloads, docs/adr/0031): the commissioner runs the scheme and allocates.
rules.add_perm("imports.import_caseload", is_commissioner)

# How long an unconfirmed request to reset someone's authenticator app waits for a second
# admin, and how long an invitation link works. Security settings, the same everywhere.
MFA_RESET_REQUEST_HOURS = 24
INVITATION_DAYS = 7


def roles_for_organisation(organisation):
    """The roles a person can hold at this kind of organisation, in the order offered."""
    kind = organisation.kind
    if kind == organisation.Kind.COMMISSIONER:
        work = [Role.COMMISSIONER, Role.PANEL_MEMBER]
    elif kind == organisation.Kind.NATIONAL:
        work = [Role.NATIONAL_ANALYST]
    elif kind == organisation.Kind.GP_PRACTICE:
        work = [Role.PRACTICE_STAFF]
        if organisation.is_sas_practice:
            work.append(Role.SAS_PRACTICE_STAFF)
    else:
        work = [Role.SUPPORT_WORKER]
    return [*work, Role.ORGANISATION_ADMIN, Role.AUDITOR]


def roles_fingerprint(roles):
    """A short token for the set of roles a page showed. The roles page carries it, and a save
    over roles someone changed since is refused (optimistic concurrency, ADR 0046)."""
    text = ",".join(sorted({str(role) for role in roles}))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def can_edit_organisation(user, acting_organisation, target):
    """Commissioners edit their own organisation and the ones they commission; organisation
    admins edit only their own. Both judged by the roles held in the acting organisation."""
    if acting_organisation is None or target is None:
        return False
    roles = roles_in(user, acting_organisation)
    if Role.COMMISSIONER in roles and (
        target.pk == acting_organisation.pk or target.commissioner_id == acting_organisation.pk
    ):
        return True
    return Role.ORGANISATION_ADMIN in roles and target.pk == acting_organisation.pk


def cis2_roles(rbac_roles, role_map, organisations, selected_role_id=""):
    """The (ODS code, Gateway role) pairs a person's NHS Care Identity roles give them
    (docs/adr/0037-staff-sign-in-with-nhs-care-identity.md). rbac_roles: the
    nhsid_nrbac_roles claim, one entry per role the person holds (org_code, role_code such as
    "S8000:G8000:R8000", person_roleid). role_map (settings.CIS2_ROLE_MAP, policy as data):
    role code -> {organisation kind: [Gateway roles]}. organisations: the Gateway
    organisations by ODS code. When the person chose one role at CIS2 (selected_roleid), only
    that role counts. A role the organisation cannot have is never given; an organisation
    Gateway does not know gives nothing."""
    entries = [entry for entry in rbac_roles or [] if isinstance(entry, dict)]
    if selected_role_id:
        entries = [e for e in entries if str(e.get("person_roleid", "")) == selected_role_id]
    granted = set()
    for entry in entries:
        organisation = organisations.get(str(entry.get("org_code", "")).strip().upper())
        if organisation is None:
            continue
        code = str(entry.get("role_code", "")).split(":")[-1].strip()
        wanted = (role_map.get(code) or {}).get(organisation.kind, [])
        if isinstance(wanted, str):
            wanted = [wanted]
        possible = {str(role) for role in roles_for_organisation(organisation)}
        granted |= {(organisation.ods_code, role) for role in wanted if role in possible}
    return granted
