"""Reviewed dossiers proposing State awards, for the forwarding tests of awards and reports."""

import datetime

from django.utils import timezone

from awards.dossiers import DossierFields, NomineeFields, dossier_create
from awards.models import Dossier, Nomination
from tests.factories import award_type, kind


def reviewed_dossier(
    unit, nominees, *, reviewed_on: datetime.date | None = None, status=Dossier.Status.REVIEWED, **fields
):
    """A dossier the council has reviewed, every nominee passed, written past the meeting services (which
    tests/awards/test_meetings.py covers). nominees: (recipient kind, name, award type code[, position]);
    fields: more columns of the dossier (a forwarding letter)."""
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
    Dossier.objects.filter(pk=dossier.pk).update(
        status=status, submitted_at=moved_at, status_changed_at=moved_at, **fields
    )
    Nomination.objects.filter(dossier=dossier).update(result=Nomination.Result.PASSED, vetting_ok=True)
    return Dossier.objects.select_related("unit").get(pk=dossier.pk)
