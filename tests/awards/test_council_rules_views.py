"""The meeting page under the council rules (issue #15): the rules shown, the standing body's appraisal and an
absent member's written opinion, each its own view (awards.council.opinion_views), with their permissions."""

import datetime

import pytest
from django.urls import reverse
from django.utils.translation import override

from awards.council.meetings import meeting_attendance_set
from awards.models import Nomination, StandingAppraisal, WrittenOpinion
from tests.awards.test_council_rules import _bac_ninh_in_force, _meeting
from tests.views_matrix import assert_permissions

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting():
    """Bắc Ninh's example in force; a meeting of 10 members, 8 present, on a CSTĐ and a Bằng khen nominee."""
    _bac_ninh_in_force()
    meeting, dossier, ids = _meeting(("Hoàng Văn Phong", "CSTD_TINH"), ("Nông Thị Hà", "BK_TINH"))
    meeting_attendance_set(actor=None, meeting=meeting, present_member_ids=set(ids[:8]))
    return meeting, dossier, ids


def _urls(meeting, dossier, ids):
    bk = dossier.nominations.get(award_type__code="BK_TINH")
    return (
        reverse("awards:meeting-appraisal", args=[meeting.pk, bk.pk]),
        reverse("awards:meeting-written-opinion", args=[meeting.pk, ids[9]]),
        bk,
    )


def test_permissions(client, staff, clerk_a, council_member, setting):
    appraisal_url, opinion_url, _ = _urls(*setting)
    assert appraisal_url.endswith("/tham-dinh/" + appraisal_url.split("/")[-2] + "/")
    for url in (appraisal_url, opinion_url):
        assert_permissions(client, url=url, method="post", allowed=staff, others=[clerk_a, council_member])
    assert not StandingAppraisal.objects.exists() and not WrittenOpinion.objects.exists()


def test_the_page_shows_the_rules_and_records_an_appraisal_and_a_written_opinion(staff_client, setting):
    meeting, dossier, ids = setting
    appraisal_url, opinion_url, bk = _urls(meeting, dossier, ids)
    cstd = dossier.nominations.get(award_type__code="CSTD_TINH")
    page = staff_client.get(reverse("awards:meeting-detail", args=[meeting.pk])).content.decode()
    rules = page.split('id="rules"')[1].split("</div>\n</div>")[0]
    assert "86/2025/QĐ-UBND" in rules and "80%" in rules and "8" in rules  # 8 of the 10 members
    assert page.count('class="mt-2 appraisal-form"') == 1 and page.count('class="mt-2 ballot-form"') == 1
    assert page.count("mb-2 written-opinion") == 2  # the two absent members
    refused = staff_client.post(appraisal_url, {f"a{bk.pk}-result": "no", f"a{bk.pk}-remark": ""})
    assert refused.status_code == 200 and "errorlist" in refused.content.decode()
    response = staff_client.post(appraisal_url, {f"a{bk.pk}-result": "yes", f"a{bk.pk}-remark": "Đủ tiêu chuẩn"})
    assert response.status_code == 302 and StandingAppraisal.objects.get(nomination=bk).agrees
    data = {f"w{ids[9]}-document_date": "12/01/2026", f"w{ids[9]}-n_{cstd.pk}": "yes"}
    with override("en"):
        bad = staff_client.post(opinion_url, {**data, f"w{ids[9]}-document_date": "20/01/2026"})
    assert bad.status_code == 200 and "15/01/2026" in bad.content.decode().split("alert-danger")[1][:400]
    assert not WrittenOpinion.objects.exists()
    assert staff_client.post(opinion_url, data).status_code == 302
    opinion = WrittenOpinion.objects.get()
    assert (opinion.member_id, opinion.nomination, opinion.agrees, opinion.document_date) == (
        ids[9],
        cstd,
        True,
        datetime.date(2026, 1, 12),
    )
    assert Nomination.objects.get(pk=cstd.pk).result == Nomination.Result.PENDING


def test_a_written_opinion_for_a_present_member_or_another_councils_member_is_refused(staff_client, setting):
    from tests.awards.council_helpers import compose, council, members

    meeting, dossier, ids = setting
    cstd = dossier.nominations.get(award_type__code="CSTD_TINH")
    other = compose(
        on=datetime.date(2025, 12, 1), member_list=members(3), the_council=council("Hội đồng Thi đua huyện Cao Lộc")
    )
    stranger = other.members.order_by("position").last()
    for member_pk, status in ((ids[0], 200), (stranger.pk, 404)):  # present at the meeting; of another council
        url = reverse("awards:meeting-written-opinion", args=[meeting.pk, member_pk])
        data = {f"w{member_pk}-document_date": "12/01/2026", f"w{member_pk}-n_{cstd.pk}": "yes"}
        assert staff_client.post(url, data).status_code == status
    assert not WrittenOpinion.objects.exists()
