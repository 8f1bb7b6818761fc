"""Shared builders for the eligibility tests: earlier awards of a recipient, and a received dossier."""

import datetime

from django.utils import timezone

from awards.models import Dossier
from awards.nominations.services import DossierFields, NomineeFields, dossier_create
from tests.factories import award_type, kind, make_decision, recipient

NAME = "Hoàng Thị Mai"
GRANTED_BY = {"CSTD_CS": "unit_head", "BK_TINH": "provincial_chair", "BK_TTCP": "prime_minister"}
SYMBOL_OF = {"unit_head": "QĐ-UBND", "provincial_chair": "QĐ-UBND", "prime_minister": "QĐ-TTg"}


def kind_on(date) -> str:
    return "merit" if date >= datetime.date(2024, 1, 1) else "regular"


def earlier_awards(unit, code, years, *, name=NAME):
    """Issued decisions giving `code` to the recipient, one a year (dated 1 March)."""
    authority = GRANTED_BY[code]
    for year in years:
        make_decision(
            recipients=[recipient(code, kind_on(datetime.date(year, 3, 1)), name=name, unit=unit)],
            authority=authority,
            symbol=SYMBOL_OF[authority],
            date=datetime.date(year, 3, 1),
        )


def received_dossier(unit, *, code="CSTD_TINH", name=NAME, recipient_kind="individual"):
    fields = DossierFields(unit=unit, commendation_kind=kind("merit"), year=2024, title="Đề nghị năm 2024")
    nominees = [NomineeFields(recipient_kind, name, award_type(code), "Hoàn thành xuất sắc nhiệm vụ")]
    dossier = dossier_create(actor=None, fields=fields, nominees=nominees)
    Dossier.objects.filter(pk=dossier.pk).update(status=Dossier.Status.RECEIVED, submitted_at=timezone.now())
    return Dossier.objects.get(pk=dossier.pk)
