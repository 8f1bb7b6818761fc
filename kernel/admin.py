"""Background jobs in the administration, read only: what was asked, by whom, how it ended (kernel/jobs.py writes
them; nobody edits them by hand)."""

from django.contrib import admin
from django.http import HttpRequest

from kernel.models import Job


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
