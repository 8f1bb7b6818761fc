"""Dossiers proposing a Huân chương (a public consultation required under every regime loaded) and their
consultations, opened and closed through the services."""

import datetime

from django.utils import timezone

from awards.consultations.services import ConsultationFields, consultation_close, consultation_open
from awards.models import Consultation, Dossier
from tests.awards.forwarding_helpers import reviewed_dossier
from tests.factories import UnitFactory

HC = "HC_LAO_DONG_3"


def state_dossier(status=Dossier.Status.REVIEWED, unit=None, name="Lương Văn Bình"):
    unit = unit or UnitFactory(name="Sở Y tế")
    return reviewed_dossier(
        unit, [("individual", name, HC, "Giám đốc Bệnh viện Đa khoa tỉnh")], status=status, reviewed_on=None
    )


def notice(**changes) -> ConsultationFields:
    fields = {
        "title": "Lấy ý kiến Nhân dân đối với cá nhân đề nghị tặng Huân chương Lao động",
        "legal_basis": "",
        "start_date": timezone.localdate(),
        "working_days": 10,
        "end_date": None,
        "published_where": "Cổng thông tin điện tử tỉnh",
        "contact": "Ban Thi đua - Khen thưởng, số 1 đường X; bantdkt@example.vn",
        "no_feedback_rule": "Quá thời hạn trên, xem như không có ý kiến phản hồi.",
    }
    return ConsultationFields(**{**fields, **changes})


def opened(dossier, *, actor=None, **changes) -> Consultation:
    ids = list(dossier.nominations.values_list("pk", flat=True))
    return consultation_open(actor=actor, dossier=dossier, nomination_ids=ids, fields=notice(**changes))


def closed(dossier, *, actor=None) -> Consultation:
    """A consultation of 10 working days that started six weeks ago, closed today with no feedback."""
    consultation = opened(dossier, actor=actor, start_date=timezone.localdate() - datetime.timedelta(days=42))
    return consultation_close(actor=actor, consultation=consultation)
