"""Turning a template and its context into what is sent: letter HTML (and the PDF made from
it), text and email bodies. Templates live in any app's jinja2 folder:
letters/<key>.jinja, texts/<key>.jinja, emails/<key>.jinja."""

import re
from html import unescape
from pathlib import Path

from django.template import engines
from django.utils import timezone
from jinja2 import TemplateNotFound
from markupsafe import Markup

from gateway.core.pdf import html_to_pdf

LETTER_CSS = Path(__file__).resolve().parent / "static" / "comms" / "letter.css"
PREFIXES = ("letters/", "texts/", "emails/")


def template_key(template):
    """'letters/sas/allocation.jinja' or 'sas/allocation' -> 'sas/allocation'."""
    key = template.removesuffix(".jinja")
    for prefix in PREFIXES:
        key = key.removeprefix(prefix)
    return key


def _env():
    return engines["jinja2"].env


def template_module(path, context):
    """Rendered template as a module: str() is the text, and top-level `{% set subject %}`
    values are attributes."""
    return _env().get_template(path).make_module(dict(context))


def first_heading(html):
    match = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.DOTALL | re.IGNORECASE)
    return unescape(re.sub(r"<[^>]+>", "", match.group(1))).strip() if match else ""


def easy_read_template(key):
    """The Easy Read variant of a letter (letters/easy_read/<key>.jinja), or None."""
    name = f"letters/easy_read/{key}.jinja"
    try:
        _env().get_template(name)
    except TemplateNotFound:
        return None
    return name


def render_letter(key, context, *, address_lines, sender, reference, easy_read=False):
    """The letter as an HTML fragment (NHS-style A4 layout, address in Notify's window) and
    its subject (the template's `subject`, else its first heading). easy_read: the person needs easy
    read, so their letter's Easy Read variant is used, in large text (tests/test_easy_read.py checks
    every patient letter has one). The variant wraps itself in a gw-easy-read block, so its large
    text follows it into any frame."""
    variant = easy_read_template(key) if easy_read else None
    module = template_module(variant or f"letters/{key}.jinja", context)
    body = str(module)
    subject = str(getattr(module, "subject", "") or first_heading(body))
    # Safe: the output of an autoescaping Jinja template, not raw input.
    safe_body = Markup(body)  # noqa: S704
    html = (
        _env()
        .get_template("letters/letter.jinja")
        .render(
            body=safe_body,
            subject=subject,
            address_lines=address_lines,
            sender=sender,
            reference=reference,
            today=timezone.localdate(),
        )
    )
    return subject[:300], html


def render_text(key, context):
    return str(template_module(f"texts/{key}.jinja", context)).strip()


def render_email(key, context):
    module = template_module(f"emails/{key}.jinja", context)
    return str(getattr(module, "subject", "")).strip()[:300], str(module).strip()


def letter_document(html):
    """A whole HTML document around a stored letter fragment, for WeasyPrint."""
    return (
        '<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8">'
        f"<title>Letter</title></head><body>{html}</body></html>"
    )


def letter_pdf(html):
    """The letter as a PDF; WeasyPrint reads only Gateway's static files (gateway.core.pdf)."""
    return html_to_pdf(letter_document(html), LETTER_CSS)


def letter_layout(html):
    """WeasyPrint's layout of the letter, for tests that check where things are printed."""
    return html_to_pdf(letter_document(html), LETTER_CSS, render=True)
