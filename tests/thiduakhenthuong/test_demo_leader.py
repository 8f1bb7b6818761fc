"""The demo's leader account: a newcomer can try the leader's step of the signing of an issued document."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from awards.models import Decision
from thiduakhenthuong.demo import LEADER_LOGIN

pytestmark = pytest.mark.django_db


def test_the_demo_leader_may_sign_a_decision_waiting_for_the_leader(demo, client):
    leader = get_user_model().objects.get(username=LEADER_LOGIN.username)
    client.force_login(leader)  # the demo's passwords are hashed by the production hasher, which tests replace
    assert leader.has_perm("reports.sign_leader") and not leader.has_perm("reports.sign_seal")
    decision = Decision.objects.get(number=603, date__year=2018)
    assert client.get(reverse("awards:decision-detail", args=[decision.pk])).status_code == 200
