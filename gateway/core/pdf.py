"""Making PDFs with WeasyPrint that can read nothing but Gateway's own static files.

A letter's HTML carries words people typed (a name, an address, a reason). WeasyPrint would
fetch any URL that HTML or its stylesheet names: a file on the server (file:///etc/passwd as
an image), or a web address inside the network (a request forged from the server). Every PDF
Gateway makes goes through ``html_to_pdf`` (or passes ``static_files_only()`` as the
url_fetcher), which reads only files inside Gateway's static folders and ``data:`` URLs,
and refuses everything else (the resource is left out and a warning logged; the PDF is still
made). Hazard H51."""

import logging
import mimetypes
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from django.apps import apps
from django.conf import settings

logger = logging.getLogger(__name__)


class RefusedResource(ValueError):
    """WeasyPrint was asked for something outside Gateway's static files."""


@cache
def static_roots():
    """Every folder Gateway serves static files from: each app's static/ and STATICFILES_DIRS."""
    roots = [
        Path(app.path) / "static"
        for app in apps.get_app_configs()
        if app.name.startswith("gateway.")
    ]
    for entry in settings.STATICFILES_DIRS:
        roots.append(Path(entry[1] if isinstance(entry, tuple | list) else entry))
    return tuple(root.resolve() for root in roots if root.is_dir())


def static_file(url):
    """The path of a file:// URL when it is a file inside a static folder, else None."""
    parts = urlsplit(url)
    if parts.scheme.lower() != "file" or parts.netloc not in ("", "localhost"):
        return None
    path = Path(url2pathname(parts.path)).resolve()
    if path.is_file() and any(path.is_relative_to(root) for root in static_roots()):
        return path
    return None


@cache
def _fetcher_class():
    # Built on first use: WeasyPrint is slow to import and only the worker and downloads
    # need it.
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticFilesOnly(URLFetcher):
        def __init__(self):
            super().__init__(allowed_protocols=("data",), allow_redirects=False)

        def fetch(self, url, headers=None):
            if url.split(":", 1)[0].lower() == "data":
                return super().fetch(url, headers)
            path = static_file(url)
            if path is None:
                logger.warning("PDF resource refused: only Gateway's static files are read")
                raise RefusedResource("Only Gateway's own static files can be used in a PDF")
            content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(
                path.as_uri(), path.read_bytes(), headers={"Content-Type": content_type}
            )

    return StaticFilesOnly


def static_files_only():
    """A WeasyPrint URL fetcher that reads only Gateway's static files and data: URLs."""
    return _fetcher_class()()


def html_to_pdf(html, stylesheet, *, render=False):
    """The PDF of an HTML document with one stylesheet file (bytes), or WeasyPrint's layout
    when ``render`` (for tests that check where things are printed)."""
    from weasyprint import CSS, HTML

    fetcher = static_files_only()
    document = HTML(string=html, url_fetcher=fetcher, base_url=None)
    sheets = [CSS(filename=str(stylesheet), url_fetcher=fetcher)]
    return document.render(stylesheets=sheets) if render else document.write_pdf(stylesheets=sheets)
