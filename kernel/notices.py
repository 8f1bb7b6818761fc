"""Notices to people: queued inside the transaction of the change they tell of, shown on the recipient's
dashboard, and e-mailed after that transaction commits (kernel/notice_mail.py).

`notices_queue` writes the rows in the caller's transaction, so a change rolled back leaves no notice, and asks
for the sending with transaction.on_commit, so nothing is sent before the change is saved. A notice whose e-mail
fails stays in the table with its error (the outbox) and is tried again later; `manage.py notices_send` sends
whatever is due, from a timer. Each person may turn the e-mail of a kind off (`notice_opt_outs_set`); the notice
still appears on their dashboard.

The apps compose the text (Vietnamese through gettext, rendered in the portal's language whatever the request's)
and choose the recipients; this module knows nothing of dossiers or meetings."""

from collections.abc import Iterable
from dataclasses import dataclass
from functools import partial

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from audit.services import audit_record
from kernel.models import Notice, NoticeKind, NoticeOptOut
from kernel.notice_mail import notices_send_task
from kernel.roles import SECRETARIAT, is_secretariat
from kernel.types import Actor, Viewer

DASHBOARD_NOTICES = 5  # unread notices shown on the dashboard, above the link to all of them


def _one_line(text: str, limit: int) -> str:
    """A subject is one header line: mail headers refuse line breaks."""
    return " ".join(text.split())[:limit]


def notices_queue(
    *, recipients: Iterable[User], kind: str, subject: str, body: str, url: str = "", dedupe_key: str = ""
) -> list[Notice]:
    """One notice per active recipient (each at most once), written in the caller's transaction; the e-mails are
    handed to the task engine once it commits. With `dedupe_key`, a recipient who already has a notice with that
    key gets no other. Returns the notices written."""
    return notices_queue_each(
        messages=[(user, subject, body) for user in recipients], kind=kind, url=url, dedupe_key=dedupe_key
    )


def notices_queue_each(
    *, messages: Iterable[tuple[User, str, str]], kind: str, url: str = "", dedupe_key: str = ""
) -> list[Notice]:
    """As notices_queue, with each recipient's own subject and body: (user, subject, body), the first for a user
    kept. Three queries whatever their number."""
    texts: dict[int, tuple[User, str, str]] = {}
    for user, subject, body in messages:
        if user.is_active:
            texts.setdefault(user.pk, (user, subject, body))
    if dedupe_key and texts:
        known = Notice.objects.filter(recipient_id__in=texts, dedupe_key=dedupe_key).values_list("recipient_id")
        for (pk,) in known:
            texts.pop(pk)
    if not texts:
        return []
    opted_out = set(NoticeOptOut.objects.filter(user_id__in=texts, kind=kind).values_list("user_id", flat=True))
    now = timezone.now()
    rows = []
    for pk, (user, subject, body) in texts.items():
        wanted = bool(user.email) and pk not in opted_out
        rows.append(
            Notice(
                recipient=user,
                kind=kind,
                subject=_one_line(subject, 255),
                body=body,
                url=url,
                dedupe_key=dedupe_key,
                mail=Notice.Mail.PENDING if wanted else Notice.Mail.SKIPPED,
                next_attempt_at=now if wanted else None,
            )
        )
    notices = Notice.objects.bulk_create(rows)
    pending = [notice.pk for notice in notices if notice.mail == Notice.Mail.PENDING]
    if pending:
        # robust: the change is saved whatever happens here; a notice whose task could not be queued is sent by
        # the next `notices_send`.
        transaction.on_commit(partial(_hand_over, pending), robust=True)
    return notices


def _hand_over(notice_ids: list[int]) -> None:
    notices_send_task.enqueue(notice_ids)


def notify_secretariat(*, kind: str, subject: str, body: str, url: str = "", dedupe_key: str = "") -> list[Notice]:
    """A notice to every active member of the secretariat (e.g. a public consultation received feedback)."""
    staff = User.objects.filter(is_active=True, groups__name=SECRETARIAT).distinct()
    return notices_queue(recipients=staff, kind=kind, subject=subject, body=body, url=url, dedupe_key=dedupe_key)


# Reads.


def notices_of(*, user: Viewer) -> QuerySet[Notice]:
    """The one scope helper for notices: a person's own, and nobody else's (secretariat staff included)."""
    if not user.is_authenticated:
        return Notice.objects.none()
    return Notice.objects.filter(recipient_id=user.pk)


@dataclass(frozen=True)
class UnreadNotices:
    shown: list[Notice]  # the newest DASHBOARD_NOTICES
    count: int


def notices_unread(*, user: Viewer) -> UnreadNotices:
    """The dashboard's unread notices: two queries whatever their number."""
    unread = notices_of(user=user).filter(read_at__isnull=True)
    shown = list(unread.only("pk", "kind", "subject", "body", "url", "created_at", "read_at")[:DASHBOARD_NOTICES])
    return UnreadNotices(shown, unread.count())


# The kinds each role receives (by the services that queue them), so that the settings page offers those only.
_CLERK_KINDS = [NoticeKind.DOSSIER_RECEIVED, NoticeKind.DOSSIER_RETURNED, NoticeKind.DOSSIER_DECIDED]
_MEMBER_KINDS = [NoticeKind.MEETING_PLANNED, NoticeKind.VOTE_WAITING]
_SECRETARIAT_KINDS = [NoticeKind.CONSULTATION_FEEDBACK]


def notice_kinds_for(*, user: User) -> list[str]:
    """The kinds of notice `user` may receive in their roles (every kind for a user of none of them)."""
    kinds: list[str] = []
    if hasattr(user, "unit_account"):  # a unit clerk (clusters.UnitUser)
        kinds += _CLERK_KINDS
    if user.has_perm("awards.add_membervote"):  # a council member
        kinds += _MEMBER_KINDS
    if is_secretariat(user):
        kinds += _SECRETARIAT_KINDS
    return [kind for kind in NoticeKind.values if kind in kinds] or list(NoticeKind.values)


def notice_kinds_mailed(*, user: User) -> dict[str, bool]:
    """The kinds of notice `user` may receive, and whether each comes by e-mail."""
    off = set(NoticeOptOut.objects.filter(user=user).values_list("kind", flat=True))
    return {kind: kind not in off for kind in notice_kinds_for(user=user)}


# Writes by the person themself.


def notices_mark_read(*, user: User, notice_ids: Iterable[int] | None = None) -> int:
    """Marks the user's own notices read (all of them without `notice_ids`); returns how many changed. Reading is
    the person's own state of their own inbox, like an e-mail's: not an audited change of the portal's data."""
    unread = notices_of(user=user).filter(read_at__isnull=True)
    if notice_ids is not None:
        unread = unread.filter(pk__in=list(notice_ids))
    return unread.update(read_at=timezone.now())


@transaction.atomic
def notice_opt_outs_set(*, actor: Actor, user: User, mailed: Iterable[str], shown: Iterable[str]) -> None:
    """Of the kinds of notice offered (`shown`), those `user` gets by e-mail (`mailed`); the others offered are
    turned off, and kinds not offered keep their setting. Audited."""
    shown = set(shown) & set(NoticeKind.values)
    before = sorted(NoticeOptOut.objects.filter(user=user).values_list("kind", flat=True))
    after = sorted((set(before) - shown) | (shown - set(mailed)))
    if before == after:
        return
    NoticeOptOut.objects.filter(user=user).exclude(kind__in=after).delete()
    NoticeOptOut.objects.bulk_create(
        [NoticeOptOut(user=user, kind=kind) for kind in after if kind not in before], ignore_conflicts=True
    )
    audit_record(
        actor=actor, action="notice.preferences", obj=user, before={"mail_off": before}, after={"mail_off": after}
    )
