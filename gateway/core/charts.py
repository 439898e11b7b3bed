"""Charts drawn on the server as SVG: no JavaScript reaches the browser, and every chart reads
the same at 320 px as on a desktop.

A chart is a Vega-Lite specification made with altair and drawn by vl-convert; nothing is
drawn by hand. Each SVG keeps its viewBox and takes the width of its column (gateway.css caps
it), carries its title and a summary in words for screen readers (role="img" with <title>
and <desc>), and is shown beside a table holding the same figures, which is the accessible
equivalent. Colours are the NHS palette's darker ones, each with at least 3:1 contrast
against white (WCAG 2.2 1.4.11 for graphical objects); text is NHS black.

Drawing costs about a tenth of a second, so drawings are kept by their specification: the
same figures are drawn once per process."""

import datetime
import functools
import json
import re

import vl_convert
from django.utils.html import escape

NHS_BLUE = "#005eb8"
NHS_DARK_BLUE = "#003087"
NHS_PURPLE = "#330072"
NHS_DARK_PINK = "#7c2855"
NHS_DARK_GREEN = "#006747"
TEXT = "#212b32"
SECONDARY_TEXT = "#4c6272"
GRID = "#d8dde0"
PALETTE = (NHS_BLUE, NHS_PURPLE, NHS_DARK_PINK, NHS_DARK_GREEN, NHS_DARK_BLUE)

# Drawn at the width of the narrowest screen NHS services support, so at 320 px nothing
# shrinks; wider screens scale the drawing up to the cap in gateway.css.
WIDTH = 300
BAR_HEIGHT = 28
LINE_HEIGHT = 180
LABEL_LIMIT = 130  # longer category names are cut with an ellipsis; the table has them whole
FONT = "Frutiger W01, Arial, sans-serif"

_ROOT_SIZE = re.compile(r'^<svg([^>]*?) width="[\d.]+" height="[\d.]+"')
_INNER_ARIA = re.compile(r'\s(?:role|aria-[a-z]+)="[^"]*"')


def _config():
    return {
        "font": FONT,
        "background": "white",
        "view": {"stroke": None},
        "axis": {
            "labelColor": TEXT,
            "titleColor": TEXT,
            "labelFontSize": 13,
            "titleFontSize": 13,
            "titleFontWeight": "normal",
            "gridColor": GRID,
            "domainColor": SECONDARY_TEXT,
            "tickColor": SECONDARY_TEXT,
            "labelLimit": LABEL_LIMIT,
        },
        "legend": {"labelColor": TEXT, "titleColor": TEXT, "labelFontSize": 13},
        "aria": False,
    }


def bar_chart(key, *, title, summary, categories, values, value_title, maximum=None):
    """Horizontal bars, one per category (long names stay readable on a narrow screen), with
    each bar's value written at its end."""
    spec = _bar_spec(tuple(categories), tuple(values), value_title, maximum)
    return _described(key, drawn(spec), title=title, summary=summary)


# Making a specification with altair checks it against the Vega-Lite schema, which costs
# tens of milliseconds a chart; like the drawings, specifications are kept by their figures.
@functools.lru_cache(maxsize=256)
def _bar_spec(categories, values, value_title, maximum):
    # altair takes about three seconds to import, so it is imported on the first drawing
    # rather than by every process that loads the URLs and never draws a chart.
    import altair as alt

    rows = [{"category": c, "value": v or 0} for c, v in zip(categories, values, strict=True)]
    scale = alt.Scale(domain=[0, maximum]) if maximum else alt.Undefined
    base = alt.Chart(alt.Data(values=rows)).encode(
        y=alt.Y("category:N", title=None, sort=None),
        x=alt.X("value:Q", title=value_title, scale=scale, axis=alt.Axis(tickMinStep=1)),
    )
    bars = base.mark_bar(color=NHS_BLUE)
    labels = base.mark_text(align="left", dx=4, color=TEXT, fontSize=13).encode(text="value:Q")
    chart = (bars + labels).properties(width=WIDTH - LABEL_LIMIT - 40, height=alt.Step(BAR_HEIGHT))
    return json.dumps(chart.configure(**_config()).to_dict(), sort_keys=True)


def line_chart(key, *, title, summary, labels, values, value_title, maximum=None):
    """A line through points in order (a trend over periods); a period with nothing to
    measure (None) leaves a gap rather than a false zero. labels may be dates: they are then
    placed by time, however unevenly they fall."""
    spec = _line_spec(tuple(labels), tuple(values), value_title, maximum)
    return _described(key, drawn(spec), title=title, summary=summary)


@functools.lru_cache(maxsize=256)
def _line_spec(labels, values, value_title, maximum):
    import altair as alt  # see bar_chart: imported on first use for its cost

    dated = bool(labels) and all(isinstance(label, datetime.date) for label in labels)
    rows = [
        {"label": label.isoformat() if dated else label, "value": value}
        for label, value in zip(labels, values, strict=True)
    ]
    scale = alt.Scale(domain=[0, maximum]) if maximum else alt.Undefined
    if dated:
        x = alt.X("label:T", title=None, axis=alt.Axis(format="%b %Y", labelAngle=0, tickCount=4))
    else:
        # Each word of a label on a line of its own ("Q3" over "2026–27"), so labels of
        # periods side by side never run into each other at 320 px.
        axis = alt.Axis(labelAngle=0, labelExpr="split(datum.label, ' ')")
        x = alt.X("label:O", title=None, sort=None, axis=axis)
    chart = (
        alt.Chart(alt.Data(values=rows))
        .mark_line(color=NHS_BLUE, strokeWidth=3, point=alt.OverlayMarkDef(color=NHS_BLUE, size=60))
        .encode(
            x=x,
            y=alt.Y("value:Q", title=value_title, scale=scale, axis=alt.Axis(tickMinStep=1)),
        )
        .properties(width=WIDTH - 60, height=LINE_HEIGHT)
    )
    return json.dumps(chart.configure(**_config()).to_dict(), sort_keys=True)


def draw(key, spec, *, title, summary):
    """The SVG of a Vega-Lite specification, sized by its viewBox and described for screen
    readers. key makes the ids of its title and description unique on the page."""
    return _described(key, drawn(json.dumps(spec, sort_keys=True)), title=title, summary=summary)


def _described(key, svg, *, title, summary):
    svg = _INNER_ARIA.sub("", svg)
    ids = f"chart-{key}-title chart-{key}-desc"
    svg = _ROOT_SIZE.sub(
        rf'<svg\1 width="100%" role="img" focusable="false" aria-labelledby="{ids}"', svg, count=1
    )
    opening_end = svg.index(">") + 1
    described = (
        f'<title id="chart-{key}-title">{escape(title)}</title>'
        f'<desc id="chart-{key}-desc">{escape(summary)}</desc>'
    )
    return svg[:opening_end] + described + svg[opening_end:]


@functools.lru_cache(maxsize=256)
def drawn(spec_json):
    """The SVG vl-convert draws for a specification (as JSON, so it can be a cache key)."""
    return vl_convert.vegalite_to_svg(json.loads(spec_json))
