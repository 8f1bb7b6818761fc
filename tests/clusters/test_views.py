import pytest
from django.urls import reverse

from tests.factories import ClusterFactory, UnitFactory, membership

pytestmark = pytest.mark.django_db


def test_the_year_page_lists_blocs_clusters_units_and_leaders(client, clerk_a):
    cluster = ClusterFactory(year=2018, name="Cụm thi đua các cơ quan Nội chính")
    membership(cluster=cluster, unit=UnitFactory(name="Công an tỉnh Lạng Sơn"), role="leader")
    membership(cluster=cluster, unit=UnitFactory(name="Sở Tư pháp"))
    ClusterFactory(year=2017, name="Cụm năm trước")
    client.force_login(clerk_a)  # the organisation is not confidential: every logged-in user sees it
    content = client.get(reverse("clusters:organisation", args=[2018])).content.decode()
    assert cluster.bloc.name in content and "Cụm thi đua các cơ quan Nội chính" in content
    assert "Công an tỉnh Lạng Sơn" in content and "Sở Tư pháp" in content
    assert "Cụm năm trước" not in content


def test_the_organisation_link_opens_the_latest_year(client, clerk_a):
    ClusterFactory(year=2017)
    ClusterFactory(year=2018)
    client.force_login(clerk_a)
    response = client.get(reverse("clusters:organisation-latest"))
    assert response["Location"] == reverse("clusters:organisation", args=[2018])


def test_permissions(client, clerk_a):
    ClusterFactory(year=2018)
    url = reverse("clusters:organisation", args=[2018])
    assert client.get(url)["Location"].startswith(reverse("login"))
    client.force_login(clerk_a)
    assert client.get(url).status_code == 200
    assert client.post(url).status_code == 405
    assert client.get(reverse("clusters:organisation", args=[1999])).status_code == 404


def test_the_page_runs_the_same_queries_for_5_and_50_units(client, clerk_a):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    cluster = ClusterFactory(year=2018)
    client.force_login(clerk_a)
    url = reverse("clusters:organisation", args=[2018])

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    for _ in range(5):
        membership(cluster=cluster, unit=UnitFactory())
    few = queries()
    other = ClusterFactory(year=2018)
    for _ in range(45):
        membership(cluster=other, unit=UnitFactory())
    assert queries() == few
