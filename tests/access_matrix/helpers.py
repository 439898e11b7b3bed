"""How the access matrix test finds every URL, builds a request for an entry and reads what
came back as one of the matrix's outcomes."""

import datetime
import secrets
import uuid
from types import SimpleNamespace
from urllib.parse import urlencode, urlparse

from django.contrib import messages
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse
from django.utils import timezone

from gateway.accounts.models import ApiToken, Role
from gateway.accounts.services import users as user_services
from gateway.accounts.views import leavers as leavers_views
from gateway.accounts.views import users as user_views
from gateway.audit import services as audit_services
from gateway.patients import services as patient_services
from gateway.sas.views import appeal_decision, report_form, review_decision
from tests.factories import MembershipFactory, UserFactory, test_nhs_number

from .matrix import (
    ALLOWED,
    FORBIDDEN,
    NOT_FOUND,
    PORTAL_SIGN_IN,
    REFUSED,
    SIGN_IN,
    SKIPPED_NAMESPACES,
    UNAUTHORISED,
)


def url_patterns():
    """Every named URL of the project as {"namespace:name": pattern}, walking includes and
    namespaces. A URL with no name is listed by its route, so it fails the coverage test."""
    found = {}

    def walk(resolver, namespace, route):
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                inner = namespace
                if pattern.namespace:
                    inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
                walk(pattern, inner, route + str(pattern.pattern))
                continue
            if namespace.split(":")[0] in SKIPPED_NAMESPACES:
                continue
            name = pattern.name or f"<no name: /{route}{pattern.pattern}>"
            found[f"{namespace}:{name}" if namespace else name] = pattern

    walk(get_resolver(), "", "")
    return found


def api_operations():
    """{view name: (method, path)} for every path operation of the ninja routers."""
    from gateway.api.v1 import api

    found = {}
    for prefix, router in api._routers:
        for path, path_view in router.path_operations.items():
            for operation in path_view.operations:
                for method in operation.methods:
                    found[operation.view_func.__name__] = (method, prefix + path)
    return found


def missing_object():
    """Stands in for an object that does not exist."""
    return SimpleNamespace(
        public_id=uuid.uuid4(), version=1, episode=SimpleNamespace(version=1), given_name="Nobody"
    )


# Check-answers drafts by name: the session key each view keeps them under.
CHECK_ANSWERS_DRAFTS = {
    "registration_draft": "registration_referral_drafts",
    "support_referral_draft": "support_referral_drafts",
    "meeting_draft": "support_meeting_drafts",
}


def seed(client, via, obj):
    """Put a draft or a search in the client's session, as the page before would have, and
    return the token its URL carries."""
    token = secrets.token_urlsafe(12)
    session = client.session
    if via == "patient_search":
        session[patient_services.SESSION_SEARCHES] = {token: {"name": "alex"}}
    elif via == "patient_draft":
        session[patient_services.SESSION_DRAFTS] = {token: {}}
    elif via == "invitation":
        # A real invitation: its token is the link itself, not kept in the session.
        return invitation_token()
    elif via == "invitation_link":
        session[user_views.SESSION_INVITATION_LINKS] = {
            token: {"user": str(obj.public_id), "link": None, "role": "practice_staff"}
        }
    elif via == "hand_on_plan":
        # A leaving worker's hand-on plan, as the work page keeps it (ADR 0039).
        session[leavers_views.SESSION_PLANS] = {
            token: {"leaver": str(obj.public_id), "everything": False, "moves": []}
        }
    elif via == "audit_search":
        session[audit_services.SESSION_SEARCHES] = {token: {"action": "view", "people": None}}
    elif via == "report_draft":
        session[report_form.SESSION_DRAFTS] = {token: {"about": str(obj.public_id), "data": {}}}
    elif via in ("appeal_decision_draft", "review_decision_draft"):
        key = (
            appeal_decision.SESSION_DRAFTS
            if via == "appeal_decision_draft"
            else review_decision.SESSION_DRAFTS
        )
        session[key] = {token: {"about": str(obj.public_id), "data": {}}}
    elif via in CHECK_ANSWERS_DRAFTS:
        # A check-answers draft (gateway.core.check_answers) about the object.
        session[CHECK_ANSWERS_DRAFTS[via]] = {token: {"about": str(obj.public_id), "data": {}}}
    else:
        raise ValueError(f"No session draft called {via!r}")
    session.save()
    return token


def invitation_token():
    """The token of a working invitation for someone new, made as an admin would."""
    admin = MembershipFactory(role=Role.ORGANISATION_ADMIN)
    _, token = user_services.invite_user(
        admin.user,
        admin.organisation,
        full_name="Matrix Newcomer",
        email=f"{secrets.token_hex(6)}@example.nhs.uk",
        role=Role.PRACTICE_STAFF,
    )
    return token


def request(client, name, spec, method, obj):
    """Send method to the entry's URL about obj; returns the response."""
    kwargs, query = {}, {}
    converters = url_patterns()[name].pattern.converters
    if "public_id" in converters:
        kwargs["public_id"] = obj.public_id
    if "kind" in converters:
        kwargs["kind"] = spec["kind"]
    if spec["via"] == "query":
        query["patient"] = str(obj.public_id)
    elif spec["via"]:
        kwargs["token"] = seed(client, spec["via"], obj)
    url = reverse(name, kwargs=kwargs) + (f"?{urlencode(query)}" if query else "")
    if method == "POST":
        data = spec["data"](obj) if spec["data"] else {}
        return client.post(url, data)
    return client.generic(method, url)


def outcome(response):
    """The matrix's word for a response."""
    code = response.status_code
    if code == 401:
        return UNAUTHORISED
    if code == 403:
        return FORBIDDEN
    if code == 404:
        return NOT_FOUND
    if 300 <= code < 400:
        path = urlparse(response["Location"]).path
        if path == reverse("accounts:sign-in"):
            return SIGN_IN
        if path == reverse("portal:sign-in"):
            return PORTAL_SIGN_IN
        if path in (reverse("accounts:verify"), reverse("accounts:set-up-mfa")):
            return "sent to the code step"
        if path == reverse("accounts:switch-organisation"):
            return "sent to choose an organisation"
        errors = [
            m for m in messages.get_messages(response.wsgi_request) if m.level >= messages.ERROR
        ]
        return REFUSED if errors else ALLOWED
    if 200 <= code < 300:
        return ALLOWED
    return f"status {code}"


def described(response):
    location = f" to {response['Location']}" if response.has_header("Location") else ""
    return f"{outcome(response)} ({response.status_code}{location})"


# --- The API ---------------------------------------------------------------------------


def api_client(organisation, role, **token_fields):
    """A client sending the bearer token of a system account with role in organisation,
    built as gateway/api/tests do."""
    user = UserFactory(is_system_account=True)
    MembershipFactory(user=user, organisation=organisation, role=role)
    raw = secrets.token_urlsafe(32)
    ApiToken.objects.create(
        name="Matrix system",
        user=user,
        organisation=organisation,
        token_hash=ApiToken.hash(raw),
        **token_fields,
    )
    return Client(headers={"Authorization": f"Bearer {raw}"})


def api_body(kind, scope):
    """A body the endpoint accepts from the scope's own organisation."""
    today = timezone.localdate()
    if kind is None:
        return None
    if kind == "patient":
        return {
            "nhs_number": test_nhs_number(),
            "given_name": "Jordan",
            "family_name": "Rivers",
            "date_of_birth": "1985-03-14",
            "sex": "female",
            "address": {
                "kind": "home",
                "line_1": "1 Test Street",
                "town": "Brighton",
                "postcode": "BN1 1AA",
            },
        }
    if kind == "appeal":
        return {
            "against": "placement",
            "lodged_by": "patient",
            "received_on": today.isoformat(),
            "grounds": "It did not happen.",
        }
    if kind == "removal_report":
        incident = timezone.now().replace(microsecond=0) - datetime.timedelta(hours=5)
        return {
            "patient": str(scope.unreported_patient.public_id),
            "signed_by_name": "Jo Practice-Manager",
            "signed_by_role": "practice_manager",
            "incident_at": incident.isoformat(),
            "setting": "practice_premises",
            "behaviours": ["threat", "weapon"],
            "description": "Threatened staff with a knife.",
            "health_condition_could_explain": "no",
            "learning_disability_or_neurodiversity_considered": True,
            "alternatives_tried": "Warning letter last month.",
            "police_reported": True,
            "police_reported_at": (incident + datetime.timedelta(minutes=20)).isoformat(),
            "police_reference": "CAD 77",
            "notice_given_at": (incident + datetime.timedelta(hours=1)).isoformat(),
            "notice_method": "in_writing",
            "patient_told": "would_harm",
        }
    if kind == "review_decision":
        return {
            "episode_version": scope.episode.version,
            "patient_took_part": "in_person",
            "held_on": today.isoformat(),
            "decision": "discharge",
            "reasons": "A settled year",
            "target_practice": str(scope.practice.public_id),
            "medication_cover": "Repeat prescriptions until registered",
            "stay_in_touch_months": 6,
        }
    if kind == "registration_referral":
        return {
            "person": {"given_name": "Casey", "family_name": "Doe", "birth_year": 1990},
            "consent_given": True,
            "consent_method": "verbal",
            "address_basis": "proxy",
        }
    if kind == "registration_answer":
        return {
            "version": scope.registration_referral.version,
            "answer": "accept",
            "registered_on": today.isoformat(),
        }
    raise ValueError(f"No API body called {kind!r}")


def api_call(client, name, entry, scope, obj=None):
    """Call the operation as entry says, about obj (the scope's own object by default), with
    a body built from scope."""
    kwargs = {}
    if entry.get("obj"):
        kwargs["public_id"] = str((obj or getattr(scope, entry["obj"])).public_id)
    url = reverse(f"api:{name}", kwargs=kwargs)
    if entry["method"] == "GET":
        return client.get(url)
    return client.post(url, api_body(entry.get("body"), scope), content_type="application/json")


# --- The FHIR API ----------------------------------------------------------------------

FHIR_DEFAULTS = {"method": "GET", "role": "practice_staff", "token": True, "scoped": True}


def fhir_entry(entry):
    """An FHIR_MATRIX entry with its defaults filled in (by "id" when it names an object)."""
    return {**FHIR_DEFAULTS, "by": "id" if entry.get("obj") else None, **entry}


def fhir_call(client, entry, scope, obj=None):
    """Call the FHIR entry about obj (the scope's own object by default)."""
    entry = fhir_entry(entry)
    obj = obj or (getattr(scope, entry["obj"]) if entry.get("obj") else None)
    kwargs = {"resource_type": entry["type"]} if "type" in entry else {}
    params = {}
    if entry["by"] == "id":
        kwargs["resource_id"] = str(obj.public_id)
    elif entry["by"] == "patient":
        params["patient"] = str(obj.public_id)
    elif entry["by"] == "identifier":
        params["identifier"] = f"https://fhir.nhs.uk/Id/nhs-number|{obj.nhs_number}"
    url = reverse(entry["name"], kwargs=kwargs)
    if entry["method"] == "POST":
        return client.post(url, params)
    return client.get(url, params)
