"""The PDF's URL fetcher serves only allow-listed static files and never reaches the network."""

import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest

from workshop.charter.fetcher import ALLOWED_ASSETS, ASSET_BASE, AssetFetcher, RefusedURL, asset_url
from workshop.charter.pdf import render_html

STATIC = Path(__file__).resolve().parents[2] / "static"


def test_fetcher_serves_an_allow_listed_font_from_the_static_folder():
    response = AssetFetcher().fetch(ASSET_BASE + "fonts/NotoSans-Regular.ttf")

    assert response.read() == (STATIC / "fonts" / "NotoSans-Regular.ttf").read_bytes()
    assert response.content_type == "font/ttf"


def test_every_allow_listed_asset_exists():
    fetcher = AssetFetcher()
    for path in sorted(ALLOWED_ASSETS):
        assert fetcher.fetch(asset_url(path)).read() == (STATIC / path).read_bytes()
    assert fetcher.refused == []


@pytest.mark.parametrize(
    "url",
    [
        "http://example.com/logo.png",
        "https://example.com/style.css",
        "http://127.0.0.1:8000/static/favicon.svg",
        "file:///etc/passwd",
        "file:///work/main/static/favicon.svg",
        "data:image/png;base64,iVBORw0KGgo=",
        "data:text/css,body{background:url(http://example.com/x)}",
        "ftp://example.com/x",
        "javascript:alert(1)",
        ASSET_BASE + "css/app.css",  # a real static file, but not on the list
        ASSET_BASE + "fonts/../css/app.css",
        ASSET_BASE + "favicon.svg?x=1",
        ASSET_BASE + "favicon.svg#x",
        ASSET_BASE + "/favicon.svg",
        ASSET_BASE,
        "https://charter-assets.invalid.example.com/favicon.svg",
        "HTTPS://CHARTER-ASSETS.INVALID/favicon.svg",
        "/static/favicon.svg",
        "favicon.svg",
    ],
)
def test_fetcher_refuses_every_other_url(url):
    fetcher = AssetFetcher()

    with pytest.raises(RefusedURL):
        fetcher.fetch(url)

    assert fetcher.refused == [url]


def test_asset_url_rejects_a_path_off_the_list():
    with pytest.raises(ValueError):
        asset_url("css/app.css")


class _CountingHandler(BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self):
        type(self).hits.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/svg+xml")
        self.end_headers()
        self.wfile.write(b'<svg xmlns="http://www.w3.org/2000/svg" width="9" height="9"/>')

    def log_message(self, *args):
        pass


@pytest.fixture
def listening_server():
    """A real HTTP server on loopback that records every request it gets."""
    _CountingHandler.hits = []
    server = HTTPServer(("127.0.0.1", 0), _CountingHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", _CountingHandler.hits
    server.shutdown()
    server.server_close()


def test_render_never_fetches_images_stylesheets_or_css_urls_from_anywhere_else(
    listening_server, tmp_path
):
    base, hits = listening_server
    secret = tmp_path / "secret.svg"
    secret.write_text('<svg xmlns="http://www.w3.org/2000/svg" width="9" height="9"/>')
    html = f"""<html><head>
      <link rel="stylesheet" href="{base}/style.css">
      <style>@import url("{base}/import.css");
        body {{ background: url("{base}/bg.png"); }}
        @font-face {{ font-family: X; src: url("{base}/font.ttf"); }}
        p {{ font-family: X; }}</style></head>
      <body><p>Hello</p><img src="{base}/img.png"><img src="file://{secret}">
      <img src="data:image/svg+xml;base64,PHN2ZyB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmciLz4=">
      <object data="{base}/object.svg"></object><iframe src="{base}/frame.html"></iframe>
      <svg xmlns="http://www.w3.org/2000/svg"><image href="{base}/svg-image.png" width="5" height="5"/></svg>
      </body></html>"""

    rendered = render_html(html)

    assert hits == []
    assert rendered.content.startswith(b"%PDF-")
    assert f"{base}/img.png" in rendered.refused
    assert f"{base}/bg.png" in rendered.refused
    assert f"{base}/style.css" in rendered.refused
    assert f"file://{secret}" in rendered.refused
    assert any(url.startswith("data:image/svg+xml") for url in rendered.refused)
