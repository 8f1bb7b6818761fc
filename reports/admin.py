from django.contrib import admin

from audit.admin_mixins import AuditedAdminMixin, ReadOnlyAdminMixin
from reports.models import DocumentProfile, LayoutRow, Report, ReportLayout, ReportSection


class LayoutRowInline(admin.TabularInline):
    model = LayoutRow
    fk_name = "layout"
    extra = 0
    fields = ["position", "parent", "number", "label", "award_types", "commendation_kinds", "code", "template", "note"]
    autocomplete_fields = ["award_types"]


@admin.register(ReportLayout)
class ReportLayoutAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "kind", "code", "is_default", "valid_from", "valid_to"]
    inlines = [LayoutRowInline]


@admin.register(LayoutRow)
class LayoutRowAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["layout", "position", "number", "label", "parent"]
    list_filter = ["layout"]
    filter_horizontal = ["award_types", "commendation_kinds"]


@admin.register(DocumentProfile)
class DocumentProfileAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "valid_from", "valid_to", "page_number"]


class ReportSectionInline(admin.StackedInline):
    model = ReportSection
    extra = 0
    fields = ["position", "style", "heading", "body"]


@admin.register(Report)
class ReportAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Reports are written and issued in the portal's pages (services audit them); the admin only shows them."""

    list_display = ["__str__", "date", "kind", "status", "pdf_signed"]
    list_filter = ["kind", "status"]
    exclude = ["pdf", "snapshot"]
    inlines = [ReportSectionInline]


@admin.register(ReportSection)
class ReportSectionAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["report", "position", "style", "heading"]
    list_filter = ["report"]
