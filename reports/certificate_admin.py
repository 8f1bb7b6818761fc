"""Certificate templates in the administration (audited, with their fields inline) and a live preview: the page as
PNG, drawn from the form as it stands (unsaved values) over the blank's scan or the artwork, with a real award of
the template's type and grantor when there is one, else a sample."""

import io
from decimal import Decimal

from django import forms
from django.conf import settings
from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.forms.models import construct_instance, inlineformset_factory
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils.text import slugify
from django.utils.translation import gettext as _

from audit.admin_mixins import AuditedAdminMixin
from awards.models import Award, Decision, RegisterNumber
from reports.certificate_models import CertificateField, CertificateTemplate
from reports.certificates import (
    IMAGE_TYPES,
    CertificateUnavailable,
    certificate_values,
    certificates_pdf,
    page_for,
    page_style,
)

FIELD_COLUMNS = ["key", "text", "x_mm", "y_mm", "width_mm", "font_size_pt", "colour", "bold", "italic", "uppercase"]
FIELD_COLUMNS += ["align", "artwork_only"]
PREVIEW_DPI = 48
# A background with more pixels is refused before it is decoded (a decompression bomb: a PNG of one colour and
# 12000×12000 pixels is 150 kB on disk and 576 MB decoded, in each preview and print). A3 scanned at 400 dpi is
# 6614×4677 (31 million): more than any printer needs.
MAX_PIXELS = 36_000_000
# The bounds of the database's check (certfield_position_sane) and of the page (CertificateTemplate), checked by the
# form itself: the preview draws rows without the model's checks, and must not lay out a 999 pt field 99 m wide.
FIELD_BOUNDS = {"x_mm": (0, 1000), "y_mm": (0, 1000), "width_mm": (Decimal("0.1"), 1000), "font_size_pt": (4, 96)}

SAMPLE = {
    "recipient": "Nguyễn Văn An",
    "position": "Trưởng phòng Tổng hợp",
    "unit": "Văn phòng Ủy ban nhân dân tỉnh",
    "achievement": "Đã có thành tích xuất sắc trong thực hiện nhiệm vụ năm 2024",
    "decision": "1234/QĐ-UBND ngày 15/12/2024",
    "register": "12",
    "place_date": f"{settings.PROVINCE_NAME}, ngày 15 tháng 12 năm 2024",
    "signer_title": "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH",
    "signer_name": "Trần Văn Bình",
}


def background_checked(upload) -> str:
    """The image type of an uploaded background, read from its content (PNG or JPEG only: no SVG, no script), within
    the size limit and decodable as an image of sane dimensions; ValidationError with the reason otherwise."""
    limit = settings.CERTIFICATE_BACKGROUND_MAX_BYTES
    if (upload.size or 0) > limit:
        raise ValidationError(_("The image is larger than %(limit)s MB.") % {"limit": limit // (1024 * 1024)})
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    kind = next((content_type for magic, content_type in IMAGE_TYPES.items() if head.startswith(magic)), None)
    if kind is None:
        raise ValidationError(_("Only a PNG or JPEG image is accepted (its content is checked, not its name)."))
    from PIL import Image

    try:
        with Image.open(upload) as image:
            if image.width * image.height > MAX_PIXELS:
                raise ValidationError(_("The image has too many pixels."))
            image.verify()
    except (OSError, SyntaxError, Image.DecompressionBombError) as error:
        raise ValidationError(_("The image cannot be read.")) from error
    finally:
        upload.seek(0)
    return kind


class CertificateTemplateForm(forms.ModelForm):
    class Meta:
        model = CertificateTemplate
        fields = "__all__"

    def clean_background(self):
        upload = self.cleaned_data.get("background")
        if upload and hasattr(upload, "content_type"):  # a new upload, not the stored file
            kind = background_checked(upload)
            stem = slugify(upload.name.rsplit(".", 1)[0])[:60] or "nen"
            upload.name = f"{stem}.{'png' if kind == 'image/png' else 'jpg'}"
        return upload

    def clean(self):
        data = super().clean()
        if data.get("mode") == CertificateTemplate.Mode.ARTWORK and not data.get("background"):
            self.add_error("background", _("Upload the background image to print in full-artwork mode."))
        return data


class CertificateFieldForm(forms.ModelForm):
    """Checks the colour and that the box stays on the page (CertificateField.clean)."""

    class Meta:
        model = CertificateField
        fields = FIELD_COLUMNS
        widgets = {"text": forms.TextInput(attrs={"size": 22}), "colour": forms.TextInput(attrs={"type": "color"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The lead text ends in the space before the value ("Số sổ vàng: "): stripped, the admin's save printed "…:1".
        self.fields["text"].strip = False
        for name, (low, high) in FIELD_BOUNDS.items():
            self.fields[name].validators += [MinValueValidator(low), MaxValueValidator(high)]


class CertificateFieldInline(admin.TabularInline):
    model = CertificateField
    form = CertificateFieldForm
    extra = 0
    fields = FIELD_COLUMNS


class PreviewFieldForm(CertificateFieldForm):
    """A row as typed, without the model's checks against the page: a field pushed off the page by a smaller page
    size is drawn (and cut at the edge) rather than dropped, so the preview shows what moved."""

    def _post_clean(self):
        self.instance = construct_instance(self, self.instance, self._meta.fields, self._meta.exclude)


# One row per field key at most: a posted TOTAL_FORMS of thousands builds no more forms than that.
PreviewFields = inlineformset_factory(
    CertificateTemplate,
    CertificateField,
    form=PreviewFieldForm,
    fields=FIELD_COLUMNS,
    extra=0,
    max_num=len(CertificateField.Key.choices),
    absolute_max=len(CertificateField.Key.choices),
)


def _sample_values(template: CertificateTemplate) -> dict[str, str]:
    """A real award of the template's type and grantor (the latest with a register number), else a sample."""
    number = (
        RegisterNumber.objects.filter(
            award__award_type=template.award_type_id,
            authority=template.authority_id,
            decision__status=Decision.Status.ISSUED,
        )
        .select_related("decision__authority")
        .order_by("-decision__date", "number")
        .first()
    )
    if number is None:
        return SAMPLE
    award = Award.objects.select_related("unit").get(pk=number.award_id)
    return certificate_values(award=award, decision=number.decision, register=number.text)


def _from_post(template: CertificateTemplate, data) -> list[CertificateField]:
    """The template and its fields as the change form stands, unsaved: rows with errors or marked for deletion are
    left out, as the page's size and mode when invalid."""
    head = forms.modelform_factory(CertificateTemplate, fields=["page_width_mm", "page_height_mm", "mode"])(
        data, instance=template
    )
    if not head.is_valid():
        for name in head.errors:
            setattr(template, name, CertificateTemplate.objects.values_list(name, flat=True).get(pk=template.pk))
    formset = PreviewFields(data, instance=template, prefix="fields")
    fields = []
    for form in formset.forms:
        if form.is_valid() and form.cleaned_data.get("key") and not form.cleaned_data.get("DELETE"):
            fields.append(form.instance)
    return fields


def preview_png(template: CertificateTemplate, fields: list[CertificateField]) -> bytes:
    """The page drawn as printed, over the background even in text mode (there, the scan of the blank)."""
    import pypdfium2

    style = page_style(template, with_blank=True)
    pdf = certificates_pdf([page_for(template, fields, _sample_values(template))], [style])
    document = pypdfium2.PdfDocument(pdf)
    try:
        image = document[0].render(scale=PREVIEW_DPI / 72).to_pil()
    finally:
        document.close()
    output = io.BytesIO()
    image.save(output, format="PNG")
    return output.getvalue()


@admin.register(CertificateTemplate)
class CertificateTemplateAdmin(AuditedAdminMixin, admin.ModelAdmin):
    form = CertificateTemplateForm
    inlines = [CertificateFieldInline]
    list_display = ["name", "award_type", "authority", "page_width_mm", "page_height_mm", "mode", "verification"]
    list_filter = ["mode", "verification"]
    change_form_template = "admin/reports/certificatetemplate/change_form.html"

    def get_urls(self):
        preview = self.admin_site.admin_view(self.preview_view)
        return [path("<int:object_id>/xem-truoc.png", preview, name="reports_certificatetemplate_preview")] + (
            super().get_urls()
        )

    def preview_view(self, request: HttpRequest, object_id: int) -> HttpResponse:
        if request.method not in ("GET", "POST"):
            return HttpResponseNotAllowed(["GET", "POST"])
        return _preview(self, request, object_id)


def _preview(model_admin: CertificateTemplateAdmin, request: HttpRequest, object_id: int) -> HttpResponse:
    template = get_object_or_404(CertificateTemplate.objects.select_related("authority"), pk=object_id)
    if not model_admin.has_view_permission(request, template):
        raise PermissionDenied
    if request.method == "POST":
        if not model_admin.has_change_permission(request, template):
            raise PermissionDenied
        fields = _from_post(template, request.POST)
    else:
        fields = list(template.fields.all())
    try:
        png = preview_png(template, fields)
    except CertificateUnavailable as error:
        raise Http404(str(error)) from error
    response = HttpResponse(png, content_type="image/png")
    response["Cache-Control"] = "no-store"
    return response


@admin.register(CertificateField)
class CertificateFieldAdmin(AuditedAdminMixin, admin.ModelAdmin):
    form = CertificateFieldForm
    list_display = ["template", "key", "x_mm", "y_mm", "width_mm", "font_size_pt", "align", "artwork_only"]
    list_filter = ["template"]
