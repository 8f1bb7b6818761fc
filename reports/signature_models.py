"""Digital signatures of issued documents: the frozen PDF a document is signed over, the leader's then the seal
(organisation's) signature, each accepted file kept as a revision with its signatures, and the trust roots the
administrator configures. The database refuses a change to frozen bytes, a step out of order and any change to an
accepted revision (migration 0010)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class TrustRoot(models.Model):
    """A CA certificate a signer's certificate must chain to (e.g. a Ban Cơ yếu Chính phủ root), uploaded by the
    administrator. None is shipped: which roots a province trusts is its decision."""

    name = models.CharField(_("name"), max_length=255)
    certificate = models.BinaryField(_("certificate (DER)"))
    subject = models.CharField(_("subject"), max_length=500, editable=False)
    fingerprint_sha256 = models.CharField(_("SHA-256 fingerprint"), max_length=64, unique=True, editable=False)
    not_after = models.DateTimeField(_("valid until"), editable=False)
    enabled = models.BooleanField(_("enabled"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("signature trust root")
        verbose_name_plural = _("signature trust roots")
        ordering = ["name"]
        constraints = [models.CheckConstraint(condition=~Q(fingerprint_sha256=""), name="trustroot_has_fingerprint")]

    def __str__(self):
        return self.name


class SignedDocument(models.Model):
    """An issued document waiting for, or carrying, its signatures. Exactly one of its links is set, the one
    its kind names; `pdf` is the frozen PDF every signed file must start with, byte for byte."""

    class Kind(models.TextChoices):
        REPORT = "report", _("report")
        STATISTICS = "statistics", _("statistical form")
        DECISION = "decision", _("decision")
        FORWARDING = "forwarding", _("forwarding letter (tờ trình)")
        MINUTES = "minutes", _("council minutes")

    class State(models.TextChoices):
        AWAITING_LEADER = "awaiting_leader", _("awaiting the leader's signature")
        AWAITING_SEAL = "awaiting_seal", _("awaiting the organisation's signature (seal)")
        COMPLETE = "complete", _("signed")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    report = models.OneToOneField(
        "reports.Report", null=True, blank=True, on_delete=models.PROTECT, related_name="signed_document"
    )
    statistics = models.OneToOneField(
        "reports.IssuedStatistics", null=True, blank=True, on_delete=models.PROTECT, related_name="signed_document"
    )
    decision = models.OneToOneField(
        "awards.Decision", null=True, blank=True, on_delete=models.PROTECT, related_name="signed_document"
    )
    dossier = models.OneToOneField(
        "awards.Dossier", null=True, blank=True, on_delete=models.PROTECT, related_name="signed_document"
    )
    meeting = models.OneToOneField(
        "awards.Meeting", null=True, blank=True, on_delete=models.PROTECT, related_name="signed_document"
    )
    title = models.CharField(_("document"), max_length=500)
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.AWAITING_LEADER)
    pdf = models.BinaryField(_("PDF as issued"))
    pdf_sha256 = models.CharField(_("SHA-256 of the PDF"), max_length=64, unique=True)
    prepared_at = models.DateTimeField(_("prepared at"), auto_now_add=True)
    prepared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("prepared by")
    )

    class Meta:
        verbose_name = _("document for signature")
        verbose_name_plural = _("documents for signature")
        ordering = ["-prepared_at"]
        permissions = [
            ("sign_leader", _("Can upload the leader's signature of an issued document")),
            ("sign_seal", _("Can prepare documents for signing and apply the organisation's signature (seal)")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(kind="report", report__isnull=False, statistics=None, decision=None, dossier=None, meeting=None)
                    | Q(kind="statistics", statistics__isnull=False, report=None, decision=None, dossier=None)
                    & Q(meeting=None)
                    | Q(kind="decision", decision__isnull=False, report=None, statistics=None, dossier=None)
                    & Q(meeting=None)
                    | Q(kind="forwarding", dossier__isnull=False, report=None, statistics=None, decision=None)
                    & Q(meeting=None)
                    | Q(kind="minutes", meeting__isnull=False, report=None, statistics=None, decision=None)
                    & Q(dossier=None)
                ),
                name="signeddocument_one_link_of_its_kind",
            ),
            models.CheckConstraint(
                condition=Q(state__in=["awaiting_leader", "awaiting_seal", "complete"]),
                name="signeddocument_state_known",
            ),
            models.CheckConstraint(condition=~Q(pdf_sha256=""), name="signeddocument_has_sha256"),
        ]

    def __str__(self):
        return self.title

    @property
    def linked(self) -> models.Model:
        return getattr(self, self.LINKS[self.kind])

    LINKS = {
        Kind.REPORT: "report",
        Kind.STATISTICS: "statistics",
        Kind.DECISION: "decision",
        Kind.FORWARDING: "dossier",
        Kind.MINUTES: "meeting",
    }


class SignedRevision(models.Model):
    """A signed file accepted for one step: the leader's (one signature over the frozen PDF) or the seal's (one
    more over the leader-signed revision). Kept as received; never changed."""

    class Step(models.TextChoices):
        LEADER = "leader", _("leader's signature")
        SEAL = "seal", _("organisation's signature (seal)")

    document = models.ForeignKey(
        SignedDocument, verbose_name=_("document"), on_delete=models.PROTECT, related_name="revisions"
    )
    step = models.CharField(_("step"), max_length=8, choices=Step.choices)
    pdf = models.BinaryField(_("signed PDF"))
    pdf_sha256 = models.CharField(_("SHA-256 of the signed PDF"), max_length=64)
    server_signed = models.BooleanField(_("signed by the portal's certificate"), default=False)
    uploaded_at = models.DateTimeField(_("accepted at"), auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )

    class Meta:
        verbose_name = _("signed revision")
        verbose_name_plural = _("signed revisions")
        ordering = ["document", "uploaded_at"]
        constraints = [
            models.UniqueConstraint(fields=["document", "step"], name="signedrevision_one_per_step"),
            models.CheckConstraint(condition=Q(step__in=["leader", "seal"]), name="signedrevision_step_known"),
        ]

    def __str__(self):
        return f"{self.document} – {self.get_step_display()}"


class RevisionSignature(models.Model):
    """One signature in an accepted file, as verified when it was accepted."""

    revision = models.ForeignKey(
        SignedRevision, verbose_name=_("revision"), on_delete=models.CASCADE, related_name="signatures"
    )
    position = models.PositiveSmallIntegerField(_("order in the file"))
    field_name = models.CharField(_("signature field"), max_length=255)
    signer_name = models.CharField(_("signer"), max_length=255)
    organisation = models.CharField(_("organisation"), max_length=255, blank=True)
    signing_time = models.DateTimeField(_("signing time"), null=True)
    subject = models.CharField(_("certificate subject"), max_length=1000)
    issuer = models.CharField(_("certificate issuer"), max_length=1000)
    serial = models.CharField(_("certificate serial number"), max_length=100)
    fingerprint_sha256 = models.CharField(_("certificate SHA-256 fingerprint"), max_length=64)
    trusted = models.BooleanField(_("chains to a trust root"))

    class Meta:
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        ordering = ["revision", "position"]
        constraints = [
            models.UniqueConstraint(fields=["revision", "position"], name="revisionsignature_position_unique")
        ]

    def __str__(self):
        return self.signer_name


class SealAppearance(models.Model):
    """How the portal's own organisation signature (reports.signing) looks on the page: the red seal image at its
    real size, the organisation's name and the signing time (ISO 8601, +07:00), after Nghị định 30/2020 as the
    research notes read it. Only the parts the notes confirm are fixed; placement, overlap, font size and the
    "Ký bởi" label are data here because the notes mark them unverified (LEAD / from memory)."""

    class Page(models.TextChoices):
        FIRST = "first", _("first page")
        LAST = "last", _("last page")

    class TextPosition(models.TextChoices):
        RIGHT = "right", _("right of the seal")
        BELOW = "below", _("below the seal")

    enabled = models.BooleanField(_("in use"), default=True)
    organisation_name = models.CharField(_("organisation's name as shown"), max_length=255)
    image = models.BinaryField(_("seal image (PNG)"), null=True, blank=True)
    image_width_mm = models.DecimalField(_("seal width (mm)"), max_digits=5, decimal_places=1, default=36)
    image_height_mm = models.DecimalField(_("seal height (mm)"), max_digits=5, decimal_places=1, default=36)
    page = models.CharField(_("page"), max_length=8, choices=Page.choices, default=Page.LAST)
    x_mm = models.DecimalField(
        _("left edge from the page's left (mm)"),
        max_digits=5,
        decimal_places=1,
        default=95,
        help_text=_("Used when the leader's signature has no visible image to overlap."),
    )
    y_mm = models.DecimalField(_("bottom edge from the page's bottom (mm)"), max_digits=5, decimal_places=1, default=40)
    overlap_percent = models.PositiveSmallIntegerField(
        _("share of the signer's image the seal covers, on its left (%)"),
        default=33,
        help_text=_("Unverified (LEAD): about one third, as on paper (Nghị định 30/2020 Điều 33)."),
    )
    text_position = models.CharField(
        _("text position"), max_length=8, choices=TextPosition.choices, default=TextPosition.BELOW
    )
    text_width_mm = models.DecimalField(_("text width (mm)"), max_digits=5, decimal_places=1, default=60)
    font_size_pt = models.DecimalField(
        _("font size (pt)"),
        max_digits=4,
        decimal_places=1,
        default=10,
        help_text=_("Unverified (from memory): Times New Roman 10 pt."),
    )
    show_signed_by_label = models.BooleanField(
        _("show a “Ký bởi:” label"),
        default=False,
        help_text=_("Unconfirmed: a vendor convention (VGCA/VNPT), not found in the decree."),
    )

    class Meta:
        verbose_name = _("seal signature appearance")
        verbose_name_plural = _("seal signature appearances")
        constraints = [
            models.UniqueConstraint(fields=["enabled"], condition=Q(enabled=True), name="sealappearance_one_in_use"),
            models.CheckConstraint(
                condition=Q(image_width_mm__gt=0, image_height_mm__gt=0, text_width_mm__gt=0, font_size_pt__gt=0)
                & Q(overlap_percent__lte=100),
                name="sealappearance_sizes_positive",
            ),
        ]

    def __str__(self):
        return self.organisation_name
