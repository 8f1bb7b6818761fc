"""The emulation and commendation bodies and officers (biểu 0604, 0605): their services check the dates and audit
each change; their pages are for secretariat staff and administrators."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from audit.models import AuditLog
from awards.models import CommendationBody, CommendationOfficer
from awards.statistics.apparatus import (
    BodyFields,
    OfficerFields,
    commendation_body_create,
    commendation_body_update,
    commendation_officer_create,
    commendation_officer_update,
)
from kernel.roles import ADMINISTRATOR
from tests.factories import UserFactory
from tests.views_matrix import assert_permissions

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def body(staff):
    return commendation_body_create(
        actor=staff,
        fields=BodyFields(name="Ban Thi đua - Khen thưởng", kind="home_affairs_board", active_from=D(2016, 1, 1)),
    )


def _officer(body, **changes) -> OfficerFields:
    values = dict(
        body=body,
        full_name="Nông Thị Thu Hà",
        sex="female",
        birth_date=D(1978, 9, 3),
        training="university",
        in_commendation_work_since=D(2005, 7, 1),
        joined_on=D(2016, 1, 1),
    )
    return OfficerFields(**(values | changes))


def _messages(error: ValidationError) -> dict[str, list[str]]:
    return {field: list(messages) for field, messages in error.message_dict.items()}


def test_bodies_and_officers_are_written_and_audited(staff, body):
    assert AuditLog.objects.get(action="commendation_body.create").after["name"] == "Ban Thi đua - Khen thưởng"
    officer = commendation_officer_create(actor=staff, fields=_officer(body, full_name="  Nông  Thị Thu Hà "))
    assert officer.full_name == "Nông Thị Thu Hà"
    commendation_officer_update(actor=staff, officer=officer, fields=_officer(body, left_on=D(2024, 3, 1)))
    entry = AuditLog.objects.get(action="commendation_officer.update")
    assert (entry.before["left_on"], entry.after["left_on"], entry.actor) == (None, "2024-03-01", staff)
    commendation_body_update(
        actor=staff,
        body=body,
        fields=BodyFields(name=body.name, kind=body.kind, active_from=body.active_from, active_to=D(2025, 2, 28)),
    )
    assert CommendationBody.objects.get().active_to == D(2025, 2, 28)


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"in_commendation_work_since": D(1990, 1, 1)},
            "in_commendation_work_since",
            "Ngày bắt đầu làm công tác thi đua, khen thưởng không thể trước khi công chức đủ 16 tuổi (sinh ngày "
            "03/9/1978).",
        ),
        ({"joined_on": D(2004, 1, 1)}, "joined_on", "Ngày vào tổ chức là ngày làm công tác thi đua, khen thưởng"),
        ({"left_on": D(2015, 12, 31)}, "left_on", "Ngày rời tổ chức không thể trước ngày vào tổ chức."),
        ({"full_name": "   "}, "full_name", "Nhập họ và tên công chức."),
        ({"birth_date": D(2999, 1, 1)}, "birth_date", "Ngày sinh không được sau ngày hôm nay"),
    ],
)
def test_bad_officers_are_refused_in_vietnamese(staff, body, changes, field, message):
    with pytest.raises(ValidationError) as refused:
        commendation_officer_create(actor=staff, fields=_officer(body, **changes))
    assert any(m.startswith(message) for m in _messages(refused.value)[field])
    assert not CommendationOfficer.objects.exists()


def test_a_body_cannot_end_before_it_began(staff, body):
    with pytest.raises(ValidationError) as refused:
        commendation_body_update(
            actor=staff,
            body=body,
            fields=BodyFields(name=body.name, kind=body.kind, active_from=D(2016, 1, 1), active_to=D(2015, 1, 1)),
        )
    assert _messages(refused.value) == {"active_to": ["Tổ chức không thể kết thúc trước khi bắt đầu hoạt động."]}


@pytest.fixture
def administrator(db):
    from tests.conftest import _in_role

    return _in_role(UserFactory(username="quantri.vien"), ADMINISTRATOR)


@pytest.mark.parametrize(
    "name", ["awards:body-list", "awards:body-create", "awards:officer-list", "awards:officer-create"]
)
def test_permissions_of_the_apparatus_pages(client, staff, administrator, clerk_a, council_member, viewer, name):
    url = reverse(name)
    assert_permissions(client, url=url, method="get", allowed=staff, others=[clerk_a, council_member, viewer])
    client.force_login(administrator)
    assert client.get(url).status_code == 200


def test_permissions_of_editing_a_body_and_an_officer(client, staff, body, clerk_a, viewer):
    officer = commendation_officer_create(actor=staff, fields=_officer(body))
    for url in (reverse("awards:body-edit", args=[body.pk]), reverse("awards:officer-edit", args=[officer.pk])):
        assert_permissions(client, url=url, method="get", allowed=staff, others=[clerk_a, viewer])


def test_staff_record_an_officer_and_a_bad_date_keeps_the_input(staff_client, body):
    data = {
        "full_name": "Lăng Văn Phong",
        "body": str(body.pk),
        "sex": "male",
        "birth_date": "20/01/1985",
        "training": "university",
        "in_commendation_work_since": "01/10/2012",
        "joined_on": "01/01/2010",
        "left_on": "",
    }
    refused = staff_client.post(reverse("awards:officer-create"), data)
    assert refused.status_code == 400 and not CommendationOfficer.objects.exists()
    page = refused.content.decode()
    assert "không thể trước ngày 01/10/2012" in page and 'value="Lăng Văn Phong"' in page
    saved = staff_client.post(reverse("awards:officer-create"), data | {"joined_on": "01/01/2016"}, follow=True)
    page = saved.content.decode()
    assert "Đã lưu “Lăng Văn Phong”." in page and "Lăng Văn Phong" in page
    assert CommendationOfficer.objects.get().joined_on == D(2016, 1, 1)
    listing = staff_client.get(reverse("awards:body-list")).content.decode()
    assert "Ban Thi đua - Khen thưởng" in listing
