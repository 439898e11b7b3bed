"""Charts drawn on the server: SVG that scales to its column, says what it shows to a screen
reader, carries no script and no unescaped text, in colours with enough contrast."""

import datetime
import re

from gateway.core import charts


def contrast(colour, background="#ffffff"):
    def luminance(hex_colour):
        channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    lighter, darker = sorted((luminance(colour), luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_a_bar_chart_scales_and_describes_itself():
    svg = charts.bar_chart(
        "people",
        title="People <by> practice",
        summary="Most are at North & South",
        categories=["North <script>alert(1)</script>", "South"],
        values=[3, 10],
        value_title="People",
    )
    opening = svg[: svg.index(">") + 1]
    assert 'width="100%"' in opening and "viewBox=" in opening and "height=" not in opening
    assert 'role="img"' in opening
    assert 'aria-labelledby="chart-people-title chart-people-desc"' in opening
    assert '<title id="chart-people-title">People &lt;by&gt; practice</title>' in svg
    assert '<desc id="chart-people-desc">Most are at North &amp; South</desc>' in svg
    assert "<script" not in svg and "&lt;script&gt;" in svg
    inner = svg[len(opening) :]
    assert not re.search(r'\s(role|aria-[a-z]+)="', inner)
    assert ">10<" in svg and charts.NHS_BLUE in svg


def test_a_line_chart_leaves_a_gap_for_a_period_with_nothing_to_measure():
    svg = charts.line_chart(
        "trend",
        title="Heard",
        summary="Rising",
        labels=["Q1", "Q2", "Q3"],
        values=[50, None, 75],
        value_title="Percentage",
        maximum=100,
    )
    assert ">Q2<" in svg and ">100<" in svg


def test_a_line_chart_of_dates_places_them_by_time():
    days = [datetime.date(2025, 1, 1), datetime.date(2025, 1, 2), datetime.date(2025, 12, 1)]
    svg = charts.line_chart(
        "dates", title="t", summary="s", labels=days, values=[1, 2, 3], value_title="Total"
    )
    assert "Jul 2025" in svg or "Oct 2025" in svg


def test_the_same_figures_are_drawn_once():
    charts.drawn.cache_clear()
    for _ in range(3):
        charts.bar_chart("a", title="t", summary="s", categories=["x"], values=[1], value_title="v")
    assert charts.drawn.cache_info().hits == 2


def test_chart_colours_have_enough_contrast_against_white():
    for colour in (*charts.PALETTE, charts.TEXT, charts.SECONDARY_TEXT):
        assert contrast(colour) >= 3, colour
    assert contrast(charts.TEXT) >= 4.5
