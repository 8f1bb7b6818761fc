"""Static files as production serves them (issue 13, point 4): collectstatic with the production storage writes hashed
names with gzip and brotli copies; pages link the hashed names; WhiteNoise answers them with the copy the browser
accepts and a ten-year immutable Cache-Control, and the GZip middleware, kept for the pages, never touches them."""

import gzip
import json
import os
import re

import brotli
import pytest
from django.conf import settings
from django.core.management import call_command
from django.template import loader
from django.test import Client, override_settings
from django.urls import reverse

from thiduakhenthuong import settings as project_settings

pytestmark = pytest.mark.django_db
IMMUTABLE = "max-age=315360000, public, immutable"
# An image: WhiteNoise does not compress what is compressed already (png, woff2, zip…), so it has no .gz or .br copy.
PNG = b"\x89PNG\r\n\x1a\n" + os.urandom(4000)


@pytest.fixture(scope="module")
def collected(tmp_path_factory):
    """STATIC_ROOT collected with the storage of the production settings, in a temporary folder."""
    extra = tmp_path_factory.mktemp("extra-static")
    (extra / "pixel.png").write_bytes(PNG)
    root = tmp_path_factory.mktemp("static-root")
    with override_settings(
        STORAGES=project_settings.STORAGES,
        STATIC_ROOT=root,
        STATICFILES_DIRS=[*settings.STATICFILES_DIRS, ("probe", extra)],
    ):
        call_command("collectstatic", interactive=False, verbosity=0)
        yield root


def _manifest(root) -> dict[str, str]:
    return json.loads((root / "staticfiles.json").read_text())["paths"]


def _get(path: str, accept_encoding: str | None):
    headers = {} if accept_encoding is None else {"HTTP_ACCEPT_ENCODING": accept_encoding}
    response = Client().get(path, **headers)  # a new client: its WhiteNoise indexes the STATIC_ROOT of the moment
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response, body


def test_the_production_storage_is_whitenoises_compressed_manifest():
    assert project_settings.STORAGES["staticfiles"]["BACKEND"] == (
        "whitenoise.storage.CompressedManifestStaticFilesStorage"
    )


def test_collectstatic_writes_hashed_names_each_with_a_gzip_and_a_brotli_copy(collected):
    paths = _manifest(collected)
    for name in ("bootstrap/css/bootstrap.min.css", "bootstrap/js/bootstrap.bundle.min.js", "css/portal.css"):
        hashed = paths[name]
        assert re.fullmatch(re.escape(name.rsplit(".", 1)[0]) + r"\.[0-9a-f]{12}\." + name.rsplit(".", 1)[1], hashed)
        plain = (collected / hashed).read_bytes()
        assert (collected / name).is_file()  # the plain name stays, for templates/500.html
        assert gzip.decompress((collected / f"{hashed}.gz").read_bytes()) == plain
        assert brotli.decompress((collected / f"{hashed}.br").read_bytes()) == plain
    # Bootstrap's source map, named inside the CSS, follows the hashed name.
    css = (collected / paths["bootstrap/css/bootstrap.min.css"]).read_text()
    assert f"sourceMappingURL={paths['bootstrap/css/bootstrap.min.css.map'].rsplit('/', 1)[1]}" in css
    # The Bootstrap builds no page links are not collected (thiduakhenthuong/apps.py).
    assert not (collected / "bootstrap/css/bootstrap.rtl.min.css").exists()
    assert not (collected / "bootstrap/js/bootstrap.esm.js").exists()


def test_pages_link_only_hashed_names(collected, client):
    page = client.get(reverse("login")).content.decode()

    linked = re.findall(r'(?:href|src)="(/static/[^"]+)"', page)
    paths = _manifest(collected)
    assert f"/static/{paths['bootstrap/css/bootstrap.min.css']}" in linked
    assert f"/static/{paths['js/portal.js']}" in linked
    assert all(re.search(r"\.[0-9a-f]{12}\.\w+$", url) for url in linked), linked


@pytest.mark.parametrize(
    ("accept_encoding", "encoding", "suffix"),
    [("gzip, deflate, br", "br", ".br"), ("gzip", "gzip", ".gz"), ("identity", None, ""), (None, None, "")],
)
def test_a_hashed_file_is_sent_precompressed_as_accepted_and_cached_for_good(
    collected, accept_encoding, encoding, suffix
):
    hashed = _manifest(collected)["bootstrap/css/bootstrap.min.css"]

    response, body = _get(f"/static/{hashed}", accept_encoding)

    assert response.status_code == 200
    assert response.get("Content-Encoding") == encoding
    # The very bytes collectstatic wrote: the GZip middleware did not compress them again.
    assert body == (collected / f"{hashed}{suffix}").read_bytes()
    assert response["Cache-Control"] == IMMUTABLE
    assert response["Content-Type"].startswith("text/css")
    assert "Accept-Encoding" in response["Vary"]


def test_a_file_without_compressed_copies_is_sent_as_it_is_even_to_a_gzip_client(collected):
    hashed = _manifest(collected)["probe/pixel.png"]
    assert not (collected / f"{hashed}.gz").exists()

    response, body = _get(f"/static/{hashed}", "gzip")

    assert response.status_code == 200 and "Content-Encoding" not in response
    assert body == PNG and response["Cache-Control"] == IMMUTABLE


def test_a_plain_name_is_served_but_cached_briefly(collected):
    response, body = _get("/static/css/portal.css", "gzip")

    assert response.status_code == 200 and body == (collected / "css/portal.css.gz").read_bytes()
    assert response["Cache-Control"] == "max-age=60, public"


def test_pages_are_still_gzipped(collected, client):
    response = client.get(reverse("login"), HTTP_ACCEPT_ENCODING="gzip, br")

    assert response.status_code == 200 and response["Content-Encoding"] == "gzip"
    assert b"<form" in gzip.decompress(response.content)


def test_the_server_error_page_renders_without_a_manifest(tmp_path):
    """The page of a 500 names the plain file, so a release without collectstatic still shows it."""
    with override_settings(STORAGES=project_settings.STORAGES, STATIC_ROOT=tmp_path):
        page = loader.get_template("500.html").render()

    assert 'href="/static/css/portal.css"' in page
