"""Signing in (password, then TOTP), enrolling an authenticator app, signing out and
choosing the organisation to work for. Organisation pages live in organisation_views."""

import base64

import segno
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import escape
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from gateway.core.form_pages import form_page

from .. import services
from ..forms import CodeForm, OrganisationChoiceForm, SignInForm
from ..sessions import SESSION_NEXT, SESSION_ORGANISATION


def _posted(request):
    """Bind the form on every POST, even an empty one, so missing answers are reported."""
    return request.POST if request.method == "POST" else None


def safe_next(request, candidate):
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return None


def after_sign_in(request):
    response = redirect(safe_next(request, request.session.pop(SESSION_NEXT, None)) or "/")
    # Remember this browser for this person, so a pause on their email address caused from
    # elsewhere never keeps them out here (docs/adr/0036-sign-in-throttled-not-locked.md).
    response.set_cookie(
        settings.SIGN_IN_KNOWN_BROWSER_COOKIE,
        services.known_browser_cookie(request),
        max_age=settings.SIGN_IN_KNOWN_BROWSER_DAYS * 24 * 3600,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
    return response


def _render(request, template, form, context=None):
    return render(request, template, {"form": form, **(context or {})})


@sensitive_post_parameters("password")
@never_cache
@require_http_methods(["GET", "POST"])
def sign_in(request):
    next_url = safe_next(request, request.POST.get("next") or request.GET.get("next"))
    if request.user.is_authenticated and request.user.is_verified():
        return redirect(next_url or "/")

    def save(form):
        result = services.sign_in_with_password(
            request, form.cleaned_data["email"], form.cleaned_data["password"]
        )
        if not result.ok:
            raise ValidationError(result.error)
        if next_url:
            request.session[SESSION_NEXT] = next_url
        return result

    return form_page(
        request,
        SignInForm,
        template="accounts/sign_in.jinja",
        context={"next": next_url, "cis2_enabled": settings.OIDC_ENABLED},
        save=save,
        next_url=lambda result: reverse(
            "accounts:set-up-mfa" if result.needs_mfa_setup else "accounts:verify"
        ),
    )


def _locked(request, error):
    """A lockout during the code step ends the half-finished sign-in."""
    services.sign_out(request, reason="locked out")
    messages.error(request, error)
    return redirect("accounts:sign-in")


@never_cache
@require_http_methods(["GET", "POST"])
def verify(request):
    if request.user.is_verified():
        return after_sign_in(request)
    if not services.has_confirmed_device(request.user):
        return redirect("accounts:set-up-mfa")
    form = CodeForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        ok, error, locked = services.verify_totp(request, form.cleaned_data["code"])
        if ok:
            return after_sign_in(request)
        if locked:
            return _locked(request, error)
        form.add_error("code", error)
    return _render(request, "accounts/verify.jinja", form)


def qr_code_svg(uri):
    """The otpauth URI as an inline SVG: no inline styles or scripts, so CSP allows it, and
    named for screen readers (who will use the key typed out below it instead)."""
    svg = segno.make(uri, error="m").svg_inline(
        scale=5, dark="#000", light="#fff", svgclass="app-qr-code", lineclass=None
    )
    label = escape("QR code to scan with your authenticator app")
    return mark_safe(svg.replace("<svg ", f'<svg role="img" aria-label="{label}" ', 1))  # noqa: S308 - built from our own SVG


def grouped_key(device):
    key = base64.b32encode(device.bin_key).decode()
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


@never_cache
@require_http_methods(["GET", "POST"])
def set_up_mfa(request):
    if request.user.is_verified():
        return after_sign_in(request)
    # Someone who only knows the password must not be able to add their own authenticator.
    if services.has_confirmed_device(request.user):
        return redirect("accounts:verify")
    device = services.enrolment_device(request.user)
    form = CodeForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        ok, error, locked = services.confirm_totp_device(request, device, form.cleaned_data["code"])
        if ok:
            messages.success(request, "Your authenticator app is set up")
            return after_sign_in(request)
        if locked:
            return _locked(request, error)
        form.add_error("code", error)
    return _render(
        request,
        "accounts/set_up_mfa.jinja",
        form,
        {"qr_code": qr_code_svg(device.config_url), "manual_key": grouped_key(device)},
    )


@never_cache
@require_http_methods(["GET", "POST"])
def sign_out_view(request):
    if request.method == "POST":
        services.sign_out(request)
        return redirect("accounts:sign-out")
    if request.user.is_authenticated:
        return render(request, "accounts/sign_out.jinja", {})
    return render(request, "accounts/signed_out.jinja", {})


@never_cache
@require_http_methods(["GET", "POST"])
def switch_organisation(request):
    organisations = services.active_organisations(request.user)
    current = request.current_organisation

    def save(form):
        chosen = form.chosen()
        request.session[SESSION_ORGANISATION] = chosen.pk
        return chosen

    return form_page(
        request,
        OrganisationChoiceForm,
        template="accounts/switch_organisation.jinja",
        context={"organisations": organisations},
        form_kwargs={
            "organisations": organisations,
            "initial": {"organisation": str(current.public_id)} if current else None,
        },
        save=save,
        success=lambda chosen: f"You are now working for {chosen.name}",
        next_url=reverse("core:home"),
    )
