"""Who gets what on every URL (ASVS V8 object-level access; Caldicott
need-to-know). One entry per URL name; tests/test_access_matrix.py fails when a URL has no
entry, when an entry names a URL that no longer exists, or when any cell is wrong.

Each entry says, for a GET (and a POST where the view takes one), what each role gets with
the object in its own organisation's scope (tests/access_matrix/world.py builds it), and
what an anonymous visitor gets:

  ALLOWED      2xx, or a redirect that is not to sign-in, MFA or choosing an organisation
  FORBIDDEN    403 (the role may not use this page)
  NOT_FOUND    404 (the organisation has no relationship with the object, or may not see
               that detail of it: it looks exactly like a missing one)
  SIGN_IN      a redirect to the sign-in page
  REFUSED      a redirect back with an error message (the service said no; nothing written)
  UNAUTHORISED 401 (the URL checks its own bearer token)
  PORTAL_SIGN_IN a redirect to the patient's own sign-in page (/my/sign-in): the person's
               pages need a portal session, which no staff role has

Object URLs (a public id in the path, the query or a session draft) are also opened with an
object of an unrelated organisation: that must look exactly like an object that does not
exist, for every role (404, or the same 403 the role gets before any lookup), and is never
allowed. `unrelated` overrides that where an entry says why.

Methods a view does not take must give 405 (checked too), so `methods` is the whole truth.
"""

from gateway.accounts import caldicott
from gateway.accounts.models import Role

ALLOWED = "allowed"
FORBIDDEN = "forbidden"
NOT_FOUND = "not found"
SIGN_IN = "sign in"
REFUSED = "refused"
UNAUTHORISED = "unauthorised"
# The patient's own page (/my/) has its own sign-in with a one-time code (ADR 0013): a staff
# session does not open it, so staff and anonymous visitors alike are sent there.
PORTAL_SIGN_IN = "portal sign in"

A, F, N = ALLOWED, FORBIDDEN, NOT_FOUND
GET = ("GET",)
POST = ("POST",)
GET_POST = ("GET", "POST")

ROLES = tuple(Role)
ANONYMOUS = "anonymous"


def entry(methods, *, anonymous=SIGN_IN, obj=None, kind=None, via=None, data=None, **roles):
    """obj: which object of the scope the URL is about (world.Scope.object_for); via: how it
    travels when not in the path ("query" or a session draft name); kind: the <slug:kind>;
    data: the POST body, from the in-scope object."""
    unrelated = roles.pop("unrelated", None)
    return {
        "methods": methods,
        "obj": obj,
        "kind": kind,
        "via": via,
        "data": data,
        "unrelated": unrelated,
        ANONYMOUS: anonymous,
        **roles,
    }


def everyone(outcome):
    return {role.value: outcome for role in ROLES}


# Roles in rules.py's works_with_patients, plus panel members (who may view patients).
WORK = {"commissioner": A, "practice_staff": A, "sas_practice_staff": A, "support_worker": A}
# NHS England analysts see no person: every page about people is refused to them.
NOT_PEOPLE = {"organisation_admin": F, "auditor": F, "national_analyst": F}
VIEW = {**WORK, "panel_member": A, **NOT_PEOPLE}
CHANGE = {**WORK, "panel_member": F, **NOT_PEOPLE}
NONE = {role.value: F for role in ROLES}


def only(**allowed):
    return {**NONE, **allowed}


def part(row, roles):
    """A page of a part of the record with pages of its own: a role whose cell in the
    Caldicott access table (gateway/accounts/caldicott.py) is not "full" is refused before
    any lookup. tests/test_caldicott_access_table.py checks every such page against it."""
    opens = set(caldicott.roles_with(row, caldicott.FULL))
    return {
        role: (F if outcome in (A, REFUSED) and role not in opens else outcome)
        for role, outcome in roles.items()
    }


# The commissioner's screening pages: the SAS practice has no relationship with a patient
# before allocation, so the episode does not exist for it
# (docs/domain/special-allocation-scheme.md#the-special-allocation-scheme, rules via visibility).
# Nor for an NHS England analyst, whose organisation is related to no person at all, nor for
# roles that read no one (an organisation admin) or only the people before their panel (a
# panel member: gateway/sas/queries/panel.py), for whom the episode does not exist either.
NO_SIGHT = {
    "sas_practice_staff": N,
    "national_analyst": N,
    "organisation_admin": N,
    "panel_member": N,
}
SCREENING = only(commissioner=A, **NO_SIGHT)
HANDS_OVER = only(practice_staff=A, sas_practice_staff=A, support_worker=A)
SEES_UNREACHABLE = only(commissioner=A, sas_practice_staff=A, support_worker=A)

MATRIX = {
    # --- Public pages and the sign-in steps --------------------------------------------
    "core:home": entry(GET, **everyone(A)),
    "core:healthz": entry(GET, anonymous=A, **everyone(A)),
    # Anything under /api/ that matches no operation: a JSON 404 for everyone, signed in or
    # not (gateway/api/urls.py; the API's own matrix covers its operations).
    "not-found": entry(GET_POST, anonymous=N, **everyone(N)),
    "core:accessibility": entry(GET, anonymous=A, **everyone(A)),
    "core:privacy": entry(GET, anonymous=A, **everyone(A)),
    "accounts:sign-in": entry(GET_POST, anonymous=A, **everyone(A)),  # signed in: sent home
    "accounts:verify": entry(GET_POST, **everyone(A)),  # already verified: sent on
    "accounts:set-up-mfa": entry(GET_POST, **everyone(A)),
    # NHS Care Identity sign-in (ADR 0037): missing unless the deployment turns it on, as in
    # these tests; gateway/accounts/tests/test_cis2.py covers it turned on.
    "accounts:cis2-start": entry(GET, anonymous=N, **everyone(N)),
    "accounts:cis2-callback": entry(GET, anonymous=N, **everyone(N)),
    "accounts:sign-out": entry(GET_POST, anonymous=A, **everyone(A)),
    "accounts:switch-organisation": entry(GET_POST, **everyone(A)),
    "comms:notify-callback": entry(POST, anonymous=UNAUTHORISED, **everyone(UNAUTHORISED)),
    # --- Organisations (rules.py: accounts.view_organisations, can_edit_organisation) ----
    "accounts:organisations": entry(GET, **only(commissioner=A, organisation_admin=A)),
    "accounts:organisation-edit": entry(
        GET_POST,
        obj="organisation",
        **only(commissioner=A, organisation_admin=A),
        # Organisations are not secret (every one is listed on the organisations page), so
        # one the user may not edit is an honest 403, not a 404.
        unrelated=F,
    ),
    # --- An organisation admin's staff (rules.py: accounts.manage_users) ---------------
    # Someone at another organisation is a 404, like a missing one (queries.get_member).
    "accounts:users": entry(GET, **only(organisation_admin=A)),
    "accounts:user-invite": entry(GET_POST, **only(organisation_admin=A)),
    "accounts:user-invited": entry(
        GET, obj="member", via="invitation_link", **only(organisation_admin=A)
    ),
    "accounts:user-detail": entry(GET, obj="member", **only(organisation_admin=A)),
    "accounts:user-roles": entry(GET_POST, obj="member", **only(organisation_admin=A)),
    "accounts:user-deactivate": entry(GET_POST, obj="member", **only(organisation_admin=A)),
    # Handing on a leaving worker's open work, with a check page (ADR 0039).
    "accounts:user-work": entry(GET_POST, obj="member", **only(organisation_admin=A)),
    "accounts:user-work-check": entry(
        GET_POST, obj="member", via="hand_on_plan", **only(organisation_admin=A)
    ),
    "accounts:user-mfa-reset": entry(GET_POST, obj="member", **only(organisation_admin=A)),
    "accounts:mfa-reset-confirm": entry(GET_POST, obj="mfa_reset", **only(organisation_admin=A)),
    # The invited person's one-time link: public, like the sign-in page.
    "accounts:invitation": entry(GET_POST, via="invitation", anonymous=A, **everyone(A)),
    # --- Patients --------------------------------------------------------------------
    "patients:search": entry(GET_POST, **VIEW),
    "patients:results": entry(GET, via="patient_search", **VIEW),
    "patients:create": entry(GET_POST, **CHANGE),
    "patients:create-check": entry(GET_POST, via="patient_draft", **CHANGE),
    "patients:detail": entry(GET, obj="patient", **VIEW),
    "patients:edit": entry(GET_POST, obj="patient", **CHANGE),
    # Records over time (docs/adr/0040, 0041): the commissioner finds and links duplicates;
    # the matrix's world has no link, so undoing one is a 404 for the commissioner.
    "patients:duplicates": entry(GET, **only(commissioner=A)),
    "patients:link": entry(GET_POST, obj="patient", **only(commissioner=A)),
    "patients:link-undo": entry(GET_POST, obj="patient", **only(commissioner=N)),
    "patients:made-in-error": entry(GET_POST, obj="patient", **CHANGE),
    # A support worker's own clients (patients.view_caseload).
    "patients:caseload": entry(GET, **only(support_worker=A)),
    # A commissioner's requests to link an organisation to a person (ADR 0035;
    # patients.decide_link_requests). Another commissioner's request is a 404.
    "patients:link-requests": entry(GET, **only(commissioner=A)),
    "patients:link-request": entry(GET_POST, obj="link_request", **only(commissioner=A)),
    # How to contact the person and their consents (patients.change_patient).
    "patients:contact-route-add": entry(GET_POST, obj="patient", **CHANGE),
    "patients:contact-route-edit": entry(GET_POST, obj="contact_route", **CHANGE),
    "patients:contact-route-end": entry(GET_POST, obj="contact_route", **CHANGE),
    "patients:contact-route-move": entry(
        POST,
        obj="contact_route",
        data=lambda route: {"version": route.version, "direction": "up"},
        **CHANGE,
    ),
    "patients:contact-route-confirm": entry(
        POST, obj="contact_route", data=lambda route: {"version": route.version}, **CHANGE
    ),
    "patients:contact-route-review": entry(GET_POST, obj="contact_route", **CHANGE),
    "patients:consent-add": entry(GET_POST, obj="patient", **CHANGE),
    "patients:consent-withdraw": entry(GET_POST, obj="consent", **CHANGE),
    "audit:events": entry(GET_POST, **only(auditor=A)),
    "audit:patient-access": entry(GET, obj="patient", **only(auditor=A)),
    # The auditor's search of the trail and its download: criteria in the session (ADR 0006).
    "audit:results": entry(GET, via="audit_search", **only(auditor=A)),
    "audit:export": entry(GET, via="audit_search", **only(auditor=A)),
    # --- SAS episodes ------------------------------------------------------------------
    # Lists post their search (names and NHS numbers stay out of URLs) and download as CSV.
    "sas:episode-list": entry(GET_POST, **VIEW),
    "sas:episode-list-csv": entry(GET, **VIEW),
    "sas:worklist": entry(GET, **VIEW),
    "sas:episode-detail": entry(GET, obj="episode", **VIEW),
    "sas:timeline": entry(GET, obj="episode", **VIEW),
    "sas:episode-change": entry(GET_POST, obj="episode", **VIEW),  # lists what each may do
    # --- Removal reports and screening (states.py: commissioner screens and allocates) ---
    "sas:report-new": entry(GET_POST, obj="patient", via="query", **only(practice_staff=A)),
    "sas:report-check": entry(
        GET_POST, obj="patient", via="report_draft", **only(practice_staff=A)
    ),
    "sas:screening-queue": entry(GET, **only(commissioner=A)),
    "sas:screen": entry(GET_POST, obj="screening_episode", **SCREENING),
    "sas:allocate": entry(GET_POST, obj="screening_episode", **SCREENING),
    "sas:request-information": entry(GET_POST, obj="screening_episode", **SCREENING),
    "sas:decline": entry(GET_POST, obj="screening_episode", **SCREENING),
    "sas:answer-information": entry(
        GET_POST,
        obj="screening_episode",
        **only(practice_staff=A, **NO_SIGHT),
    ),
    "sas:confirm-in-writing": entry(
        POST,
        obj="screening_episode",
        **only(commissioner=A, practice_staff=A, **NO_SIGHT),
    ),
    # --- Appeals (services/appeals.py: LODGE_ROLES, DECIDE_ROLES) ------------------------
    "sas:appeal-list": entry(GET, obj="episode", **VIEW),
    "sas:appeal-new": entry(GET_POST, obj="episode", **only(commissioner=A, sas_practice_staff=A)),
    "sas:appeal-detail": entry(GET_POST, obj="appeal", **VIEW),  # steps checked by service
    "sas:appeal-decide": entry(GET_POST, obj="appeal", **only(commissioner=A, panel_member=A)),
    # The decision's check-answers page (answers kept in the session) and its confirmation.
    "sas:appeal-decide-check": entry(
        GET_POST, obj="appeal", via="appeal_decision_draft", **only(commissioner=A, panel_member=A)
    ),
    "sas:appeal-decided": entry(GET, obj="appeal", **VIEW),  # open: sent to the appeal
    # The panel's queue: panel members and the commissioners who run the panels.
    "sas:panel-queue": entry(GET, **only(commissioner=A, panel_member=A)),
    # --- Reviews and discharge (states.py transitions; services/reviews.py INPUTS) -------
    "sas:review-detail": entry(GET, obj="review", **VIEW),
    "sas:review-input": entry(
        GET_POST,
        obj="review",
        kind="patient-view",
        **only(commissioner=A, sas_practice_staff=A, support_worker=A),
    ),
    "sas:review-start": entry(
        POST,
        obj="review",
        data=lambda review: {"version": review.episode.version},  # the episode moves
        **only(
            commissioner=A,
            sas_practice_staff=A,
            practice_staff=REFUSED,
            support_worker=REFUSED,
            panel_member=REFUSED,
        ),
    ),
    "sas:review-decide": entry(
        GET_POST, obj="review", **only(commissioner=A, sas_practice_staff=A, panel_member=A)
    ),
    "sas:review-decide-check": entry(
        GET_POST,
        obj="review",
        via="review_decision_draft",
        **only(commissioner=A, sas_practice_staff=A, panel_member=A),
    ),
    "sas:review-decided": entry(GET, obj="review", **VIEW),  # not decided: sent to the review
    "sas:exception-discharge": entry(
        GET_POST, obj="episode", **only(commissioner=A, panel_member=A)
    ),
    "sas:discharge-complete": entry(
        GET_POST, obj="episode", **only(commissioner=A, sas_practice_staff=A)
    ),
    # --- Support (support/rules/permissions.py) ------------------------------------------------
    "support:patient": entry(GET, obj="patient", **CHANGE),
    "support:need-add": entry(GET_POST, obj="patient", **CHANGE),
    "support:need-end": entry(GET_POST, obj="need", **CHANGE),
    "support:assessment-history": entry(
        GET, obj="patient", kind="dash", **part("assessments", CHANGE)
    ),
    "support:assessment-new": entry(
        GET_POST, obj="patient", kind="dash", **part("assessments", CHANGE)
    ),
    "support:assessment-detail": entry(
        GET, obj="assessment", **part("assessments", CHANGE)
    ),  # DASH shown restricted
    # DASH details are restricted field by field: only the recording organisation and
    # support workers or commissioners at refuge, charity or probation partners see the
    # checklist to refer on; for anyone else it does not exist.
    "support:marac-new": entry(
        GET_POST,
        obj="assessment",
        **only(support_worker=A, commissioner=N, practice_staff=N, sas_practice_staff=N),
    ),
    # Domestic abuse incidents and MARAC referral on escalation: DASH details, as above.
    "support:incident-new": entry(
        GET_POST,
        obj="patient",
        **only(support_worker=A, commissioner=N, practice_staff=N, sas_practice_staff=N),
    ),
    "support:marac-escalation": entry(
        GET_POST,
        obj="patient",
        **only(support_worker=A, commissioner=N, practice_staff=N, sas_practice_staff=N),
    ),
    # Working out the multiple-disadvantage status again under a newer rule version: with no
    # newer version in force the service says so (those who may change support records).
    "support:mcn-work-out-again": entry(
        POST, obj="patient", **{**CHANGE, **dict.fromkeys(WORK, REFUSED)}
    ),
    # --- Support team, working agreements, meetings and actions -------
    # (support/views/team.py, views/meetings.py: support.view_support / record_support)
    "support:team": entry(GET, obj="patient", **CHANGE),
    "support:team-member-add": entry(GET_POST, obj="patient", **CHANGE),
    "support:team-member-end": entry(GET_POST, obj="team_member", **CHANGE),
    "support:team-member-lead": entry(
        POST, obj="team_member", data=lambda member: {"version": member.version}, **CHANGE
    ),
    "support:agreement-new": entry(GET_POST, obj="patient", **CHANGE),
    "support:meetings": entry(GET, obj="patient", **part("meetings", CHANGE)),
    "support:meeting-new": entry(GET_POST, obj="patient", **part("meetings", CHANGE)),
    "support:meeting-check": entry(
        GET_POST, obj="patient", via="meeting_draft", **part("meetings", CHANGE)
    ),
    "support:meeting-detail": entry(GET, obj="meeting", **part("meetings", CHANGE)),
    "support:meeting-recorded": entry(GET, obj="meeting", **part("meetings", CHANGE)),
    "support:action-new": entry(GET_POST, obj="meeting", **part("meetings", CHANGE)),
    "support:action-close": entry(GET_POST, obj="action", **CHANGE),
    "support:actions": entry(GET, **CHANGE),  # the user's own worklist
    # Referrals to services (support/views/referrals.py). Only the referring
    # organisation (or the service, when it uses Gateway) records what happened.
    "support:referrals": entry(GET, obj="patient", **part("service_referrals", CHANGE)),
    "support:referral-new": entry(GET_POST, obj="patient", **part("service_referrals", CHANGE)),
    "support:referral-check": entry(
        GET_POST, obj="patient", via="support_referral_draft", **part("service_referrals", CHANGE)
    ),
    "support:referral-detail": entry(
        GET, obj="service_referral", **part("service_referrals", CHANGE)
    ),
    "support:referral-sent": entry(
        GET, obj="service_referral", **part("service_referrals", CHANGE)
    ),
    "support:referral-change": entry(GET_POST, obj="service_referral", **only(support_worker=A)),
    "support:my-referrals": entry(
        GET, **part("service_referrals", CHANGE)
    ),  # the worker's own referrals
    "support:decline-report": entry(GET, **only(commissioner=A)),  # counts, for commissioning
    # Safety flags (support/views/flags.py): the world's patient has an open
    # "risk to staff" flag.
    "support:flags": entry(GET, obj="patient", **CHANGE),
    "support:flag-new": entry(GET_POST, obj="patient", **CHANGE),
    "support:flag-end": entry(GET_POST, obj="patient", kind="risk_to_staff", **CHANGE),
    # Deaths (support/views/deaths.py: support.record_death = the roles that
    # work with records). Changing the record needs one: the world's died_patient has it.
    "support:death": entry(GET, obj="patient", **CHANGE),
    "support:death-new": entry(GET_POST, obj="patient", **CHANGE),
    "support:death-edit": entry(GET_POST, obj="died_patient", **CHANGE),
    # --- GP registration (registration/rules/permissions.py: refer = support workers
    # at partners, answer = practice staff at practices, oversee = commissioners). The
    # referral is sent to the home practice, so the SAS practice is not involved (404); an
    # involved organisation that may not act on it gets an honest 403.
    "registration:list": entry(GET_POST, **only(support_worker=A)),
    "registration:list-csv": entry(GET, **only(support_worker=A)),
    "registration:new": entry(GET_POST, **only(support_worker=A)),
    "registration:new-for-patient": entry(GET_POST, obj="patient", **only(support_worker=A)),
    # Check your answers: the typed referral waits in the session under a token.
    "registration:check": entry(
        GET_POST, obj="patient", via="registration_draft", **only(support_worker=A)
    ),
    "registration:sent": entry(GET, obj="registration_referral", **only(support_worker=A)),
    "registration:detail": entry(
        GET,
        obj="registration_referral",
        **only(commissioner=A, practice_staff=A, support_worker=A, sas_practice_staff=N),
    ),
    "registration:choose": entry(GET_POST, obj="registration_referral", **only(support_worker=A)),
    "registration:withdraw": entry(GET_POST, obj="registration_referral", **only(support_worker=A)),
    "registration:attended": entry(GET_POST, obj="registration_referral", **only(support_worker=A)),
    # After a refusal: the referrer's next step; the commissioner's contact and outcome. On a
    # referral not refused (or not waiting for them) each page sends them back to the referral.
    "registration:after-refusal": entry(
        GET_POST, obj="registration_referral", **only(support_worker=A)
    ),
    "registration:practice-contacted": entry(
        GET_POST, obj="registration_referral", **only(commissioner=A)
    ),
    "registration:refusal-outcome": entry(
        GET_POST, obj="registration_referral", **only(commissioner=A)
    ),
    "registration:returned-post": entry(
        GET_POST,
        obj="registration_referral",
        **only(support_worker=A, practice_staff=A, commissioner=F, sas_practice_staff=N),
    ),
    # Only once returned post is recorded does confirming the address mean anything: before
    # that it is refused to those who may otherwise act on the referral.
    "registration:address-confirmed": entry(
        GET_POST,
        obj="registration_referral",
        **only(support_worker=F, practice_staff=F, commissioner=F, sas_practice_staff=N),
    ),
    "registration:inbox": entry(GET_POST, **only(practice_staff=A, sas_practice_staff=A)),
    "registration:inbox-csv": entry(GET, **only(practice_staff=A, sas_practice_staff=A)),
    "registration:accept": entry(
        GET_POST, obj="registration_referral", **only(practice_staff=A, sas_practice_staff=N)
    ),
    "registration:refuse": entry(
        GET_POST, obj="registration_referral", **only(practice_staff=A, sas_practice_staff=N)
    ),
    "registration:refusal-letter": entry(
        GET_POST, obj="registration_referral", **only(practice_staff=A, sas_practice_staff=N)
    ),
    "registration:worklist": entry(GET_POST, **only(commissioner=A)),
    "registration:worklist-csv": entry(GET, **only(commissioner=A)),
    "registration:evidence": entry(GET, **only(commissioner=A)),
    "registration:evidence-csv": entry(GET, kind="refusals", **only(commissioner=A)),
    # --- The outbox: the organisation's own letters, for roles that may see patients ------
    "comms:outbox": entry(GET_POST, **VIEW),
    "comms:outbox-csv": entry(GET, **VIEW),
    "comms:message": entry(GET, obj="message", **VIEW),
    "comms:message-pdf": entry(GET, obj="message", **VIEW),
    # Hand-over tasks belong to the organisation that hands over (the named worker's, or the
    # practice where the person is seen); the unreachable worklist to the commissioner, the
    # support worker and the SAS practice, for people they work with (ADR 0012).
    "comms:handovers": entry(GET, **HANDS_OVER),
    "comms:handover-confirm": entry(GET_POST, obj="handover", **HANDS_OVER),
    "comms:handover-pdf": entry(GET, obj="handover", **HANDS_OVER),
    "comms:unreachable": entry(GET, **SEES_UNREACHABLE),
    # Letters to a person, for whoever a "you have a letter" notice sends them to: the sender
    # (commissioner), their support worker and their SAS practice (ADR 0012).
    "comms:patient-messages": entry(GET, obj="patient", **SEES_UNREACHABLE),
    "comms:patient-message-pdf": entry(GET, obj="unreachable_message", **SEES_UNREACHABLE),
    "comms:unreachable-retry": entry(POST, obj="unreachable_message", **SEES_UNREACHABLE),
    # --- The patient's own page (gateway/portal, ADR 0013) ------------------------------
    # Staff give a code from the person's record; the person's pages need a portal session
    # (gateway/portal/tests cover a signed-in person, someone else's session and timeouts).
    "portal:issue-code": entry(
        GET_POST,
        obj="patient",
        data=lambda patient: {"delivery": "on_screen"},
        **only(commissioner=A, sas_practice_staff=A, support_worker=A),
    ),
    "portal:sign-in": entry(GET_POST, anonymous=A, **everyone(A)),
    "portal:sign-out": entry(POST, anonymous=PORTAL_SIGN_IN, **everyone(PORTAL_SIGN_IN)),
    "portal:home": entry(GET, anonymous=PORTAL_SIGN_IN, **everyone(PORTAL_SIGN_IN)),
    "portal:appeal": entry(GET_POST, anonymous=PORTAL_SIGN_IN, **everyone(PORTAL_SIGN_IN)),
    "portal:review": entry(GET_POST, anonymous=PORTAL_SIGN_IN, **everyone(PORTAL_SIGN_IN)),
    "portal:contact": entry(GET_POST, anonymous=PORTAL_SIGN_IN, **everyone(PORTAL_SIGN_IN)),
    "portal:letters": entry(GET, anonymous=PORTAL_SIGN_IN, **everyone(PORTAL_SIGN_IN)),
    # A letter opens only for the person it was written to, signed in on their own page: staff
    # are sent to that sign-in whoever's letter it is, before any lookup.
    "portal:letter": entry(
        GET,
        obj="message",
        anonymous=PORTAL_SIGN_IN,
        unrelated=PORTAL_SIGN_IN,
        **everyone(PORTAL_SIGN_IN),
    ),
    # --- Insight: a commissioner's own area (gateway/insight) -----------------------------
    # Counts of their own scheme, and the people behind each count (whom a commissioner
    # already sees). Panel members, admins and auditors at the commissioner see neither.
    "insight:dashboard": entry(GET, **only(commissioner=A)),
    # What each figure counts holds no figure and no person: the analyst reads it too, as the
    # national view links each column's definition there.
    "insight:definitions": entry(GET, **only(commissioner=A, national_analyst=A)),
    "insight:people": entry(GET, kind="sas-on-scheme", **only(commissioner=A)),
    # --- Insight: NHS England's national view and the downloads (gateway/insight) ---------
    # The analyst sees every area side by side, small numbers hidden, and no person; a
    # commissioner downloads their own area's tables and yearly return. Nobody else.
    "insight:national": entry(GET, **only(national_analyst=A)),
    "insight:export-csv": entry(GET, **only(commissioner=A, national_analyst=A)),
    "insight:export-xlsx": entry(GET, **only(commissioner=A, national_analyst=A)),
    "insight:yearly-return": entry(GET, **only(commissioner=A, national_analyst=A)),
    # --- NHS practice data (gateway/imports/practices, ADR 0030) -------------------------
    # Only an organisation admin of a commissioner imports its area's practices; the matrix's
    # organisation admin works for a practice, so every role here is refused before any
    # lookup (gateway/imports/practices/tests/test_pages.py signs in the commissioner's admin).
    "imports:practices": entry(GET_POST, **NONE),
    "imports:practice-import": entry(GET, obj="practice_import", **NONE),
    "imports:practice-import-progress": entry(GET, obj="practice_import", **NONE),
    "imports:practice-import-confirm": entry(POST, obj="practice_import", **NONE),
    # --- A practice closes or merges (gateway/imports/closures, ADR 0045) ----------------
    # Closing by hand is the organisation admin's of a commissioner (as importing practice
    # data); the matrix's admin works for a practice, so every role is refused. The
    # commissioner records mergers and works through each closure alert; a move posted with
    # no person is a missing person (404); a redirect posted with no practice is refused.
    "imports:practice-close": entry(GET_POST, **NONE),
    "imports:practice-merge": entry(GET_POST, **only(commissioner=A)),
    "imports:practice-closed": entry(GET, obj="closed_practice", **only(commissioner=A)),
    "imports:closure": entry(GET, obj="practice_closure", **only(commissioner=A)),
    "imports:closure-move": entry(POST, obj="practice_closure", **only(commissioner=N)),
    "imports:closure-redirect": entry(POST, obj="practice_closure", **only(commissioner=REFUSED)),
    # --- Imports: a commissioner's caseload spreadsheet (gateway/imports/caseloads) -------
    # Only the commissioner (imports.import_caseload) brings people onto their scheme; the
    # file and its rows are theirs alone. Adding people before the check has run is refused.
    "imports:caseload-upload": entry(GET_POST, **only(commissioner=A)),
    "imports:caseload": entry(GET, obj="caseload_import", **only(commissioner=A)),
    "imports:caseload-columns": entry(GET_POST, obj="caseload_import", **only(commissioner=A)),
    "imports:caseload-progress": entry(GET, obj="caseload_import", **only(commissioner=A)),
    "imports:caseload-apply": entry(POST, obj="caseload_import", **only(commissioner=REFUSED)),
    "imports:caseload-abandon": entry(POST, obj="caseload_import", **only(commissioner=A)),
    "imports:caseload-problems": entry(GET, obj="caseload_import", **only(commissioner=A)),
    # --- A person's own record: subject access exports (gateway/records, ADR 0033) ----------
    # The commissioner asks for one from a person's record and sees the ones they asked for;
    # an export opens for its requester only, so everyone else (a colleague included) gets a
    # 404 like a missing one, or the 403 a role without the permission gets first.
    "records:exports": entry(GET, **only(commissioner=A)),
    "records:start": entry(GET_POST, obj="patient", **only(commissioner=A)),
    "records:export": entry(GET, obj="subject_access_export", **only(commissioner=N)),
    "records:export-status": entry(GET, obj="subject_access_export", **only(commissioner=N)),
    "records:export-download": entry(POST, obj="subject_access_export", **only(commissioner=N)),
}

# Not in MATRIX: the Django admin (test_admin_needs_a_superuser_with_mfa), static files, the
# API (API_MATRIX below) and the FHIR API (FHIR_MATRIX below).
SKIPPED_NAMESPACES = ("admin", "api", "fhir")

# /api/v1 path operations: the token's role and organisation part for the allowed call, the
# object in the path (if any), and the body builder (tests/test_access_matrix.py).
API_MATRIX = {
    "get_patient": {"method": "GET", "role": "practice_staff", "obj": "patient"},
    "create_patient": {"method": "POST", "role": "practice_staff", "body": "patient"},
    "get_episode": {"method": "GET", "role": "commissioner", "obj": "episode"},
    "lodge_appeal": {
        "method": "POST",
        "role": "commissioner",
        "obj": "episode_without_appeal",
        "body": "appeal",
    },
    "submit_removal_report": {
        "method": "POST",
        "role": "practice_staff",
        "body": "removal_report",
    },
    "record_decision": {
        "method": "POST",
        "role": "commissioner",
        "obj": "review",
        "body": "review_decision",
    },
    # GP registration: the referrer submits, the practice answers; each lists what it may see.
    "list_registration_referrals": {"method": "GET", "role": "practice_staff"},
    "submit_registration_referral": {
        "method": "POST",
        "role": "support_worker",
        "body": "registration_referral",
    },
    "answer_registration_referral": {
        "method": "POST",
        "role": "practice_staff",
        "obj": "registration_referral",
        "body": "registration_answer",
    },
}

# /fhir/ (gateway/api/fhir): the same bearer tokens as /api/v1. Each case: the URL name, the
# method, the resource type, the token's role for the allowed call, the scope's object the
# call is about and how it names it ("id" in the path, or a search by "patient" or
# "identifier"; None for a search of every organisation). Person-scoped cases ("scoped") give
# another organisation's token a 404 on read and an empty Bundle on search. The
# CapabilityStatement needs no token (tests/test_access_matrix.py).
FHIR_MATRIX = {
    "metadata": {"name": "fhir:metadata", "method": "GET", "token": False},
    "search-patient": {
        "name": "fhir:search",
        "type": "Patient",
        "role": "practice_staff",
        "obj": "patient",
        "by": "identifier",
    },
    "search-patient-by-post": {
        "name": "fhir:search-by-post",
        "method": "POST",
        "type": "Patient",
        "role": "practice_staff",
        "obj": "patient",
        "by": "identifier",
    },
    "search-episodes": {
        "name": "fhir:search",
        "type": "EpisodeOfCare",
        "role": "commissioner",
        "obj": "patient",
        "by": "patient",
    },
    "search-flags": {
        "name": "fhir:search",
        "type": "Flag",
        "role": "sas_practice_staff",
        "obj": "patient",
        "by": "patient",
    },
    "search-referrals": {
        "name": "fhir:search",
        "type": "ServiceRequest",
        "role": "support_worker",
        "obj": "patient",
        "by": "patient",
    },
    "search-consents": {
        "name": "fhir:search",
        "type": "Consent",
        "role": "support_worker",
        "obj": "patient",
        "by": "patient",
    },
    "search-organisations": {
        "name": "fhir:search",
        "type": "Organization",
        "role": "practice_staff",
        "obj": None,
        "by": None,
        "scoped": False,
    },
    "read-patient": {"name": "fhir:read", "type": "Patient", "obj": "patient"},
    "read-episode": {
        "name": "fhir:read",
        "type": "EpisodeOfCare",
        "role": "commissioner",
        "obj": "episode",
    },
    "read-service-referral": {
        "name": "fhir:read",
        "type": "ServiceRequest",
        "role": "support_worker",
        "obj": "service_referral",
    },
    "read-registration-referral": {
        "name": "fhir:read",
        "type": "ServiceRequest",
        "obj": "registration_referral",
    },
    "read-consent": {
        "name": "fhir:read",
        "type": "Consent",
        "role": "support_worker",
        "obj": "consent",
    },
    # Organisations are reference data: another scope's practice is read like one's own.
    "read-organisation": {
        "name": "fhir:read",
        "type": "Organization",
        "obj": "practice",
        "scoped": False,
    },
}
