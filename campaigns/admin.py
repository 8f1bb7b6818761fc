from django.contrib import admin

from audit.admin_mixins import AuditedAdminMixin
from campaigns.models import Issuer


@admin.register(Issuer)
class IssuerAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["code", "name", "level"]
    search_fields = ["code", "name"]
