"""The council's page (composition on a date, history) and the form for a new composition."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from audit.models import AuditLog
from awards.models import CouncilComposition
from clusters.models import Unit
from tests.awards.council_helpers import D_651, compose, council, members, register
from tests.views_matrix import assert_permissions

pytestmark = pytest.mark.django_db


def test_permissions_of_the_council_page(client, staff, clerk_a, council_member, viewer):
    assert_permissions(
        client,
        url=reverse("awards:council"),
        method="get",
        allowed=staff,
        others=[clerk_a, council_member, viewer],
    )
    the_council = council()
    assert_permissions(
        client,
        url=reverse("awards:council-detail", args=[the_council.pk]),
        method="get",
        allowed=staff,
        others=[clerk_a, council_member, viewer],
    )


@pytest.mark.parametrize("method", ["get", "post"])
def test_permissions_of_the_new_composition_form(client, staff, clerk_a, council_member, viewer, method):
    assert_permissions(
        client,
        url=reverse("awards:council-compose", args=[council().pk]),
        method=method,
        allowed=staff,
        others=[clerk_a, council_member, viewer],
    )


def test_a_reader_without_the_change_permission_sees_the_page_but_not_the_form(client, clerk_a):
    from django.contrib.auth.models import Permission

    clerk_a.user_permissions.add(Permission.objects.get(content_type__app_label="awards", codename="view_council"))
    the_council = council()
    client.force_login(clerk_a)
    page = client.get(reverse("awards:council"))
    assert page.status_code == 200
    assert reverse("awards:council-compose", args=[the_council.pk]) not in page.content.decode()
    assert client.get(reverse("awards:council-compose", args=[the_council.pk])).status_code == 403


def test_the_page_shows_the_composition_on_the_chosen_date_and_links_its_decision(staff_client):
    first = compose(member_list=members(names=["Hoàng Văn Khánh", "Lăng Đức Hải"]))
    later = register("120/QĐ-UBND", datetime.date(2019, 3, 1))
    compose(on=datetime.date(2019, 3, 1), document=later, member_list=members(names=["Hoàng Văn Khánh", "Triệu Hùng"]))
    url = reverse("awards:council")

    before = staff_client.get(url, {"ngay": "10/04/2018"})
    assert before.context["composition"] is None

    page = staff_client.get(url, {"ngay": "20/6/2018"})
    assert page.context["composition"] == first and page.context["date"] == datetime.date(2018, 6, 20)
    html = page.content.decode()
    shown = html.split('id="history"')[0]
    assert "Lăng Đức Hải" in shown and "Triệu Hùng" not in shown
    assert reverse("campaigns:document-detail", args=[first.document.pk]) in html
    assert first.document.number_symbol in html and "11/4/2018" in html
    assert [g.role for g in page.context["groups"]] == ["chair", "standing_vice_chair", "member"]

    today = staff_client.get(url)  # default: today
    assert "Triệu Hùng" in today.content.decode() and "Lăng Đức Hải" in today.content.decode().split('id="history"')[1]
    history = today.context["history"]
    assert [m.full_name for m in history[1].joined] == ["Triệu Hùng"]
    assert [m.full_name for m in history[1].left] == ["Lăng Đức Hải"]


def test_a_wrong_date_shows_the_error_and_today(staff_client):
    compose()
    page = staff_client.get(reverse("awards:council"), {"ngay": "31/02/2018"})
    assert page.status_code == 200 and page.context["form"].errors["ngay"]
    assert page.context["composition"] is not None  # today's


def test_the_page_without_any_council_says_so(staff_client):
    page = staff_client.get(reverse("awards:council"))
    assert page.status_code == 200 and page.context["council"] is None


def _members_page_queries(staff_client, size, on) -> int:
    compose(member_list=members(size), on=on)
    staff_client.get(reverse("awards:council"))  # warm the session and permission caches
    with CaptureQueriesContext(connection) as queries:
        page = staff_client.get(reverse("awards:council"), {"ngay": f"{on:%d/%m/%Y}"})
    assert page.status_code == 200 and len(page.context["composition"].members.all()) == size
    return len(queries)


def test_the_page_runs_the_same_number_of_queries_for_3_or_30_members(staff_client):
    small = _members_page_queries(staff_client, 3, D_651)
    assert _members_page_queries(staff_client, 30, datetime.date(2019, 3, 1)) == small


def test_the_page_runs_the_same_number_of_queries_for_1_or_8_compositions(staff_client):
    compose()
    staff_client.get(reverse("awards:council"))
    with CaptureQueriesContext(connection) as one:
        staff_client.get(reverse("awards:council"))
    for year in range(2019, 2026):
        compose(on=datetime.date(year, 1, 5))
    with CaptureQueriesContext(connection) as eight:
        page = staff_client.get(reverse("awards:council"))
    assert len(page.context["history"]) == 8 and len(eight) == len(one)


# The form.

MEMBERS_TEXT = """Chủ tịch | Nông Văn Thành | Chủ tịch UBND tỉnh |
Phó Chủ tịch thứ nhất | Hồ Tiến Thiệu | Phó Chủ tịch UBND tỉnh
Phó Chủ tịch thường trực | Hoàng Văn Khánh | Giám đốc Sở Nội vụ | Sở Nội vụ

Uỷ viên thường trực | Vi Văn Quang | Trưởng Ban Thi đua - Khen thưởng | sở nội vụ
Ủy viên | Triệu Văn Hùng | Giám đốc Sở Tài chính | Sở Tài chính"""


def _post(client, the_council, document, **overrides):
    data = {
        "document": str(document.pk),
        "effective_from": "11/04/2018",
        "members": MEMBERS_TEXT,
        "note": "",
        "reason": "Nhập quyết định kiện toàn",
    }
    data.update(overrides)
    return client.post(reverse("awards:council-compose", args=[the_council.pk]), data)


@pytest.fixture
def units(db):
    return {
        name: Unit.objects.create(name=name, kind=Unit.Kind.PROVINCIAL_AGENCY) for name in ("Sở Nội vụ", "Sở Tài chính")
    }


def test_staff_record_a_composition_typed_one_member_per_line(staff_client, staff, units):
    the_council, document = council(), register()
    response = _post(staff_client, the_council, document)
    assert response.status_code == 302
    assert response["Location"].endswith("?ngay=11/04/2018")
    composition = CouncilComposition.objects.get()
    rows = list(composition.members.values_list("position", "role", "full_name", "unit__name"))
    assert rows == [
        (1, "chair", "Nông Văn Thành", None),
        (2, "first_vice_chair", "Hồ Tiến Thiệu", None),
        (3, "standing_vice_chair", "Hoàng Văn Khánh", "Sở Nội vụ"),
        (4, "standing_member", "Vi Văn Quang", "Sở Nội vụ"),
        (5, "member", "Triệu Văn Hùng", "Sở Tài chính"),
    ]
    entry = AuditLog.objects.get(action="council.compose")
    assert entry.actor == staff and entry.reason == "Nhập quyết định kiện toàn"


def test_the_form_starts_from_the_current_members(staff_client, units):
    compose(member_list=members(names=["Hoàng Văn Khánh"]))
    page = staff_client.get(reverse("awards:council-compose", args=[council().pk]))
    initial = page.context["form"]["members"].value()
    assert initial.splitlines()[0].startswith("Chủ tịch | Nông Văn Thành | Chủ tịch UBND tỉnh")
    assert "Phó Chủ tịch thường trực | Hoàng Văn Khánh" in initial


def test_the_form_reports_each_bad_line_and_records_nothing(staff_client, units):
    the_council, document = council(), register()
    text = (
        MEMBERS_TEXT
        + "\nThư ký | Lý Thị Mai | Chuyên viên\nỦy viên | Bế Văn Sơn\nỦy viên | Mã Dũng | Giám đốc | Sở Không Có"
    )
    response = _post(staff_client, the_council, document, members=text)
    assert response.status_code == 200
    errors = response.context["form"].errors["members"]
    assert [e.split(":")[0].split()[-1] for e in errors] == ["7", "8", "9"]  # "Dòng 7: …"
    assert "Lý Thị Mai" in response.content.decode()  # what was typed is kept
    assert not CouncilComposition.objects.exists()


def test_the_services_refusals_show_on_the_lines_they_concern(staff_client, units):
    the_council, document = council(), register()
    text = MEMBERS_TEXT.replace("Ủy viên | Triệu", "Chủ tịch | Triệu")
    response = _post(staff_client, the_council, document, members=text, effective_from="10/04/2018")
    form = response.context["form"]
    assert response.status_code == 200 and not CouncilComposition.objects.exists()
    assert form.errors["effective_from"]  # the decision is dated 11/4/2018
    assert [e.split(":")[0].split()[-1] for e in form.errors["members"]] == ["6"]  # the blank line 4 is counted


def test_the_form_refuses_a_document_that_is_not_a_decision(staff_client, units):
    report = register("235/BC-UBND", datetime.date(2018, 7, 10), "Báo cáo sơ kết")
    response = _post(staff_client, council(), report, effective_from="10/07/2018")
    assert response.status_code == 200 and response.context["form"].errors["document"]
    assert not CouncilComposition.objects.exists()


def test_a_second_composition_on_the_same_date_is_refused_on_the_date(staff_client, units):
    the_council = council()
    compose(document=register(), on=D_651)
    other = register("652/QĐ-UBND")
    response = _post(staff_client, the_council, other)
    assert response.status_code == 200 and response.context["form"].errors["effective_from"]
    assert CouncilComposition.objects.count() == 1


def test_in_the_admin_a_composition_cannot_be_added_and_only_a_members_account_can_be_linked(client):
    from tests.factories import UserFactory

    client.force_login(UserFactory(username="quantri", is_staff=True, is_superuser=True))
    composition = compose()
    member = composition.members.get(position=2)
    assert client.get(reverse("admin:awards_councilcomposition_add")).status_code == 403
    assert client.get(reverse("admin:awards_councilcomposition_change", args=[composition.pk])).status_code == 200
    account = UserFactory(username="uyvien.khanh")
    url = reverse("admin:awards_councilmember_change", args=[member.pk])
    response = client.post(url, {"user": str(account.pk), "full_name": "Đổi Tên", "role": "chair"})
    assert response.status_code == 302
    member.refresh_from_db()
    assert (
        member.user == account and member.full_name == "Hoàng Văn Thành viên 1" and member.role == "standing_vice_chair"
    )
    entry = AuditLog.objects.get(action="awards.councilmember.admin_change")
    assert entry.before["user"] is None and entry.after["user"] == account.pk
