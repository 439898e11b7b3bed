"""Imports: the files an organisation brings on day one. NHS practice data (the ODS
``epraccur`` file) creates and updates practices; a commissioner's caseload spreadsheet (CSV or
XLSX) brings the people already on the scheme. Both read the whole file first, show a preview
with every row that cannot be used and why, write nothing until someone confirms, and then
apply in the background with a progress bar (gateway/core/jobs.py), through the same services
as the pages."""

from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "gateway.imports"
    label = "imports"
    verbose_name = "Imports"
