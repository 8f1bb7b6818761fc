"""Attachments in S3-compatible object storage (django-storages), against moto's in-process fake S3: the settings
that AWS_STORAGE_BUCKET_NAME turns on, an upload stored in the bucket and not on disk, its download through the
permission-checked view, a missing object answered by the Vietnamese 404 page, and /healthz probing the bucket."""

import json
import os
import subprocess
import sys

import boto3
import pytest
from django.core.files.storage import storages
from django.urls import reverse
from moto import mock_aws

from campaigns.models import Document
from tests.campaigns.document_helpers import DOCX, upload
from tests.thiduakhenthuong.test_bad_input import MISSING_MESSAGE, _document_post

pytestmark = pytest.mark.django_db
BUCKET = "tdkt-test"


@pytest.fixture
def bucket(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path  # anything written to disk by mistake would land here
    with mock_aws():
        client = boto3.client("s3", region_name="us-east-1")
        client.create_bucket(Bucket=BUCKET)
        settings.STORAGES = {
            **settings.STORAGES,
            "default": {
                "BACKEND": "storages.backends.s3.S3Storage",
                "OPTIONS": {"bucket_name": BUCKET, "default_acl": "private", "file_overwrite": False},
            },
        }
        storages._storages.pop("default", None)  # the handler keeps built storages; override_settings resets it
        yield client
    storages._storages.pop("default", None)


def _keys(client) -> list[str]:
    return [item["Key"] for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", [])]


def test_an_attachment_goes_to_the_bucket_and_comes_back_through_the_view(staff_client, bucket, tmp_path):
    staff_client.post(reverse("campaigns:document-create"), _document_post(file=upload(DOCX, "ke-hoach.docx")))
    document = Document.objects.get()

    assert _keys(bucket) == [document.file.name]
    assert not any(path.is_file() for path in tmp_path.rglob("*"))
    response = staff_client.get(reverse("campaigns:document-file", args=[document.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == DOCX


def test_an_object_missing_from_the_bucket_answers_the_vietnamese_404(staff_client, bucket):
    staff_client.post(reverse("campaigns:document-create"), _document_post(file=upload(DOCX, "ke-hoach.docx")))
    document = Document.objects.get()
    bucket.delete_object(Bucket=BUCKET, Key=document.file.name)

    response = staff_client.get(reverse("campaigns:document-file", args=[document.pk]))
    assert response.status_code == 404
    assert MISSING_MESSAGE in response.content.decode()


def test_a_same_named_upload_never_overwrites_the_first(staff_client, bucket):
    for number in ("48/TB-UBND", "49/TB-UBND"):
        staff_client.post(
            reverse("campaigns:document-create"),
            _document_post(number_and_symbol=number, file=upload(DOCX, "ke-hoach.docx")),
        )
    names = sorted(Document.objects.values_list("file", flat=True))
    assert len(set(names)) == 2 and sorted(_keys(bucket)) == names


def test_healthz_probes_the_bucket_and_leaves_nothing_in_it(client, bucket):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["checks"]["storage"]["status"] == "ok"
    assert _keys(bucket) == []


def test_healthz_answers_503_when_the_bucket_is_gone(client, bucket):
    bucket.delete_bucket(Bucket=BUCKET)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["storage"]["status"] == "error"


@pytest.mark.parametrize(
    ("environment", "expected"),
    [
        ({}, {"BACKEND": "django.core.files.storage.FileSystemStorage"}),
        (
            {
                "AWS_STORAGE_BUCKET_NAME": "tdkt-langson",
                "AWS_S3_ENDPOINT_URL": "https://s3.example.vn",
                "AWS_LOCATION": "tdkt/",
                "AWS_S3_ADDRESSING_STYLE": "path",
            },
            {
                "BACKEND": "storages.backends.s3.S3Storage",
                "bucket_name": "tdkt-langson",
                "endpoint_url": "https://s3.example.vn",
                "location": "tdkt/",
                "addressing_style": "path",
                "default_acl": "private",
                "file_overwrite": False,
            },
        ),
    ],
)
def test_the_bucket_setting_chooses_the_storage(environment, expected):
    """Read in a fresh interpreter, as a server starting with that environment would."""
    code = (
        "import json; from django.conf import settings; d = settings.STORAGES['default'];"
        "print(json.dumps({'BACKEND': d['BACKEND'], **d.get('OPTIONS', {})}))"
    )
    clean = {key: value for key, value in os.environ.items() if not key.startswith("AWS_")}
    env = {**clean, **environment, "DJANGO_SETTINGS_MODULE": "thiduakhenthuong.settings", "SECRET_KEY": "x"}
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    chosen = json.loads(result.stdout)
    assert {key: chosen.get(key) for key in expected} == expected
