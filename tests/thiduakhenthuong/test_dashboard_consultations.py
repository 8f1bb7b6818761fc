"""Staff's home page lists public consultations taking feedback, those whose window is over and feedback to answer,
each linked to the consultations' list; a unit clerk sees none of it; one query for the three counts."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from awards.consultations.services import FeedbackFields, feedback_receive
from tests.awards.consultations.helpers import opened, state_dossier
from tests.helpers import vietnamese
from tests.thiduakhenthuong.test_dashboard import _waiting
from thiduakhenthuong.dashboard.waiting import _consultations

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
RUNNING = "Public consultations taking feedback"
OVER = "Public consultations whose window is over, to close with their outcome"
TO_ANSWER = "Feedback from citizens, to answer"


def test_staff_see_consultations_and_feedback_waiting(client, staff, clerk_a, django_assert_num_queries):
    running = opened(state_dossier(name="Người A"), start_date=TODAY)
    opened(state_dossier(name="Người B"), start_date=TODAY - datetime.timedelta(days=40))
    for _ in range(2):
        feedback_receive(
            consultation=running,
            fields=FeedbackFields(sender_name="Nguyễn Văn A", address="Thôn 1", content="Ý kiến", phone="09"),
        )
    client.force_login(staff)
    page = client.get(reverse("home")).content.decode()
    waiting = _waiting(page)
    assert waiting[vietnamese(RUNNING)] == "1"
    assert waiting[vietnamese(OVER)] == "1"
    assert waiting[vietnamese(TO_ANSWER)] == "2"
    assert reverse("awards:consultation-list") in page
    _consultations(staff)  # the user's permissions and unit, read once per request
    with django_assert_num_queries(1):
        _consultations(staff)
    client.force_login(clerk_a)
    assert vietnamese(RUNNING) not in client.get(reverse("home")).content.decode()
