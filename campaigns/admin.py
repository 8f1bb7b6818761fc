from django.contrib import admin

from audit.admin_mixins import AuditedAdminMixin
from awards.admin import ReadOnlyAdminMixin
from campaigns.models import Document, Issuer


@admin.register(Issuer)
class IssuerAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["code", "name", "level"]
    search_fields = ["code", "name"]


@admin.register(Document)
class DocumentAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The register is kept through its pages (checked and audited); here it can only be read. The file is
    left out: the admin would link to a public media URL, and files are served only by the register's view."""

    list_display = ["__str__", "date", "direction", "issued_by", "summary"]
    list_filter = ["direction", "type_code"]
    search_fields = ["symbol", "summary", "issued_by"]
    date_hierarchy = "date"
    exclude = ["file"]
