"""A dossier's files while the unit prepares it: which files submitting needs, shown before submitting; replacing
and removing a file (the unit's clerk only, draft or returned only, audited, uploads checked from their content)."""

import hashlib
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.text import capfirst

from audit.models import AuditLog
from awards.models import Dossier, DossierFile
from awards.nominations.files import dossier_attach, dossier_file_remove, dossier_file_replace
from awards.nominations.services import DossierTransitionRefused, dossier_required_files
from tests.awards.test_dossier_views import PDF, _check, _dossier
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


# Replacing and removing a file: the unit's clerk, while the dossier is with the unit.


PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00 This program cannot be run in DOS mode."


def _replace(client, dossier, attached, content, name="to-trinh-moi.pdf"):
    url = reverse("awards:dossier-file-replace", args=[dossier.pk, attached.pk])
    return client.post(url, {"file": SimpleUploadedFile(name, content)})


def _remove(client, dossier, attached):
    return client.post(reverse("awards:dossier-file-remove", args=[dossier.pk, attached.pk]))


def _state(dossier) -> list:
    """Everything a refused change must leave as it was: the files' rows and stored bytes, and the audit log."""
    rows = []
    for f in DossierFile.objects.filter(dossier=dossier).order_by("pk"):
        with f.file.open("rb") as handle:
            rows.append(
                (f.pk, f.kind, f.original_name, f.file.name, f.content_type, f.size, f.uploaded_at, handle.read())
            )
    return [rows, AuditLog.objects.count()]


@pytest.mark.parametrize("name", ["dossier-file-replace", "dossier-file-remove"])
def test_only_the_units_clerk_replaces_or_removes_a_file(
    client, name, staff, clerk_a, clerk_b, unit_a, leader, council_member
):
    dossier = _dossier(unit_a, status=S.RETURNED)
    attached = dossier.files.get(kind="minutes")
    _check(
        client,
        url=reverse(f"awards:{name}", args=[dossier.pk, attached.pk]),
        method="post",
        allowed=[clerk_a],
        forbidden=[staff, leader, council_member],  # staff may not alter a unit's files
        hidden=[clerk_b],  # another unit's clerk does not see the dossier
        wrong_method="get",
        ok=(302, 400),  # replacing without a file comes back with its error
    )


def test_a_file_of_another_dossier_is_not_found_under_this_one(client, clerk_a, unit_a):
    dossier = _dossier(unit_a, status=S.RETURNED)
    other = _dossier(unit_a).files.first()
    client.force_login(clerk_a)
    assert _replace(client, dossier, other, PDF).status_code == 404
    assert _remove(client, dossier, other).status_code == 404
    assert DossierFile.objects.filter(pk=other.pk).exists()


def test_the_clerk_replaces_a_file_of_a_returned_dossier_and_the_audit_names_both(client, clerk_a, unit_a):
    dossier = _dossier(unit_a, status=S.RETURNED)
    attached = dossier.files.get(kind="submission")
    old_stored = attached.file.name
    client.force_login(clerk_a)
    response = _replace(client, dossier, attached, PNG, name="to-trinh-ban-chup.png")
    assert response.status_code == 302 and response["Location"] == reverse("awards:dossier-detail", args=[dossier.pk])
    replaced = DossierFile.objects.get(pk=attached.pk)  # the same row, in the same place of the dossier
    assert (replaced.kind, replaced.original_name, replaced.content_type) == (
        "submission",
        "to-trinh-ban-chup.png",
        "image/png",
    )
    assert replaced.file.name.endswith(".png") and replaced.size == len(PNG) and replaced.uploaded_by == clerk_a
    download = client.get(reverse("awards:dossier-file", args=[dossier.pk, replaced.pk]))
    assert b"".join(download.streaming_content) == PNG
    assert replaced.file.storage.exists(old_stored)  # stored bytes are kept: the audit entry names them
    entry = AuditLog.objects.get(action="dossier.file_replace")
    assert entry.actor == clerk_a and entry.object_id == str(dossier.pk)
    assert entry.before["file"] == {
        "id": attached.pk,
        "kind": "submission",
        "name": "submission.pdf",
        "stored_as": old_stored,
        "content_type": "application/pdf",
        "size": len(PDF),
        "sha256": hashlib.sha256(PDF).hexdigest(),
    }
    assert entry.after["file"]["name"] == "to-trinh-ban-chup.png"
    assert entry.after["file"]["sha256"] == hashlib.sha256(PNG).hexdigest()
    assert entry.after["file"]["size"] == len(PNG) and entry.after["file"]["stored_as"] == replaced.file.name
    messages = [str(m) for m in client.get(reverse("awards:dossier-detail", args=[dossier.pk])).context["messages"]]
    assert messages == [
        vietnamese("File “%(old)s” replaced by “%(new)s”.", old="submission.pdf", new=replaced.original_name)
    ]


def test_the_clerk_removes_a_file_of_a_draft_and_submitting_then_asks_for_it(client, clerk_a, unit_a):
    dossier = _dossier(unit_a)
    attached = dossier.files.get(kind="minutes")
    client.force_login(clerk_a)
    assert _remove(client, dossier, attached).status_code == 302
    assert not DossierFile.objects.filter(pk=attached.pk).exists()
    entry = AuditLog.objects.get(action="dossier.file_remove")
    assert entry.after is None and entry.actor == clerk_a
    assert (entry.before["file"]["kind"], entry.before["file"]["name"]) == ("minutes", "minutes.pdf")
    assert entry.before["file"]["sha256"] == hashlib.sha256(PDF).hexdigest()
    assert _required(_page(client, dossier))["minutes"] == "missing"
    client.post(reverse("awards:dossier-submit", args=[dossier.pk]))
    dossier.refresh_from_db()
    assert dossier.status == S.DRAFT


def test_removing_a_file_asks_for_confirmation_first(client, clerk_a, unit_a):
    dossier = _dossier(unit_a)
    attached = dossier.files.get(kind="minutes")
    client.force_login(clerk_a)
    page = _page(client, dossier)
    action = reverse("awards:dossier-file-remove", args=[dossier.pk, attached.pk])
    form = re.search(rf'<form method="post" action="{re.escape(action)}"[^>]*>', page)
    assert form and f'data-confirm="{vietnamese("Remove this file from the dossier?")}"' in form[0]


@pytest.mark.parametrize("status", [S.SUBMITTED, S.RECEIVED, S.VETTED])
def test_once_the_dossier_has_left_the_unit_its_files_stay_as_sent(client, clerk_a, unit_a, status):
    dossier = _dossier(unit_a, status=status)
    attached = dossier.files.get(kind="submission")
    before = _state(dossier)
    client.force_login(clerk_a)
    page = _page(client, dossier)
    assert reverse("awards:dossier-file-replace", args=[dossier.pk, attached.pk]) not in page
    assert reverse("awards:dossier-file-remove", args=[dossier.pk, attached.pk]) not in page
    for send, message in [
        (
            lambda: _replace(client, dossier, attached, PDF),
            "A file is replaced only while the dossier is prepared or returned.",
        ),
        (
            lambda: _remove(client, dossier, attached),
            "A file is removed only while the dossier is prepared or returned.",
        ),
    ]:
        response = send()
        assert response.status_code == 302
        shown = [str(m) for m in client.get(response["Location"]).context["messages"]]
        assert shown == [vietnamese(message)]
    assert _state(dossier) == before
    with pytest.raises(DossierTransitionRefused):
        dossier_file_replace(actor=clerk_a, dossier=dossier, attached=attached, upload=SimpleUploadedFile("a.pdf", PDF))
    with pytest.raises(DossierTransitionRefused):
        dossier_file_remove(actor=clerk_a, dossier=dossier, attached=attached)
    assert _state(dossier) == before


# Tried as an attacker: each refused with a Vietnamese message next to the file, and nothing changed.


@pytest.mark.parametrize(
    ("content", "name"),
    [
        (EXE, "to-trinh.pdf"),  # an executable renamed .pdf
        (b"PK\x03\x04" + b"\x00" * 40, "to-trinh.docx"),  # a broken zip named like Word
        (b"<html><script>alert(1)</script></html>", "to-trinh.png"),
    ],
)
def test_a_disguised_file_is_refused_by_its_content(client, clerk_a, unit_a, content, name):
    dossier = _dossier(unit_a, status=S.RETURNED)
    attached = dossier.files.get(kind="submission")
    before = _state(dossier)
    client.force_login(clerk_a)
    response = _replace(client, dossier, attached, content, name=name)
    assert response.status_code == 400
    assert response.context["replace_form"].errors["file"] == [
        vietnamese("Only PDF, DOCX, XLSX, JPEG or PNG files are accepted; this file is none of them.")
    ]
    assert f'id="replace-{attached.pk}-error"' in response.text and "<details open>" in response.text
    assert _state(dossier) == before


def test_a_file_over_the_limit_is_refused_before_it_is_read(client, settings, clerk_a, unit_a):
    dossier = _dossier(unit_a, status=S.RETURNED)
    attached = dossier.files.get(kind="submission")
    before = _state(dossier)
    client.force_login(clerk_a)
    huge = PDF + b"\x00" * (settings.DOSSIER_FILE_MAX_BYTES - len(PDF) + 1)  # the real limit (20 MB), by one byte
    response = _replace(client, dossier, attached, huge)
    assert response.status_code == 400
    limit_mb = settings.DOSSIER_FILE_MAX_BYTES // (1024 * 1024)
    assert response.context["replace_form"].errors["file"] == [
        vietnamese("The file is larger than %(limit)s MB.", limit=limit_mb)
    ]
    empty = _replace(client, dossier, attached, b"")
    assert empty.status_code == 400 and empty.context["replace_form"].errors["file"]
    assert _state(dossier) == before


def test_a_nul_byte_or_a_thousand_characters_in_the_name_are_cleaned_not_stored(client, clerk_a, unit_a):
    dossier = _dossier(unit_a, status=S.RETURNED)
    first, second = dossier.files.get(kind="submission"), dossier.files.get(kind="achievements")
    client.force_login(clerk_a)
    assert _replace(client, dossier, first, PDF, name="to\x00trinh\x01.pdf").status_code == 302
    long_name = "bao-cao-thanh-tich-" + "a" * 977 + ".pdf"
    assert len(long_name) == 1000
    assert _replace(client, dossier, second, PDF, name=long_name).status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.original_name == "totrinh.pdf"
    assert len(second.original_name) <= 255 and second.original_name.startswith("bao-cao-thanh-tich-aaa")
    assert second.original_name.endswith(".pdf")
    assert len(second.file.name) <= 100 and second.file.name.endswith(".pdf")
    # Called directly (an import, a command), the service cleans the name itself: PostgreSQL cannot store a NUL.
    dossier_file_replace(
        actor=clerk_a, dossier=dossier, attached=first, upload=SimpleUploadedFile("../../etc/a\x00b\u202e.pdf", PDF)
    )
    first.refresh_from_db()
    assert first.original_name == "ab.pdf" and ".." not in first.file.name
    attached = dossier_attach(
        actor=clerk_a, dossier=dossier, kind="other", upload=SimpleUploadedFile("x\x00" * 600 + ".png", PNG)
    )
    assert "\x00" not in attached.original_name and len(attached.original_name) <= 255


def test_a_replacement_whose_audit_fails_changes_nothing(client, clerk_a, unit_a, monkeypatch):
    from awards.nominations import files

    dossier = _dossier(unit_a, status=S.RETURNED)
    attached = dossier.files.get(kind="submission")
    before = _state(dossier)

    def broken(**kwargs):
        raise RuntimeError("audit unavailable")

    monkeypatch.setattr(files, "audit_record", broken)
    with pytest.raises(RuntimeError):
        dossier_file_replace(actor=clerk_a, dossier=dossier, attached=attached, upload=SimpleUploadedFile("n.png", PNG))
    with pytest.raises(RuntimeError):
        dossier_file_remove(actor=clerk_a, dossier=dossier, attached=attached)
    assert _state(dossier) == before


def test_the_name_as_sent_is_cut_at_the_columns_length_keeping_its_extension():
    from awards.nominations.files import _name_as_sent

    assert _name_as_sent("C:\\Users\\A\\" + "b" * 300 + ".docx") == "b" * 249 + "….docx"
    assert _name_as_sent("\x00\u200b\t") == vietnamese("(no name)")
    assert _name_as_sent("To\u0302\u0300   tri\u0300nh.pdf") == "Tồ trình.pdf"  # composed, spaces collapsed


def test_attaching_a_file_records_the_bytes_attached_as_replacing_does(clerk_a, unit_a):
    dossier = _dossier(unit_a, files=False)
    attached = dossier_attach(
        actor=clerk_a, dossier=dossier, kind="submission", upload=SimpleUploadedFile("Tờ trình số 5.pdf", PDF)
    )
    entry = AuditLog.objects.get(action="dossier.attach")
    assert entry.after["file"] == {
        "id": attached.pk,
        "kind": "submission",
        "name": "Tờ trình số 5.pdf",
        "stored_as": attached.file.name,
        "content_type": "application/pdf",
        "size": len(PDF),
        "sha256": hashlib.sha256(PDF).hexdigest(),
    }
    assert "submission" in str(entry.after)  # the dossier's own snapshot is kept beside it
