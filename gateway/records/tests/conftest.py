import io
import json
import zipfile

import pytest
from django.db import transaction
from pypdf import PdfReader

from gateway.records import services
from gateway.records.making import make_export
from gateway.records.models import SubjectAccessExport

from .every_kind import DAY, EveryKind


def request(everyone):
    return services.request_export(
        everyone.staff,
        everyone.commissioner,
        everyone.patient,
        request_reference="SAR-2025-017",
        received_on=DAY,
    )


@pytest.fixture(scope="module")
def built(django_db_setup, django_db_blocker):
    """The person with every kind of record and their export, made once per module (WeasyPrint
    is slow) and rolled back at its end; each test runs in a savepoint inside it."""
    with django_db_blocker.unblock(), transaction.atomic():
        everyone = EveryKind()
        export = request(everyone)
        make_export(export.pk)  # what the task does once the request commits
        yield everyone, SubjectAccessExport.objects.get(pk=export.pk)
        transaction.set_rollback(True)


@pytest.fixture
def everyone(built, db):
    return built[0]


@pytest.fixture
def made(built, db):
    return SubjectAccessExport.objects.get(pk=built[1].pk)


class Unzipped:
    def __init__(self, content):
        self.zip = zipfile.ZipFile(io.BytesIO(bytes(content)))
        self.names = self.zip.namelist()
        self.data = json.loads(self.zip.read("record.json"))
        self.json_text = self.zip.read("record.json").decode()
        reader = PdfReader(io.BytesIO(self.zip.read("summary.pdf")))
        self.pdf_text = " ".join((page.extract_text() or "") for page in reader.pages)
        self.flat_pdf = " ".join(self.pdf_text.split())

    def letter_text(self, name):
        reader = PdfReader(io.BytesIO(self.zip.read(name)))
        return " ".join((page.extract_text() or "") for page in reader.pages)


@pytest.fixture(scope="module")
def unzipped_once(built):
    return Unzipped(built[1].content)


@pytest.fixture
def unzipped(unzipped_once):
    return unzipped_once
