"""Staff's consultation pages: every view with the allowed role, another unit's clerk, a council member,
anonymous and the wrong method; opening from a dossier, answering feedback and closing through the pages."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from awards.consultations.services import FeedbackFields, feedback_receive
from awards.models import Consultation
from tests.awards.consultations.helpers import opened, state_dossier
from tests.views_matrix import assert_permissions

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def consultation():
    return opened(state_dossier(), start_date=TODAY - datetime.timedelta(days=30))


def _feedback(c):
    return feedback_receive(
        consultation=c,
        fields=FeedbackFields(sender_name="Nguyễn Văn A", address="Thôn 1", content="<b>Ý kiến</b>", phone="09"),
        today=c.start_date,
    )


@pytest.mark.parametrize(
    ("name", "method", "args"),
    [
        ("awards:consultation-list", "get", lambda c, f: []),
        ("awards:consultation-detail", "get", lambda c, f: [c.pk]),
        ("awards:consultation-create", "get", lambda c, f: [c.dossier_id]),
        # Closing without data: no feedback came and the window is over, so "no feedback received" is recorded.
        ("awards:consultation-close", "post", lambda c, f: [c.pk]),
    ],
)
def test_permissions(client, staff, clerk_b, council_member, consultation, name, method, args):
    url = reverse(name, args=args(consultation, None))
    wrong = "put" if method == "get" else "get"
    assert_permissions(
        client, url=url, method=method, allowed=staff, others=[clerk_b, council_member], wrong_method=wrong
    )


def test_permissions_to_answer(client, staff, clerk_b, council_member, consultation):
    feedback = _feedback(consultation)
    url = reverse("awards:consultation-feedback-answer", args=[consultation.pk, feedback.pk])
    for user in (clerk_b, council_member):
        client.force_login(user)
        assert client.post(url, {"answer": "x"}).status_code == 403
    client.logout()
    assert client.post(url, {"answer": "x"})["Location"].startswith(reverse("login"))
    client.force_login(staff)
    assert client.get(url).status_code == 405
    assert client.post(url, {"answer": "Đã xác minh"}).status_code == 302
    feedback.refresh_from_db()
    assert feedback.answer == "Đã xác minh" and feedback.answered_by == staff


def test_staff_open_a_consultation_from_the_dossier_page(client, staff):
    dossier = state_dossier(name="Vi Thị Lan")
    client.force_login(staff)
    page = client.get(reverse("awards:dossier-detail", args=[dossier.pk])).content.decode()
    assert reverse("awards:consultation-create", args=[dossier.pk]) in page
    pending = page.split('id="consultation-pending"', 1)[1].split("</div>", 1)[0]
    assert "Vi Thị Lan" in pending and "Điều 84 khoản 5" in pending and "ít nhất 10 ngày làm việc" in pending
    form = client.get(reverse("awards:consultation-create", args=[dossier.pk])).content.decode()
    assert "Điều 84 khoản 5" in form and "Vi Thị Lan" in form
    data = {
        "nominations": [dossier.nominations.get().pk],
        "title": "Lấy ý kiến",
        "start_date": "13/02/2026",
        "working_days": "5",
        "published_where": "Cổng thông tin điện tử tỉnh",
        "contact": "Ban TĐKT",
        "no_feedback_rule": "Xem như không có ý kiến",
    }
    short = client.post(reverse("awards:consultation-create", args=[dossier.pk]), data)
    assert short.status_code == 400 and "5/3/2026" in short.content.decode()
    response = client.post(reverse("awards:consultation-create", args=[dossier.pk]), {**data, "working_days": "10"})
    consultation = Consultation.objects.get()
    assert response["Location"] == reverse("awards:consultation-detail", args=[consultation.pk])
    assert consultation.end_date == datetime.date(2026, 3, 5)


def test_staff_answer_feedback_and_close_through_the_pages(client, staff, consultation):
    feedback = _feedback(consultation)
    client.force_login(staff)
    page = client.get(reverse("awards:consultation-detail", args=[consultation.pk])).content.decode()
    assert "&lt;b&gt;Ý kiến&lt;/b&gt;" in page and "Nguyễn Văn A" in page
    close = reverse("awards:consultation-close", args=[consultation.pk])
    refused = client.post(close, {"outcome_text": "Xong"})
    assert refused.status_code == 400 and "Trả lời" in refused.content.decode()
    answer = reverse("awards:consultation-feedback-answer", args=[consultation.pk, feedback.pk])
    assert client.post(answer, {"answer": ""}).status_code == 400
    assert client.post(answer, {"answer": "Đã xác minh"}).status_code == 302
    assert client.post(close, {"outcome_text": "Đủ điều kiện đề nghị"}).status_code == 302
    consultation.refresh_from_db()
    assert (consultation.status, consultation.outcome) == ("closed", "considered")
