"""The Jinja2 environment: our templates first, then the NHS.UK frontend component macros."""

import uuid

from django.contrib.messages import get_messages
from django.middleware.csrf import get_token
from django.templatetags.static import static
from django.urls import get_script_prefix, get_urlconf, reverse
from jinja2 import ChainableUndefined, ChoiceLoader, Environment, PackageLoader
from jinja2.filters import do_indent
from markupsafe import Markup

from . import formats
from .forms import error_summary_items, field_params
from .nhsuk_attributes import nhsuk_attributes
from .nhsuk_components import label as nhsuk_label
from .nhsuk_components import select_options, table_rows
from .nhsuk_components import tag as nhsuk_tag
from .nhsuk_date_input import date_input as nhsuk_date_input
from .nhsuk_inputs import nhsuk_input, nhsuk_select
from .site import page_url


def url(name, *args, **kwargs):
    """``reverse``. A list writes one link a row to a record by its public id (a UUID), and
    Django's ``reverse`` works out the same route each time (about 1 ms for 25 rows): for one
    UUID keyword, the route's text either side of the UUID is kept after the first call and
    the link written from it (ADR 0065). Kept only when two different UUIDs reverse to that
    text around themselves (so the route writes the UUID as it is), and per URL
    configuration and script prefix; anything else is reversed every time."""
    if args or len(kwargs) != 1:
        return reverse(name, args=args or None, kwargs=kwargs or None)
    ((key, value),) = kwargs.items()
    if type(value) is not uuid.UUID:
        return reverse(name, kwargs=kwargs)
    route = (get_urlconf(), get_script_prefix(), name, key)
    around = _AROUND_A_UUID.get(route)
    if around is None:
        around = _AROUND_A_UUID[route] = _around_a_uuid(name, key)
    if not around:
        return reverse(name, kwargs=kwargs)
    return f"{around[0]}{value}{around[1]}"


_AROUND_A_UUID = {}
_PROBES = (uuid.UUID(int=0x0123456789ABCDEF0123456789ABCDEF), uuid.UUID(int=2**128 - 1))


def _around_a_uuid(name, key):
    """(text before, text after) the UUID in the route's link, or () when the route does not
    write any UUID as it is."""
    written = [reverse(name, kwargs={key: probe}) for probe in _PROBES]
    text = str(_PROBES[0])
    if written[0].count(text) != 1:
        return ()
    before, after = written[0].split(text)
    if written[1] != f"{before}{_PROBES[1]}{after}":
        return ()
    return (before, after)


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
        nhsuk_select=nhsuk_select,
        nhsuk_date_input=nhsuk_date_input,
    )
    env.filters.update(
        nhs_number=formats.nhs_number,
        long_date=formats.long_date,
        date_time=formats.date_time,
        time_of_day=formats.time_of_day,
        plural=formats.plural,
        indent=indent,
    )
    return env
