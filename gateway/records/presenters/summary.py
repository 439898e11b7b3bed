"""The summary PDF: the whole record in plain words, made with WeasyPrint like letters
(gateway/comms/rendering.py), on A4 with its own simpler page style (no address window)."""

from pathlib import Path

from django.template import engines

SUMMARY_CSS = Path(__file__).resolve().parent.parent / "static" / "records" / "summary.css"
TEMPLATE = "records/summary_pdf.jinja"


def summary_html(context):
    return engines["jinja2"].env.get_template(TEMPLATE).render(context)


def summary_pdf(context):
    # Imported here: WeasyPrint is slow to import and only the background work needs it.
    from weasyprint import CSS, HTML

    return HTML(string=summary_html(context)).write_pdf(stylesheets=[CSS(filename=SUMMARY_CSS)])
