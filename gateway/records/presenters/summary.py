"""The summary PDF: the whole record in plain words, made with WeasyPrint like letters
(gateway/comms/rendering.py), on A4 with its own simpler page style (no address window)."""

from pathlib import Path

from django.template import engines

from gateway.core.pdf import html_to_pdf

SUMMARY_CSS = Path(__file__).resolve().parent.parent / "static" / "records" / "summary.css"
TEMPLATE = "records/summary_pdf.jinja"


def summary_html(context):
    return engines["jinja2"].env.get_template(TEMPLATE).render(context)


def summary_pdf(context):
    """WeasyPrint reads only Gateway's static files (gateway/core/pdf.py, hazard H51): the
    record holds words people typed."""
    return html_to_pdf(summary_html(context), SUMMARY_CSS)
