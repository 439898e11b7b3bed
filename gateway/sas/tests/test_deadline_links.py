"""Migration 0003 links deadlines that existed before Deadline.appeal and Deadline.review to
their appeal or review the way the services now do, so old episodes read the same."""

import importlib
import io

import pytest
from django.apps import apps
from django.core.management import call_command

from gateway.sas.models import Deadline

pytestmark = pytest.mark.django_db

migration = importlib.import_module("gateway.sas.migrations.0003_deadline_appeal_review")


def links():
    return list(Deadline.objects.order_by("pk").values_list("pk", "appeal_id", "review_id"))


def test_migration_links_existing_deadlines_as_the_services_do():
    # The demo has appeals, reviews with inputs, and a review due the day the next one is.
    call_command("load_demo", stdout=io.StringIO())
    made_by_services = links()
    assert any(appeal for _, appeal, _ in made_by_services)
    assert any(review for _, _, review in made_by_services)

    Deadline.objects.update(appeal=None, review=None)
    migration.link_existing(apps, None)
    assert links() == made_by_services
