"""Two people upload the leader's signature of one document at the same moment: one is kept, the other refused,
nothing half-written (the row lock of signed_upload_accept, the one-revision-per-step constraint behind it)."""

import threading

import pytest
from django.db import connection

from reports.models import SignedDocument, SignedRevision, TrustRoot
from reports.signature_services import SignatureRefused, signed_document_prepare, signed_upload_accept
from tests.reports.signing_helpers import identity, issued_statistics, pdf_blank, pdf_sign


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_uploads_for_one_step_keep_one(staff, leader):
    ca = identity("CA thử nghiệm", "Ban Cơ yếu (thử)", ca=True)
    TrustRoot.objects.create(
        name="CA", certificate=ca.der, subject="CA", fingerprint_sha256="ef" * 32, not_after=ca.cert.not_valid_after_utc
    )
    document = signed_document_prepare(actor=staff, obj=issued_statistics(pdf_blank("0601")))
    files = [
        pdf_sign(bytes(document.pdf), identity(f"Lãnh đạo {n}", "UBND", issuer=ca).signer(ca), field=f"K{n}")
        for n in (1, 2)
    ]
    start, outcomes = threading.Barrier(2), []

    def upload(pdf: bytes) -> None:
        try:
            start.wait()
            signed_upload_accept(actor=leader, document=document, pdf=pdf, expected_step="leader")
            outcomes.append("kept")
        except SignatureRefused as error:
            outcomes.append(" ".join(error.messages))
        finally:
            connection.close()

    threads = [threading.Thread(target=upload, args=(pdf,)) for pdf in files]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes)[1] == "kept" and "không còn chờ bước ký này" in sorted(outcomes)[0]
    assert SignedRevision.objects.count() == 1
    assert SignedDocument.objects.get().state == SignedDocument.State.AWAITING_SEAL
