"""The campaign, covenant and registration pages: permissions for every persona, what staff see and save,
and a constant number of queries as the lists grow."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from audit.models import AuditLog
from campaigns.models import Campaign, Covenant, Registration
from tests.campaigns.factories import make_campaign, make_covenant, make_registration
from tests.factories import ClusterFactory, UnitFactory, UserFactory, award_type, make_decision, membership, recipient
from tests.helpers import edit_version, vietnamese
from tests.views_matrix import assert_permissions

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db):
    """One campaign, one cluster with a covenant, one unit with a registration."""
    campaign = make_campaign()
    cluster = ClusterFactory(year=2018, name="Cụm thi đua các cơ quan Nội chính")
    unit = UnitFactory(name="Sở Tư pháp")
    membership(cluster=cluster, unit=unit)
    return {
        "campaign": campaign,
        "cluster": cluster,
        "unit": unit,
        "covenant": make_covenant(cluster=cluster),
        "registration": make_registration(unit=unit),
    }


def _urls(world):
    return [
        ("campaigns:campaign-list", []),
        ("campaigns:campaign-detail", [world["campaign"].pk]),
        ("campaigns:campaign-create", []),
        ("campaigns:campaign-edit", [world["campaign"].pk]),
        ("campaigns:covenant-latest", []),
        ("campaigns:covenant-list", [2018]),
        ("campaigns:covenant-edit", [2018, world["cluster"].pk]),
        ("campaigns:registration-latest", []),
        ("campaigns:registration-list", [2018]),
        ("campaigns:registration-create", [2018]),
        ("campaigns:registration-edit", [world["registration"].pk]),
    ]


@pytest.mark.parametrize("index", range(11))
def test_every_page_is_for_secretariat_staff_only(
    client, world, index, staff, clerk_a, clerk_b, council_member, viewer
):
    name, args = _urls(world)[index]
    # Unit clerks read the registrations, narrowed to their unit (test_scope.py).
    clerks = [] if name in ("campaigns:registration-latest", "campaigns:registration-list") else [clerk_a, clerk_b]
    assert_permissions(
        client,
        url=reverse(name, args=args),
        method="get",
        allowed=staff,
        others=[*clerks, council_member, viewer],
    )


def _reader():
    user = UserFactory(username="chi.xem")
    user.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="campaigns", codename__in=["view_campaign", "view_covenant", "view_registration"]
        )
    )
    return user


def test_a_reader_sees_the_lists_but_cannot_add_or_change(client, world):
    client.force_login(_reader())
    for name, args in _urls(world):
        status = client.get(reverse(name, args=args)).status_code
        writes = name.endswith(("create", "edit"))
        assert status == (403 if writes else 200) or (name.endswith("latest") and status == 302), name
    page = client.get(reverse("campaigns:covenant-list", args=[2018])).content.decode()
    assert reverse("campaigns:covenant-edit", args=[2018, world["cluster"].pk]) not in page


def test_recording_a_covenant_needs_add_and_changing_one_needs_change(client):
    signed, unsigned = ClusterFactory(year=2018), ClusterFactory(year=2018)
    make_covenant(cluster=signed)
    user = _reader()
    user.user_permissions.add(Permission.objects.get(content_type__app_label="campaigns", codename="add_covenant"))
    client.force_login(user)
    assert client.get(reverse("campaigns:covenant-edit", args=[2018, unsigned.pk])).status_code == 200
    assert client.get(reverse("campaigns:covenant-edit", args=[2018, signed.pk])).status_code == 403


def test_a_cluster_of_another_year_is_not_found(staff_client):
    cluster = ClusterFactory(year=2019)
    assert staff_client.get(reverse("campaigns:covenant-edit", args=[2018, cluster.pk])).status_code == 404


def test_the_navigation_links_to_campaigns_for_staff_only(client, staff, viewer):
    client.force_login(staff)
    assert reverse("campaigns:campaign-list") in client.get(reverse("home")).content.decode()
    client.force_login(viewer)
    assert reverse("campaigns:campaign-list") not in client.get(reverse("home")).content.decode()


# Campaigns.


def _campaign_post(**overrides):
    data = {
        "name": "Doanh nghiệp Lạng Sơn hội nhập và phát triển",
        "kind": "thematic",
        "level": "provincial",
        "status": "active",
        "start_date": "01/01/2016",
        "end_date": "",
        "organiser": "UBND tỉnh Lạng Sơn",
        "organising_unit": "",
        "parent": "",
        "launching_document": "",
        "description": "",
    }
    data.update(overrides)
    return data


def test_staff_create_a_campaign_and_it_is_audited(staff_client, staff):
    response = staff_client.post(reverse("campaigns:campaign-create"), _campaign_post())
    campaign = Campaign.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "campaigns:campaign-detail", args=[campaign.pk]
    )
    assert campaign.start_date == datetime.date(2016, 1, 1) and campaign.end_date is None
    assert AuditLog.objects.get(action="campaign.create").actor == staff


def test_a_bad_campaign_is_shown_again_with_messages_on_its_fields(staff_client):
    central = make_campaign(name="Cả nước chung sức", level="central")
    provincial = make_campaign(name="Tỉnh", parent=central)
    response = staff_client.post(
        reverse("campaigns:campaign-create"),
        _campaign_post(end_date="31/12/2015", level="unit", parent=str(provincial.pk)),
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert vietnamese("The campaign ends before it starts.") in errors["end_date"]
    assert "organising_unit" in errors
    assert Campaign.objects.count() == 2


def test_editing_a_campaign_closes_it(staff_client):
    campaign = make_campaign()
    url = reverse("campaigns:campaign-edit", args=[campaign.pk])
    data = _campaign_post(
        name=campaign.name, status="closed", end_date="31/12/2020", version=edit_version(staff_client, url)
    )
    assert staff_client.post(url, data).status_code == 302
    campaign.refresh_from_db()
    assert campaign.status == "closed"
    assert AuditLog.objects.filter(action="campaign.close", object_id=str(campaign.pk)).exists()


def test_the_edit_form_does_not_offer_the_campaign_as_its_own_parent(staff_client):
    campaign = make_campaign()
    form = staff_client.get(reverse("campaigns:campaign-edit", args=[campaign.pk])).context["form"]
    assert campaign not in form.fields["parent"].queryset


def test_the_campaign_page_shows_children_decisions_with_counts_and_registrations(staff_client):
    central = make_campaign(name="Cả nước chung sức xây dựng nông thôn mới", level="central")
    campaign = make_campaign(parent=central)
    unit = UnitFactory(name="Huyện Chi Lăng")
    make_campaign(name="Chi Lăng chung sức", level="unit", organising_unit=unit, parent=campaign)
    make_decision(
        number=162,
        date=datetime.date(2018, 1, 25),
        campaign=campaign,
        recipients=[
            recipient(recipient_kind="collective", name="UBND xã Chi Lăng"),
            recipient(name="Hoàng Văn Phong"),
            recipient(recipient_kind="family", name="Gia đình ông Lý Văn En"),
            recipient(recipient_kind="family", name="Gia đình ông Nguyễn Văn Chu"),
        ],
    )
    make_registration(unit=unit, campaign=campaign, titles=["BK_TINH"])
    response = staff_client.get(reverse("campaigns:campaign-detail", args=[campaign.pk]))
    page = response.content.decode()
    assert "Chi Lăng chung sức" in page and "Cả nước chung sức xây dựng nông thôn mới" in page
    (decision,) = response.context["decisions"]
    assert (decision.collectives, decision.individuals, decision.families) == (1, 1, 2)
    assert "162/QĐ-UBND" in page and "Huyện Chi Lăng" in page


def test_the_campaign_list_filters_by_year_kind_level_and_status(staff_client):
    ntm = make_campaign()
    tdan = make_campaign(
        name="Đợt thi đua đặc biệt 70 năm",
        kind="periodic",
        start_date=datetime.date(2018, 3, 29),
        end_date=datetime.date(2018, 6, 11),
        status="planned",
    )
    central = make_campaign(name="Trung ương", level="central", start_date=datetime.date(2011, 9, 20), end_date=None)

    def listed(**query):
        response = staff_client.get(reverse("campaigns:campaign-list"), query)
        return set(response.context["campaigns"])

    assert listed() == {ntm, tdan, central}
    assert listed(year=2018) == {ntm, tdan, central}
    assert listed(year=2015) == {central}
    assert listed(kind="periodic") == {tdan}
    assert listed(level="central") == {central}
    assert listed(status="planned") == {tdan}


def _count_queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_campaign_list_runs_the_same_queries_for_3_and_30_campaigns(staff_client):
    parent = make_campaign(name="Trung ương", level="central")

    def add(n):
        for _ in range(n):
            campaign = make_campaign(name=f"Phong trào {Campaign.objects.count()}", parent=parent)
            make_decision(campaign=campaign)

    add(2)
    few = _count_queries(staff_client, reverse("campaigns:campaign-list"))
    add(27)
    assert _count_queries(staff_client, reverse("campaigns:campaign-list")) == few


def test_the_campaign_page_runs_the_same_queries_for_3_and_30_decisions_and_registrations(staff_client):
    campaign = make_campaign()
    url = reverse("campaigns:campaign-detail", args=[campaign.pk])

    def add(n):
        for _ in range(n):
            make_decision(campaign=campaign, recipients=[recipient(), recipient(name="Người thứ hai")])
            make_registration(unit=UnitFactory(), campaign=campaign, titles=["BK_TINH", "TTLDXS"])
            make_campaign(
                name=f"Đơn vị {Campaign.objects.count()}", level="unit", organising_unit=UnitFactory(), parent=campaign
            )

    add(3)
    few = _count_queries(staff_client, url)
    add(27)
    assert _count_queries(staff_client, url) == few


# Covenants.


def test_staff_record_a_cluster_covenant_from_the_year_page(staff_client, staff):
    cluster = ClusterFactory(year=2018, name="Cụm thi đua các hợp tác xã")
    page = staff_client.get(reverse("campaigns:covenant-list", args=[2018])).content.decode()
    assert reverse("campaigns:covenant-edit", args=[2018, cluster.pk]) in page
    response = staff_client.post(
        reverse("campaigns:covenant-edit", args=[2018, cluster.pk]),
        {"signed_on": "02/03/2018", "content": "Giao ước thi đua năm 2018"},
    )
    assert response.status_code == 302
    covenant = Covenant.objects.get(cluster=cluster)
    assert covenant.signed_on == datetime.date(2018, 3, 2)
    assert AuditLog.objects.get(action="covenant.create").actor == staff
    assert "02/3/2018" in staff_client.get(reverse("campaigns:covenant-list", args=[2018])).content.decode()


def test_a_covenant_dated_outside_its_year_is_refused_on_the_date_field(staff_client):
    cluster = ClusterFactory(year=2018)
    response = staff_client.post(
        reverse("campaigns:covenant-edit", args=[2018, cluster.pk]), {"signed_on": "05/01/2019", "content": "Giao ước"}
    )
    assert response.status_code == 200 and "signed_on" in response.context["form"].errors
    assert not Covenant.objects.exists()


def test_the_covenant_list_runs_the_same_queries_for_3_and_30_clusters(staff_client):
    url = reverse("campaigns:covenant-list", args=[2018])

    def add(n):
        for _ in range(n):
            cluster = ClusterFactory(year=2018)
            membership(cluster=cluster, unit=UnitFactory(), role="leader")
            membership(cluster=cluster, unit=UnitFactory())
            make_covenant(cluster=cluster)

    add(3)
    few = _count_queries(staff_client, url)
    add(27)
    assert _count_queries(staff_client, url) == few


# Registrations.


def _registration_post(unit, *titles, **overrides):
    data = {
        "unit": str(unit.pk),
        "campaign": "",
        "registered_on": "30/01/2018",
        "targets": "Hoàn thành 100% nhiệm vụ",
        "titles": [str(award_type(code).pk) for code in titles],
    }
    data.update(overrides)
    return data


def test_staff_register_a_unit_and_the_year_page_compares_with_what_it_received(staff_client):
    unit = UnitFactory(name="Sở Tư pháp")
    membership(cluster=ClusterFactory(year=2018), unit=unit)
    response = staff_client.post(
        reverse("campaigns:registration-create", args=[2018]), _registration_post(unit, "TTLDXS", "CO_TD_TINH")
    )
    assert response.status_code == 302
    registration = Registration.objects.get()
    assert (registration.year, registration.unit) == (2018, unit)
    make_decision(recipients=[recipient("TTLDXS", recipient_kind="collective", name=unit.name, unit=unit)])
    page = staff_client.get(reverse("campaigns:registration-list", args=[2018])).content.decode()
    assert '<span class="badge text-bg-success me-1 matched">✓ Tập thể lao động xuất sắc</span>' in page
    assert '<span class="badge text-bg-warning me-1 missing">✗ Cờ thi đua của Ủy ban nhân dân tỉnh</span>' in page


def test_a_second_registration_of_the_unit_is_refused_on_the_unit_field(staff_client):
    unit = UnitFactory()
    make_registration(unit=unit)
    response = staff_client.post(reverse("campaigns:registration-create", args=[2018]), _registration_post(unit))
    assert response.status_code == 200 and "unit" in response.context["form"].errors
    assert Registration.objects.count() == 1


def test_editing_a_registration_changes_its_titles(staff_client):
    unit = UnitFactory()
    registration = make_registration(unit=unit, titles=["TTLDXS"])
    response = staff_client.post(
        reverse("campaigns:registration-edit", args=[registration.pk]), _registration_post(unit, "CO_TD_TINH")
    )
    assert response.status_code == 302
    assert [t.code for t in registration.titles.all()] == ["CO_TD_TINH"]
    assert AuditLog.objects.filter(action="registration.update").count() == 1


def test_the_registration_form_offers_only_titles_for_collectives_or_individuals_and_campaigns_of_the_year(
    staff_client,
):
    running = make_campaign()
    make_campaign(name="Đã kết thúc", start_date=datetime.date(2011, 1, 1), end_date=datetime.date(2015, 12, 31))
    form = staff_client.get(reverse("campaigns:registration-create", args=[2018])).context["form"]
    titles = form.fields["titles"].queryset
    assert titles.filter(code="TTLDXS").exists()
    assert not titles.filter(for_collective=False, for_individual=False).exists()
    assert list(form.fields["campaign"].queryset) == [running]


def test_the_registration_page_runs_the_same_queries_for_3_and_30_units(staff_client):
    url = reverse("campaigns:registration-list", args=[2018])
    campaign = make_campaign()

    def add(n):
        cluster = ClusterFactory(year=2018)
        for _ in range(n):
            unit = UnitFactory()
            membership(cluster=cluster, unit=unit)
            make_registration(unit=unit, titles=["TTLDXS", "CO_TD_TINH"])
            make_registration(unit=unit, campaign=campaign, titles=["BK_TINH"])
            make_decision(
                recipients=[
                    recipient("TTLDXS", recipient_kind="collective", name=unit.name, unit=unit),
                    recipient("BK_TINH", recipient_kind="collective", name=unit.name, unit=unit),
                ]
            )

    add(3)
    few = _count_queries(staff_client, url)
    add(27)
    assert _count_queries(staff_client, url) == few
