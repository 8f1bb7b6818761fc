"""The record of a background job, as the person who asked for it sees it (kernel/jobs.py writes it).

The task engine (django-tasks, database backend) keeps its own row per attempt; this record is the portal's:
who asked, for what, where it stands, how far it got, what came out, and the message shown when it failed."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class Job(models.Model):
    class State(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    kind = models.CharField(_("kind"), max_length=32)
    label = models.CharField(_("what is done"), max_length=255)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("requested by"), on_delete=models.PROTECT, related_name="+"
    )
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    # What the task needs besides the object (a reason, a stored upload's name), as JSON.
    payload = models.JSONField(_("payload"), default=dict, blank=True)
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.QUEUED)
    done_units = models.PositiveIntegerField(_("done"), default=0)
    total_units = models.PositiveIntegerField(_("total"), default=0)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    max_attempts = models.PositiveSmallIntegerField(_("attempts allowed"), default=3)
    error = models.TextField(_("message shown"), blank=True)
    # What came out: a page to open (result_url) or a file of the default storage (result_file), and details the
    # job page shows (an import's table of errors, its counts).
    result_url = models.CharField(_("result page"), max_length=500, blank=True)
    result_file = models.CharField(_("result file"), max_length=500, blank=True)
    result_filename = models.CharField(_("file name"), max_length=255, blank=True)
    result = models.JSONField(_("result"), default=dict, blank=True)
    task_id = models.CharField(_("task id"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["requested_by", "-created_at"], name="job_requester_recent"),
            models.Index(fields=["state", "finished_at"], name="job_state_finished"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(done_units__lte=F("total_units")), name="job_progress_within_total"),
            models.CheckConstraint(condition=Q(attempts__lte=F("max_attempts")), name="job_attempts_bounded"),
            models.CheckConstraint(
                condition=Q(state__in=["done", "failed"], finished_at__isnull=False)
                | Q(state__in=["queued", "running"], finished_at__isnull=True),
                name="job_finished_when_done_or_failed",
            ),
            models.CheckConstraint(condition=~Q(state="failed") | ~Q(error=""), name="job_failure_explained"),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def is_finished(self) -> bool:
        return self.state in (self.State.DONE, self.State.FAILED)

    @property
    def percent(self) -> int:
        if self.state == self.State.DONE:
            return 100
        return int(self.done_units * 100 / self.total_units) if self.total_units else 0


class NoticeKind(models.TextChoices):
    """What a notice is about; each person may turn the e-mail of each kind off."""

    DOSSIER_RECEIVED = "dossier_received", _("A dossier of my unit is received")
    DOSSIER_RETURNED = "dossier_returned", _("A dossier of my unit is returned to fix")
    DOSSIER_DECIDED = "dossier_decided", _("A dossier of my unit is decided")
    MEETING_PLANNED = "meeting_planned", _("A council meeting I attend is planned")
    VOTE_WAITING = "vote_waiting", _("Nominees wait for my vote")
    CONSULTATION_FEEDBACK = "consultation_feedback", _("A public consultation receives feedback")


class Notice(models.Model):
    """A notice to one person (kernel/notices.py queues it, kernel/notice_mail.py e-mails it): shown on their
    dashboard until read, and e-mailed once unless they turned that kind off. The row is the outbox: a notice whose
    e-mail could not be sent stays here with its error and the time of its next attempt, so a mail server that is
    down delays notices and loses none."""

    Kind = NoticeKind

    class Mail(models.TextChoices):
        PENDING = "pending", _("to send")
        SENT = "sent", _("sent")
        SKIPPED = "skipped", _("not sent (e-mail turned off, or no address)")
        FAILED = "failed", _("not sent after every attempt")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recipient"), on_delete=models.CASCADE, related_name="notices"
    )
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    subject = models.CharField(_("subject"), max_length=255)
    body = models.TextField(_("text"))
    url = models.CharField(_("link"), max_length=500, blank=True)  # a path of the portal, never another site
    # One notice per recipient and key (a meeting's "vote waiting"), so that setting attendance again sends none.
    dedupe_key = models.CharField(_("key"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    mail = models.CharField(_("e-mail"), max_length=16, choices=Mail.choices, default=Mail.PENDING)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    # When the next attempt may start: set while the e-mail is to send (a sender holding it pushes it past its
    # lease), empty once sent, skipped or given up.
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="notice_recipient_recent"),
            models.Index(fields=["next_attempt_at"], condition=Q(mail="pending"), name="notice_mail_due"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=NoticeKind.values), name="notice_kind_known"),
            models.CheckConstraint(
                condition=Q(mail="sent", sent_at__isnull=False) | (~Q(mail="sent") & Q(sent_at__isnull=True)),
                name="notice_sent_when_sent",
            ),
            models.CheckConstraint(
                condition=Q(mail="pending", next_attempt_at__isnull=False)
                | (~Q(mail="pending") & Q(next_attempt_at__isnull=True)),
                name="notice_pending_has_next_attempt",
            ),
            models.CheckConstraint(condition=~Q(mail="failed") | ~Q(last_error=""), name="notice_failure_explained"),
            models.CheckConstraint(condition=Q(url="") | Q(url__startswith="/"), name="notice_url_inside_portal"),
            models.CheckConstraint(condition=~Q(subject=""), name="notice_subject_given"),
            models.UniqueConstraint(
                fields=["recipient", "dedupe_key"], condition=~Q(dedupe_key=""), name="notice_once_per_key"
            ),
        ]

    def __str__(self) -> str:
        return self.subject


class NoticeOptOut(models.Model):
    """A kind of notice a person does not want by e-mail (they still see it on their dashboard)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="notice_opt_outs"
    )
    kind = models.CharField(_("kind"), max_length=32, choices=NoticeKind.choices)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("e-mail turned off")
        verbose_name_plural = _("e-mails turned off")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="notice_opt_out_once"),
            models.CheckConstraint(condition=Q(kind__in=NoticeKind.values), name="notice_opt_out_kind_known"),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.kind}"


class CalendarDay(models.Model):
    """A day the province's calendar sets against the usual rule (kernel/working_days.py): a Saturday made a working
    day to make up for a bridged holiday, or an extra day off. Staff's days win over weekends and the public
    holidays of the `holidays` package."""

    class Kind(models.TextChoices):
        WORKING = "working", _("working day")
        DAY_OFF = "day_off", _("day off")

    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    reason = models.CharField(
        _("reason"),
        max_length=255,
        help_text=_("E.g. “Làm bù cho ngày nghỉ 02/01/2026 (Quyết định …)” or “Nghỉ bù Tết Nguyên đán”."),
    )

    class Meta:
        verbose_name = _("calendar day")
        verbose_name_plural = _("calendar days (working days and days off)")
        ordering = ["-date"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=["working", "day_off"]), name="calendarday_kind_valid"),
            models.CheckConstraint(condition=~Q(reason=""), name="calendarday_reason_given"),
        ]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y}: {self.get_kind_display()}"
