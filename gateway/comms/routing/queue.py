"""Writing a message to a person into the outbox (``queue_for_patient``): what it says,
rendered there and then for every channel, in the caller's transaction. A letter that would
print contact details the commissioner's record lacks is refused before anything is written."""

from django.core.exceptions import ValidationError
from django.template import engines
from jinja2 import TemplateNotFound

from .. import audiences, outbox, rendering
from .common import Kind


def _has_template(path):
    try:
        engines["jinja2"].env.get_template(path)
    except TemplateNotFound:
        return False
    return True


def render_variants(key, context, easy_read=False):
    """What the message says, for every channel, rendered now (the context holds model
    objects, so it is not kept): the letter (subject and body, without the address, which
    depends on the route), and the template's own text and email if it has them."""
    # The person needs easy read: their letter's Easy Read variant (tests/test_easy_read.py).
    variant = rendering.easy_read_template(key) if easy_read else None
    module = rendering.template_module(variant or f"letters/{key}.jinja", context)
    body = str(module)
    subject = str(getattr(module, "subject", "") or rendering.first_heading(body))[:300]
    variants = {"text": None, "email": None}
    if _has_template(f"texts/{key}.jinja"):
        variants["text"] = rendering.render_text(key, context)
    if _has_template(f"emails/{key}.jinja"):
        email_subject, email_body = rendering.render_email(key, context)
        variants["email"] = {"subject": email_subject, "body": email_body}
    return subject, body, variants


class MissingContactDetails(ValidationError):
    """A letter to the person would print the commissioner's contact details (how to appeal,
    send a form back or ask a question) but the commissioner's record lacks some of them."""


def contact_gap_message(commissioner, gaps):
    return (
        f"Nothing was saved. The letter to the person must tell them how to contact "
        f"{commissioner.name}, but its organisation record has no {_and(gaps)} for appeals. "
        "A commissioner can add them on the Organisations page. Then try again."
    )


def _and(items):
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} or {items[-1]}"


def require_contact_details(key, context):
    """Refuse a letter that promises the commissioner's contact details while the record
    lacks any of them: a person told to appeal must be told where."""
    if not audiences.promises_commissioner_contact(key):
        return
    commissioner = context.get("commissioner") or getattr(
        context.get("episode"), "commissioner", None
    )
    if commissioner is None:
        raise ValueError(f"The {key} letter needs the commissioner in its context")
    gaps = commissioner.appeal_contact_gaps()
    if gaps:
        raise MissingContactDetails(
            contact_gap_message(commissioner, gaps), code="missing_contact_details"
        )


def queue_for_patient(actor, organisation, *, patient, template, context, related=None):
    """Write a message to the person into the outbox, inside the caller's transaction. The
    worker picks the route after the commit, by the contact plan as it is then. Raises
    MissingContactDetails (nothing is written) when the letter would print contact details
    the commissioner's record lacks."""
    outbox.require_transaction()
    key = rendering.template_key(template)
    require_contact_details(key, context)
    subject, body, variants = render_variants(key, context, easy_read=patient.needs_easy_read)
    return outbox.create_message(
        actor,
        organisation,
        kind=Kind.ROUTED,
        template=key,
        patient=patient,
        related=related,
        subject=subject,
        body_html=body,
        variants=variants,
    )
