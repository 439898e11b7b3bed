import uuid

import pytest
from django.db import transaction

from gateway.comms import routing, services
from tests import factories

from .fake_notify import FakeNotify
from .routing_helpers import ROUTED_CONTEXT

ADDRESS = ["Ms Alex Taylor", "Flat 2", "10 Queens Road", "Brighton", "BN1 3XE"]
LETTER = {
    "greeting": "Alex",
    "heading": "Your appointment",
    "paragraphs": ["Please come to the practice on Monday."],
    "sender_name": "The practice team",
}


@pytest.fixture
def fake_notify(settings):
    """The real Notify client pointed at a local fake of the Notify API."""
    fake = FakeNotify().start()
    settings.NOTIFY_API_KEY = fake.api_key
    settings.NOTIFY_BASE_URL = fake.url
    settings.NOTIFY_TEMPLATE_TEXT = str(uuid.uuid4())
    settings.NOTIFY_TEMPLATE_EMAIL = str(uuid.uuid4())
    settings.NOTIFY_MAX_ATTEMPTS = 4
    yield fake
    fake.stop()


@pytest.fixture
def practice(db):
    return factories.PracticeFactory(address="1 High Street\nBrighton", phone="01273 000000")


@pytest.fixture
def queue(django_capture_on_commit_callbacks):
    """queue(kind, organisation, **kwargs): queue a message inside a transaction and run
    what happens after the commit (the immediate task backend sends it there and then)."""

    def make(kind, organisation, actor=None, run=True, **kwargs):
        function = {
            "letter": services.queue_letter,
            "text": services.queue_text,
            "email": services.queue_email,
        }[kind]
        if kind == "letter":
            kwargs.setdefault("template", "comms/plain")
            kwargs.setdefault("context", LETTER)
            kwargs.setdefault("address_lines", ADDRESS)
        else:
            kwargs.setdefault("template", "comms/plain")
            kwargs.setdefault(
                "context", {"text": "Your review is on 3 March.", "heading": "Review"}
            )
        with django_capture_on_commit_callbacks(execute=run), transaction.atomic():
            message = function(actor, organisation, **kwargs)
        message.refresh_from_db()
        return message

    return make


@pytest.fixture
def send(django_capture_on_commit_callbacks):
    """send(organisation, patient, template=..., context=...): queue a message to the person
    inside a transaction and run what happens after the commit (the immediate task backend
    sends it there and then)."""

    def make(organisation, patient, template="comms/plain", context=None, actor=None):
        with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
            message = routing.queue_for_patient(
                actor,
                organisation,
                patient=patient,
                template=template,
                context=ROUTED_CONTEXT if context is None else context,
            )
        message.refresh_from_db()
        return message

    return make


@pytest.fixture
def worker_org(db):
    return factories.PartnerFactory(name="Brighton Outreach")


@pytest.fixture
def worker(worker_org):
    user = factories.UserFactory()
    factories.MembershipFactory(user=user, organisation=worker_org, role="support_worker")
    return user
