"""The demo's public consultation (công khai, lấy ý kiến Nhân dân): the Health department's proposal of a Huân
chương Lao động hạng Ba (illustrative, marked "(minh họa)"), received by staff, published for the people's opinion
with a window of 10 working days that is open on the day the demo is loaded, and one feedback received through the
service the public page uses. Dated from the day of loading, unlike the 2018 demo, so that the window is open.
Idempotent: the dossier is matched by its unit and title."""

import datetime

from django.utils import timezone

from awards.consultations.services import ConsultationFields, FeedbackFields, consultation_open, feedback_receive
from awards.models import AwardType, CommendationKind, Dossier
from awards.nominations.files import dossier_attach
from awards.nominations.services import DossierFields, NomineeFields, dossier_create, dossier_receive, dossier_submit
from clusters.models import Unit
from thiduakhenthuong.demo_dossiers import FILES, _file

UNIT = "Sở Y tế"
TITLE = "Đề nghị Chủ tịch nước tặng Huân chương Lao động hạng Ba cho cá nhân ngành Y tế (minh họa)"
NOMINEE = "Lục Văn Hùng (minh họa)"
POSITION = "Giám đốc Bệnh viện Đa khoa tỉnh (minh họa)"
ACHIEVEMENTS = (
    "Hoàn thành xuất sắc nhiệm vụ 5 năm liên tục (2020–2024); chủ trì 02 đề tài khoa học cấp tỉnh (minh họa)."
)


def consultation_demo_load(*, staff) -> dict[str, int]:
    """{"consultations": n, "feedback": n} created by this run (0 when already loaded or the unit is missing)."""
    unit = Unit.objects.filter(name=UNIT).first()
    if unit is None or Dossier.objects.filter(unit=unit, title=TITLE).exists():
        return {"consultations": 0, "feedback": 0}
    today = timezone.localdate()
    dossier = dossier_create(
        actor=None,
        fields=DossierFields(
            unit=unit, commendation_kind=CommendationKind.objects.get(code="merit"), year=today.year - 1, title=TITLE
        ),
        nominees=[
            NomineeFields(
                recipient_kind="individual",
                recipient_name=NOMINEE,
                award_type=AwardType.objects.get(code="HC_LAO_DONG_3"),
                achievements=ACHIEVEMENTS,
                position=POSITION,
            )
        ],
    )
    for kind in FILES:
        dossier_attach(actor=None, dossier=dossier, kind=kind, upload=_file(dossier, kind))
    dossier = dossier_receive(actor=staff, dossier=dossier_submit(actor=None, dossier=dossier))
    # Published four days ago: the window of 10 working days is open whatever the weekday of loading.
    consultation = consultation_open(
        actor=staff,
        dossier=dossier,
        nomination_ids=list(dossier.nominations.values_list("pk", flat=True)),
        fields=ConsultationFields(
            title="Lấy ý kiến Nhân dân đối với cá nhân đề nghị tặng Huân chương Lao động hạng Ba (minh họa)",
            legal_basis="",  # the citation of the rule in force
            start_date=today - datetime.timedelta(days=4),
            working_days=10,
            published_where="Cổng thông tin điện tử tỉnh Lạng Sơn và Báo Lạng Sơn (minh họa)",
            contact=(
                "Ban Thi đua - Khen thưởng tỉnh Lạng Sơn (minh họa): bằng văn bản có chữ ký, ghi rõ họ tên, địa chỉ, "
                "điện thoại; thư điện tử bantdkt@example.vn; điện thoại 0205 000 0000"
            ),
            no_feedback_rule="Quá thời hạn trên, xem như không có ý kiến phản hồi.",
        ),
    )
    feedback_receive(
        consultation=consultation,
        fields=FeedbackFields(
            sender_name="Hoàng Thị Mai (minh họa)",
            address="Phường Đông Kinh, tỉnh Lạng Sơn (minh họa)",
            phone="0912 000 000",
            content=(
                "Tôi là người bệnh điều trị tại Bệnh viện; xin xác nhận ông Hùng tận tâm với người bệnh (minh họa)."
            ),
            entry_id=consultation.entries.get().pk,
        ),
    )
    return {"consultations": 1, "feedback": 1}
