"""The demo's public consultation: open on the day of loading for the Health department's illustrative proposal,
listed on the public page, with one feedback received (shown to staff only); loading again adds nothing."""

import pytest
from django.urls import reverse

from awards.models import Consultation
from tests.factories import secretariat_user
from thiduakhenthuong.demo_consultation import NOMINEE, consultation_demo_load

pytestmark = pytest.mark.django_db


def test_the_demo_consultation_is_open_with_one_feedback_and_loads_once(demo, client):
    staff = secretariat_user(username="canbo.demo")
    assert consultation_demo_load(staff=staff) == {"consultations": 1, "feedback": 1}
    consultation = Consultation.objects.get(dossier__unit__name="Sở Y tế")
    assert consultation.status == "open" and "(minh họa)" in consultation.title
    assert "Điều 84 khoản 5" in consultation.legal_basis
    assert consultation.feedback.get().sender_name.endswith("(minh họa)")
    page = client.get(reverse("public:consultation-list")).content.decode()
    assert consultation.title in page
    detail = client.get(reverse("public:consultation-detail", args=[consultation.public_id])).content.decode()
    assert NOMINEE in detail and "Hoàng Thị Mai" not in detail  # feedback is never public
    assert consultation_demo_load(staff=staff) == {"consultations": 0, "feedback": 0}
