"""What the person does on their own page: appeal, send their view for the next review, and
say how they want to be contacted. Each goes through a service with the person as actor;
errors are shown in plain words and what they typed is kept."""

from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from gateway.core.form_pages import form_page
from gateway.core.formats import long_date
from gateway.core.forms import show_refusal
from gateway.sas.errors import ConflictError, SasError

from .. import actions, auth, queries, services
from ..forms import AppealForm, ContactForm, ReviewViewForm


def _actor(request):
    session = request.portal_session
    return services.PortalActor(session.patient, session)


PHONE_YOUR_PRACTICE = "We could not take this here. Please phone your practice."
SAY_WHY_LATE = "Tell us why you are appealing late"
REVIEW_GONE = (
    "Your review has already happened, so we could not send this. "
    "Your words are below. Please phone your practice."
)


def _in_plain_words(form, error, *, own_words=False):
    """A service's refusal as the person reads it: errors about what they typed go by the box
    they typed in. An error about anything else came from a rule written for staff: the
    person gets plain words and a way to go on instead. own_words: the portal's own service
    wrote it for the person."""
    if not hasattr(error, "error_dict"):
        return ValidationError(error.messages if own_words else PHONE_YOUR_PRACTICE)
    about_the_boxes = {
        name: errors for name, errors in error.error_dict.items() if name in form.fields
    }
    if set(error.error_dict) - set(form.fields):
        about_the_boxes[NON_FIELD_ERRORS] = [PHONE_YOUR_PRACTICE]
    return ValidationError(about_the_boxes)


def _put_errors(form, error, *, own_words=False):
    show_refusal(form, _in_plain_words(form, error, own_words=own_words))


def _page(request, template, form=None, **context):
    return render(request, template, {"form": form, "today": timezone.localdate(), **context})


@require_http_methods(["GET", "POST"])
@auth.portal_required
def appeal(request):
    session = request.portal_session
    services.record_view(session, "appeal")
    status = queries.status_for(session.patient)
    if not (status.on_scheme and status.appeal_open is None):
        return _page(request, "portal/appeal.jinja", status=status)

    def save(form):
        try:
            actions.lodge_own_appeal(
                _actor(request),
                status.episode,
                form.cleaned_data["grounds"],
                form.cleaned_data["late_reason"],
            )
        except ValidationError as error:
            if "late_reason" in getattr(error, "error_dict", {}):
                raise ValidationError({"late_reason": SAY_WHY_LATE}) from None
            raise _in_plain_words(form, error) from None
        except SasError:
            raise ValidationError(PHONE_YOUR_PRACTICE) from None

    def success(_):
        reply_by = queries.status_for(session.patient).appeal_reply_by
        if reply_by:
            return f"We have your appeal. We will write back to you by {long_date(reply_by)}."
        return "We have your appeal. We will write back to you soon."

    return form_page(
        request,
        AppealForm,
        template="portal/appeal.jinja",
        context={"status": status, "today": timezone.localdate()},
        save=save,
        success=success,
        next_url=reverse("portal:home"),
    )


@require_http_methods(["GET", "POST"])
@auth.portal_required
def review_view(request):
    session = request.portal_session
    services.record_view(session, "review view")
    status = queries.status_for(session.patient)
    review = status.review if status.on_scheme else None
    form = None
    if review is not None:
        form = ReviewViewForm(
            request.POST or None, initial={"review": review.public_id, "version": review.version}
        )
    elif request.method == "POST":
        # The review was decided while they wrote: say so and keep their words.
        form = ReviewViewForm(request.POST)
        form.is_valid()
        form.add_error(None, REVIEW_GONE)
    if request.method == "POST" and review is not None and form.is_valid():
        try:
            if form.cleaned_data["review"] != review.public_id:
                # Written for a review that has since been decided: never let it land
                # silently in the next one, even when the version numbers match.
                raise ConflictError("A different review")
            actions.record_own_view(
                _actor(request), review, form.cleaned_data["version"], form.cleaned_data["text"]
            )
        except ConflictError:
            now_scheduled = queries.scheduled_review(status.episode)
            data = request.POST.copy()
            if now_scheduled is not None:
                data["review"] = str(now_scheduled.public_id)
                data["version"] = str(now_scheduled.version)
            form = ReviewViewForm(data)
            form.is_valid()
            review = now_scheduled
            if now_scheduled is None:
                form.add_error(None, REVIEW_GONE)
            else:
                form.add_error(
                    None,
                    "Someone changed your review while you were writing. "
                    "Your words are still here. Check them and send again.",
                )
        except ValidationError as error:
            _put_errors(form, error)
        except SasError:
            form.add_error(None, PHONE_YOUR_PRACTICE)
        else:
            messages.success(
                request,
                "Thank you. Your view will be read at your review, due by "
                f"{long_date(review.due_on)}. We will write to you after it.",
            )
            return redirect("portal:home")
    return _page(request, "portal/review.jinja", form, status=status, review=review)


@require_http_methods(["GET", "POST"])
@auth.portal_required
def contact(request):
    session = request.portal_session
    services.record_view(session, "contact")
    status = queries.status_for(session.patient)

    def save(form):
        data = dict(form.cleaned_data)
        data["use_first"] = data["use_first"] == "yes"
        data["shared"] = data["shared"] == "yes"
        try:
            actions.suggest_contact_routes(_actor(request), data)
        except ValidationError as error:
            raise _in_plain_words(form, error, own_words=True) from None

    return form_page(
        request,
        ContactForm,
        template="portal/contact.jinja",
        context={"status": status, "today": timezone.localdate()},
        save=save,
        success="Thank you. Staff will check this before we use it to contact you.",
        next_url=reverse("portal:home"),
    )
