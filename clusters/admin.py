from django.contrib import admin

from clusters.models import Bloc, Cluster, ClusterMembership, Unit


@admin.register(Bloc)
class BlocAdmin(admin.ModelAdmin):
    list_display = ["name", "display_order"]


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "parent", "active_from", "active_to", "successor", "is_illustrative"]
    list_filter = ["kind", "is_illustrative"]
    search_fields = ["name", "short_name"]
    autocomplete_fields = ["parent", "successor"]


class MembershipInline(admin.TabularInline):
    model = ClusterMembership
    extra = 0
    autocomplete_fields = ["unit"]


@admin.register(Cluster)
class ClusterAdmin(admin.ModelAdmin):
    list_display = ["name", "year", "bloc", "display_order"]
    list_filter = ["year", "bloc"]
    search_fields = ["name"]
    inlines = [MembershipInline]

    def save_formset(self, request, form, formset, change):
        # A membership carries its cluster's year (see ClusterMembership.year).
        for membership in formset.save(commit=False):
            membership.year = form.instance.year
            membership.save()
        for membership in formset.deleted_objects:
            membership.delete()


@admin.register(ClusterMembership)
class ClusterMembershipAdmin(admin.ModelAdmin):
    list_display = ["unit", "cluster", "year", "role"]
    list_filter = ["year", "role", "cluster__bloc"]
    search_fields = ["unit__name", "cluster__name"]
    autocomplete_fields = ["unit", "cluster"]

    def save_model(self, request, obj, form, change):
        obj.year = obj.cluster.year
        super().save_model(request, obj, form, change)
