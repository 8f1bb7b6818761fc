"""The public pages as anonymous: the list and a notice, with no staff navigation or internal ids; feedback with
hostile input (script, formula, NUL, too long), each refusal said in Vietnamese; throttling per address; the
security headers of the rest of the site."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from awards.models import Consultation, ConsultationFeedback
from tests.awards.consultations.helpers import opened, state_dossier

pytestmark = pytest.mark.django_db
SCRIPT = "<script>alert('x')</script>"
FORMULA = '=HYPERLINK("http://evil.example","bấm")'


@pytest.fixture
def consultation():
    dossier = state_dossier(name=f"Lương {SCRIPT}")
    return opened(dossier, start_date=timezone.localdate() - datetime.timedelta(days=1), contact=f"Ban TĐKT {SCRIPT}")


def _url(c):
    return reverse("public:consultation-detail", args=[c.public_id])


def _post(client, c, **changes):
    address = changes.pop("ip", "203.0.113.9")
    data = {"sender_name": "Nguyễn Văn A", "address": "Thôn 1", "phone": "0912345678", "content": "Ý kiến", **changes}
    headers = {k: changes.pop(k) for k in list(changes) if k.startswith("HTTP_")}
    return client.post(_url(c), data, REMOTE_ADDR=address, **headers)


def test_anonymous_reads_the_list_and_the_notice_escaped_without_staff_links(client, consultation):
    listing = client.get(reverse("public:consultation-list"))
    assert listing.status_code == 200 and consultation.title in listing.content.decode()
    response = client.get(_url(consultation))
    page = response.content.decode()
    assert response.status_code == 200
    assert SCRIPT not in page and "&lt;script&gt;" in page
    assert "/quyet-dinh/" not in page and "/dang-nhap/" not in page and "navbar-toggler" not in page
    assert f"/{consultation.pk}/" not in page and f"/{consultation.dossier_id}/" not in page
    assert "Content-Security-Policy" in response.headers
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY" and response["X-Content-Type-Options"] == "nosniff"
    assert "Referrer-Policy" in response.headers


def test_a_notice_not_started_or_unknown_is_404(client, consultation):
    Consultation.objects.filter(pk=consultation.pk).update(start_date=timezone.localdate() + datetime.timedelta(days=3))
    assert client.get(_url(consultation)).status_code == 404
    assert client.get("/cong-khai/00000000-0000-0000-0000-000000000000/").status_code == 404
    assert client.get(f"/cong-khai/{consultation.pk}/").status_code == 404


def test_hostile_feedback_is_stored_as_typed_and_never_shown(client, consultation):
    response = _post(client, consultation, sender_name=SCRIPT, content=f"{FORMULA}\n{SCRIPT}")
    assert response.status_code == 302
    feedback = ConsultationFeedback.objects.get()
    assert feedback.sender_name == SCRIPT and feedback.content.startswith(FORMULA)
    page = client.get(response["Location"]).content.decode()
    assert "đã được tiếp nhận" in page and SCRIPT not in page and "HYPERLINK" not in page


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"content": "a\x00b"}, "ký tự điều khiển"),
        ({"content": "x" * 5001}, "quá dài"),
        ({"phone": "", "email": ""}, "số điện thoại hoặc thư điện tử"),
        ({"address": ""}, "địa chỉ"),
        ({"sender_name": ""}, "họ tên"),
        ({"email": "khong-hop-le", "phone": ""}, "không hợp lệ"),
        ({"entry": "999999"}, "danh sách"),
        ({"entry": "9" * 30}, "danh sách"),
        ({"entry": "1 OR 1=1"}, "danh sách"),
    ],
)
def test_each_refusal_is_said_in_vietnamese_and_keeps_the_input(client, consultation, changes, message):
    response = _post(client, consultation, **changes)
    page = response.content.decode()
    assert response.status_code == 400 and message in page
    assert "Thôn 1" in page or changes.get("address") == ""
    assert not ConsultationFeedback.objects.exists()


def test_a_closed_window_refuses_feedback(client, consultation):
    Consultation.objects.filter(pk=consultation.pk).update(end_date=timezone.localdate() - datetime.timedelta(days=1))
    response = _post(client, consultation)
    assert response.status_code == 400 and "thời hạn đã kết thúc" in response.content.decode()
    assert not ConsultationFeedback.objects.exists()


def test_feedback_is_throttled_per_address(client, consultation, settings):
    settings.CONSULTATION_FEEDBACK_LIMIT = 2
    settings.CONSULTATION_FEEDBACK_WINDOW_SECONDS = 1800
    assert [_post(client, consultation).status_code for _ in range(3)] == [302, 302, 429]
    refused = _post(client, consultation)
    assert "quá nhiều" in refused.content.decode() and "sau 30 phút" in refused.content.decode()
    assert refused["Retry-After"] == "1800"
    assert _post(client, consultation, ip="198.51.100.7").status_code == 302  # another address is not blocked
    assert ConsultationFeedback.objects.count() == 3


def test_wrong_methods(client, consultation):
    assert client.put(_url(consultation)).status_code == 405
    assert client.post(reverse("public:consultation-list")).status_code == 405


def test_every_problem_is_said_at_once(client, consultation):
    page = _post(client, consultation, content="a\x00b", sender_name="", phone="").content.decode()
    assert "ký tự điều khiển" in page and "họ tên" in page and "số điện thoại hoặc thư điện tử" in page


def test_the_public_pages_read_a_few_queries(client, consultation, django_assert_num_queries):
    with django_assert_num_queries(1):
        client.get(reverse("public:consultation-list"))
    with django_assert_num_queries(3):  # the notice, its list, the nominees offered in the form
        client.get(_url(consultation))


def test_feedback_notifies_the_secretariat_once_after_commit_without_the_citizens_details(
    client, consultation, staff, clerk_a, django_capture_on_commit_callbacks, mailoutbox
):
    from kernel.models import Notice, NoticeKind

    staff.email = "canbo@example.vn"
    staff.save()
    with django_capture_on_commit_callbacks(execute=True):
        assert _post(client, consultation, sender_name="Trần Thị Bí Mật").status_code == 302
    notice = Notice.objects.get()
    assert notice.recipient == staff and notice.kind == NoticeKind.CONSULTATION_FEEDBACK
    assert notice.url == reverse("awards:consultation-detail", args=[consultation.pk])
    assert "Bí Mật" not in notice.body + notice.subject and "ý kiến mới" in notice.subject
    assert [m.to for m in mailoutbox] == [["canbo@example.vn"]]
    # A refused feedback notifies nobody.
    _post(client, consultation, content="a\x00b")
    assert Notice.objects.count() == 1


def test_behind_the_proxy_one_citizen_blocked_leaves_the_others_and_a_forged_header_does_not_help(
    client, consultation, settings
):
    settings.CONSULTATION_FEEDBACK_LIMIT = 1

    def post(forwarded):  # as nginx passes it: the client's own header, then the address it saw
        return _post(client, consultation, ip="127.0.0.1", HTTP_X_FORWARDED_FOR=forwarded).status_code

    assert post("198.51.100.1") == 302
    assert post("9.9.9.9, 198.51.100.1") == 429
    assert post("198.51.100.2") == 302


def test_the_nominee_is_chosen_by_its_line_in_the_list_not_an_internal_id(client, consultation):
    entry_line = 987654
    consultation.entries.update(line_no=entry_line)
    entry = consultation.entries.get()
    page = client.get(_url(consultation)).content.decode()
    assert f'<option value="{entry_line}">' in page and f'<option value="{entry.pk}">' not in page
    assert _post(client, consultation, entry=str(entry.pk)).status_code == 400
    assert _post(client, consultation, entry=str(entry_line)).status_code == 302
    assert ConsultationFeedback.objects.get().entry == entry


def test_a_stale_or_cookieless_form_is_refused_in_vietnamese_in_the_public_frame(consultation):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(
        _url(consultation), {"sender_name": "A"}, REMOTE_ADDR="203.0.113.9"
    )
    page = response.content.decode()
    assert response.status_code == 403 and "Biểu mẫu chưa được gửi" in page and "CSRF verification" not in page
    assert f'href="{_url(consultation)}"' in page and 'href="/"' not in page and "navbar-toggler" not in page
    assert "Content-Security-Policy" in response.headers and not ConsultationFeedback.objects.exists()
    staff_page = Client(enforce_csrf_checks=True).post(reverse("login"), {"username": "x"}).content.decode()
    assert "Biểu mẫu chưa được gửi" in staff_page and 'href="/"' in staff_page


def test_an_unknown_notice_is_a_404_in_the_public_frame(client):
    page = client.get("/cong-khai/00000000-0000-0000-0000-000000000000/").content.decode()
    assert 'href="/cong-khai/"' in page and 'href="/"' not in page and "chưa được công bố" in page
    assert 'href="/"' in client.get("/quyet-dinh/khong-co/").content.decode()


def test_a_huge_sending_is_refused_without_sending_it_back_whole(client, consultation):
    response = _post(client, consultation, content="x" * 300_000, sender_name="y" * 300_000)
    page = response.content.decode()
    assert response.status_code == 413 and "dài hơn nhiều" in page and len(page) < 40_000
    assert "x" * 5000 in page and not ConsultationFeedback.objects.exists()
    assert "no-store" in response["Cache-Control"]  # the page shows back who the citizen is
    Consultation.objects.filter(pk=consultation.pk).update(end_date=timezone.localdate() - datetime.timedelta(days=1))
    closed = _post(client, consultation, content="x" * 300_000)
    assert closed.status_code == 400 and len(closed.content) < 40_000
    Consultation.objects.filter(pk=consultation.pk).update(end_date=timezone.localdate())
    longest = _post(client, consultation, content="ệ" * 5000, sender_name="Ỹ" * 128, address="ữ" * 500)
    assert longest.status_code == 302  # every field at its longest, in Vietnamese, is not "oversized"
