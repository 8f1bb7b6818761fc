"""Signing tickets: what authorises a signing program on the signer's computer (the VGCA Sign Service, reports/vgca.py)
to fetch a document's PDF and post it back signed. The program sends no cookie of the browser, so the ticket stands
for the person's session, for one document's one step, for a few minutes, once (reports/ticket_services.py)."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from reports.signature_models import SignedDocument, SignedRevision


class SigningTicket(models.Model):
    """One "Ký số" click: the token is in the two URLs given to the signing service and is kept here only as its
    SHA-256. Valid until `expires_at`, while the session that asked for it lasts, until its first accepted upload."""

    document = models.ForeignKey(
        SignedDocument, verbose_name=_("document"), on_delete=models.PROTECT, related_name="signing_tickets"
    )
    step = models.CharField(_("step"), max_length=8, choices=SignedRevision.Step.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.PROTECT, related_name="+"
    )
    # The key of the session that asked for the ticket, to find that session still open when the ticket is used.
    # django_session holds the same key in clear already; the ticket row lives a few minutes.
    session_key = models.CharField(_("session"), max_length=40)
    token_sha256 = models.CharField(_("SHA-256 of the token"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created at"))
    expires_at = models.DateTimeField(_("expires at"))
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)

    class Meta:
        verbose_name = _("signing ticket")
        verbose_name_plural = _("signing tickets")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(step__in=["leader", "seal"]), name="signingticket_step_known"),
            models.CheckConstraint(condition=Q(expires_at__gt=F("created_at")), name="signingticket_expires_later"),
            models.CheckConstraint(
                condition=Q(used_at__isnull=True) | Q(used_at__gte=F("created_at")),
                name="signingticket_used_after_created",
            ),
            models.CheckConstraint(
                condition=~Q(session_key="") & ~Q(token_sha256=""), name="signingticket_has_session_and_token"
            ),
        ]

    def __str__(self):
        return f"{self.document} – {self.get_step_display()} – {self.user}"
