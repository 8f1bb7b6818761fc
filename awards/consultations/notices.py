"""The notice to the secretariat when a public consultation receives feedback. Called by feedback_receive inside its
transaction (kernel.notices queues it and e-mails it after the commit), once a day per consultation. It names the
consultation, never the citizen: what they sent is read on the staff page, not carried in e-mails."""

import datetime

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import override

from awards.models import ConsultationFeedback
from kernel.lib.formatting import vn_date
from kernel.models import NoticeKind
from kernel.notices import notify_secretariat


def feedback_received_notify(*, feedback: ConsultationFeedback, today: datetime.date) -> None:
    consultation = feedback.consultation
    with override(settings.LANGUAGE_CODE):
        subject = _("Feedback received on a public consultation: %(title)s") % {"title": consultation.title}
        body = _(
            "A citizen sent feedback on “%(title)s” (window %(first)s – %(last)s). Answer it on the consultation's "
            "page; the consultation can be closed only once every feedback is answered. Further feedback on it today "
            "is not notified again: the page lists it."
        ) % {
            "title": consultation.title,
            "first": vn_date(consultation.start_date),
            "last": vn_date(consultation.end_date),
        }
    notify_secretariat(
        kind=NoticeKind.CONSULTATION_FEEDBACK,
        subject=subject,
        body=body,
        url=reverse("awards:consultation-detail", args=[consultation.pk]),
        # One notice a day per consultation: anyone may send feedback, and a flood of it must not flood staff's
        # mailboxes (feedback_receive holds the consultation's row, so two sendings do not race on the key).
        dedupe_key=f"consultation-feedback:{consultation.pk}:{today:%Y-%m-%d}",
    )
