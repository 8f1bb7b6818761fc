"""In the administration: the working-day calendar's own days (edited, audited), and background jobs, read only:
what was asked, by whom, how it ended (kernel/jobs.py writes them; nobody edits them by hand)."""

from django.contrib import admin
from django.http import HttpRequest

from audit.admin_mixins import AuditedAdminMixin
from kernel.models import CalendarDay, Job


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ["label", "state", "requested_by", "attempts", "created_at", "finished_at"]
    list_filter = ["state", "kind"]
    search_fields = ["label", "error"]
    date_hierarchy = "created_at"
    list_select_related = ["requested_by"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Job | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Job | None = None) -> bool:
        return False


@admin.register(CalendarDay)
class CalendarDayAdmin(AuditedAdminMixin, admin.ModelAdmin):
    """Days set against weekends and public holidays (kernel/working_days.py): consultation windows count on them."""

    list_display = ["date", "kind", "reason"]
    list_filter = ["kind"]
    search_fields = ["reason"]
    date_hierarchy = "date"
