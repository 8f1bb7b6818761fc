"""End to end in headless Chromium: staff open a public consultation from a dossier's page; the council's agenda
refuses the nominee while the window runs; a citizen, not logged in, sends feedback on the public page (hostile
text, shown escaped to staff only); staff answer it; the window closes (its dates moved into the past by the test,
as the calendar would); staff record the outcome, and the nominee goes on a meeting's agenda."""

import datetime

import pytest
from django.utils import timezone

from awards.models import Consultation, ConsultationFeedback, Dossier, Meeting
from tests.awards.consultations.helpers import state_dossier
from tests.awards.meeting_helpers import council_of_ten
from tests.ui.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SCRIPT = "<script>window.__hacked = 1</script>"


def _plan_meeting(desk, live_server, day):
    """Staff plan a meeting of the day with the dossier waiting for the council."""
    desk.goto(f"{live_server.url}/quyet-dinh/phien-hop/moi/")
    desk.fill("#id_date", day.strftime("%d/%m/%Y"))
    desk.fill("#id_place", "Trụ sở UBND tỉnh")
    desk.fill("#id_title", "Phiên họp xét khen thưởng")
    desk.locator("input[name=dossiers]").first.check()
    desk.click("form button.btn-primary")


def test_a_consultation_from_opening_to_the_agenda(browser, live_server, catalog, staff):
    council_of_ten()
    dossier = state_dossier(status=Dossier.Status.AT_MEETING, name="Lương Văn Bình")
    today = timezone.localdate()
    desk = browser.new_context(locale="vi-VN").new_page()
    desk.goto(f"{live_server.url}/dang-nhap/")
    desk.fill("#id_username", staff.username)
    desk.fill("#id_password", PASSWORD)
    desk.click("form button[type=submit]")
    desk.wait_for_url(f"{live_server.url}/")

    # Staff open the consultation from the dossier's page: the nominee is ticked, the rule shown.
    desk.goto(f"{live_server.url}/quyet-dinh/ho-so/{dossier.pk}/")
    desk.click("#consultations a")
    assert "Điều 84 khoản 5" in desk.inner_text("main")
    desk.fill("#id_title", "Lấy ý kiến Nhân dân đối với ông Lương Văn Bình")
    desk.fill("#id_start_date", today.strftime("%d/%m/%Y"))
    desk.fill("#id_working_days", "10")
    desk.fill("#id_published_where", "Cổng thông tin điện tử tỉnh")
    desk.fill("#id_contact", "Ban Thi đua - Khen thưởng tỉnh; bantdkt@example.vn")
    desk.click("form button.btn-primary")
    desk.wait_for_url("**/lay-y-kien/*/")
    consultation = Consultation.objects.get()
    staff_url = desk.url

    # While the window runs the council's agenda refuses the nominee, naming the rule and the last day.
    _plan_meeting(desk, live_server, today)
    refusal = desk.inner_text(".alert-danger")
    assert "Lương Văn Bình" in refusal and consultation.end_date.strftime("/%Y") in refusal
    assert not Meeting.objects.exists()

    # A citizen, not logged in, finds the notice and sends feedback.
    citizen = browser.new_context(locale="vi-VN").new_page()
    citizen.goto(f"{live_server.url}/cong-khai/")
    citizen.click(f"a[href$='/{consultation.public_id}/']")
    assert "Lương Văn Bình" in citizen.inner_text("main") and "Đăng xuất" not in citizen.content()
    citizen.fill("#id_sender_name", "Nguyễn Văn A")
    citizen.fill("#id_address", "Thôn Nà Cạo, xã Đình Lập")
    citizen.fill("#id_phone", "0912345678")
    citizen.select_option("#id_entry", index=1)
    citizen.fill("#id_content", f'=HYPERLINK("x") {SCRIPT} Ông Bình tận tụy với người bệnh.')
    citizen.click("form.feedback-form button[type=submit]")
    citizen.wait_for_selector(".alert-success")
    assert "tận tụy" not in citizen.content()  # never shown publicly

    # Staff read it (escaped: the script does not run) and answer.
    desk.goto(staff_url)
    assert "tận tụy" in desk.inner_text(".feedback-content")
    assert desk.evaluate("window.__hacked") is None
    desk.fill("textarea[name=answer]", "Cảm ơn ông; ý kiến đã được ghi nhận.")
    desk.click("form.answer-form button[type=submit]")
    desk.wait_for_selector(".feedback-answer")
    assert ConsultationFeedback.objects.get().answered_by == staff

    # The window closes: its dates moved into the past, as if the ten working days had gone by.
    Consultation.objects.filter(pk=consultation.pk).update(
        start_date=today - datetime.timedelta(days=30), end_date=today - datetime.timedelta(days=1)
    )
    desk.goto(staff_url)
    desk.fill("#id_outcome_text", "Ý kiến xác nhận thành tích; đủ điều kiện đề nghị.")
    desk.click("form.close-form button[type=submit]")
    desk.wait_for_selector("text=có ý kiến, đã xem xét")

    # Now the nominee goes on the agenda.
    _plan_meeting(desk, live_server, today)
    desk.wait_for_url("**/phien-hop/*/")
    assert list(Meeting.objects.get().agenda.all()) == [dossier]
