"""Addresses of Gateway's pages as people type them, for links that leave the page: in texts,
emails and letters, and the addresses staff read out. Built from settings.SITE_URL, never from
the Host header of the request that caused them (a forged Host would otherwise put someone
else's address in a text to a patient). Hazard H51."""

from django.conf import settings
from django.urls import reverse


def absolute_url(path):
    """settings.SITE_URL + path ("/my/sign-in" -> "https://gateway.example.nhs.uk/my/sign-in")."""
    return f"{settings.SITE_URL.rstrip('/')}{path}"


def page_url(name, *args, **kwargs):
    """The full address of a named page: page_url("portal:sign-in")."""
    return absolute_url(reverse(name, args=args or None, kwargs=kwargs or None))
