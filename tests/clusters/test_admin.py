"""The organisation edited in the admin: rules checked with a message, and every change audited."""

import pytest
from django.urls import reverse

from audit.models import AuditLog
from clusters.models import ClusterMembership
from tests.factories import ClusterFactory, UnitFactory, UserFactory, membership

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(username="quantri", is_staff=True, is_superuser=True))
    return client


def test_placing_a_unit_twice_in_a_year_is_refused_with_a_message(admin_client):
    unit = UnitFactory(name="Sở Tư pháp")
    first, second = ClusterFactory(year=2018, name="Cụm Nội chính"), ClusterFactory(year=2018)
    membership(cluster=first, unit=unit)
    response = admin_client.post(
        reverse("admin:clusters_clustermembership_add"), {"cluster": second.pk, "unit": unit.pk, "role": "member"}
    )
    assert response.status_code == 200
    assert "Sở Tư pháp đã thuộc Cụm Nội chính trong năm 2018" in response.content.decode()
    assert ClusterMembership.objects.count() == 1


def test_adding_a_membership_sets_its_year_and_is_audited(admin_client):
    unit, cluster = UnitFactory(), ClusterFactory(year=2019)
    response = admin_client.post(
        reverse("admin:clusters_clustermembership_add"), {"cluster": cluster.pk, "unit": unit.pk, "role": "leader"}
    )
    assert response.status_code == 302
    placed = ClusterMembership.objects.get()
    assert placed.year == 2019
    entry = AuditLog.objects.get(action="clusters.clustermembership.admin_add")
    assert entry.after["unit"] == unit.pk and entry.before is None


def test_a_second_leader_in_the_inline_is_refused(admin_client):
    cluster = ClusterFactory(year=2018)
    data = {
        "year": 2018,
        "bloc": cluster.bloc_id,
        "name": cluster.name,
        "display_order": 0,
        "memberships-TOTAL_FORMS": "2",
        "memberships-INITIAL_FORMS": "0",
        "memberships-0-unit": UnitFactory().pk,
        "memberships-0-role": "leader",
        "memberships-1-unit": UnitFactory().pk,
        "memberships-1-role": "leader",
    }
    response = admin_client.post(reverse("admin:clusters_cluster_change", args=[cluster.pk]), data)
    assert response.status_code == 200 and "Mỗi cụm thi đua chỉ có một cụm trưởng" in response.content.decode()
    assert not ClusterMembership.objects.exists()


def test_a_cluster_with_members_keeps_its_year(admin_client):
    cluster = ClusterFactory(year=2018)
    membership(cluster=cluster, unit=UnitFactory())
    page = admin_client.get(reverse("admin:clusters_cluster_change", args=[cluster.pk])).content.decode()
    assert 'name="year"' not in page


def test_catalog_changes_in_the_admin_are_audited_with_before_and_after(admin_client):
    from awards.models import AwardType

    ngut = AwardType.objects.get(code="NGUT")
    data = {
        "code": "NGUT",
        "name": "Nhà giáo Ưu tú (đã sửa)",
        "level": ngut.level,
        "category": ngut.category,
        "grantors": [a.pk for a in ngut.grantors.all()],
        "for_individual": "on",
        "display_order": 5,
        "verification": ngut.verification,
        "source": ngut.source,
        "valid_from": "",
        "valid_to": "",
    }
    response = admin_client.post(reverse("admin:awards_awardtype_change", args=[ngut.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    entry = AuditLog.objects.get(action="awards.awardtype.admin_change")
    assert entry.before["name"] == "Nhà giáo Ưu tú" and entry.after["name"] == "Nhà giáo Ưu tú (đã sửa)"
    assert entry.actor.username == "quantri"


def test_deleting_in_the_admin_is_audited(admin_client):
    unit = UnitFactory(name="Đơn vị nhập nhầm")
    response = admin_client.post(reverse("admin:clusters_unit_delete", args=[unit.pk]), {"post": "yes"})
    assert response.status_code == 302
    entry = AuditLog.objects.get(action="clusters.unit.admin_delete")
    assert entry.object_id == str(unit.pk) and entry.before["name"] == "Đơn vị nhập nhầm" and entry.after is None


def test_a_person_added_in_the_admin_is_audited_and_merging_is_not_an_edit(admin_client):
    from clusters.models import Person

    response = admin_client.post(
        reverse("admin:clusters_person_add"), {"full_name": "Hoàng Văn Phong", "position": "Chuyên viên"}
    )
    assert response.status_code == 302
    added = Person.objects.get()
    assert AuditLog.objects.get(action="clusters.person.admin_add").after["full_name"] == "Hoàng Văn Phong"
    other = Person.objects.create(full_name="Nông Thị Mai")
    admin_client.post(
        reverse("admin:clusters_person_change", args=[added.pk]),
        {"full_name": "Hoàng Văn Phong", "position": "Chuyên viên", "merged_into": other.pk},
    )
    added.refresh_from_db()
    assert added.merged_into is None  # read-only there: merges go through the duplicates page


def test_an_award_is_linked_to_a_person_in_the_admin_only_when_individual(admin_client):
    from awards.models import PersonAward
    from clusters.models import Person
    from tests.factories import make_decision, recipient

    someone = Person.objects.create(full_name="Hoàng Văn Phong")
    decision = make_decision(recipients=[recipient(), recipient(recipient_kind="collective", name="Sở Tư pháp")])
    individual, collective = decision.awards.order_by("line_no")
    url = reverse("admin:awards_personaward_add")
    response = admin_client.post(url, {"award": collective.pk, "person": someone.pk})
    assert response.status_code == 200 and response.context["adminform"].form.errors["award"]
    assert admin_client.post(url, {"award": individual.pk, "person": someone.pk}).status_code == 302
    assert PersonAward.objects.get().award == individual
    assert AuditLog.objects.filter(action="awards.personaward.admin_add").exists()
