from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from audit.labels import action_label
from audit.models import AuditLog


def _filter_label(action: str, kinds: list[str]) -> str:
    label = action_label(action)
    return f"{', '.join(kinds)}: {label}" if kinds else label


class ActionFilter(admin.SimpleListFilter):
    """The actions found in the log, named as people read them ("Quyết định: đã ban hành"), not by their code
    ("decision.issue"): the kind of record, since a label such as "đã ban hành" reads as it does on the record's
    own history, then the label. Grouped by record, in the order of their codes."""

    title = _("action")
    parameter_name = "action"

    def lookups(self, request, model_admin):
        kinds: dict[str, set[str]] = {}
        pairs = model_admin.get_queryset(request).order_by("action").values_list("action", "content_type").distinct()
        for action, content_type_id in pairs:  # content types are cached: no query per row
            model = ContentType.objects.get_for_id(content_type_id).model_class()
            kinds.setdefault(action, set()).update([str(capfirst(model._meta.verbose_name))] if model else [])
        return [(action, _filter_label(action, sorted(names))) for action, names in kinds.items()]

    def queryset(self, request, queryset):
        return queryset.filter(action=self.value()) if self.value() else queryset


@admin.register(AuditLog)
class AuditLogAdmin(admin.ModelAdmin):
    list_display = ["created_at", "actor", "action_label", "object_repr", "reason"]
    list_filter = [ActionFilter, "content_type"]
    show_full_result_count = False
    search_fields = ["object_repr", "reason", "actor__username"]
    date_hierarchy = "created_at"
    # An entry's page names its action as the list does, not by its code.
    fields = [
        "created_at",
        "actor",
        "action_label",
        "content_type",
        "object_id",
        "object_repr",
        "before",
        "after",
        "reason",
    ]
    readonly_fields = ["created_at", "action_label"]

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
