"""The check every rendered test page goes through: a warning or inset box must say something."""

from gateway.core.page_checks import empty_boxes


def _render(source):
    from django.template import engines

    return engines["jinja2"].from_string(source).render({})


def test_a_warning_callout_whose_words_were_passed_in_the_wrong_parameter_is_reported():
    html = _render(
        '{% from "nhsuk/components/warning-callout/macro.jinja" import warningCallout %}'
        '{{ warningCallout({"heading": "This report may not qualify", "HTML": "<p>Why</p>"}) }}'
    )
    assert empty_boxes(html) == [
        "nhsuk-card--warning 'This report may not qualify' has no text under it"
    ]


def test_a_warning_callout_and_inset_text_with_their_words_pass():
    html = _render(
        '{% from "nhsuk/components/warning-callout/macro.jinja" import warningCallout %}'
        '{% from "nhsuk/components/inset-text/macro.jinja" import insetText %}'
        '{{ warningCallout({"heading": "Important", "html": "<p>Why</p>"}) }}'
        '{{ insetText({"text": "Something to read"}) }}'
    )
    assert empty_boxes(html) == []


def test_an_empty_inset_text_is_reported_even_though_it_has_a_hidden_label():
    html = _render(
        '{% from "nhsuk/components/inset-text/macro.jinja" import insetText %}'
        '{{ insetText({"HTML": "<p>Lost words</p>"}) }}'
    )
    assert empty_boxes(html) == ["nhsuk-inset-text '' has no text under it"]


def test_the_bench_measures_pages_without_the_test_suites_page_checks():
    """`make bench` times what production serves: the test settings' middleware, in order,
    less the page checks only the test suite runs (gateway/config/settings/bench.py)."""
    from django.conf import settings

    from gateway.config.settings import bench

    assert "gateway.core.page_checks.PageChecksMiddleware" in settings.MIDDLEWARE
    assert [
        m for m in settings.MIDDLEWARE if m != "gateway.core.page_checks.PageChecksMiddleware"
    ] == bench.MIDDLEWARE
