"""The one shape of a page with a form: show it, check it, call the service, and either say
what happened and move on or show the service's refusal on the form.

    return form_page(
        request,
        FlagForm,
        template="support/flags/form.jinja",
        context={"patient": patient},
        save=lambda form: flags.set_flag(request.user, organisation, patient, **form.cleaned_data),
        success="The flag is set and shows wherever the person appears",
        next_url=reverse("support:flags", kwargs={"public_id": patient.public_id}),
        on_view=lambda: audit.record_view(request, patient, what="support: set a safety flag"),
    )

On GET the form is empty (or ``initial``) and ``on_view`` runs (the audit of who looked at
the person). On POST the form is bound to what was typed; when it is valid ``save(form)`` is
called inside the view (the service owns its transaction). A refusal the service raises (a
ValidationError, or any of ``refusals``) goes onto the form against the field it is about, and
the page is shown again with everything typed kept; layout-form.jinja puts "Error:" in the
title because the form has errors. On success ``success`` (text, or a function of what
``save`` returned) becomes the confirmation banner and the browser goes to ``next_url`` (a URL,
or a function of what ``save`` returned)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from .forms import show_refusal


def form_page(
    request,
    form_class,
    *,
    template,
    save,
    next_url,
    success=None,
    context=None,
    form_kwargs=None,
    on_view=None,
    refusals=(),
):
    data = (request.POST, request.FILES) if request.method == "POST" else ()
    form = form_class(*data, **(form_kwargs or {}))
    if data and form.is_valid():
        try:
            result = save(form)
        except (ValidationError, *refusals) as refusal:
            show_refusal(form, refusal)
        else:
            text = success(result) if callable(success) else success
            if text:
                messages.success(request, text)
            return redirect(next_url(result) if callable(next_url) else next_url)
    elif not data and on_view is not None:
        on_view()
    return render(request, template, {**(context or {}), "form": form})
