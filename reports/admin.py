from django.contrib import admin

from audit.admin_mixins import AuditedAdminMixin, ReadOnlyAdminMixin
from reports import (
    certificate_admin,  # noqa: F401 (registers the certificate templates' admin)
    signature_admin,  # noqa: F401 (registers the trust roots and the seal appearance)
)
from reports.models import (
    DocumentProfile,
    IssuedStatistics,
    LayoutRow,
    Report,
    ReportLayout,
    ReportSection,
    StatisticsColumn,
    StatisticsForm,
    StatisticsRegime,
    StatisticsRow,
)


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


# The annual statistical forms: their layouts are catalog data the administrator may correct (audited); issued
# forms are only shown.


@admin.register(StatisticsRegime)
class StatisticsRegimeAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["circular", "signed_on", "effective_on", "first_year", "last_year", "verification"]


class StatisticsColumnInline(admin.TabularInline):
    model = StatisticsColumn
    extra = 0
    fields = ["position", "number", "heading", "label", "role", "criteria"]


class StatisticsRowInline(admin.TabularInline):
    model = StatisticsRow
    extra = 0
    fields = ["position", "key", "parent_key", "code", "label", "indent", "unit", "role", "criteria"]


@admin.register(StatisticsForm)
class StatisticsFormAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["number", "title", "regime", "source", "orientation", "verification"]
    list_filter = ["regime"]
    inlines = [StatisticsColumnInline, StatisticsRowInline]


@admin.register(IssuedStatistics)
class IssuedStatisticsAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["form_number", "year", "issued_at", "issued_by", "pdf_sha256"]
    exclude = ["pdf", "snapshot"]


@admin.register(StatisticsColumn)
class StatisticsColumnAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["form", "position", "number", "label", "role", "criteria"]
    list_filter = ["form"]


@admin.register(StatisticsRow)
class StatisticsRowAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["form", "position", "code", "label", "role", "criteria"]
    list_filter = ["form"]
