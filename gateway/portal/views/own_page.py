"""The patient's own page (/my/): sign in with a code, read where they stand in plain words,
sign out. The person's actions are in actions.py; staff give codes in staff.py.

No name, NHS number or id of the person is ever in a URL here: the session says who it is."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from gateway.core.client import client_address
from gateway.core.pagination import page_of

from .. import auth, queries, services
from ..forms import SignInForm


@require_http_methods(["GET", "POST"])
def sign_in(request):
    # Always the code form, even with an open visit: on a shared phone or a practice's
    # tablet the next person must not land on the last person's page.
    form = SignInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        result = services.sign_in_with_code(
            form.cleaned_data["code"], client_address=client_address(request)
        )
        if result.ok:
            earlier = services.current_session(auth.token_from(request))
            if earlier is not None:
                services.end_session(earlier, "another code was used on this device")
            return auth.set_cookie(redirect("portal:home"), result.token)
        form.add_error("code", result.error)
    response = render(request, "portal/sign_in.jinja", {"form": form})
    response["Cache-Control"] = "no-store"
    return response


@require_http_methods(["POST"])
def sign_out(request):
    session = services.current_session(auth.token_from(request))
    if session is not None:
        services.end_session(session, "signed out")
    messages.success(request, "You have signed out. Close this window if you share this device.")
    return auth.clear_cookie(redirect("portal:sign-in"))


@require_http_methods(["GET"])
@auth.portal_required
def home(request):
    session = request.portal_session
    services.record_view(session, "own page")
    status = queries.status_for(session.patient)
    return render(request, "portal/home.jinja", {"status": status, "today": timezone.localdate()})


LETTERS_PER_PAGE = 20


@require_http_methods(["GET"])
@auth.portal_required
def letters(request):
    session = request.portal_session
    services.record_view(session, "letters")
    page = page_of(request, queries.letters_for(session.patient), size=LETTERS_PER_PAGE)
    return render(request, "portal/letters.jinja", {"letters": page.object_list, "page": page})


@require_http_methods(["GET"])
@auth.portal_required
def letter(request, public_id):
    session = request.portal_session
    found = queries.letter_for(session.patient, public_id)
    services.record_letter_view(session, found)
    return render(request, "portal/letter.jinja", {"letter": found})
