from django.contrib import admin

from audit.admin_mixins import AuditedAdminMixin
from clusters.forms import MembershipForm, MembershipFormSet, UnitAdminForm
from clusters.models import Bloc, Cluster, ClusterMembership, EndedUnitRule, Person, Unit, UnitUser
from kernel.reauth import RecentPasswordAdminMixin


@admin.register(Bloc)
class BlocAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "display_order"]


@admin.register(Unit)
class UnitAdmin(AuditedAdminMixin, admin.ModelAdmin):
    form = UnitAdminForm
    list_display = ["name", "kind", "parent", "active_from", "active_to", "end_reason", "successor", "is_illustrative"]
    list_filter = ["kind", "end_reason", "is_illustrative"]
    search_fields = ["name", "short_name"]
    autocomplete_fields = ["parent", "successor"]


@admin.register(EndedUnitRule)
class EndedUnitRuleAdmin(AuditedAdminMixin, admin.ModelAdmin):
    """Thông tư 15/2025/TT-BNV as data (clusters.reorganisation): its dates and whether it is enabled."""

    list_display = ["name", "end_reason", "valid_from", "valid_to", "verification", "enabled"]
    list_filter = ["enabled", "verification"]
    search_fields = ["name", "code", "article"]


class MembershipInline(admin.TabularInline):
    model = ClusterMembership
    form = MembershipForm
    formset = MembershipFormSet
    extra = 0
    autocomplete_fields = ["unit"]


@admin.register(Cluster)
class ClusterAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "year", "bloc", "display_order"]
    list_filter = ["year", "bloc"]
    search_fields = ["name"]
    inlines = [MembershipInline]

    def get_readonly_fields(self, request, obj=None):
        # Its members were placed for that year: a cluster with members keeps its year.
        if obj is not None and obj.memberships.exists():
            return ["year"]
        return []


@admin.register(ClusterMembership)
class ClusterMembershipAdmin(AuditedAdminMixin, admin.ModelAdmin):
    form = MembershipForm
    list_display = ["unit", "cluster", "year", "role"]
    list_filter = ["year", "role", "cluster__bloc"]
    search_fields = ["unit__name", "cluster__name"]
    autocomplete_fields = ["unit", "cluster"]


@admin.register(UnitUser)
class UnitUserAdmin(RecentPasswordAdminMixin, AuditedAdminMixin, admin.ModelAdmin):
    """Who acts for which unit: every change asks for the password again and is in the audit log."""

    list_display = ["user", "unit", "created_at"]
    list_select_related = ["user", "unit"]
    search_fields = ["user__username", "unit__name"]
    autocomplete_fields = ["user", "unit"]


@admin.register(Person)
class PersonAdmin(AuditedAdminMixin, admin.ModelAdmin):
    """Records are merged on the duplicates page (clusters.services.person_merge), never by editing merged_into."""

    list_display = ["full_name", "birth_date", "id_number", "current_unit", "position", "merged_into"]
    list_select_related = ["current_unit", "merged_into"]
    list_filter = ["sex"]
    search_fields = ["full_name", "id_number"]
    autocomplete_fields = ["current_unit"]
    readonly_fields = ["merged_into", "created_at", "updated_at"]
