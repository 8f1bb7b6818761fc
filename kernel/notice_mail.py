"""Sending notices by e-mail: each once, after the change that made it commits, tried again while the mail server
is down, never lost.

A sender claims a notice with one conditional UPDATE (its e-mail still to send and due now), which also pushes its
next attempt past a lease: of two workers handed the same notice (a task delivered twice, the task and the timer's
sweep at once), one claims it and the other finds nothing to do. The e-mail is sent outside any transaction; then
the notice is marked sent, or keeps the error and gets its next attempt after a growing delay (1 minute, doubling,
at most an hour), and is given up (shown as not sent, still on the dashboard) after NOTICES_MAX_ATTEMPTS. A sender
killed while sending leaves the claim, which expires with the lease: the notice is sent again then (a notice may be
sent twice only when the process dies between the mail server's acceptance and the mark).

The task engine (django-tasks) runs `notices_send_task` after the commit; on the database backend a failed e-mail's
task is queued again for its next attempt. `manage.py notices_send` (`notices_send_due`) sends every notice that is
due, whatever happened to its task (a worker down, the task lost, the immediate backend of the quick start)."""

import datetime
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override
from django_tasks import task

from kernel.models import Notice, NoticeOptOut

logger = logging.getLogger(__name__)

# How long a claimed notice is left to its sender before another may take it: far above EMAIL_TIMEOUT.
LEASE = datetime.timedelta(minutes=10)
FIRST_RETRY_SECONDS = 60
LONGEST_RETRY_SECONDS = 60 * 60
SWEEP_LIMIT = 500  # notices one sweep sends at most; the next one takes the rest


def retry_delay(attempts: int) -> datetime.timedelta:
    """After the attempt numbered `attempts` failed: 1 min, 2, 4, … at most an hour."""
    return datetime.timedelta(seconds=min(FIRST_RETRY_SECONDS * 2 ** max(attempts - 1, 0), LONGEST_RETRY_SECONDS))


def notice_email_text(notice: Notice) -> str:
    """The e-mail's text: the notice, its link and where to turn such e-mails off (in the portal's language)."""
    with override(settings.LANGUAGE_CODE):
        parts = [notice.body.strip()]
        if notice.url:
            parts.append(_("Open it in the portal: %(url)s") % {"url": settings.PORTAL_URL + notice.url})
        parts.append(
            _(
                "You receive this e-mail as a user of the emulation and commendation portal. "
                "Turn such e-mails off: %(url)s"
            )
            % {"url": settings.PORTAL_URL + reverse("notices:preferences")}
        )
    return "\n\n".join(parts)


def notice_send(*, notice_id: int) -> bool:
    """Sends one notice's e-mail if it is still to send and due; returns whether it was sent now."""
    now = timezone.now()
    claimed = Notice.objects.filter(pk=notice_id, mail=Notice.Mail.PENDING, next_attempt_at__lte=now).update(
        next_attempt_at=now + LEASE, attempts=F("attempts") + 1
    )
    if not claimed:
        return False  # sent, skipped, given up, not due yet, or held by another sender
    notice = Notice.objects.select_related("recipient").get(pk=notice_id)
    still = Notice.objects.filter(pk=notice_id, mail=Notice.Mail.PENDING)
    recipient = notice.recipient
    if not recipient.email or not recipient.is_active or _opted_out(notice):
        still.update(mail=Notice.Mail.SKIPPED, next_attempt_at=None)  # the person's wish or address changed since
        return False
    message = EmailMessage(
        subject=notice.subject,
        body=notice_email_text(notice),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[recipient.email],
    )
    try:
        message.send()
    except Exception as error:  # whatever the mail server or the network did: the notice waits for another try
        _failed(notice, error)
        return False
    still.update(mail=Notice.Mail.SENT, sent_at=timezone.now(), next_attempt_at=None)
    return True


def _opted_out(notice: Notice) -> bool:
    return NoticeOptOut.objects.filter(user_id=notice.recipient_id, kind=notice.kind).exists()


def _failed(notice: Notice, error: Exception) -> None:
    text = f"{type(error).__name__}: {error}"[:2000]
    still = Notice.objects.filter(pk=notice.pk, mail=Notice.Mail.PENDING)
    if notice.attempts >= settings.NOTICES_MAX_ATTEMPTS:
        still.update(mail=Notice.Mail.FAILED, next_attempt_at=None, last_error=text)
        logger.error("Notice %s not sent after %s attempts: %s", notice.pk, notice.attempts, text)
    else:
        still.update(next_attempt_at=timezone.now() + retry_delay(notice.attempts), last_error=text)
        logger.warning("Notice %s not sent (attempt %s), tried again later: %s", notice.pk, notice.attempts, text)


@task()
def notices_send_task(notice_ids: list[int]) -> None:
    """Sends the notices queued by one change. On the database backend the ones that failed are queued again for
    their next attempt; otherwise the next sweep takes them."""
    for notice_id in notice_ids:
        notice_send(notice_id=notice_id)
    if not notices_send_task.get_backend().supports_defer:
        return
    waiting = Notice.objects.filter(pk__in=notice_ids, mail=Notice.Mail.PENDING).values_list("pk", "next_attempt_at")
    for notice_id, due in waiting:
        notices_send_task.using(run_after=due).enqueue([notice_id])


@dataclass(frozen=True)
class SweepResult:
    sent: int
    not_sent: int  # failed this time (tried again later) or skipped
    waiting: int  # still to send after the sweep (not due yet, or beyond SWEEP_LIMIT)


def notices_send_due(*, limit: int = SWEEP_LIMIT) -> SweepResult:
    """Sends every notice whose e-mail is due, oldest first (`manage.py notices_send`, from a timer)."""
    due = Notice.objects.filter(mail=Notice.Mail.PENDING, next_attempt_at__lte=timezone.now())
    ids = list(due.order_by("next_attempt_at", "pk").values_list("pk", flat=True)[:limit])
    sent = sum(notice_send(notice_id=notice_id) for notice_id in ids)
    waiting = Notice.objects.filter(mail=Notice.Mail.PENDING).count()
    return SweepResult(sent=sent, not_sent=len(ids) - sent, waiting=waiting)
