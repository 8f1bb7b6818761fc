from django.contrib import admin

from audit.admin_mixins import AuditedAdminMixin
from campaigns.models import Campaign, Covenant, Issuer, Registration


@admin.register(Issuer)
class IssuerAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["code", "name", "level"]
    search_fields = ["code", "name"]


@admin.register(Campaign)
class CampaignAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "kind", "level", "start_date", "end_date", "status"]
    list_filter = ["level", "kind", "status"]
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
    list_display = ["cluster", "signed_on"]
    list_filter = ["cluster__year"]
    list_select_related = ["cluster"]
