"""An issued report's page names its SHA-256 as the document's check code and says how to use it; the code is
the one of the file its download gives."""

import hashlib
import re

import pytest
from django.urls import reverse

from reports.services import SectionFields
from tests.factories import make_report
from tests.helpers import vietnamese

pytestmark = pytest.mark.django_db
HOW_TO = (
    "To be sure a copy is the issued one, compute the SHA-256 of the downloaded file (for example with Get-FileHash "
    "in Windows PowerShell, or sha256sum) and compare it with this code: if they are the same, the file is exactly "
    "the issued copy."
)


def test_the_check_code_is_labelled_explained_and_is_the_downloads_code(staff_client):
    report = make_report(sections=[SectionFields("none", "", "Một.")], issued=True)
    page = staff_client.get(reverse("reports:report-detail", args=[report.pk])).text
    block = re.search(r'<div [^>]*id="check-code">(.*?)</div>\s*</div>', page, re.S)[1]
    text = " ".join(re.sub(r"<[^>]+>", " ", block).split())
    assert text.startswith(f"{vietnamese('Check code (SHA-256):')} {report.pdf_sha256} ")  # signatures: its own box
    assert vietnamese("Check code (SHA-256):") == "Mã kiểm tra (SHA-256):"
    assert text.endswith(vietnamese(HOW_TO))
    assert 'aria-labelledby="check-code-label"' in block  # the code is read out with its label
    download = staff_client.get(reverse("reports:report-pdf", args=[report.pk]))
    assert hashlib.sha256(download.content).hexdigest() == report.pdf_sha256


def test_a_draft_shows_no_check_code(staff_client):
    report = make_report(sections=[SectionFields("none", "", "Một.")])
    page = staff_client.get(reverse("reports:report-detail", args=[report.pk])).text
    assert 'id="check-code"' not in page and vietnamese("Check code (SHA-256):") not in page
