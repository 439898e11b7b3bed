"""The Jinja2 environment: our templates first, then the NHS.UK frontend component macros."""

from django.contrib.messages import get_messages
from django.middleware.csrf import get_token
from django.templatetags.static import static
from django.urls import reverse
from jinja2 import ChainableUndefined, ChoiceLoader, Environment, PackageLoader
from jinja2.filters import do_indent
from markupsafe import Markup

from . import formats
from .forms import error_summary_items, field_params
from .nhsuk_attributes import nhsuk_attributes
from .nhsuk_components import label as nhsuk_label
from .nhsuk_components import select_options, table_rows
from .nhsuk_components import tag as nhsuk_tag
from .nhsuk_inputs import date_input as nhsuk_date_input
from .nhsuk_inputs import nhsuk_input
from .site import page_url


def url(name, *args, **kwargs):
    return reverse(name, args=args or None, kwargs=kwargs or None)


def indent(s, width=4, first=False, blank=False):
    """Jinja's ``indent``, the same output, without a Markup object per line. The NHS.UK
    macros indent every component's HTML (a table's cells, then the whole table again); on
    safe HTML Jinja's filter escapes and wraps each line, which was most of the time a page
    of 25 rows took to render (issue 17). Indenting with spaces cannot make safe HTML unsafe,
    so the lines are joined as plain text and marked safe once."""
    if isinstance(s, Markup):
        return Markup(do_indent(str(s), width, first, blank))  # noqa: S704 - safe HTML, spaces
    return do_indent(s, width, first, blank)


def environment(**options):
    loader = options.pop("loader", None)
    options.pop("undefined", None)
    options.pop("autoescape", None)
    env = Environment(
        loader=ChoiceLoader([loader, PackageLoader("nhsuk_frontend_jinja")]),
        undefined=ChainableUndefined,
        autoescape=True,
        extensions=["jinja2.ext.do"],
        **options,
    )
    env.globals.update(
        static=static,
        url=url,
        page_url=page_url,
        get_messages=get_messages,
        csrf_token_value=get_token,
        field_params=field_params,
        error_summary_items=error_summary_items,
        nhsuk_attributes=nhsuk_attributes,
        select_options=select_options,
        table_rows=table_rows,
        nhsuk_tag=nhsuk_tag,
        nhsuk_label=nhsuk_label,
        nhsuk_input=nhsuk_input,
        nhsuk_date_input=nhsuk_date_input,
    )
    env.filters.update(
        nhs_number=formats.nhs_number,
        long_date=formats.long_date,
        date_time=formats.date_time,
        plural=formats.plural,
        indent=indent,
    )
    return env
