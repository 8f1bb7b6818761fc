"""A nominee whose award needs a public consultation goes on a council's agenda, or into a forwarding letter, only
once a consultation listing them is closed; the refusal names the rule and the closing day."""

import datetime

import pytest
from django.utils import timezone

from awards.consultations.gate import consultation_waiting
from awards.consultations.services import consultation_close
from awards.council.meetings import MeetingRefused, meeting_agenda_add, meeting_create
from awards.models import AwardType, Consultation, Dossier, Nomination
from awards.nominations.forwarding import dossier_forward
from awards.nominations.services import DossierTransitionRefused
from kernel.lib.formatting import vn_date
from tests.awards.consultations.helpers import opened, state_dossier
from tests.awards.council_helpers import council
from tests.awards.meeting_helpers import council_of_ten

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
LETTER = {
    "number_and_symbol": "31/TTr-UBND",
    "date": TODAY,
    "signer_name": "Hồ Tiến Thiệu",
    "signer_title": "Phó Chủ tịch",
}


@pytest.fixture(autouse=True)
def _council():
    council_of_ten()


def _meeting(dossiers):
    return meeting_create(
        actor=None, council=council(), date=TODAY, place="Trụ sở", title="Phiên họp", dossiers=dossiers
    )


def test_the_agenda_refuses_a_nominee_without_consultation_or_inside_its_window_and_takes_them_after():
    dossier = state_dossier(status=Dossier.Status.AT_MEETING)
    with pytest.raises(MeetingRefused, match="Lương Văn Bình.*Điều 84 khoản 5"):
        _meeting([dossier])
    consultation = opened(dossier, start_date=TODAY)
    with pytest.raises(MeetingRefused) as inside:
        _meeting([dossier])
    assert vn_date(consultation.end_date) in inside.value.messages[0]
    # The window over but its outcome not recorded: still refused, saying so.
    later = consultation.end_date + datetime.timedelta(days=1)
    opened(dossier, start_date=TODAY - datetime.timedelta(days=60))
    with pytest.raises(MeetingRefused):
        _meeting([dossier])
    consultation_close(actor=None, consultation=consultation, today=later)
    meeting = _meeting([dossier])
    assert list(meeting.agenda.all()) == [dossier]


def test_adding_to_an_open_meeting_is_gated_too():
    other = state_dossier(status=Dossier.Status.AT_MEETING, name="Hoàng Thị Lan")
    free = state_dossier(status=Dossier.Status.AT_MEETING, name="Vi Văn Nam")
    Dossier.objects.filter(pk=free.pk).update(title="Không cần lấy ý kiến")
    free.nominations.update(award_type=AwardType.objects.get(code="BK_TINH"))
    meeting = _meeting([free])
    with pytest.raises(MeetingRefused, match="Hoàng Thị Lan"):
        meeting_agenda_add(actor=None, meeting=meeting, dossiers=[other])


def test_forwarding_is_refused_inside_the_window_and_allowed_after():
    dossier = state_dossier()
    consultation = opened(dossier, start_date=TODAY)
    with pytest.raises(DossierTransitionRefused) as refused:
        dossier_forward(actor=None, dossier=dossier, **LETTER)
    assert (
        "Điều 84 khoản 5" in refused.value.messages[0] and vn_date(consultation.end_date) in refused.value.messages[0]
    )
    Consultation.objects.filter(pk=consultation.pk).update(
        start_date=TODAY - datetime.timedelta(days=40), end_date=TODAY - datetime.timedelta(days=20)
    )
    consultation_close(actor=None, consultation=consultation)
    dossier_forward(actor=None, dossier=dossier, **LETTER)
    dossier.refresh_from_db()
    assert dossier.status == Dossier.Status.FORWARDED


def test_the_gate_reads_a_constant_number_of_queries(django_assert_max_num_queries):
    for i in range(3):
        state_dossier(name=f"Người {i}")
    with django_assert_max_num_queries(4):
        reasons = consultation_waiting(nominations=Nomination.objects.all())
    assert len(reasons) == 3
    for i in range(3, 9):
        state_dossier(name=f"Người {i}")
    with django_assert_max_num_queries(4):
        assert len(consultation_waiting(nominations=Nomination.objects.all())) == 9
