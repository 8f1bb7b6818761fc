"""Trust roots (the CA certificates signers must chain to) and the look of the portal's seal signature in the
administration, audited; uploaded files are checked by content and logged by their SHA-256, not their bytes."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit.admin_mixins import AuditedAdminMixin, ReadOnlyAdminMixin
from reports.certificate_admin import background_checked
from reports.signature_models import RevisionSignature, SealAppearance, SignedDocument, SignedRevision, TrustRoot
from reports.signature_verification import certificate_describe
from reports.ticket_models import SigningTicket

MAX_CERTIFICATE_BYTES = 64 * 1024


class TrustRootForm(forms.ModelForm):
    upload = forms.FileField(
        label=gettext_lazy("CA certificate (PEM or DER)"),
        required=False,
        help_text=gettext_lazy("For example a root certificate of Ban Cơ yếu Chính phủ, obtained from it directly."),
    )

    class Meta:
        model = TrustRoot
        fields = ["name", "enabled"]

    def clean(self):
        data = super().clean()
        upload = data.get("upload")
        if upload is None:
            if self.instance.pk is None:
                raise ValidationError({"upload": _("Choose the certificate file.")})
            return data
        if (upload.size or 0) > MAX_CERTIFICATE_BYTES:
            raise ValidationError({"upload": _("A certificate file is smaller than 64 kB.")})
        try:
            der, subject, fingerprint, not_after = certificate_describe(upload.read())
        except ValueError as error:
            raise ValidationError({"upload": _("The file is not a PEM or DER certificate.")}) from error
        if not_after <= timezone.now():  # verification ignores a root past its validity: it would trust nothing
            raise ValidationError(
                {"upload": _("This certificate expired on %(date)s.") % {"date": f"{not_after:%d/%m/%Y}"}}
            )
        clash = TrustRoot.objects.filter(fingerprint_sha256=fingerprint).exclude(pk=self.instance.pk).first()
        if clash is not None:
            raise ValidationError(
                {"upload": _("This certificate is already a trust root (“%(name)s”).") % {"name": clash}}
            )
        self.instance.certificate, self.instance.subject = der, subject[:500]
        self.instance.fingerprint_sha256, self.instance.not_after = fingerprint, not_after
        return data


@admin.register(TrustRoot)
class TrustRootAdmin(AuditedAdminMixin, admin.ModelAdmin):
    form = TrustRootForm
    list_display = ["name", "subject", "not_after", "enabled"]
    readonly_fields = ["subject", "fingerprint_sha256", "not_after", "created_at"]
    fields = ["name", "upload", "enabled", "subject", "fingerprint_sha256", "not_after", "created_at"]


class SealAppearanceForm(forms.ModelForm):
    upload = forms.FileField(
        label=gettext_lazy("seal image (PNG with a transparent background)"),
        required=False,
        help_text=gettext_lazy("Scanned at its real size; the width and height below say its size on the page."),
    )

    class Meta:
        model = SealAppearance
        exclude = ["image"]

    def clean_upload(self):
        upload = self.cleaned_data.get("upload")
        if upload is None:
            return None
        # The certificate backgrounds' checks (content type by magic, size, pixels, decodable), PNG only here:
        # the seal needs its transparent background.
        if background_checked(upload) != "image/png":
            raise ValidationError(_("Only a PNG image with a transparent background is accepted."))
        return upload.read()

    def save(self, commit=True):
        if self.cleaned_data.get("upload"):
            self.instance.image = self.cleaned_data["upload"]
        return super().save(commit)


@admin.register(SealAppearance)
class SealAppearanceAdmin(AuditedAdminMixin, admin.ModelAdmin):
    form = SealAppearanceForm
    list_display = ["organisation_name", "enabled", "image_width_mm", "image_height_mm", "text_position"]


# The signed documents, their revisions and signatures, and the VGCA service's tickets are only shown: they are
# written by the audited signing services (reports/signature_services.py, reports/ticket_services.py), and the
# database refuses any change to what was accepted. No PDF bytes or token hashes are listed.
@admin.register(SignedDocument)
class SignedDocumentAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["title", "kind", "state", "prepared_at", "prepared_by"]
    list_filter = ["kind", "state"]
    search_fields = ["title"]
    list_select_related = ["prepared_by"]
    exclude = ["pdf"]


@admin.register(SignedRevision)
class SignedRevisionAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["document", "step", "server_signed", "uploaded_at", "uploaded_by"]
    list_filter = ["step", "server_signed"]
    list_select_related = ["document", "uploaded_by"]
    exclude = ["pdf"]


@admin.register(RevisionSignature)
class RevisionSignatureAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["signer_name", "organisation", "signing_time", "trusted", "revision"]
    list_filter = ["trusted"]
    list_select_related = ["revision__document"]


@admin.register(SigningTicket)
class SigningTicketAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["document", "step", "user", "created_at", "expires_at", "used_at"]
    list_filter = ["step"]
    list_select_related = ["document", "user"]
    exclude = ["token_sha256", "session_key"]
