"""The minutes of a council meeting: frozen for signing once the meeting is closed (refused on a planned one), then
signed for the leader from the meeting's page by the province's leader, who sees closed meetings, never planned
ones."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from awards.council.meetings import ballot_record, meeting_attendance_set, meeting_close
from awards.models import Meeting
from reports.models import SignedDocument, TrustRoot
from reports.signature_services import SignatureRefused, signed_document_prepare
from tests.awards.meeting_helpers import SECRET_CODE, full_setting
from tests.reports.signing_helpers import identity, pdf_sign

pytestmark = pytest.mark.django_db


def _close(meeting, dossier) -> Meeting:
    ids = [m.pk for m in meeting.composition.members.order_by("position")]
    meeting_attendance_set(actor=None, meeting=meeting, present_member_ids=set(ids))
    for nomination in dossier.nominations.all():
        if nomination.award_type.code == SECRET_CODE:
            ballot_record(actor=None, meeting=meeting, nomination=nomination, votes_for=10, votes_against=0)
        else:
            ballot_record(actor=None, meeting=meeting, nomination=nomination, named_votes=dict.fromkeys(ids, True))
    return meeting_close(actor=None, meeting=meeting)


def test_minutes_are_frozen_once_closed_and_signed_by_the_leader_from_the_page(client, staff, leader):
    meeting, dossier, other = full_setting()
    page = reverse("awards:meeting-detail", args=[meeting.pk])
    client.force_login(leader)
    assert client.get(page).status_code == 404  # a planned meeting is the council's business, not yet signed
    with pytest.raises(SignatureRefused, match="phiên họp đã kết thúc"):
        signed_document_prepare(actor=staff, obj=meeting)
    assert not SignedDocument.objects.exists()

    meeting = _close(meeting, dossier)
    document = signed_document_prepare(actor=staff, obj=meeting)
    assert document.kind == SignedDocument.Kind.MINUTES and document.meeting == meeting

    response = client.get(page)
    assert response.status_code == 200 and 'name="signed_pdf"' in response.content.decode()
    listed = client.get(reverse("awards:meeting-list")).content.decode()
    assert page in listed and reverse("awards:meeting-detail", args=[other.pk]) not in listed  # the other is planned
    ca = identity("CA thử nghiệm", "Ban Cơ yếu (thử)", ca=True)
    TrustRoot.objects.create(
        name="CA", certificate=ca.der, subject="CA", fingerprint_sha256="cd" * 32, not_after=ca.cert.not_valid_after_utc
    )
    signed = pdf_sign(bytes(document.pdf), identity("Chủ tịch UBND tỉnh", "UBND tỉnh", issuer=ca).signer(ca))
    client.post(
        reverse("reports:signing-upload", args=[document.pk]),
        {"signed_pdf": SimpleUploadedFile("bien-ban.pdf", signed, "application/pdf")},
    )
    document.refresh_from_db()
    assert document.state == SignedDocument.State.AWAITING_SEAL
