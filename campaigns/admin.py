from django.contrib import admin

from audit.admin_mixins import AuditedAdminMixin, ReadOnlyAdminMixin
from campaigns.models import Campaign, Covenant, Document, Issuer, Registration


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


@admin.register(Campaign)
class CampaignAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "kind", "level", "start_date", "end_date", "status"]
    list_filter = ["level", "kind", "status", "scope", "method"]
    search_fields = ["name", "organiser"]
    list_select_related = ["parent"]
    autocomplete_fields = ["parent", "organising_unit"]
    raw_id_fields = ["launching_document"]


@admin.register(Registration)
class RegistrationAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["unit", "year", "campaign", "registered_on"]
    list_filter = ["year"]
    search_fields = ["unit__name"]
    list_select_related = ["unit", "campaign"]
    autocomplete_fields = ["unit", "campaign"]
    filter_horizontal = ["titles"]


@admin.register(Covenant)
class CovenantAdmin(AuditedAdminMixin, admin.ModelAdmin):
    # No file here: the admin would accept any content and link it to a public media URL.
    exclude = ["file"]
    list_display = ["cluster", "signed_on"]
    list_filter = ["cluster__year"]
    list_select_related = ["cluster"]
