"""Nomination dossiers: every transition allowed and refused, the files a submission needs, uploads typed
from their content, vetting, and the audit trail."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError, transaction
from django.utils import timezone

from audit.models import AuditLog
from awards.models import Dossier, DossierFile, Nomination
from awards.nominations.files import dossier_attach
from awards.nominations.services import (
    DOSSIER_TRANSITIONS,
    DossierFields,
    DossierInvalid,
    DossierTransitionRefused,
    NomineeFields,
    VettingFields,
    dossier_create,
    dossier_receive,
    dossier_return,
    dossier_send_to_meeting,
    dossier_submit,
    dossier_vet,
    dossier_waiting_for,
)
from tests.awards.forwarding_helpers import registered_letter
from tests.factories import UnitFactory, award_type, kind

pytestmark = pytest.mark.django_db
S = Dossier.Status
PDF = b"%PDF-1.4\n%\xe2\xe3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _dossier(kind_code="regular", **extra):
    fields = DossierFields(
        unit=UnitFactory(), commendation_kind=kind(kind_code), year=2017, title="Đề nghị tặng Bằng khen năm 2017"
    )
    nominees = [
        NomineeFields("individual", "Hoàng Văn Phong", award_type("BK_TINH"), "Hoàn thành xuất sắc nhiệm vụ"),
        NomineeFields("collective", "Phòng Tổ chức", award_type("BK_TINH"), "Tập thể tiêu biểu"),
    ]
    return dossier_create(actor=None, fields=fields, nominees=nominees)


def _attach(dossier, *kinds):
    for file_kind in kinds:
        dossier_attach(actor=None, dossier=dossier, kind=file_kind, upload=SimpleUploadedFile(f"{file_kind}.pdf", PDF))


def _ready(dossier, *, minutes=True):
    kinds = ["submission", "achievements"] + (["minutes"] if minutes else [])
    _attach(dossier, *kinds)
    return dossier


def _at(status):
    dossier = _ready(_dossier())
    # A forwarded dossier carries its forwarding letter, as the database requires.
    letter = {
        "forwarding_number": 12,
        "forwarding_symbol": "TTr-UBND",
        "forwarding_date": timezone.localdate(),
        "forwarding_document": registered_letter(12, timezone.localdate()) if status == S.FORWARDED else None,
    }
    Dossier.objects.filter(pk=dossier.pk).update(
        status=status, submitted_at=timezone.now(), **(letter if status == S.FORWARDED else {})
    )
    return Dossier.objects.get(pk=dossier.pk)


def _verdicts(dossier, ok=True, remark=""):
    return [VettingFields(n.pk, ok, remark) for n in dossier.nominations.all()]


SERVICES = {
    S.SUBMITTED: lambda d: dossier_submit(actor=None, dossier=d),
    S.RECEIVED: lambda d: dossier_receive(actor=None, dossier=d),
    S.RETURNED: lambda d: dossier_return(actor=None, dossier=d, reason="Thiếu biên bản họp xét"),
    S.VETTED: lambda d: dossier_vet(actor=None, dossier=d, verdicts=_verdicts(d)),
    S.AT_MEETING: lambda d: dossier_send_to_meeting(actor=None, dossier=d),
}


@pytest.mark.parametrize("start", list(S))
@pytest.mark.parametrize("target", list(SERVICES))
def test_each_transition_is_allowed_exactly_as_the_table_says(start, target):
    dossier = _at(start)
    if target in DOSSIER_TRANSITIONS[start]:
        assert SERVICES[target](dossier).status == target
    else:
        with pytest.raises(DossierTransitionRefused):
            SERVICES[target](dossier)
        assert Dossier.objects.get(pk=dossier.pk).status == start


def test_submission_needs_its_files_and_an_ad_hoc_one_needs_no_minutes():
    dossier = _dossier()
    _attach(dossier, "submission", "achievements")
    with pytest.raises(DossierTransitionRefused):
        dossier_submit(actor=None, dossier=dossier)
    _attach(dossier, "minutes")
    assert dossier_submit(actor=None, dossier=dossier).status == S.SUBMITTED

    ad_hoc = _ready(_dossier("ad_hoc"), minutes=False)
    assert dossier_submit(actor=None, dossier=ad_hoc).status == S.SUBMITTED
    dossier_receive(actor=None, dossier=ad_hoc)
    dossier_vet(actor=None, dossier=ad_hoc, verdicts=_verdicts(ad_hoc))
    with pytest.raises(DossierTransitionRefused):  # đột xuất skips the council
        dossier_send_to_meeting(actor=None, dossier=ad_hoc)
    regular = _at(S.VETTED)
    assert dossier_waiting_for(Dossier.objects.get(pk=ad_hoc.pk)) != dossier_waiting_for(regular)


def test_a_returned_dossier_is_fixed_and_submitted_again_with_the_reason_in_its_history(staff):
    dossier = _ready(_dossier())
    dossier_submit(actor=None, dossier=dossier)
    dossier_return(actor=staff, dossier=dossier, reason="Thiếu xác nhận sáng kiến")
    assert Dossier.objects.get(pk=dossier.pk).status == S.RETURNED
    _attach(dossier, "other")  # editable again while returned
    assert dossier_submit(actor=None, dossier=dossier).status == S.SUBMITTED
    entry = AuditLog.objects.get(action="dossier.return")
    assert entry.actor == staff and entry.reason == "Thiếu xác nhận sáng kiến"
    assert (entry.before["status"], entry.after["status"]) == ("submitted", "returned")
    with pytest.raises(DossierInvalid):
        dossier_return(actor=staff, dossier=dossier, reason="  ")


def test_uploads_are_typed_from_their_content_and_limited_in_size(settings):
    dossier = _dossier()
    renamed = dossier_attach(actor=None, dossier=dossier, kind="other", upload=SimpleUploadedFile("anh-chup.pdf", PNG))
    assert renamed.content_type == "image/png" and renamed.file.name.endswith(".png")
    assert renamed.original_name == "anh-chup.pdf"  # what the unit sent, shown beside its real type
    for bad in (SimpleUploadedFile("bao-cao.pdf", b"just text, not a PDF"), SimpleUploadedFile("x.exe", b"MZ\x90\x00")):
        with pytest.raises(DossierInvalid) as caught:
            dossier_attach(actor=None, dossier=dossier, kind="other", upload=bad)
        assert caught.value.fields["file"]
    settings.DOSSIER_FILE_MAX_BYTES = 10
    with pytest.raises(DossierInvalid):
        dossier_attach(actor=None, dossier=dossier, kind="other", upload=SimpleUploadedFile("to-trinh.pdf", PDF))
    assert DossierFile.objects.filter(dossier=dossier).count() == 1


def test_vetting_needs_a_verdict_on_every_nominee_and_a_remark_for_a_refusal():
    dossier = _at(S.RECEIVED)
    first = dossier.nominations.first()
    with pytest.raises(DossierInvalid):
        dossier_vet(actor=None, dossier=dossier, verdicts=[VettingFields(first.pk, True)])
    with pytest.raises(DossierInvalid) as caught:
        dossier_vet(actor=None, dossier=dossier, verdicts=_verdicts(dossier, ok=False))
    assert set(caught.value.rows) == {0, 1}
    dossier_vet(actor=None, dossier=dossier, verdicts=_verdicts(dossier, ok=False, remark="Chưa đủ 2 năm LĐTT"))
    assert set(Nomination.objects.filter(dossier=dossier).values_list("vetting_ok", flat=True)) == {False}


def test_a_nominee_must_be_allowed_the_award_for_its_kind():
    fields = DossierFields(unit=UnitFactory(), commendation_kind=kind("regular"), year=2017, title="Đề nghị")
    with pytest.raises(DossierInvalid) as caught:
        dossier_create(
            actor=None,
            fields=fields,
            nominees=[NomineeFields("individual", "Nguyễn Văn A", award_type("CO_TD_TINH"), "Thành tích")],
        )
    # Next to the recipient kind, as for a decision's rows, naming the kinds the award is given to.
    assert list(caught.value.rows[0]) == ["recipient_kind"] and "tập thể" in caught.value.rows[0]["recipient_kind"][0]


def test_the_database_refuses_an_unsubmitted_dossier_in_a_later_state_and_an_empty_title():
    dossier = _dossier()
    with pytest.raises(DatabaseError), transaction.atomic():
        Dossier.objects.filter(pk=dossier.pk).update(status="received")
    with pytest.raises(DatabaseError), transaction.atomic():
        Dossier.objects.filter(pk=dossier.pk).update(title="")
