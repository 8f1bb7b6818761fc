"""The authentication backend: Django's ModelBackend, reading what every signed-in page needs in one query
instead of four. The user comes with their unit account (a unit clerk's scope, clusters.selectors.unit_of) and,
on PostgreSQL, with the names of their own and their groups' permissions as an array; elsewhere the permissions
take one more query. On a page answering in a few milliseconds each round trip to the database counts."""

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission
from django.db import connection
from django.db.models import F, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Concat

# The reverse one-to-one from a user to their unit account (clusters.UnitUser.user's related_name); named as a
# string, since the kernel imports no app above it.
UNIT_ACCOUNT = "unit_account"


def _granted(user_filter: Q | None) -> QuerySet[Permission]:
    """ "app_label.codename" of the permissions a user holds directly or through a group (all for None)."""
    permissions = Permission.objects.all() if user_filter is None else Permission.objects.filter(user_filter)
    names = Concat(F("content_type__app_label"), Value("."), F("codename"))
    return permissions.order_by().annotate(full_name=names).values_list("full_name", flat=True).distinct()


class PortalBackend(ModelBackend):
    def get_user(self, user_id: Any) -> Any:
        users = get_user_model()._default_manager.select_related(UNIT_ACCOUNT)
        if connection.vendor == "postgresql":
            from django.contrib.postgres.expressions import ArraySubquery

            own_or_group = Q(user=OuterRef("pk")) | Q(group__user=OuterRef("pk"))
            users = users.annotate(permission_names=ArraySubquery(_granted(own_or_group)))
        try:
            user = users.get(pk=user_id)
        except get_user_model().DoesNotExist:
            return None
        if hasattr(user, "permission_names") and not user.is_superuser:
            user._perm_cache = set(user.permission_names) if user.is_active else set()  # type: ignore[attr-defined]  # ModelBackend's cache
        return user if self.user_can_authenticate(user) else None

    def get_all_permissions(self, user_obj: Any, obj: Any = None) -> set[str]:
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache"):
            own_or_group = None if user_obj.is_superuser else Q(user=user_obj) | Q(group__user=user_obj)
            user_obj._perm_cache = set(_granted(own_or_group))
        return user_obj._perm_cache
