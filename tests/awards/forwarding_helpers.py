"""Reviewed dossiers proposing State awards, for the forwarding tests of awards and reports."""

import datetime

from django.utils import timezone

from awards.models import Dossier, Nomination
from awards.nominations.services import DossierFields, NomineeFields, dossier_create
from campaigns.models import Document
from campaigns.services import DocumentFields, document_create
from tests.factories import award_type, kind


def reviewed_dossier(
    unit, nominees, *, reviewed_on: datetime.date | None = None, status=Dossier.Status.REVIEWED, **fields
):
    """A dossier the council has reviewed, every nominee passed, written past the meeting services (which
    tests/awards/test_meetings.py covers). nominees: (recipient kind, name, award type code[, position]);
    fields: more columns of the dossier (a forwarding letter, entered in the register if not given)."""
    dossier = dossier_create(
        actor=None,
        fields=DossierFields(
            unit=unit, commendation_kind=kind("regular"), year=2017, title=f"Hồ sơ khen thưởng {unit}"
        ),
        nominees=[
            NomineeFields(
                recipient_kind,
                name,
                award_type(code),
                f"Thành tích xuất sắc của {name}",
                position=rest[0] if rest else "",
            )
            for recipient_kind, name, code, *rest in nominees
        ],
    )
    moved_at = (
        timezone.make_aware(datetime.datetime.combine(reviewed_on, datetime.time(9))) if reviewed_on else timezone.now()
    )
    if "forwarding_number" in fields and "forwarding_document" not in fields:
        fields["forwarding_document"] = registered_letter(fields["forwarding_number"], fields["forwarding_date"])
    Dossier.objects.filter(pk=dossier.pk).update(
        status=status, submitted_at=moved_at, status_changed_at=moved_at, **fields
    )
    Nomination.objects.filter(dossier=dossier).update(result=Nomination.Result.PASSED, vetting_ok=True)
    return Dossier.objects.select_related("unit").get(pk=dossier.pk)


def registered_letter(number: int, date: datetime.date) -> Document:
    """A forwarding letter as the document register holds it (the database wants every letter there)."""
    existing = Document.objects.filter(number=number, symbol="TTr-UBND", date=date).first()
    return existing or document_create(
        actor=None,
        fields=DocumentFields(
            number_and_symbol=f"{number}/TTr-UBND",
            date=date,
            summary="về việc đề nghị khen thưởng cấp Nhà nước",
            issued_by="UBND tỉnh",
        ),
    )
