"""A dossier's files while the unit prepares it: which files submitting needs, shown before submitting."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.text import capfirst

from awards.models import Dossier
from awards.nominations.services import dossier_attach, dossier_required_files
from tests.awards.test_dossier_views import PDF, _dossier
from tests.factories import kind
from tests.helpers import vietnamese

pytestmark = pytest.mark.django_db
S = Dossier.Status


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _page(client, dossier) -> str:
    response = client.get(reverse("awards:dossier-detail", args=[dossier.pk]))
    assert response.status_code == 200
    return response.text


def _required(page: str) -> dict[str, str]:
    """kind → "attached" or "missing", as the dossier page lists them."""
    block = re.search(r'<div [^>]*id="required-files">(.*?)</div>', page, re.S)
    items = re.findall(r'<li data-kind="(\w+)">(.*?)</li>', block[1] if block else "", re.S)
    return {kind: "attached" if "text-bg-success" in item else "missing" for kind, item in items}


def _labels(page: str) -> list[str]:
    block = re.search(r'<div [^>]*id="required-files">(.*?)</div>', page, re.S)[1]
    return [" ".join(re.sub(r"<[^>]+>", " ", item).split()) for item in re.findall(r"<li [^>]*>(.*?)</li>", block)]


def test_a_draft_lists_the_files_submitting_needs_before_it_is_submitted(client, clerk_a, unit_a):
    dossier = _dossier(unit_a, files=False)
    client.force_login(clerk_a)
    page = _page(client, dossier)
    assert _required(page) == {"submission": "missing", "achievements": "missing", "minutes": "missing"}
    assert _labels(page) == [
        f"{vietnamese('missing')} {capfirst(vietnamese('submission (tờ trình)'))}",
        f"{vietnamese('missing')} {capfirst(vietnamese('achievement report (báo cáo thành tích)'))}",
        f"{vietnamese('missing')} {capfirst(vietnamese('minutes (biên bản)'))}",
    ]
    dossier_attach(actor=None, dossier=dossier, kind="submission", upload=SimpleUploadedFile("to-trinh.pdf", PDF))
    assert _required(_page(client, dossier)) == {
        "submission": "attached",
        "achievements": "missing",
        "minutes": "missing",
    }


def test_the_page_and_the_submit_check_name_the_same_missing_files(client, clerk_a, unit_a):
    dossier = _dossier(unit_a, files=False)
    dossier_attach(actor=None, dossier=dossier, kind="minutes", upload=SimpleUploadedFile("bien-ban.pdf", PDF))
    client.force_login(clerk_a)
    shown_missing = [kind for kind, state in _required(_page(client, dossier)).items() if state == "missing"]
    assert shown_missing == ["submission", "achievements"]
    response = client.post(reverse("awards:dossier-submit", args=[dossier.pk]), follow=True)
    (message,) = [str(m) for m in response.context["messages"]]
    missing_labels = [r.label for r in dossier_required_files(dossier) if not r.present]
    assert message == vietnamese("Attach before submitting: %(files)s.", files=", ".join(missing_labels))
    dossier.refresh_from_db()
    assert dossier.status == S.DRAFT


def test_an_ad_hoc_dossier_needs_no_minutes_and_a_complete_one_says_so(client, clerk_a, unit_a):
    dossier = _dossier(unit_a)
    Dossier.objects.filter(pk=dossier.pk).update(commendation_kind=kind("ad_hoc"))
    client.force_login(clerk_a)
    assert _required(_page(client, dossier)) == {"submission": "attached", "achievements": "attached"}


def test_a_returned_dossier_lists_them_and_a_submitted_one_does_not(client, clerk_a, staff, unit_a):
    returned = _dossier(unit_a, status=S.RETURNED)
    client.force_login(clerk_a)
    assert set(_required(_page(client, returned)).values()) == {"attached"}
    submitted = _dossier(unit_a, status=S.SUBMITTED)
    assert 'id="required-files"' not in _page(client, submitted)
    client.force_login(staff)
    assert 'id="required-files"' not in _page(client, submitted)


def test_the_list_costs_no_query_beyond_the_files_the_page_reads(django_assert_num_queries, unit_a):
    dossier = Dossier.objects.select_related("commendation_kind").get(pk=_dossier(unit_a).pk)
    files = list(dossier.files.all())
    with django_assert_num_queries(0):
        required = dossier_required_files(dossier, files=files)
    assert [r.present for r in required] == [True, True, True]
