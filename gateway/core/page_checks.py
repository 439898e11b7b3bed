"""Checks on what a rendered page says, run on every page the test suite renders.

A warning callout, an inset text or a card whose body is empty means a template passed its
words in a parameter the NHS.UK macro does not read: the person sees a heading and nothing
under it. ``PageChecksMiddleware`` is installed only by the test settings, so every unit and
browser test that renders a page also fails on such a page."""

from html.parser import HTMLParser

from django.core.exceptions import ImproperlyConfigured

# Boxes whose whole point is the words inside them.
BOXES = ("nhsuk-card--warning", "nhsuk-inset-text", "nhsuk-warning-callout")
# Text that does not count as the box's content.
NOT_CONTENT = ("nhsuk-u-visually-hidden", "nhsuk-card__heading", "nhsuk-warning-callout__label")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}


class _BoxReader(HTMLParser):
    def __init__(self):
        super().__init__()
        self.stack = []  # (tag, box index or None, skipping)
        self.boxes = []  # [class, heading text, body text]

    def handle_starttag(self, tag, attrs):
        if tag in VOID:
            return
        classes = (dict(attrs).get("class") or "").split()
        box = next((b for b in BOXES if b in classes), None)
        parent_box = self.stack[-1][1] if self.stack else None
        skipping = self.stack[-1][2] if self.stack else False
        if box:
            self.boxes.append([box, "", ""])
            parent_box, skipping = len(self.boxes) - 1, False
        elif parent_box is not None and any(c in classes for c in NOT_CONTENT):
            skipping = "heading" if "nhsuk-card__heading" in classes else "hidden"
        self.stack.append((tag, parent_box, skipping))

    def handle_endtag(self, tag):
        while self.stack:
            open_tag, *_ = self.stack.pop()
            if open_tag == tag:
                break

    def handle_data(self, data):
        if not self.stack or self.stack[-1][1] is None:
            return
        _, box, skipping = self.stack[-1]
        if skipping == "heading":
            self.boxes[box][1] += data
        elif not skipping:
            self.boxes[box][2] += data


def boxes(html):
    """(kind, heading, words under the heading) for each warning and inset box on a page."""
    reader = _BoxReader()
    reader.feed(html)
    return [
        (kind, " ".join(heading.split()), " ".join(body.split()))
        for kind, heading, body in reader.boxes
    ]


def box_text(html, heading):
    """The words under the box with this heading: what a person reads there."""
    found = [body for _, title, body in boxes(html) if title == heading]
    assert found, f"no box headed {heading!r}; boxes: {[title for _, title, _ in boxes(html)]}"
    return found[0]


def empty_boxes(html):
    """Descriptions of the warning and inset boxes on a page that say nothing."""
    return [
        f"{kind} {heading!r} has no text under it"
        for kind, heading, body in boxes(html)
        if not body
    ]


class PageChecksMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        content_type = response.get("Content-Type", "")
        if content_type.startswith("text/html") and not response.streaming:
            problems = empty_boxes(response.content.decode(response.charset or "utf-8"))
            if problems:
                raise ImproperlyConfigured(f"{request.path}: " + "; ".join(problems))
        return response
