from django.contrib import admin

from audit.admin_mixins import AuditedAdminMixin
from reports.models import LayoutRow, ReportLayout


class LayoutRowInline(admin.TabularInline):
    model = LayoutRow
    fk_name = "layout"
    extra = 0
    fields = ["position", "parent", "number", "label", "award_types", "commendation_kinds"]
    autocomplete_fields = ["award_types"]


@admin.register(ReportLayout)
class ReportLayoutAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "kind", "code", "is_default"]
    inlines = [LayoutRowInline]


@admin.register(LayoutRow)
class LayoutRowAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["layout", "position", "number", "label", "parent"]
    list_filter = ["layout"]
    filter_horizontal = ["award_types", "commendation_kinds"]
