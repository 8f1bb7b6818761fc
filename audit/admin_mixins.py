"""Changes made in the Django admin go to the audit log too, with the row before and after."""

from django.db import transaction

from audit.services import audit_record, model_snapshot


def _action(obj, verb: str) -> str:
    return f"{obj._meta.label_lower}.admin_{verb}"


def _audit_deletion(request, obj, snapshot: dict) -> None:
    # The row is gone (Django has cleared obj.pk): the entry names it by the id it had.
    audit_record(
        actor=request.user,
        action=_action(obj, "delete"),
        obj=obj,
        before=snapshot,
        after=None,
        object_pk=snapshot["id"],
    )


class AuditedAdminMixin:
    """For a ModelAdmin: audits adding, changing and deleting its objects and the objects of its inlines.

    The admin's change and delete views already run in a transaction, so each entry commits with its change.
    """

    def save_model(self, request, obj, form, change):
        if change:
            request._audit_before = model_snapshot(type(obj)._default_manager.get(pk=obj.pk))
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)  # many-to-many fields and inlines are saved here
        obj = form.instance
        before = getattr(request, "_audit_before", None) if change else None
        after = model_snapshot(obj)
        if before != after:
            audit_record(
                actor=request.user,
                action=_action(obj, "change" if change else "add"),
                obj=obj,
                before=before,
                after=after,
            )

    def save_formset(self, request, form, formset, change):
        model = formset.model
        changed = [f.instance.pk for f in formset.initial_forms if f.instance.pk and f.has_changed()]
        before = {o.pk: model_snapshot(o) for o in model._default_manager.filter(pk__in=changed)}
        deleted = [(f.instance, model_snapshot(f.instance)) for f in formset.deleted_forms if f.instance.pk]
        super().save_formset(request, form, formset, change)
        for obj in formset.new_objects:
            audit_record(
                actor=request.user, action=_action(obj, "add"), obj=obj, before=None, after=model_snapshot(obj)
            )
        for obj, _fields in formset.changed_objects:
            audit_record(
                actor=request.user,
                action=_action(obj, "change"),
                obj=obj,
                before=before.get(obj.pk),
                after=model_snapshot(obj),
            )
        for obj, snapshot in deleted:
            _audit_deletion(request, obj, snapshot)

    def delete_model(self, request, obj):
        snapshot = model_snapshot(obj)
        with transaction.atomic():
            super().delete_model(request, obj)
            _audit_deletion(request, obj, snapshot)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for obj in queryset:
                self.delete_model(request, obj)


class ReadOnlyAdminMixin:
    """Decisions, awards and reports change only through the portal's services, where every step is audited."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
