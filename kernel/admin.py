"""In the administration: the working-day calendar's own days (edited, audited); background jobs and notices, read
only: what was asked, by whom, how it ended, whether a notice's e-mail went out (kernel/jobs.py and
kernel/notices.py write them; nobody edits them by hand)."""

from django.contrib import admin

from audit.admin_mixins import AuditedAdminMixin, ReadOnlyAdminMixin
from kernel.models import CalendarDay, Job, Notice


@admin.register(Job)
class JobAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["label", "state", "requested_by", "attempts", "created_at", "finished_at"]
    list_filter = ["state", "kind"]
    search_fields = ["label", "error"]
    date_hierarchy = "created_at"
    list_select_related = ["requested_by"]


@admin.register(Notice)
class NoticeAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The outbox: whether each notice's e-mail went out, and the last error of one that did not."""

    list_display = ["subject", "recipient", "kind", "mail", "attempts", "created_at", "sent_at", "read_at"]
    list_filter = ["mail", "kind"]
    search_fields = ["subject", "recipient__username", "last_error"]
    date_hierarchy = "created_at"
    list_select_related = ["recipient"]


@admin.register(CalendarDay)
class CalendarDayAdmin(AuditedAdminMixin, admin.ModelAdmin):
    """Days set against weekends and public holidays (kernel/working_days.py): consultation windows count on them."""

    list_display = ["date", "kind", "reason"]
    list_filter = ["kind"]
    search_fields = ["reason"]
    date_hierarchy = "date"
