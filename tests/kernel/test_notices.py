"""Notices (kernel/notices.py, kernel/notice_mail.py, kernel/notice_views.py): queued in the caller's transaction
and e-mailed only after it commits, each once even when its task runs twice or two senders race, kept with its
error while the mail server is down and sent by the next sweep, the e-mail turned off per kind (the notice stays on
the dashboard), and the pages: one's own notices only."""

import datetime
import smtplib
import threading
import time

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.core.management import call_command
from django.db import connection, transaction
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from audit.models import AuditLog
from kernel.models import Notice, NoticeKind, NoticeOptOut
from kernel.notice_mail import notice_send, notices_send_due, notices_send_task
from kernel.notices import notices_queue
from tests.factories import UserFactory
from tests.views_matrix import assert_permissions

RETURNED = NoticeKind.DOSSIER_RETURNED


class RefusingBackend(EmailBackend):
    """The mail server is down."""

    def send_messages(self, email_messages):
        raise smtplib.SMTPConnectError(421, "Service not available")


class SlowBackend(EmailBackend):
    """A server slow enough for two senders of the same notice to overlap."""

    def send_messages(self, email_messages):
        time.sleep(0.3)
        return super().send_messages(email_messages)


def _queue(user, **fields) -> Notice:
    values = {
        "kind": RETURNED,
        "subject": "Hồ sơ bị trả lại: Đề nghị tặng Bằng khen",
        "body": "Ban Thi đua - Khen thưởng trả lại hồ sơ.\nLý do: thiếu biên bản.",
        "url": "/quyet-dinh/ho-so/7/",
    }
    [notice] = notices_queue(recipients=[user], **{**values, **fields})
    return notice


def _user(username="vanthu.a", email="vanthu.a@langson.gov.vn"):
    return UserFactory(username=username, email=email)


@pytest.mark.django_db
def test_a_notice_queued_in_a_transaction_that_rolls_back_is_never_sent(django_capture_on_commit_callbacks):
    user = _user()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            _queue(user)
            raise RuntimeError("the change failed")
    assert callbacks == [] and not Notice.objects.exists()
    assert notices_send_due().sent == 0 and mail.outbox == []


@pytest.mark.django_db
def test_a_committed_notice_is_sent_after_the_commit_once_in_vietnamese_with_its_link(
    django_capture_on_commit_callbacks, settings
):
    settings.PORTAL_URL = "https://tdkt.langson.gov.vn"
    user = _user()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        with transaction.atomic():
            notice = _queue(user)
    assert mail.outbox == [] and len(callbacks) == 1  # nothing before the commit
    callbacks[0]()  # the commit: the task runs (the immediate backend, as in the quick start)
    [message] = mail.outbox
    assert message.to == ["vanthu.a@langson.gov.vn"] and message.subject == "Hồ sơ bị trả lại: Đề nghị tặng Bằng khen"
    assert "Lý do: thiếu biên bản." in message.body
    assert "Mở trong cổng thông tin: https://tdkt.langson.gov.vn/quyet-dinh/ho-so/7/" in message.body
    assert "https://tdkt.langson.gov.vn/thong-bao/e-mail/" in message.body  # where to turn it off
    # The task delivered twice, the timer's sweep, a sender handed it again: still one e-mail.
    notices_send_task.enqueue([notice.pk])
    assert notices_send_due().sent == 0 and notice_send(notice_id=notice.pk) is False
    notice.refresh_from_db()
    assert len(mail.outbox) == 1 and notice.mail == "sent" and notice.sent_at and notice.attempts == 1


@pytest.mark.django_db(transaction=True)
@override_settings(EMAIL_BACKEND="tests.kernel.test_notices.SlowBackend")
def test_two_senders_racing_for_the_same_notice_send_it_once():
    user = _user()
    notice = Notice.objects.create(
        recipient=user, kind=RETURNED, subject="Hồ sơ", body="…", next_attempt_at=timezone.now()
    )
    start, results = threading.Barrier(2), []

    def sender():
        try:
            start.wait()
            results.append(notice_send(notice_id=notice.pk))
        finally:
            connection.close()

    threads = [threading.Thread(target=sender) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    notice.refresh_from_db()
    assert sorted(results) == [False, True] and len(mail.outbox) == 1
    assert notice.mail == "sent" and notice.attempts == 1


@pytest.mark.django_db
def test_with_the_mail_server_down_the_notice_is_kept_with_its_error_and_sent_by_the_next_sweep(
    django_capture_on_commit_callbacks, settings
):
    settings.EMAIL_BACKEND = "tests.kernel.test_notices.RefusingBackend"
    user = _user()
    with django_capture_on_commit_callbacks(execute=True):
        notice = _queue(user)
    notice.refresh_from_db()
    assert notice.mail == "pending" and notice.attempts == 1 and "SMTPConnectError" in notice.last_error
    assert notice.next_attempt_at > timezone.now() + datetime.timedelta(seconds=50)  # a minute later
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"  # the server is back
    assert notices_send_due().sent == 0 and mail.outbox == []  # not due yet
    Notice.objects.filter(pk=notice.pk).update(next_attempt_at=timezone.now())  # a minute has passed
    out = _command()
    assert "Notices sent: 1" in out and "still to send: 0" in out
    notice.refresh_from_db()
    assert notice.mail == "sent" and notice.attempts == 2 and len(mail.outbox) == 1


def _command() -> str:
    import io

    out = io.StringIO()
    call_command("notices_send", stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_a_notice_failing_every_attempt_is_given_up_with_its_error_and_stays_on_the_dashboard(client, settings):
    settings.EMAIL_BACKEND = "tests.kernel.test_notices.RefusingBackend"
    settings.NOTICES_MAX_ATTEMPTS = 2
    user = _user()
    notice = _queue(user)
    for _attempt in range(3):  # the third finds nothing left to try
        Notice.objects.filter(pk=notice.pk, mail="pending").update(next_attempt_at=timezone.now())
        notices_send_due()
    notice.refresh_from_db()
    assert notice.mail == "failed" and notice.attempts == 2 and notice.next_attempt_at is None
    assert "Service not available" in notice.last_error
    client.force_login(user)
    assert notice.subject in client.get(reverse("home")).content.decode()


WORKER = ("db_worker", "--batch", "--no-reload", "--no-startup-delay", "--interval", "0")


@pytest.mark.django_db(transaction=True)
@override_settings(
    TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}},
    EMAIL_BACKEND="tests.kernel.test_notices.RefusingBackend",
)
def test_on_the_database_backend_the_worker_sends_it_and_queues_a_failed_one_again_for_its_next_attempt(settings):
    user = _user()
    with transaction.atomic():
        notice = _queue(user)
        assert not DBTaskResult.objects.exists()  # handed over only after the commit
    assert DBTaskResult.objects.ready().count() == 1 and mail.outbox == []
    call_command(*WORKER, verbosity=0)  # the mail server is down
    notice.refresh_from_db()
    again = DBTaskResult.objects.get(status="READY")
    assert notice.mail == "pending" and notice.attempts == 1 and again.run_after == notice.next_attempt_at
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"  # back; the minute has passed
    Notice.objects.filter(pk=notice.pk).update(next_attempt_at=timezone.now())
    DBTaskResult.objects.filter(pk=again.pk).update(run_after=timezone.now())
    call_command(*WORKER, verbosity=0)
    call_command(*WORKER, verbosity=0)
    notice.refresh_from_db()
    assert notice.mail == "sent" and notice.attempts == 2 and len(mail.outbox) == 1


@pytest.mark.django_db
def test_turning_an_email_off_stops_it_and_keeps_the_notice_on_the_dashboard(
    client, django_capture_on_commit_callbacks
):
    user = _user()
    client.force_login(user)
    kinds = [kind for kind in NoticeKind.values if kind != RETURNED]
    response = client.post(reverse("notices:preferences"), {"mail": kinds})
    assert response.status_code == 302
    assert list(NoticeOptOut.objects.filter(user=user).values_list("kind", flat=True)) == [RETURNED]
    assert AuditLog.objects.filter(action="notice.preferences", actor=user).exists()
    page = client.get(reverse("notices:preferences")).content.decode()
    assert f'value="{RETURNED}" id="mail-{RETURNED}">' in page  # unticked
    with django_capture_on_commit_callbacks(execute=True):
        notice = _queue(user)
        other = _queue(user, kind=NoticeKind.DOSSIER_RECEIVED, subject="Hồ sơ đã được tiếp nhận")
    assert [m.subject for m in mail.outbox] == ["Hồ sơ đã được tiếp nhận"]
    notice.refresh_from_db()
    assert notice.mail == "skipped" and other.subject in client.get(reverse("home")).content.decode()
    home = client.get(reverse("home")).content.decode()
    assert notice.subject in home and reverse("notices:read", args=[notice.pk]) in home


@pytest.mark.django_db
def test_an_email_turned_off_after_the_notice_was_queued_is_not_sent(django_capture_on_commit_callbacks):
    user = _user()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notice = _queue(user)
        NoticeOptOut.objects.create(user=user, kind=RETURNED)
    callbacks[0]()
    notice.refresh_from_db()
    assert mail.outbox == [] and notice.mail == "skipped"


@pytest.mark.django_db
def test_a_clerk_is_offered_the_dossiers_kinds_only_and_other_kinds_keep_their_setting(client, clerk_a):
    NoticeOptOut.objects.create(user=clerk_a, kind=NoticeKind.VOTE_WAITING)  # set when they were a member
    client.force_login(clerk_a)
    page = client.get(reverse("notices:preferences")).content.decode()
    assert 'value="dossier_decided"' in page and 'value="meeting_planned"' not in page
    client.post(reverse("notices:preferences"), {"mail": ["dossier_received", "dossier_decided"]})
    off = set(NoticeOptOut.objects.filter(user=clerk_a).values_list("kind", flat=True))
    assert off == {NoticeKind.DOSSIER_RETURNED, NoticeKind.VOTE_WAITING}
    response = client.post(reverse("notices:preferences"), {"mail": ["meeting_planned"]}, follow=True)
    assert "Không rõ loại thông báo" in response.content.decode()  # not one of theirs: refused


@pytest.mark.django_db
def test_preferences_refuse_an_unknown_kind_and_change_nothing(client):
    user = _user()
    client.force_login(user)
    response = client.post(reverse("notices:preferences"), {"mail": ["dossier_received", "x\x00<script>"]}, follow=True)
    assert "Không rõ loại thông báo" in response.content.decode() and not NoticeOptOut.objects.exists()


@pytest.mark.django_db
def test_marking_read_works_on_ones_own_notices_only(client):
    user, other = _user(), _user("vanthu.b", "vanthu.b@langson.gov.vn")
    mine, theirs = _queue(user), _queue(other)
    read = reverse("notices:read", args=[mine.pk])
    assert_permissions(client, url=reverse("notices:list"), method="get", allowed=user, others=[], wrong_method="post")
    assert_permissions(client, url=read, method="post", allowed=user, others=[], wrong_method="get")
    client.force_login(user)
    assert client.post(reverse("notices:read", args=[theirs.pk])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None and Notice.objects.get(pk=mine.pk).read_at is not None
    page = client.get(reverse("notices:list")).content.decode()
    assert mine.subject in page and reverse("notices:read", args=[theirs.pk]) not in page
    # Opening goes to the notice's page; coming back never leaves the portal.
    again = _queue(user)
    response = client.post(reverse("notices:read", args=[again.pk]), {"open": "1"})
    assert response["Location"] == "/quyet-dinh/ho-so/7/"
    third = _queue(user)
    response = client.post(reverse("notices:read", args=[third.pk]), {"next": "https://evil.example/"})
    assert response["Location"] == reverse("notices:list")
    for hostile in ("//evil.example/", "/trang\x00chu/"):
        response = client.post(reverse("notices:read-all"), {"next": hostile})
        assert response["Location"] == reverse("notices:list")
    # A link the database constraint lets pass ("/" first) is not followed off the portal either.
    odd = _queue(user)
    Notice.objects.filter(pk=odd.pk).update(url="//evil.example/")
    response = client.post(reverse("notices:read", args=[odd.pk]), {"open": "1"})
    assert response["Location"] == reverse("notices:list")


@pytest.mark.django_db
def test_mark_all_read_and_the_preferences_page_need_a_login_and_the_right_method(client):
    user, other = _user(), _user("vanthu.b", "vanthu.b@langson.gov.vn")
    _queue(user), _queue(user), _queue(other)
    url = reverse("notices:read-all")
    assert_permissions(client, url=url, method="post", allowed=user, others=[], wrong_method="get")
    assert not Notice.objects.filter(recipient=user, read_at__isnull=True).exists()
    assert Notice.objects.filter(recipient=other, read_at__isnull=True).count() == 1  # another's untouched
    assert_permissions(
        client, url=reverse("notices:preferences"), method="get", allowed=user, others=[], wrong_method="put"
    )


def _home_queries(client) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("home"))
    return len(captured), response.content.decode()


@pytest.mark.django_db
def test_the_dashboard_shows_the_newest_unread_notices_in_a_constant_number_of_queries(client):
    user = _user()
    client.force_login(user)
    _queue(user, subject="Thông báo số 0")
    few, page = _home_queries(client)
    assert "Thông báo số 0" in page
    for number in range(1, 9):
        _queue(user, subject=f"Thông báo số {number}")
    many, page = _home_queries(client)
    assert many == few
    assert "Thông báo số 8" in page and "Thông báo số 3" not in page  # the five newest, then a link to all
    assert "Xem cả 9 thông báo chưa đọc" in page
