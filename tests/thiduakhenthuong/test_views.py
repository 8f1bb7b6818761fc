import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_home_needs_a_login_and_shows_what_the_role_may_do(client, staff, clerk_a):
    assert client.get(reverse("home"))["Location"].startswith(reverse("login"))
    client.force_login(staff)
    page = client.get(reverse("home")).content.decode()
    assert reverse("awards:decision-create") in page and reverse("reports:appendix2") in page
    client.force_login(clerk_a)
    page = client.get(reverse("home")).content.decode()
    assert reverse("awards:decision-create") not in page and reverse("reports:appendix2") not in page
    assert client.post(reverse("home")).status_code == 405


def test_login_page_is_vietnamese_and_logs_in(client, staff):
    page = client.get(reverse("login")).content.decode()
    assert 'lang="vi"' in page and "Mật khẩu" in page
    response = client.post(reverse("login"), {"username": staff.username, "password": "mat-khau-thu-nghiem"})
    assert response.status_code == 302
    wrong = client.post(reverse("login"), {"username": staff.username, "password": "sai"})
    assert wrong.status_code == 200 and "alert-danger" in wrong.content.decode()


def test_logout_is_a_post(client, staff):
    client.force_login(staff)
    assert client.get(reverse("logout")).status_code == 405
    assert client.post(reverse("logout")).status_code == 302


def test_the_home_page_leads_clerks_to_their_dossiers_and_members_to_their_meetings(client, clerk_a, council_member):
    client.force_login(clerk_a)
    page = client.get(reverse("home")).content.decode()
    assert reverse("awards:dossier-create") in page and reverse("awards:meeting-list") not in page
    client.force_login(council_member)
    page = client.get(reverse("home")).content.decode()
    assert reverse("awards:meeting-list") in page and reverse("awards:dossier-list") not in page


def test_refusals_and_missing_pages_answer_in_vietnamese_within_the_portal(client, clerk_a):
    client.force_login(clerk_a)
    forbidden = client.get(reverse("awards:meeting-list"))
    assert forbidden.status_code == 403
    assert "Không được phép" in forbidden.content.decode() and 'lang="vi"' in forbidden.content.decode()
    missing = client.get(reverse("awards:dossier-detail", args=[999999]))
    assert missing.status_code == 404 and "Không tìm thấy trang" in missing.content.decode()
