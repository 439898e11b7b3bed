"""The Jinja2 environment: our templates first, then the NHS.UK frontend component macros."""

from django.contrib.messages import get_messages
from django.middleware.csrf import get_token
from django.templatetags.static import static
from django.urls import reverse
from jinja2 import ChainableUndefined, ChoiceLoader, Environment, PackageLoader

from . import formats
from .forms import error_summary_items, field_params
from .site import page_url


def url(name, *args, **kwargs):
    return reverse(name, args=args or None, kwargs=kwargs or None)


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
    )
    env.filters.update(
        nhs_number=formats.nhs_number,
        long_date=formats.long_date,
        date_time=formats.date_time,
        plural=formats.plural,
    )
    return env
