"""The default certificate templates, loaded by `load_catalog` from fixtures/catalog/certificate_templates.csv and
certificate_fields.csv (the NĐ 98/2023 Điều 104 layout, with each template's verification label). Only missing
templates are added, so an administrator's corrections survive a redeploy; `update` rewrites them from the files
(the uploaded background and the printing mode are kept)."""

from decimal import Decimal

from django.db import transaction

from awards.models import Authority, AwardType
from kernel.lib.catalog_files import CATALOG_DIR, catalog_rows
from reports.certificate_models import CertificateField, CertificateTemplate


def _field_values(row: dict[str, str]) -> dict:
    return {
        "text": row["text"],
        "x_mm": Decimal(row["x_mm"]),
        "y_mm": Decimal(row["y_mm"]),
        "width_mm": Decimal(row["width_mm"]),
        "font_size_pt": Decimal(row["font_size_pt"]),
        "colour": row["colour"],
        "bold": row["bold"] == "1",
        "italic": row["italic"] == "1",
        "uppercase": row["uppercase"] == "1",
        "align": row["align"],
        "artwork_only": row["artwork_only"] == "1",
    }


@transaction.atomic
def certificate_templates_load(*, update: bool = False) -> tuple[int, int]:
    """Returns (templates created, templates rewritten)."""
    award_types = {t.code: t for t in AwardType.objects.all()}
    authorities = {a.code: a for a in Authority.objects.all()}
    fields_by_template: dict[tuple[str, str], list[dict[str, str]]] = {}
    for row in catalog_rows("certificate_fields.csv", directory=CATALOG_DIR):
        fields_by_template.setdefault((row["award_type"], row["authority"]), []).append(row)
    created = rewritten = 0
    for row in catalog_rows("certificate_templates.csv", directory=CATALOG_DIR):
        if row["award_type"] not in award_types:  # a catalog trimmed by an installation
            continue
        lookup = {"award_type": award_types[row["award_type"]], "authority": authorities[row["authority"]]}
        defaults = {
            "name": row["name"],
            "page_width_mm": Decimal(row["page_width_mm"]),
            "page_height_mm": Decimal(row["page_height_mm"]),
            "verification": row["verification"],
            "source": row["source"],
        }
        template = CertificateTemplate.objects.filter(**lookup).first()
        if template is None:
            template = CertificateTemplate.objects.create(**lookup, **defaults, mode=row["mode"])
            created += 1
        elif update:
            CertificateTemplate.objects.filter(pk=template.pk).update(**defaults)
            template.fields.all().delete()
            rewritten += 1
        else:
            continue
        CertificateField.objects.bulk_create(
            CertificateField(template=template, key=field["key"], **_field_values(field))
            for field in fields_by_template.get((row["award_type"], row["authority"]), [])
        )
    return created, rewritten
