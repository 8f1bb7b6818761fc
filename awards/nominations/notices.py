"""Notices to a unit's clerks (the users of the dossier's unit, clusters.UnitUser) when their dossier is received,
returned with a reason, or decided. Called by the services that move the dossier, inside their transaction
(kernel.notices queues them and e-mails them after the commit)."""

from django.conf import settings
from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import override

from awards.models import Decision, Dossier
from kernel.lib.formatting import vn_date
from kernel.models import NoticeKind
from kernel.notices import notices_queue


def unit_clerks(*, unit_id: int) -> QuerySet[User]:
    """The active users who act for this unit."""
    return User.objects.filter(unit_account__unit_id=unit_id, is_active=True)


def _texts(dossier: Dossier, kind: str, reason: str, decision: Decision | None) -> tuple[str, str]:
    title, unit = dossier.title, str(dossier.unit)
    if kind == NoticeKind.DOSSIER_RECEIVED:
        return (
            _("Dossier received: %(title)s") % {"title": title},
            _("The secretariat received the dossier “%(title)s” of %(unit)s. It will now be vetted.")
            % {"title": title, "unit": unit},
        )
    if kind == NoticeKind.DOSSIER_RETURNED:
        return (
            _("Dossier returned to fix: %(title)s") % {"title": title},
            _(
                "The secretariat returned the dossier “%(title)s” of %(unit)s.\nReason: %(reason)s\n"
                "Fix it and submit it again."
            )
            % {"title": title, "unit": unit, "reason": reason},
        )
    assert decision is not None
    return (
        _("Dossier decided: %(title)s") % {"title": title},
        _("The dossier “%(title)s” of %(unit)s is decided by decision %(decision)s of %(date)s.")
        % {"title": title, "unit": unit, "decision": decision.number_and_symbol, "date": vn_date(decision.date)},
    )


def dossier_notify(*, dossier: Dossier, kind: str, reason: str = "", decision: Decision | None = None) -> None:
    """Tells the clerks of the dossier's unit, linking to the dossier."""
    with override(settings.LANGUAGE_CODE):  # the e-mail's language, whatever the request's
        subject, body = _texts(dossier, kind, reason, decision)
    notices_queue(
        recipients=unit_clerks(unit_id=dossier.unit_id),
        kind=kind,
        subject=subject,
        body=body,
        url=reverse("awards:dossier-detail", args=[dossier.pk]),
    )
