"""PDFs read nothing but Gateway's own static files (gateway/core/pdf.py, hazard H51)."""

import base64
import http.server
import io
import threading

import pytest
from pypdf import PdfReader

from gateway.comms.rendering import LETTER_CSS, letter_pdf
from gateway.core.pdf import RefusedResource, html_to_pdf, static_files_only

# A 1x1 PNG.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)


def test_the_fetcher_refuses_files_outside_the_static_folders(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("not for letters")
    fetcher = static_files_only()
    for url in (secret.as_uri(), "file:///etc/passwd", "file://evil.example/etc/passwd"):
        with pytest.raises(RefusedResource):
            fetcher.fetch(url)


def test_the_fetcher_refuses_a_path_that_climbs_out_of_static():
    climbing = LETTER_CSS.parent.as_uri() + "/../../../../../../etc/passwd"
    with pytest.raises(RefusedResource):
        static_files_only().fetch(climbing)


@pytest.mark.parametrize(
    "url", ["http://127.0.0.1:9/", "https://example.com/logo.png", "ftp://example.com/x"]
)
def test_the_fetcher_refuses_web_addresses(url):
    with pytest.raises(RefusedResource):
        static_files_only().fetch(url)


def test_the_fetcher_reads_gateways_static_files_and_data_urls():
    fetcher = static_files_only()
    css = fetcher.fetch(LETTER_CSS.as_uri())
    assert css.read() == LETTER_CSS.read_bytes()
    assert css.content_type == "text/css"
    inline = fetcher.fetch("data:text/plain;base64,aGVsbG8=")
    assert inline.read() == b"hello"


def test_a_letter_naming_a_server_file_or_address_is_made_without_fetching_them(tmp_path):
    """A letter whose typed words carry an image from the server's disk and one from inside
    the network: the PDF is made, the file is not read in and nothing is asked of the address."""
    secret = tmp_path / "secret.png"
    secret.write_bytes(PNG)
    asked = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - the name http.server calls
            asked.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.end_headers()
            self.wfile.write(PNG)

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        html = (
            f'<p>Dear Alex</p><img src="{secret.as_uri()}" alt="">'
            f'<img src="http://127.0.0.1:{server.server_port}/internal.png" alt="">'
            '<link rel="stylesheet" href="file:///etc/passwd">'
        )
        pdf = letter_pdf(html)
    finally:
        server.shutdown()
    assert asked == []
    reader = PdfReader(io.BytesIO(pdf))
    assert "Dear Alex" in reader.pages[0].extract_text()
    assert not any(page.images for page in reader.pages)


def test_an_image_from_the_static_folders_is_used(tmp_path, monkeypatch):
    monkeypatch.setattr("gateway.core.pdf.static_roots", lambda: (tmp_path.resolve(),))
    logo = tmp_path / "logo.png"
    logo.write_bytes(PNG)
    pdf = html_to_pdf(f'<p>Logo</p><img src="{logo.as_uri()}" alt="">', LETTER_CSS)
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages[0].images) == 1
