from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from audit.models import AuditLog


@admin.register(AuditLog)
class AuditLogAdmin(admin.ModelAdmin):
    list_display = ["created_at", "actor", "action_label", "object_repr", "reason"]
    list_filter = ["action", "content_type"]
    show_full_result_count = False
    search_fields = ["object_repr", "reason", "actor__username"]
    date_hierarchy = "created_at"

    @admin.display(description=_("action"), ordering="action")
    def action_label(self, entry):
        return entry.action_label

    # The log is evidence: read-only, even for administrators.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
