import uuid

import pytest

from gateway.comms.tests.fake_notify import FakeNotify
from tests import factories


@pytest.fixture
def notify(settings):
    """The real Notify client pointed at a local fake of the Notify API."""
    fake = FakeNotify().start()
    settings.NOTIFY_API_KEY = fake.api_key
    settings.NOTIFY_BASE_URL = fake.url
    settings.NOTIFY_TEMPLATE_TEXT = str(uuid.uuid4())
    settings.NOTIFY_TEMPLATE_EMAIL = str(uuid.uuid4())
    yield fake
    fake.stop()


@pytest.fixture
def practice(db):
    return factories.PracticeFactory(address="1 High Street\nBrighton", phone="01273 000000")
