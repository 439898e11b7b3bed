"""The visitor's address for rate limits (the person's own page counts failed sign-ins per
visitor): behind a proxy it is the one the proxy saw, and a forged header cannot choose it."""

from django.test import RequestFactory

from gateway.core.client import client_address


def request(remote="10.0.0.5", forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_with_no_trusted_proxy_the_connecting_address_counts(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_address(request(forwarded="203.0.113.9")) == "10.0.0.5"


def test_behind_one_proxy_the_address_it_saw_counts(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_address(request(forwarded="203.0.113.9")) == "203.0.113.9"


def test_an_address_the_client_typed_in_the_header_is_not_believed(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    forged = "198.51.100.1, 203.0.113.9"  # the client sent the first; the proxy added the last
    assert client_address(request(forwarded=forged)) == "203.0.113.9"


def test_two_proxies_take_the_address_the_outer_one_saw(settings):
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_address(request(forwarded="198.51.100.1, 203.0.113.9, 10.0.0.7")) == (
        "203.0.113.9"
    )


def test_a_request_that_bypassed_the_proxy_falls_back_to_the_connecting_address(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_address(request()) == "10.0.0.5"
